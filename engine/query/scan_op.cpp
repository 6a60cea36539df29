// ScanOp: one triple pattern as one prefix range scan per open.
#include "query/scan_op.h"
#include "query/slot_binding.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "expr/expr.h"
#include "kg/error.h"
#include "sparql/parser.h"
#include "storage/sets_version_cache.h"

namespace kg::query {

using storage::IndexOrder;
using storage::kAny;
using storage::QuadIds;

ScanOp::ScanOp(QueryContext& ctx, Slot s, Slot p, Slot o, GraphScope graph, std::string text,
               const std::vector<std::string>* /*varNames*/)
    : ctx_(ctx), graph_(std::move(graph)), text_(std::move(text)) {
  slots_[storage::kS] = std::move(s);
  slots_[storage::kP] = std::move(p);
  slots_[storage::kO] = std::move(o);
  switch (graph_.kind) {
    case GraphScope::Kind::kDefault:
      slots_[storage::kG].kind = Slot::Kind::kAny;
      if (graph_.defaultGraphs.size() == 1) {
        slots_[storage::kG].kind = Slot::Kind::kConst;
        slots_[storage::kG].id = graph_.defaultGraphs[0];
      }
      if (graph_.defaultGraphs.empty()) empty_ = true;
      break;
    case GraphScope::Kind::kNamedVar:
      slots_[storage::kG].kind = Slot::Kind::kAny;  // the graph comes from graph_.current
      break;
    case GraphScope::Kind::kNamedConst:
      slots_[storage::kG].kind = Slot::Kind::kConst;
      slots_[storage::kG].id = graph_.id;
      break;
  }
  std::function<void(const Slot&)> collect = [&](const Slot& slot) {
    if (slot.kind == Slot::Kind::kVar) {
      maybe.insert(slot.var);
      certain.insert(slot.var);
    } else if (slot.kind == Slot::Kind::kQuoted) {
      for (const auto& q : *slot.quoted) collect(q);
    } else if (slot.kind == Slot::Kind::kConst && slot.id == kAny) {
      empty_ = true;  // a constant the store does not know: nothing can match
    }
  };
  for (const auto& slot : slots_) collect(slot);
  seedable = true;
  estimate = estimateWith({});
}

const storage::PredicateStats* ScanOp::predicateStats() const {
  if (slots_[storage::kP].kind != Slot::Kind::kConst) return nullptr;
  const storage::Statistics& stats = ctx_.reader().statistics();
  TermId p = slots_[storage::kP].id;
  if (graph_.kind == GraphScope::Kind::kDefault && graph_.defaultGraphs.size() == 1) {
    return stats.find(graph_.defaultGraphs[0], p);
  }
  if (graph_.kind == GraphScope::Kind::kNamedConst) return stats.find(graph_.id, p);
  auto it = stats.predicates.find(p);
  return it == stats.predicates.end() ? nullptr : &it->second;
}

const storage::CharacteristicSets* ScanOp::characteristicSets() const {
  return ctx_.reader().statistics().characteristicSets.get();
}

std::optional<ScanOp::StarMember> ScanOp::starMember(const std::set<int>& seeded) const {
  const storage::Statistics& stats = ctx_.reader().statistics();
  const Slot& s = slots_[storage::kS];
  const Slot& p = slots_[storage::kP];
  const Slot& o = slots_[storage::kO];
  if (empty_ || !stats.characteristicSets || s.kind != Slot::Kind::kVar || seeded.count(s.var) ||
      p.kind != Slot::Kind::kConst) {
    return std::nullopt;
  }
  if (o.kind != Slot::Kind::kConst && (o.kind != Slot::Kind::kVar || o.var == s.var)) return std::nullopt;
  StarMember member;
  member.subject = s.var;
  member.predicate = p.id;
  member.rows = estimateWith({});
  switch (graph_.kind) {
    case GraphScope::Kind::kDefault:
      member.graphs = graph_.defaultGraphs;
      break;
    case GraphScope::Kind::kNamedConst:
      member.graphs = {graph_.id};
      break;
    case GraphScope::Kind::kNamedVar:
      if (graph_.namedGraphs) {
        member.graphs = *graph_.namedGraphs;
      } else {
        for (const auto& [g, n] : stats.graphs) {
          if (g != storage::kDefaultGraph) member.graphs.push_back(g);
        }
      }
      break;
  }
  // A constant object keeps its share of the predicate's quads; an object the caller binds,
  // one value's share.
  const storage::PredicateStats* ps = predicateStats();
  double quads = ps ? static_cast<double>(ps->quads) : 0;
  if (o.kind == Slot::Kind::kConst) {
    member.object = o.id;
    member.selectivity = quads > 0 ? std::min(1.0, member.rows / quads) : 0;
  } else if (seeded.count(o.var)) {
    member.selectivity = 1 / std::max(1.0, distinctOf(o.var));
  }
  return member;
}

namespace {

storage::SetsVersionCache<std::vector<TermId>, double>& rangeCountCache() {
  static storage::SetsVersionCache<std::vector<TermId>, double> cache;
  return cache;
}

double cachedRangeCount(const storage::QuadReader& reader, const QuadIds& pattern) {
  constexpr uint64_t kCountedBlocks = 256;
  std::shared_ptr<const storage::GraphCharacteristicSets> version;
  const auto& sets = reader.statistics().characteristicSets;
  if (sets && pattern.v[storage::kG] != kAny) {
    auto it = sets->graphs().find(pattern.v[storage::kG]);
    if (it != sets->graphs().end()) version = it->second;
  }
  std::vector<TermId> key(pattern.v.begin(), pattern.v.end());
  if (version) {
    if (auto cached = rangeCountCache().find(version, key)) return *cached;
  }
  double rows = reader.countRange(pattern, kCountedBlocks).rows;
  if (version) rangeCountCache().put(version, key, std::make_shared<const double>(rows));
  return rows;
}

}  // namespace

double ScanOp::estimateWith(const std::set<int>& bound) const {
  if (empty_) return 0;
  auto isBound = [&](int pos) {
    const Slot& s = slots_[pos];
    return s.kind == Slot::Kind::kConst || (s.kind == Slot::Kind::kVar && bound.count(s.var));
  };
  const storage::PredicateStats* ps = predicateStats();
  if (constCount_ < 0) {
    // Rows matching the constants alone, once: from the statistics for a lone predicate, else
    // counted from the index (see QuadReader::countRange).
    QuadIds pattern;
    for (int pos = 0; pos < 4; ++pos) {
      pattern.v[pos] = slots_[pos].kind == Slot::Kind::kConst ? slots_[pos].id : kAny;
    }
    bool exactPredicate = ps && slots_[storage::kS].kind != Slot::Kind::kConst &&
                          slots_[storage::kO].kind != Slot::Kind::kConst;
    if (exactPredicate) {
      constCount_ = static_cast<double>(ps->quads);  // the statistics count it exactly
    } else {
      // Exact while it takes at most 256 blocks (65,536 quads; whole blocks are counted from
      // their headers), else extrapolated from the rows per byte of those blocks. Kept per
      // version of the graph's data when the store has characteristic sets (whose versions
      // say when a graph changed), so that repeated queries do not count again.
      constCount_ = cachedRangeCount(ctx_.reader(), pattern);
    }
  }
  bool anyBoundVar = false;
  for (int pos = 0; pos < 4; ++pos) {
    if (slots_[pos].kind == Slot::Kind::kVar && bound.count(slots_[pos].var)) anyBoundVar = true;
  }
  if (!anyBoundVar) return constCount_;
  // Bound variables: divide by the number of distinct values in that position.
  double rows = constCount_;
  std::set<int> seen;
  for (int pos : {storage::kS, storage::kO, storage::kP}) {
    const Slot& s = slots_[pos];
    if (s.kind != Slot::Kind::kVar || !bound.count(s.var) || !seen.insert(s.var).second) continue;
    rows /= std::max(1.0, distinctOf(s.var));
  }
  if (isBound(storage::kS) && isBound(storage::kP) && isBound(storage::kO)) rows = std::min(rows, 1.0);
  return std::max(rows, 0.01);
}

double ScanOp::distinctOf(int var) const {
  if (empty_) return 1;
  double rows = std::max(1.0, estimateWith({}));
  const storage::Statistics& stats = ctx_.reader().statistics();
  const storage::PredicateStats* ps = predicateStats();
  double terms = std::max<double>(1, static_cast<double>(stats.terms));
  double best = rows;
  for (int pos : {storage::kS, storage::kO, storage::kP}) {
    const Slot& s = slots_[pos];
    if (s.kind != Slot::Kind::kVar || s.var != var) continue;
    double d;
    if (pos == storage::kS) {
      d = ps ? static_cast<double>(ps->distinctSubjects) : terms / 2;
    } else if (pos == storage::kO) {
      d = ps ? static_cast<double>(ps->distinctObjects) : terms / 2;
    } else {
      d = static_cast<double>(stats.predicates.size());
    }
    best = std::min(best, std::max(1.0, d));
  }
  return best;
}

bool ScanOp::appendPlanKey(std::vector<uint64_t>& key) const {
  if (graph_.kind != GraphScope::Kind::kDefault) return false;
  for (int pos : {storage::kS, storage::kP, storage::kO}) {
    const Slot& slot = slots_[pos];
    switch (slot.kind) {
      case Slot::Kind::kConst:
        key.push_back(1);
        key.push_back(slot.id);
        break;
      case Slot::Kind::kVar:
        key.push_back(2);
        key.push_back(static_cast<uint64_t>(slot.var));
        break;
      case Slot::Kind::kAny:
        key.push_back(3);
        break;
      case Slot::Kind::kQuoted:
        return false;
    }
  }
  key.push_back(graph_.defaultGraphs.size());
  key.insert(key.end(), graph_.defaultGraphs.begin(), graph_.defaultGraphs.end());
  uint64_t estimateBits;
  static_assert(sizeof estimateBits == sizeof estimate);
  std::memcpy(&estimateBits, &estimate, sizeof estimateBits);
  key.push_back(estimateBits);
  return true;
}

std::string ScanOp::describe() const {
  static const char kPos[] = {'s', 'p', 'o', 'g'};
  // The index and prefix chosen when nothing comes from a seed.
  QuadIds pattern;
  for (int pos = 0; pos < 4; ++pos) {
    const Slot& s = slots_[pos];
    bool bound = s.kind == Slot::Kind::kConst ||
                 (s.kind == Slot::Kind::kVar && plannedBound_.count(s.var));
    pattern.v[pos] = bound ? (s.kind == Slot::Kind::kConst ? s.id : 1) : kAny;
  }
  // Inside GRAPH ?g each scan runs with the visited graph bound.
  if (graph_.kind == GraphScope::Kind::kNamedVar) pattern.v[storage::kG] = 1;
  auto choice = chooseOrder(pattern);
  if (forcedOrder_) choice.order = *forcedOrder_;
  std::string out = "Scan " + text_;
  if (empty_) return out + "  [no scan: a constant is not in the store]";
  out += "  [";
  for (const char* c = storage::layoutOf(choice.order).name; *c; ++c) {
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(*c)));
  }
  out += " prefix (";
  const auto& layout = storage::layoutOf(choice.order);
  for (int i = 0; i < choice.boundPrefix; ++i) {
    if (i) out += ",";
    out += kPos[layout.positions[i]];
  }
  out += ")";
  if (forcedOrder_) out += " sorted for merge";
  out += "]";
  return out;
}

void ScanOp::openImpl(const Row& seed) {
  seed_ = seed;
  exhausted_ = true;
  // stream_ is kept: openGraph restarts it on the new pattern when it can.
  if (empty_) return;
  for (int pos = 0; pos < 4; ++pos) {
    auto id = resolveSlot(ctx_, slots_[pos], seed);
    if (pos == storage::kG && graph_.kind == GraphScope::Kind::kNamedVar) {
      id = graph_.current && *graph_.current != kUnbound ? *graph_.current : kAny;
    }
    if (!id) return;
    // A temporary id (computed value unknown to the store) cannot match anything stored.
    if (*id != kAny && storage::tagOf(*id) == static_cast<storage::IdTag>(kTempTag)) return;
    pattern_.v[pos] = *id;
  }
  graphs_.clear();
  graphIndex_ = 0;
  seenTriples_.clear();
  if (graph_.kind == GraphScope::Kind::kDefault && graph_.defaultGraphs.size() > 1) {
    graphs_ = graph_.defaultGraphs;
  }
  // A graph variable ranges over named graphs only (never the default graph).
  exhausted_ = false;
  if (!openGraph()) exhausted_ = true;
}

bool ScanOp::openGraph() {
  if (!graphs_.empty()) {
    if (graphIndex_ >= graphs_.size()) return false;
    pattern_.v[storage::kG] = graphs_[graphIndex_++];
  }
  auto choice = chooseOrder(pattern_);
  if (forcedOrder_) {
    // The forced order must still cover the bound positions as a prefix. When a seed binds
    // more positions than the plan knew of (a merge join inside a nested loop), another order
    // with that prefix must still come sorted on the merge column, or the merge join would
    // miss rows: the one whose next column is the forced order's first non-constant one.
    const auto& pos = storage::layoutOf(*forcedOrder_).positions;
    int prefix = 0;
    while (prefix < 4 && pattern_.v[pos[prefix]] != kAny) ++prefix;
    if (prefix == choice.boundPrefix) {
      choice.order = *forcedOrder_;
    } else {
      int sortPos = -1;
      for (int p : pos) {
        if (slots_[p].kind != Slot::Kind::kConst) {
          sortPos = p;
          break;
        }
      }
      if (sortPos >= 0 && pattern_.v[sortPos] == kAny) {
        for (int i = 0; i < storage::kIndexCount; ++i) {
          auto order = static_cast<storage::IndexOrder>(i);
          const auto& candidate = storage::kIndexLayouts[i].positions;
          int bound = 0;
          while (bound < 4 && pattern_.v[candidate[bound]] != kAny) ++bound;
          if (bound == choice.boundPrefix && bound < 4 && candidate[bound] == sortPos) {
            choice.order = order;
            break;
          }
        }
      }
    }
  }
  // A scan opened again and again (the inner side of a nested-loop join) reuses one
  // restartable stream instead of creating an iterator per probe; with every position bound
  // any order will do.
  bool allBound = true;
  for (int pos = 0; pos < 4; ++pos) allBound = allBound && pattern_.v[pos] != kAny;
  if (stream_ && (streamOrder_ == choice.order || allBound) && stream_->restart(pattern_)) return true;
  streamOrder_ = choice.order;
  stream_ = streamsOpened_++ == 0 ? ctx_.reader().open(pattern_, choice.order)
                                  : ctx_.reader().openRestartable(pattern_, choice.order);
  return true;
}

// A probe of a nested-loop join binds the scan's variables, and the orders with the longest
// bound prefix tie. The one that puts the constants first reads only their rows: `?x ub:memberOf
// ?z` probed with both bound is a lookup among the memberOf quads (gpso) rather than among all
// quads of each ?x (gspo). Probes sorted by key then land a few rows apart, mostly in the block
// the previous probe read, instead of a block or more apart (LUBM(10) q02: 5,607 such probes).
storage::IndexChoice ScanOp::chooseOrder(const storage::QuadIds& pattern) const {
  int bound = 0;
  for (int pos = 0; pos < 4; ++pos) bound |= pattern.v[pos] != storage::kAny ? 1 << pos : 0;
  auto& known = orderByBound_[bound];
  if (!known) known = chooseOrderUncached(pattern);
  return *known;
}

storage::IndexChoice ScanOp::chooseOrderUncached(const storage::QuadIds& pattern) const {
  storage::IndexChoice best = storage::chooseIndex(pattern);
  storage::QuadIds withGraph = pattern;
  withGraph.v[storage::kG] = 0;  // as chooseIndex: an open graph is scanned graph by graph
  auto leadingConstants = [&](storage::IndexOrder order) {
    int n = 0;
    for (int pos : storage::layoutOf(order).positions) {
      if (pos == storage::kG) continue;  // every order starts with the graph
      if (slots_[pos].kind != Slot::Kind::kConst) break;
      ++n;
    }
    return n;
  };
  int bestPrefix = storage::boundPrefix(best.order, withGraph);
  int bestConstants = leadingConstants(best.order);
  for (int i = 0; i < storage::kIndexCount; ++i) {
    auto order = static_cast<storage::IndexOrder>(i);
    if (storage::boundPrefix(order, withGraph) != bestPrefix) continue;
    int constants = leadingConstants(order);
    if (constants > bestConstants) {
      best.order = order;
      bestConstants = constants;
    }
  }
  return best;
}

std::optional<storage::IndexOrder> ScanOp::orderSortedOn(int var) const {
  if (empty_ || !graphs_.empty() || graph_.defaultGraphs.size() > 1) return std::nullopt;
  int constants = 0;
  for (const auto& s : slots_) constants += s.kind == Slot::Kind::kConst;
  for (int i = 0; i < storage::kIndexCount; ++i) {
    const auto& pos = storage::kIndexLayouts[i].positions;
    int prefix = 0;
    while (prefix < 4 && slots_[pos[prefix]].kind == Slot::Kind::kConst) ++prefix;
    if (prefix != constants || prefix >= 4) continue;
    const Slot& next = slots_[pos[prefix]];
    if (next.kind == Slot::Kind::kVar && next.var == var) return static_cast<storage::IndexOrder>(i);
  }
  return std::nullopt;
}

std::vector<int> ScanOp::probeKey(const std::set<int>& bound) const {
  QuadIds pattern;
  for (int pos = 0; pos < 4; ++pos) {
    const Slot& s = slots_[pos];
    bool isBound = s.kind == Slot::Kind::kConst || (s.kind == Slot::Kind::kVar && bound.count(s.var));
    pattern.v[pos] = isBound ? 1 : kAny;
  }
  if (graph_.kind == GraphScope::Kind::kNamedVar) pattern.v[storage::kG] = 1;
  std::vector<int> key;
  for (int pos : storage::layoutOf(chooseOrder(pattern).order).positions) {
    const Slot& s = slots_[pos];
    if (s.kind == Slot::Kind::kVar && bound.count(s.var) &&
        std::find(key.begin(), key.end(), s.var) == key.end()) {
      key.push_back(s.var);
    }
  }
  return key;
}

void ScanOp::skipTo(int var, TermId value) {
  if (exhausted_ || !stream_ || !graphs_.empty() || !forcedOrder_) return;
  // The variable must be the column right after the bound prefix of the scan's order.
  int prefix = storage::boundPrefix(streamOrder_, pattern_);
  if (prefix >= 4) return;
  const auto& pos = storage::layoutOf(streamOrder_).positions;
  const Slot& next = slots_[pos[prefix]];
  if (next.kind != Slot::Kind::kVar || next.var != var) return;
  storage::IndexRow target{};
  for (int i = 0; i < prefix; ++i) target[i] = pattern_.v[pos[i]];
  target[prefix] = value;
  stream_->skipTo(target);
}

bool ScanOp::nextImpl(Row& row) {
  if (exhausted_) return false;
  QuadIds quad;
  while (true) {
    ctx_.checkInterrupt();
    bool more = stream_->next(&quad);
    if (!more) {
      if (!graphs_.empty() && openGraph()) continue;
      exhausted_ = true;
      return false;
    }
    if (graph_.kind == GraphScope::Kind::kNamedVar || graph_.kind == GraphScope::Kind::kNamedConst) {
      if (quad.g() == storage::kDefaultGraph) continue;
      if (graph_.namedGraphs &&
          !std::binary_search(graph_.namedGraphs->begin(), graph_.namedGraphs->end(), quad.g())) {
        continue;
      }
    }
    row = seed_;
    bool ok = true;
    for (int pos = 0; pos < 4 && ok; ++pos) ok = bindSlot(ctx_, slots_[pos], quad.v[pos], row);
    if (!ok) continue;
    if (!graphs_.empty()) {
      // The default graph is a merge: a triple in two FROM graphs counts once.
      std::string key(24, '\0');
      storage::putBigEndian64(&key[0], quad.s());
      storage::putBigEndian64(&key[8], quad.p());
      storage::putBigEndian64(&key[16], quad.o());
      if (!seenTriples_.insert(key).second) continue;
    }
    return true;
  }
}

}  // namespace kg::query
