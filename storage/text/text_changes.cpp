#include "storage/text/text_changes.h"

#include "storage/row_sorter.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace kg::storage::text {
namespace {

// Terms of the commit's dictionary additions by id, and ids by dictionary key.
class CommitTerms {
 public:
  CommitTerms(const ReadView& view, const ChangeSet& changes, uint64_t firstNew, const LatestDictionary* latest)
      : view_(view), changes_(changes), firstNew_(firstNew) {
    if (latest) latest_ = *latest;  // a copy: callers pass temporaries
  }

  bool isNew(TermId id) const { return !isInline(id) && payloadOf(id) >= firstNew_; }

  std::optional<Term> decode(TermId id) const {
    if (isInline(id)) return decodeInline(id);
    if (!isNew(id)) return view_.decode(id);
    const std::string* key = keyOf(id);
    std::optional<std::string> written;
    if (!key && latest_ && latest_->keyOf) {
      // Written to the dictionary ahead of the commit.
      written = latest_->keyOf(id);
      key = written ? &*written : nullptr;
    }
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
    if (latest_ && latest_->idOf) return latest_->idOf(key);
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
  std::optional<LatestDictionary> latest_;
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

std::set<TermId> labelPredicatesOf(const CommitTerms& terms) {
  std::set<TermId> out;
  for (auto iri : {std::string(vocab::kRdfs) + "label", std::string(vocab::kKg) + "alias"}) {
    if (auto id = terms.lookup(Term::iri(iri))) out.insert(*id);
  }
  return out;
}

}  // namespace

void collectTextChanges(const ReadView& before, const ChangeSet& changes, uint64_t firstNewSequence,
                        const TextConfig& config, const LatestDictionary& latest, TextIndexWriter& writer) {
  CommitTerms terms(before, changes, firstNewSequence, &latest);
  const PredicateFilter filter = filterFor(config, terms);
  const std::set<TermId> labelPredicates = labelPredicatesOf(terms);

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
  CommitTerms terms(view, none, ~0ULL >> 8, nullptr);
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

namespace kg::storage::text {

struct BulkTextCollector::State {
  State(const ReadView& b, const ChangeSet& changes, uint64_t firstNew, const TextConfig& c,
        const LatestDictionary& latest, TextIndexWriter& w, std::string scratch)
      : before(b), terms(b, changes, firstNew, &latest), config(c), writer(w), candidates(std::move(scratch)) {
    filter = filterFor(config, terms);
    labelPredicates = labelPredicatesOf(terms);
  }
  const ReadView& before;
  CommitTerms terms;
  const TextConfig& config;
  TextIndexWriter& writer;
  PredicateFilter filter;
  std::set<TermId> labelPredicates;
  SortedRuns candidates;  // literal ids (8 bytes, big-endian): sorted and unique at the end
  TermId lastLiteral = kAny;
};

BulkTextCollector::BulkTextCollector(const ReadView& before, const ChangeSet& changes, uint64_t firstNew,
                                     const TextConfig& config, const LatestDictionary& latest,
                                     TextIndexWriter& writer, std::string scratchDir)
    : state_(std::make_unique<State>(before, changes, firstNew, config, latest, writer, std::move(scratchDir))) {}

BulkTextCollector::~BulkTextCollector() = default;

void BulkTextCollector::add(const QuadIds& q) {
  State& st = *state_;
  if (!mayBeTextLiteral(q.o())) return;
  if (st.config.enabled && st.filter.selects(q.p()) && q.o() != st.lastLiteral) {
    st.lastLiteral = q.o();
    std::string key(8, '\0');
    putBigEndian64(&key[0], q.o());
    st.candidates.put(std::move(key), {});
  }
  if (st.labelPredicates.count(q.p())) {
    // A label already in the index is written again with the same key and value: harmless.
    auto term = st.terms.decode(q.o());
    if (term && isTextLiteral(*term)) st.writer.addLabel(q.s(), q.o(), *term);
  }
}

void BulkTextCollector::finish() {
  State& st = *state_;
  // Each distinct literal once, in id order.
  class Visit final : public WriteSink {
   public:
    explicit Visit(State& st) : st_(st), probe_(st.before.scan(QuadIds{{kAny, kAny, kAny, kAny}}, IndexOrder::kGOSP)) {}
    void put(const rocksdb::Slice& key, const rocksdb::Slice&) override {
      TermId literal = getBigEndian64(key.data());
      std::optional<Term> term = st_.terms.decode(literal);
      if (!term || !isTextLiteral(*term)) return;
      if (!st_.terms.isNew(literal)) {
        // Indexed already when the store had a selected quad with it.
        probe_.restart(QuadIds{{kAny, kAny, literal, kAny}});
        QuadIds q;
        while (probe_.next(&q)) {
          if (st_.filter.selects(q.p())) return;
        }
      }
      st_.writer.indexLiteral(literal, *term);
    }
    void del(const rocksdb::Slice&) override {}

   private:
    State& st_;
    QuadCursor probe_;
  } visit(st);
  st.candidates.drainTo(visit);
}

}  // namespace kg::storage::text
