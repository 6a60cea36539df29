// Entity merges: statements about a merged entity moved onto its canonical entity, with a
// record of every move so that a split restores the graph exactly (see entity_merge.h).
#include "api/entity_merge.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>

#include "api/extract_store.h"
#include "kg/error.h"

namespace kg::entities {

namespace {

using storage::kAny;
using storage::kDefaultGraph;
using storage::QuadIds;
using storage::TermId;

std::string kgIri(std::string_view local) { return std::string(vocab::kKg) + std::string(local); }

struct Vocab {
  Term type = Term::iri(std::string(vocab::kRdf) + "type");
  Term label = Term::iri(std::string(vocab::kRdfs) + "label");
  Term mergeClass = Term::iri(kgIri("Merge"));
  Term canonical = Term::iri(kgIri("canonical"));
  Term merged = Term::iri(kgIri("merged"));
  Term mergedLabel = Term::iri(kgIri("mergedLabel"));
  Term reason = Term::iri(kgIri("reason"));
  Term origin = Term::iri(kgIri("origin"));
  Term created = Term::iri(kgIri("created"));
  Term replaced = Term::iri(kgIri("replaced"));
  Term added = Term::iri(kgIri("added"));
  Term mention = Term::iri(kgIri("mention"));
  Term keptApart = Term::iri(kgIri("keptApart"));
  Term alias = Term::iri(kgIri("alias"));
  Term source = Term::iri(kgIri("source"));
  Term evidence = Term::iri(kgIri("evidence"));
};

const Vocab& V() {
  static const Vocab v;
  return v;
}

const Term& defaultGraph() {
  static const Term g = Term::iri("");
  return g;
}

std::vector<QuadIds> collect(const storage::QuadReader& r, const QuadIds& pattern) {
  std::vector<QuadIds> out;
  auto stream = r.open(pattern, storage::chooseIndex(pattern).order);
  QuadIds q;
  while (stream->next(&q)) out.push_back(q);
  return out;
}

Quad decodeQuad(const storage::QuadReader& r, const QuadIds& q) {
  return Quad{r.decode(q.s()), r.decode(q.p()), r.decode(q.o()),
              q.g() == kDefaultGraph ? defaultGraph() : r.decode(q.g())};
}

std::optional<QuadIds> lookupQuad(const storage::QuadReader& r, const Quad& q) {
  QuadIds ids;
  const Term* terms[3] = {&q.subject, &q.predicate, &q.object};
  for (int i = 0; i < 3; ++i) {
    auto id = r.lookup(*terms[i]);
    if (!id) return std::nullopt;
    ids.v[static_cast<size_t>(i)] = *id;
  }
  if (q.inDefaultGraph()) {
    ids.v[storage::kG] = kDefaultGraph;
  } else {
    auto g = r.lookup(q.graph);
    if (!g) return std::nullopt;
    ids.v[storage::kG] = *g;
  }
  return ids;
}

bool has(const storage::QuadReader& r, const Quad& q) {
  auto ids = lookupQuad(r, q);
  return ids && r.contains(*ids);
}

void insertQuad(storage::Transaction& tx, const Quad& q) {
  QuadIds ids;
  ids.v[storage::kS] = tx.intern(q.subject);
  ids.v[storage::kP] = tx.intern(q.predicate);
  ids.v[storage::kO] = tx.intern(q.object);
  ids.v[storage::kG] = q.inDefaultGraph() ? kDefaultGraph : tx.intern(q.graph);
  tx.insert(ids);
}

void eraseQuad(storage::Transaction& tx, const Quad& q) {
  if (auto ids = lookupQuad(tx, q)) tx.erase(*ids);
}

Term quotedOf(const Quad& q) { return Term::quoted(q.subject, q.predicate, q.object); }

Quad fromQuoted(const Term& t, const Term& graph) {
  return Quad{t.triple->subject, t.triple->predicate, t.triple->object, graph};
}

bool isLink(const Quad& q) { return q.subject.isTriple(); }

// Whether a node (a source or evidence node) still has statements of its own.
bool nodeExists(const storage::QuadReader& r, const Term& node) {
  auto id = r.lookup(node);
  if (!id) return false;
  auto stream = r.open(QuadIds{{*id, kAny, kAny, kAny}}, storage::IndexOrder::kGSPO);
  QuadIds q;
  return stream->next(&q);
}

// Whether a statement has a kg:source of its own.
bool supported(const storage::QuadReader& r, const Quad& q) {
  auto qt = r.lookup(quotedOf(q));
  auto src = r.lookup(V().source);
  if (!qt || !src) return false;
  auto stream = r.open(QuadIds{{*qt, *src, kAny, kAny}}, storage::IndexOrder::kGSPO);
  QuadIds x;
  return stream->next(&x);
}

// Removes a statement and what is still said about it (its remaining provenance links).
void eraseStatement(storage::Transaction& tx, const Quad& q) {
  eraseQuad(tx, q);
  if (auto qt = tx.lookup(quotedOf(q)))
    for (const auto& x : collect(tx, QuadIds{{*qt, kAny, kAny, kAny}})) tx.erase(x);
}

// B replaced by A, in a term and inside quoted triples; B's label becomes an alias of A.
Term imageTerm(const Term& t, const Term& a, const Term& b) {
  if (t == b) return a;
  if (!t.isTriple()) return t;
  const QuotedTriple& q = *t.triple;
  Term p = q.subject == b && q.predicate == V().label ? V().alias : q.predicate;
  return Term::quoted(imageTerm(q.subject, a, b), p, imageTerm(q.object, a, b));
}

Quad imageQuad(const Quad& q, const Term& a, const Term& b) {
  Term p = q.subject == b && q.predicate == V().label ? V().alias : q.predicate;
  return Quad{imageTerm(q.subject, a, b), p, imageTerm(q.object, a, b), q.graph};
}

bool mentions(const Term& t, const Term& b) {
  if (t == b) return true;
  return t.isTriple() && (mentions(t.triple->subject, b) || mentions(t.triple->object, b));
}

std::string hexHash(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// Every statement that names `b`, directly or inside a quoted triple, except the alias table
// and the merges' own bookkeeping.
std::vector<Quad> statementsAbout(const storage::QuadReader& r, const Term& b) {
  std::vector<Quad> out;
  auto aliasGraph = r.lookup(Term::iri(aliasGraphIri()));
  std::set<TermId> bookkeeping;
  for (const Term* p : {&V().replaced, &V().added, &V().mention, &V().canonical, &V().merged,
                        &V().keptApart})
    if (auto id = r.lookup(*p)) bookkeeping.insert(*id);
  std::set<QuadIds> seen;
  std::set<TermId> visited;
  std::vector<Term> work{b};
  while (!work.empty()) {
    Term t = work.back();
    work.pop_back();
    auto id = r.lookup(t);
    if (!id || !visited.insert(*id).second) continue;
    for (const QuadIds& pattern : {QuadIds{{*id, kAny, kAny, kAny}}, QuadIds{{kAny, kAny, *id, kAny}}}) {
      for (const auto& q : collect(r, pattern)) {
        if ((aliasGraph && q.g() == *aliasGraph) || bookkeeping.count(q.p())) continue;
        if (!seen.insert(q).second) continue;
        Quad d = decodeQuad(r, q);
        work.push_back(quotedOf(d));
        out.push_back(std::move(d));
      }
    }
  }
  return out;
}

// The entries of a merge record with one predicate: (the quad it names, the entry itself).
std::vector<std::pair<Quad, QuadIds>> entries(const storage::QuadReader& r, const Term& node,
                                              const Term& predicate) {
  std::vector<std::pair<Quad, QuadIds>> out;
  auto n = r.lookup(node);
  auto p = r.lookup(predicate);
  if (!n || !p) return out;
  for (const auto& q : collect(r, QuadIds{{*n, *p, kAny, kAny}})) {
    Term t = r.decode(q.o());
    if (!t.isTriple()) continue;
    out.push_back({fromQuoted(t, q.g() == kDefaultGraph ? defaultGraph() : r.decode(q.g())), q});
  }
  return out;
}

// Moves one statement about m.merged onto m.canonical and records the move. `inStore`: the
// statement is in the store (a merge) rather than arriving (an extraction after the merge).
void moveOne(storage::Transaction& tx, const MergeRecord& m, const Quad& q, bool inStore) {
  const Vocab& v = V();
  if (inStore) eraseQuad(tx, q);
  insertQuad(tx, Quad{m.node, v.replaced, quotedOf(q), q.graph});
  Quad image = imageQuad(q, m.canonical, m.merged);
  if (!has(tx, image)) {
    insertQuad(tx, image);
    insertQuad(tx, Quad{m.node, v.added, quotedOf(image), image.graph});
  }
  insertQuad(tx, Quad{m.canonical, v.mention, m.merged, q.graph});
}

void eraseRecord(storage::Transaction& tx, const MergeRecord& m) {
  if (auto n = tx.lookup(m.node))
    for (const auto& q : collect(tx, QuadIds{{*n, kAny, kAny, kAny}})) tx.erase(q);
  auto a = tx.lookup(m.canonical);
  auto b = tx.lookup(m.merged);
  auto p = tx.lookup(V().mention);
  if (a && b && p)
    for (const auto& q : collect(tx, QuadIds{{*a, *p, *b, kAny}})) tx.erase(q);
}

}  // namespace

const std::string& aliasGraphIri() {
  static const std::string g = kgIri("aliases");
  return g;
}

std::vector<MergeRecord> activeMerges(const storage::QuadReader& r) {
  std::vector<MergeRecord> out;
  const Vocab& v = V();
  auto typeP = r.lookup(v.type);
  auto cls = r.lookup(v.mergeClass);
  if (!typeP || !cls) return out;
  for (const auto& q : collect(r, QuadIds{{kAny, *typeP, *cls, kDefaultGraph}})) {
    MergeRecord m;
    m.node = r.decode(q.s());
    for (const auto& d : collect(r, QuadIds{{q.s(), kAny, kAny, kDefaultGraph}})) {
      Term p = r.decode(d.p());
      Term o = r.decode(d.o());
      if (p == v.canonical) m.canonical = o;
      else if (p == v.merged) m.merged = o;
      else if (p == v.mergedLabel) m.mergedLabel = o.value;
      else if (p == v.reason) m.reason = o.value;
      else if (p == v.origin) m.origin = o.value;
      else if (p == v.created) m.created = o.value;
    }
    if (!m.canonical.value.empty() && !m.merged.value.empty()) out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(), [](const MergeRecord& a, const MergeRecord& b) {
    return std::tie(a.canonical.value, a.merged.value) < std::tie(b.canonical.value, b.merged.value);
  });
  return out;
}

MergeRecord merge(storage::Transaction& tx, const Term& canonical, const Term& merged,
                  const std::string& reason, const std::string& origin,
                  const std::string& created) {
  const Vocab& v = V();
  auto name = [](const Term& t) { return "<" + t.value + ">"; };
  if (canonical == merged)
    throw Error(ErrorCode::kInvalidInput, "cannot merge " + name(merged) + " into itself");
  for (const auto& m : activeMerges(tx)) {
    if (m.merged == merged)
      throw Error(ErrorCode::kInvalidInput,
                  name(merged) + " is already merged into " + name(m.canonical));
    if (m.merged == canonical)
      throw Error(ErrorCode::kInvalidInput, name(canonical) + " is merged into " +
                                                name(m.canonical) + "; merge into that instead");
    if (m.canonical == merged)
      throw Error(ErrorCode::kInvalidInput,
                  name(merged) + " is the canonical entity of other merges (" + name(m.merged) +
                      "); split them first, or merge the other way");
  }
  std::vector<Quad> statements = statementsAbout(tx, merged);
  if (statements.empty())
    throw Error(ErrorCode::kInvalidInput, "the store says nothing about " + name(merged));
  if (statementsAbout(tx, canonical).empty())
    throw Error(ErrorCode::kInvalidInput, "the store says nothing about " + name(canonical));
  MergeRecord m;
  m.node = Term::iri(kgIri("merge.") + hexHash(canonical.value + "\x1f" + merged.value));
  m.canonical = canonical;
  m.merged = merged;
  m.reason = reason;
  m.origin = origin;
  m.created = created;
  for (const auto& q : statements)
    if (q.subject == merged && q.predicate == v.label && q.object.isLiteral() &&
        (m.mergedLabel.empty() || q.object.value < m.mergedLabel))
      m.mergedLabel = q.object.value;
  const Term& g = defaultGraph();
  insertQuad(tx, Quad{m.node, v.type, v.mergeClass, g});
  insertQuad(tx, Quad{m.node, v.canonical, canonical, g});
  insertQuad(tx, Quad{m.node, v.merged, merged, g});
  if (!m.mergedLabel.empty()) insertQuad(tx, Quad{m.node, v.mergedLabel, Term::literal(m.mergedLabel), g});
  insertQuad(tx, Quad{m.node, v.reason, Term::literal(reason), g});
  insertQuad(tx, Quad{m.node, v.origin, Term::literal(origin), g});
  if (!created.empty())
    insertQuad(tx, Quad{m.node, v.created,
                        Term::literal(created, std::string(vocab::kXsdDateTime)), g});
  for (const auto& q : statements) moveOne(tx, m, q, true);
  return m;
}

uint64_t split(storage::Transaction& tx, const MergeRecord& m) {
  const Vocab& v = V();
  const Term& a = m.canonical;
  const Term& b = m.merged;
  std::vector<Quad> replaced, added;
  for (auto& [q, ids] : entries(tx, m.node, v.replaced)) replaced.push_back(q);
  for (auto& [q, ids] : entries(tx, m.node, v.added)) added.push_back(q);
  eraseRecord(tx, m);
  // What other merges into A made stays; their records take over what this one added.
  std::map<std::string, Term> keptBy;  // image (N-Quads) -> merge node
  for (const auto& other : activeMerges(tx)) {
    if (other.canonical != a) continue;
    for (auto& [q, ids] : entries(tx, other.node, v.replaced))
      keptBy.emplace(imageQuad(q, a, other.merged).toNQuads(), other.node);
  }
  std::vector<Quad> addedFacts;
  for (const auto& q : added) {
    if (auto it = keptBy.find(q.toNQuads()); it != keptBy.end()) {
      insertQuad(tx, Quad{it->second, v.added, quotedOf(q), q.graph});
      continue;
    }
    if (isLink(q)) eraseQuad(tx, q);
    else addedFacts.push_back(q);
  }
  for (const auto& q : addedFacts)
    if (!supported(tx, q)) eraseStatement(tx, q);
  // Put back what is still supported: a provenance link whose node is still there, a fact
  // with one such link (or none recorded: data loaded without provenance).
  std::map<std::string, bool> factAlive;  // fact with recorded links (N-Quads) -> one restored
  uint64_t restored = 0;
  for (const auto& q : replaced) {
    if (!isLink(q)) continue;
    bool alive = q.predicate == v.source || q.predicate == v.evidence ? nodeExists(tx, q.object) : true;
    bool& any = factAlive[fromQuoted(q.subject, q.graph).toNQuads()];
    any = any || alive;
    if (alive) {
      insertQuad(tx, q);
      ++restored;
    }
  }
  for (const auto& q : replaced) {
    if (isLink(q)) continue;
    auto it = factAlive.find(q.toNQuads());
    if (it != factAlive.end() && !it->second) continue;
    insertQuad(tx, q);
    ++restored;
  }
  // An image about A that was there before but now has no source of its own left (its own
  // document went while the merge stood) goes too.
  for (const auto& q : replaced) {
    if (isLink(q) || !factAlive.count(q.toNQuads())) continue;
    Quad image = imageQuad(q, a, b);
    if (has(tx, image) && !supported(tx, image) && !keptBy.count(image.toNQuads()))
      eraseStatement(tx, image);
  }
  return restored;
}

void keepApart(storage::Transaction& tx, const MergeRecord& m) {
  insertQuad(tx, Quad{m.merged, V().keptApart, m.canonical, defaultGraph()});
}

std::vector<std::pair<std::string, std::string>> keptApart(const storage::QuadReader& r) {
  std::vector<std::pair<std::string, std::string>> out;
  auto p = r.lookup(V().keptApart);
  if (!p) return out;
  for (const auto& q : collect(r, QuadIds{{kAny, *p, kAny, kDefaultGraph}}))
    out.push_back({r.decode(q.s()).value, r.decode(q.o()).value});
  return out;
}

void insertResolved(storage::Transaction& tx, const std::vector<Quad>& quads) {
  std::vector<MergeRecord> merges = activeMerges(tx);
  if (merges.empty()) {
    insertQuads(tx, quads);
    return;
  }
  std::map<std::string, const MergeRecord*> byMerged;  // ordered: the same choice every run
  for (const auto& m : merges) byMerged[m.merged.value] = &m;
  auto findMerge = [&](const Quad& q) -> const MergeRecord* {
    for (const auto& [iri, m] : byMerged)
      if (mentions(q.subject, m->merged) || mentions(q.object, m->merged)) return m;
    return nullptr;
  };
  std::vector<Quad> plain;
  for (const auto& q : quads) {
    const MergeRecord* m = findMerge(q);
    if (!m) {
      plain.push_back(q);
      continue;
    }
    moveOne(tx, *m, q, false);
    // the image may name another merged entity (a fact between two of them)
    Quad image = imageQuad(q, m->canonical, m->merged);
    for (int hops = 0; hops < 8; ++hops) {
      const MergeRecord* next = findMerge(image);
      if (!next) break;
      moveOne(tx, *next, image, true);
      image = imageQuad(image, next->canonical, next->merged);
    }
  }
  insertQuads(tx, plain);
  // A statement a merge added, now read on its own, is no longer the merge's to take back.
  auto addedP = tx.lookup(V().added);
  if (!addedP) return;
  for (const auto& q : plain) {
    auto qt = tx.lookup(quotedOf(q));
    if (!qt) continue;
    std::optional<TermId> g = q.inDefaultGraph() ? std::optional<TermId>(kDefaultGraph) : tx.lookup(q.graph);
    if (!g) continue;
    for (const auto& e : collect(tx, QuadIds{{kAny, *addedP, *qt, *g}})) tx.erase(e);
  }
}

void maintainAfterRemoval(storage::Transaction& tx) {
  const Vocab& v = V();
  auto labelP = tx.lookup(v.label);
  auto aliasGraph = tx.lookup(Term::iri(aliasGraphIri()));
  for (const auto& m : activeMerges(tx)) {
    auto replaced = entries(tx, m.node, v.replaced);
    std::map<std::string, bool> factAlive;
    size_t left = 0;
    for (const auto& [q, ids] : replaced) {
      if (!isLink(q)) continue;
      bool alive = q.predicate == v.source || q.predicate == v.evidence ? nodeExists(tx, q.object) : true;
      bool& any = factAlive[fromQuoted(q.subject, q.graph).toNQuads()];
      any = any || alive;
      if (alive) ++left;
      else tx.erase(ids);
    }
    for (const auto& [q, ids] : replaced) {
      if (isLink(q)) continue;
      auto it = factAlive.find(q.toNQuads());
      if (it != factAlive.end() && !it->second) tx.erase(ids);
      else ++left;
    }
    for (const auto& [q, ids] : entries(tx, m.node, v.added))
      if (!has(tx, q)) tx.erase(ids);
    if (m.origin == kOriginUser) continue;
    if (left == 0) {
      eraseRecord(tx, m);
      continue;
    }
    bool ownLabel = false;
    if (auto a = tx.lookup(m.canonical); a && labelP)
      for (const auto& q : collect(tx, QuadIds{{*a, *labelP, kAny, kAny}}))
        if (!aliasGraph || q.g() != *aliasGraph) ownLabel = true;
    if (!ownLabel) split(tx, m);
  }
}

}  // namespace kg::entities
