// ScanOp: one triple pattern as one prefix range scan per open.
#include "query/scan_op.h"
#include "query/slot_binding.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "expr/expr.h"
#include "kg/error.h"
#include "sparql/parser.h"

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

double ScanOp::estimateWith(const std::set<int>& bound) const {
  if (empty_) return 0;
  const storage::Statistics& stats = ctx_.reader().statistics();
  auto isBound = [&](int pos) {
    const Slot& s = slots_[pos];
    return s.kind == Slot::Kind::kConst || (s.kind == Slot::Kind::kVar && bound.count(s.var));
  };
  // With only constants bound, count the prefix range exactly (up to a cap).
  bool anyBoundVar = false;
  for (int pos = 0; pos < 4; ++pos) {
    if (slots_[pos].kind == Slot::Kind::kVar && bound.count(slots_[pos].var)) anyBoundVar = true;
  }
  if (constCount_ < 0) {
    // Rows matching the constants alone: counted exactly up to a cap, once.
    QuadIds pattern;
    for (int pos = 0; pos < 4; ++pos) {
      pattern.v[pos] = slots_[pos].kind == Slot::Kind::kConst ? slots_[pos].id : kAny;
    }
    const uint64_t kCap = 5000;
    auto choice = storage::chooseIndex(pattern);
    auto stream = ctx_.reader().open(pattern, choice.order);
    QuadIds q;
    uint64_t n = 0;
    while (n < kCap && stream->next(&q)) ++n;
    constCount_ = static_cast<double>(n);
    if (n == kCap) {
      // Past the cap: estimate from the statistics (the predicate's count divided by its
      // distinct subjects or objects for a constant subject or object), at least the cap.
      double guess = static_cast<double>(stats.quads);
      if (slots_[storage::kP].kind == Slot::Kind::kConst &&
          stats.predicates.count(slots_[storage::kP].id)) {
        const auto& ps = stats.predicates.at(slots_[storage::kP].id);
        guess = static_cast<double>(ps.quads);
        if (slots_[storage::kS].kind == Slot::Kind::kConst) guess /= std::max<double>(1, ps.distinctSubjects);
        if (slots_[storage::kO].kind == Slot::Kind::kConst) guess /= std::max<double>(1, ps.distinctObjects);
      }
      constCount_ = std::max<double>(kCap, guess);
    }
  }
  double constCount = constCount_;
  if (!anyBoundVar) return constCount;
  // Bound variables: divide by the number of distinct values in that position.
  double rows = constCount;
  const storage::PredicateStats* ps = nullptr;
  if (slots_[storage::kP].kind == Slot::Kind::kConst) {
    auto it = stats.predicates.find(slots_[storage::kP].id);
    if (it != stats.predicates.end()) ps = &it->second;
  }
  double terms = std::max<double>(1, static_cast<double>(stats.terms));
  for (int pos : {storage::kS, storage::kO, storage::kP}) {
    const Slot& s = slots_[pos];
    if (s.kind != Slot::Kind::kVar || !bound.count(s.var)) continue;
    double distinct;
    if (pos == storage::kS) {
      distinct = ps ? std::max<double>(1, ps->distinctSubjects) : terms / 2;
    } else if (pos == storage::kO) {
      distinct = ps ? std::max<double>(1, ps->distinctObjects) : terms / 2;
    } else {
      distinct = std::max<double>(1, stats.predicates.size());
    }
    rows /= distinct;
  }
  if (isBound(storage::kS) && isBound(storage::kP) && isBound(storage::kO)) rows = std::min(rows, 1.0);
  return std::max(rows, 0.01);
}

std::string ScanOp::describe() const {
  static const char* kNames[] = {"SPOG", "POSG", "OSPG", "GSPO", "GPOS", "GOSP"};
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
  auto choice = storage::chooseIndex(pattern);
  if (forcedOrder_) choice.order = *forcedOrder_;
  std::string out = "Scan " + text_;
  if (empty_) return out + "  [no scan: a constant is not in the store]";
  out += "  [";
  out += kNames[static_cast<int>(choice.order)];
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
  auto choice = storage::chooseIndex(pattern_);
  if (forcedOrder_) {
    // The forced order must still cover the bound positions as a prefix.
    const auto& pos = storage::layoutOf(*forcedOrder_).positions;
    int prefix = 0;
    while (prefix < 4 && pattern_.v[pos[prefix]] != kAny) ++prefix;
    if (prefix == choice.boundPrefix) choice.order = *forcedOrder_;
  }
  // Every position bound: one point lookup (bloom-filtered) instead of a seek.
  pointLookup_ = true;
  for (int pos = 0; pos < 4; ++pos) pointLookup_ = pointLookup_ && pattern_.v[pos] != kAny;
  if (pointLookup_) {
    pointFound_ = ctx_.reader().contains(pattern_);
    return true;
  }
  // A scan opened again and again (the inner side of a nested-loop join) reuses one
  // restartable stream instead of creating an iterator per probe.
  if (stream_ && streamOrder_ == choice.order && stream_->restart(pattern_)) return true;
  streamOrder_ = choice.order;
  stream_ = streamsOpened_++ == 0 ? ctx_.reader().open(pattern_, choice.order)
                                  : ctx_.reader().openRestartable(pattern_, choice.order);
  return true;
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

bool ScanOp::nextImpl(Row& row) {
  if (exhausted_) return false;
  QuadIds quad;
  while (true) {
    ctx_.checkInterrupt();
    bool more;
    if (pointLookup_) {
      more = pointFound_;
      pointFound_ = false;
      quad = pattern_;
    } else {
      more = stream_->next(&quad);
    }
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
