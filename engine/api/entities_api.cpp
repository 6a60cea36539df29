// Database calls for entities across documents: merge, split, list merges, resolve the whole
// store, and find an entity by name (entity_merge.h, entity_resolution.h).
#include <ctime>

#include "api/database_state.h"
#include "api/entity_merge.h"
#include "api/entity_resolution.h"
#include "extract/extractor.h"
#include "extract/names.h"
#include "kg/database.h"
#include "kg/error.h"
#include "storage/transaction.h"

namespace kg {

namespace {

using entities::MergeRecord;

bool looksLikeIri(std::string_view n) {
  return (n.size() > 2 && n.front() == '<' && n.back() == '>') || n.rfind("kg:", 0) == 0 ||
         n.find("://") != std::string_view::npos || n.rfind("urn:", 0) == 0;
}

std::string expandIri(std::string_view n) {
  if (n.size() > 2 && n.front() == '<' && n.back() == '>') return std::string(n.substr(1, n.size() - 2));
  if (n.rfind("kg:", 0) == 0) return std::string(vocab::kKg) + std::string(n.substr(3));
  return std::string(n);
}

std::string labelOf(const storage::QuadReader& r, const Term& entity) {
  auto e = r.lookup(entity);
  auto p = r.lookup(Term::iri(std::string(vocab::kRdfs) + "label"));
  auto aliasGraph = r.lookup(Term::iri(entities::aliasGraphIri()));
  if (!e || !p) return {};
  storage::QuadIds pattern{{*e, *p, storage::kAny, storage::kAny}};
  auto stream = r.open(pattern, storage::IndexOrder::kGSPO);
  storage::QuadIds q;
  std::string best;
  while (stream->next(&q)) {
    if (aliasGraph && q.g() == *aliasGraph) continue;
    std::string l = r.decode(q.o()).value;
    if (best.empty() || l < best) best = l;
  }
  return best;
}

EntityMerge toPublic(const storage::QuadReader& r, const MergeRecord& m) {
  EntityMerge out;
  out.record = m.node.value;
  out.canonical = m.canonical.value;
  out.merged = m.merged.value;
  out.canonicalLabel = labelOf(r, m.canonical);
  out.mergedLabel = m.mergedLabel;
  out.reason = m.reason;
  out.origin = m.origin;
  out.created = m.created;
  return out;
}

bool sameName(const std::string& label, std::string_view name) {
  return !label.empty() && extract::nameKey(label) == extract::nameKey(name);
}

// The entity a name refers to. followMerges: a merged entity's name gives its canonical one.
Term findEntityIn(const storage::QuadReader& r, std::string_view name,
                  const std::vector<MergeRecord>& merges, bool followMerges) {
  if (name.empty()) throw Error(ErrorCode::kInvalidInput, "empty entity name");
  if (looksLikeIri(name)) {
    Term t = Term::iri(expandIri(name));
    if (followMerges)
      for (const auto& m : merges)
        if (m.merged == t) return m.canonical;
    return t;
  }
  std::vector<std::string> exact, loose;
  for (const auto& e : entities::storedEntities(r)) {
    if (e.label == name) exact.push_back(e.iri);
    else if (sameName(e.label, name)) loose.push_back(e.iri);
  }
  std::vector<std::string>& found = exact.empty() ? loose : exact;
  if (found.size() == 1) return Term::iri(found[0]);
  if (found.size() > 1) {
    std::string list;
    for (size_t i = 0; i < found.size() && i < 5; ++i) list += (i ? ", <" : "<") + found[i] + ">";
    throw Error(ErrorCode::kInvalidInput, "'" + std::string(name) + "' names " +
                                              std::to_string(found.size()) + " entities (" + list +
                                              "); give an IRI");
  }
  for (const auto& m : merges)
    if (sameName(m.mergedLabel, name)) return followMerges ? m.canonical : m.merged;
  Term slugged = Term::iri(extract::entityIri(name));
  if (auto id = r.lookup(slugged)) {
    auto stream = r.open(storage::QuadIds{{*id, storage::kAny, storage::kAny, storage::kAny}},
                         storage::IndexOrder::kGSPO);
    storage::QuadIds q;
    if (stream->next(&q)) return slugged;
  }
  throw Error(ErrorCode::kInvalidInput, "no entity named '" + std::string(name) + "' in the store");
}

std::string utcNow() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

EntityMerge Database::mergeEntities(std::string_view canonical, std::string_view merged,
                                    const std::string& reason) {
  detail::refuseNestedWrite(state_->store.get());
  storage::Transaction tx(*state_->store);
  auto merges = entities::activeMerges(tx);
  Term a = findEntityIn(tx, canonical, merges, false);
  Term b = findEntityIn(tx, merged, merges, false);
  MergeRecord m = entities::merge(tx, a, b, reason.empty() ? "merged by hand" : reason,
                                  entities::kOriginUser, utcNow());
  EntityMerge out = toPublic(tx, m);
  tx.commit();
  return out;
}

EntityMerge Database::splitEntities(std::string_view canonical, std::string_view merged) {
  detail::refuseNestedWrite(state_->store.get());
  storage::Transaction tx(*state_->store);
  auto merges = entities::activeMerges(tx);
  Term a = findEntityIn(tx, canonical, merges, true);
  Term b = looksLikeIri(merged) ? Term::iri(expandIri(merged)) : Term();
  for (const auto& m : merges) {
    if (m.canonical != a) continue;
    bool match = looksLikeIri(merged) ? m.merged == b
                                      : sameName(m.mergedLabel, merged) ||
                                            m.merged.value == extract::entityIri(merged);
    if (!match) continue;
    EntityMerge out = toPublic(tx, m);
    entities::split(tx, m);
    // the rules would make a merge of theirs again at the next extraction
    if (m.origin != entities::kOriginUser) entities::keepApart(tx, m);
    tx.commit();
    return out;
  }
  throw Error(ErrorCode::kInvalidInput, "no merge of '" + std::string(merged) + "' into <" +
                                            a.value + "> in the store");
}

std::vector<EntityMerge> Database::entityMerges() const {
  auto view = state_->store->readView();
  std::vector<EntityMerge> out;
  for (const auto& m : entities::activeMerges(*view)) out.push_back(toPublic(*view, m));
  return out;
}

uint64_t Database::resolveEntities() {
  auto table = aliases();
  detail::refuseNestedWrite(state_->store.get());
  storage::Transaction tx(*state_->store);
  uint64_t made = entities::resolveAcrossDocuments(tx, table);
  tx.commit();
  return made;
}

std::string Database::findEntity(std::string_view name) const {
  auto view = state_->store->readView();
  return findEntityIn(*view, name, entities::activeMerges(*view), true).value;
}

}  // namespace kg
