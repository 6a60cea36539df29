#include "storage/text/text_changes.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace kg::storage::text {
namespace {

// Terms of the commit's dictionary additions by id, and ids by dictionary key.
class CommitTerms {
 public:
  CommitTerms(const ReadView& view, const ChangeSet& changes, uint64_t firstNew)
      : view_(view), changes_(changes), firstNew_(firstNew) {}

  bool isNew(TermId id) const { return !isInline(id) && payloadOf(id) >= firstNew_; }

  std::optional<Term> decode(TermId id) const {
    if (isInline(id)) return decodeInline(id);
    if (!isNew(id)) return view_.decode(id);
    const std::string* key = keyOf(id);
    if (!key) return std::nullopt;
    DecodedKey decoded = decodeDictionaryKey(*key);
    if (decoded.isTriple) return std::nullopt;
    return decoded.term;
  }

  std::optional<TermId> lookup(const Term& term) const {
    if (auto id = view_.lookup(term)) return id;
    std::string key = dictionaryKey(term);
    for (const auto& [id, k] : changes_.newTerms) {
      if (k == key) return id;
    }
    return std::nullopt;
  }

 private:
  const std::string* keyOf(TermId id) const {
    // New ids are handed out in sequence, so the id's payload usually is its index.
    uint64_t at = payloadOf(id) - firstNew_;
    const auto& terms = changes_.newTerms;
    if (at < terms.size() && terms[at].first == id) return &terms[at].second;
    if (byId_.empty()) {
      for (const auto& [tid, key] : terms) byId_.emplace(tid, &key);
    }
    auto found = byId_.find(id);
    return found == byId_.end() ? nullptr : found->second;
  }

  const ReadView& view_;
  const ChangeSet& changes_;
  uint64_t firstNew_;
  mutable std::map<TermId, const std::string*> byId_;
};

bool mayBeTextLiteral(TermId id) {
  return tagOf(id) == IdTag::kLiteral || tagOf(id) == IdTag::kInlineString;
}

// The predicates a configuration selects; empty set with `all` = every predicate.
struct PredicateFilter {
  bool all = true;
  std::set<TermId> ids;
  bool selects(TermId p) const { return all || ids.count(p) > 0; }
};

PredicateFilter filterFor(const TextConfig& config, const CommitTerms& terms) {
  PredicateFilter filter;
  filter.all = config.predicates.empty();
  for (const auto& iri : config.predicates) {
    if (auto id = terms.lookup(Term::iri(iri))) filter.ids.insert(*id);
  }
  return filter;
}

bool isRemoved(const ChangeSet& changes, const QuadIds& quad) {
  return std::binary_search(changes.removed.begin(), changes.removed.end(), quad);
}

}  // namespace

void collectTextChanges(const ReadView& before, const ChangeSet& changes, uint64_t firstNewSequence,
                        const TextConfig& config, TextIndexWriter& writer) {
  CommitTerms terms(before, changes, firstNewSequence);
  const PredicateFilter filter = filterFor(config, terms);
  std::set<TermId> labelPredicates;
  for (auto iri : {std::string(vocab::kRdfs) + "label", std::string(vocab::kKg) + "alias"}) {
    if (auto id = terms.lookup(Term::iri(iri))) labelPredicates.insert(*id);
  }

  // Literals touched by the commit: whether an added / removed quad selects them.
  struct Touch {
    bool added = false, removed = false;
  };
  std::map<TermId, Touch> touched;
  if (config.enabled && (filter.all || !filter.ids.empty())) {
    for (const auto& q : changes.added) {
      if (mayBeTextLiteral(q.o()) && filter.selects(q.p())) touched[q.o()].added = true;
    }
    for (const auto& q : changes.removed) {
      if (mayBeTextLiteral(q.o()) && filter.selects(q.p())) touched[q.o()].removed = true;
    }
  }
  // Whether the store holds, before the commit, a selected quad with this object that the
  // commit keeps (`keptOnly`) or any at all.
  QuadCursor probe = before.scan(QuadIds{{kAny, kAny, kAny, kAny}}, IndexOrder::kGOSP);
  auto selectedBefore = [&](TermId literal, bool keptOnly) {
    probe.restart(QuadIds{{kAny, kAny, literal, kAny}});
    QuadIds q;
    while (probe.next(&q)) {
      if (!filter.selects(q.p())) continue;
      if (keptOnly && isRemoved(changes, q)) continue;
      return true;
    }
    return false;
  };
  for (const auto& [literal, touch] : touched) {
    // Only an added literal the store did not know can skip the look at the data.
    if (touch.added && terms.isNew(literal)) {
      std::optional<Term> term = terms.decode(literal);
      if (term && isTextLiteral(*term)) writer.indexLiteral(literal, *term);
      continue;
    }
    std::optional<Term> term = terms.decode(literal);
    if (!term || !isTextLiteral(*term)) continue;
    bool wasIndexed = selectedBefore(literal, false);
    bool isIndexed = touch.added || (wasIndexed && (!touch.removed || selectedBefore(literal, true)));
    if (wasIndexed == isIndexed) continue;
    if (isIndexed) {
      writer.indexLiteral(literal, *term);
    } else {
      writer.unindexLiteral(literal, *term);
    }
  }

  // Labels: one entry per (entity, label literal), whichever label predicate or graph says it.
  if (labelPredicates.empty()) return;
  std::set<std::pair<TermId, TermId>> addedLabels, removedLabels;
  for (const auto& q : changes.added) {
    if (labelPredicates.count(q.p()) && mayBeTextLiteral(q.o())) addedLabels.insert({q.s(), q.o()});
  }
  for (const auto& q : changes.removed) {
    if (labelPredicates.count(q.p()) && mayBeTextLiteral(q.o()) && !addedLabels.count({q.s(), q.o()})) {
      removedLabels.insert({q.s(), q.o()});
    }
  }
  for (const auto& [entity, label] : addedLabels) {
    auto term = terms.decode(label);
    if (term && isTextLiteral(*term)) writer.addLabel(entity, label, *term);
  }
  for (const auto& [entity, label] : removedLabels) {
    bool kept = false;
    for (TermId p : labelPredicates) {
      QuadCursor c = before.scan(QuadIds{{entity, p, label, kAny}});
      QuadIds q;
      while (!kept && c.next(&q)) kept = !isRemoved(changes, q);
      if (kept) break;
    }
    if (kept) continue;
    auto term = terms.decode(label);
    if (term && isTextLiteral(*term)) writer.removeLabel(entity, label, *term);
  }
}

void collectWholeIndex(const ReadView& view, const TextConfig& config, TextIndexWriter& writer) {
  ChangeSet none;
  CommitTerms terms(view, none, ~0ULL >> 8);
  const PredicateFilter filter = filterFor(config, terms);
  std::set<TermId> labelPredicates;
  for (auto iri : {std::string(vocab::kRdfs) + "label", std::string(vocab::kKg) + "alias"}) {
    if (auto id = view.lookup(Term::iri(iri))) labelPredicates.insert(*id);
  }
  // Objects in GOSP order come grouped by literal within each graph; a literal seen in an
  // earlier graph is skipped by the set.
  std::set<TermId> literals;
  std::set<std::pair<TermId, TermId>> labels;
  QuadCursor all = view.scan(QuadIds{{kAny, kAny, kAny, kAny}}, IndexOrder::kGOSP);
  QuadIds q;
  while (all.next(&q)) {
    if (!mayBeTextLiteral(q.o())) continue;
    if (config.enabled && filter.selects(q.p())) literals.insert(q.o());
    if (labelPredicates.count(q.p())) labels.insert({q.s(), q.o()});
  }
  for (TermId literal : literals) {
    auto term = terms.decode(literal);
    if (term && isTextLiteral(*term)) writer.indexLiteral(literal, *term);
  }
  for (const auto& [entity, label] : labels) {
    auto term = terms.decode(label);
    if (term && isTextLiteral(*term)) writer.addLabel(entity, label, *term);
  }
}

}  // namespace kg::storage::text
