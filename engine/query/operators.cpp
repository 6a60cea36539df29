#include "query/operators.h"
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

bool compatible(const Row& a, const Row& b) {
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != kUnbound && b[i] != kUnbound && a[i] != b[i]) return false;
  }
  return true;
}

void merge(Row& a, const Row& b) {
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] == kUnbound) a[i] = b[i];
  }
}

namespace {

std::string formatEstimate(double rows) {
  char buf[32];
  if (rows >= 100 || rows == std::floor(rows)) {
    std::snprintf(buf, sizeof buf, "%.0f", rows);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f", rows);
  }
  return buf;
}

}  // namespace

void Operator::enableTiming() {
  timing_ = true;
  for (const Operator* child : children()) const_cast<Operator*>(child)->enableTiming();
}

void Operator::explain(std::string& out, int depth, const ExplainOptions& options) const {
  out += std::string(depth * 2, ' ') + describe();
  out += "  (est. " + formatEstimate(estimate) + " rows";
  if (options.analyze) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "; actual %llu rows in %llu opens, %.3f ms",
                  static_cast<unsigned long long>(rowsOut_), static_cast<unsigned long long>(opens_),
                  seconds_ * 1000);
    out += buf;
  }
  out += ")\n";
  for (const Operator* child : children()) child->explain(out, depth + 1, options);
}

// ---------------------------------------------------------------------------------------------
// ScanOp

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

// ---------------------------------------------------------------------------------------------
// Joins

BindJoinOp::BindJoinOp(OperatorPtr left, OperatorPtr right)
    : left_(std::move(left)), right_(std::move(right)) {
  maybe = left_->maybe;
  maybe.insert(right_->maybe.begin(), right_->maybe.end());
  certain = left_->certain;
  certain.insert(right_->certain.begin(), right_->certain.end());
  seedable = left_->seedable && right_->seedable;
  estimate = left_->estimate * std::max(right_->estimate, 0.0);
}

void BindJoinOp::openImpl(const Row& seed) {
  left_->open(seed);
  rightOpen_ = false;
  leftRow_ = seed;
}

bool BindJoinOp::nextImpl(Row& row) {
  while (true) {
    if (rightOpen_ && right_->next(row)) return true;
    if (!left_->next(leftRow_)) return false;
    right_->open(leftRow_);
    rightOpen_ = true;
  }
}

namespace {

uint64_t hashKey(const Row& row, const std::vector<int>& vars) {
  uint64_t h = 1469598103934665603ULL;
  for (int v : vars) {
    h ^= row[v];
    h *= 1099511628211ULL;
  }
  return h;
}

std::vector<int> sharedVars(const std::set<int>& a, const std::set<int>& b) {
  std::vector<int> out;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

}  // namespace

HashJoinOp::HashJoinOp(QueryContext& ctx, OperatorPtr left, OperatorPtr right)
    : ctx_(ctx), left_(std::move(left)), right_(std::move(right)) {
  keyVars_ = sharedVars(left_->certain, right_->certain);
  std::vector<int> maybeShared = sharedVars(left_->maybe, right_->maybe);
  for (int v : maybeShared) {
    if (!std::binary_search(keyVars_.begin(), keyVars_.end(), v)) checkVars_.push_back(v);
  }
  maybe = left_->maybe;
  maybe.insert(right_->maybe.begin(), right_->maybe.end());
  certain = left_->certain;
  certain.insert(right_->certain.begin(), right_->certain.end());
  double l = left_->estimate, r = right_->estimate;
  estimate = keyVars_.empty() ? l * r : std::max(l, r);
}

std::string HashJoinOp::describe() const {
  return keyVars_.empty() ? "CrossProduct (hash join without shared variables)" : "HashJoin";
}

void HashJoinOp::openImpl(const Row& seed) {
  table_.clear();
  rows_.clear();
  right_->open(seed);
  Row r(seed.size(), kUnbound);
  while (right_->next(r)) {
    ctx_.checkInterrupt();
    if (keyVars_.empty()) {
      rows_.push_back(r);
    } else {
      table_.emplace(hashKey(r, keyVars_), r);
    }
  }
  left_->open(seed);
  matches_.clear();
  matchIndex_ = 0;
  leftRow_ = seed;
}

bool HashJoinOp::nextImpl(Row& row) {
  while (true) {
    while (matchIndex_ < matches_.size()) {
      const Row& r = *matches_[matchIndex_++];
      if (!compatible(leftRow_, r)) continue;
      row = leftRow_;
      merge(row, r);
      return true;
    }
    if (!left_->next(leftRow_)) return false;
    ctx_.checkInterrupt();
    matches_.clear();
    matchIndex_ = 0;
    if (keyVars_.empty()) {
      for (const auto& r : rows_) matches_.push_back(&r);
    } else {
      auto range = table_.equal_range(hashKey(leftRow_, keyVars_));
      for (auto it = range.first; it != range.second; ++it) matches_.push_back(&it->second);
    }
  }
}

MergeJoinOp::MergeJoinOp(QueryContext& ctx, OperatorPtr left, OperatorPtr right, int var,
                         const std::string& varName)
    : ctx_(ctx), left_(std::move(left)), right_(std::move(right)), var_(var), varName_(varName) {
  maybe = left_->maybe;
  maybe.insert(right_->maybe.begin(), right_->maybe.end());
  certain = left_->certain;
  certain.insert(right_->certain.begin(), right_->certain.end());
  seedable = false;
  estimate = std::min(left_->estimate, right_->estimate);
}

void MergeJoinOp::openImpl(const Row& seed) {
  left_->open(seed);
  right_->open(seed);
  leftRow_ = seed;
  rightRow_ = seed;
  group_.clear();
  groupIndex_ = 0;
  groupKey_ = 0;
  leftValid_ = left_->next(leftRow_);
  rightValid_ = right_->next(rightRow_);
}

bool MergeJoinOp::nextImpl(Row& row) {
  while (true) {
    ctx_.checkInterrupt();
    // Emit the current left row against the matching right group.
    if (leftValid_ && !group_.empty() && leftRow_[var_] == groupKey_) {
      while (groupIndex_ < group_.size()) {
        const Row& r = group_[groupIndex_++];
        if (!compatible(leftRow_, r)) continue;
        row = leftRow_;
        merge(row, r);
        return true;
      }
      leftValid_ = left_->next(leftRow_);
      groupIndex_ = 0;
      continue;
    }
    if (!leftValid_) return false;
    TermId key = leftRow_[var_];
    // Advance the right side to the left key.
    while (rightValid_ && rightRow_[var_] < key) rightValid_ = right_->next(rightRow_);
    if (!rightValid_ || rightRow_[var_] != key) {
      if (!group_.empty() && groupKey_ == key) continue;
      leftValid_ = left_->next(leftRow_);
      continue;
    }
    group_.clear();
    groupKey_ = key;
    groupIndex_ = 0;
    while (rightValid_ && rightRow_[var_] == key) {
      group_.push_back(rightRow_);
      rightValid_ = right_->next(rightRow_);
    }
  }
}

LeftJoinOp::LeftJoinOp(QueryContext& ctx, Evaluator& eval, OperatorPtr left, OperatorPtr right,
                       std::vector<const sparql::Expr*> conditions)
    : ctx_(ctx),
      eval_(eval),
      left_(std::move(left)),
      right_(std::move(right)),
      conditions_(std::move(conditions)) {
  bind_ = right_->seedable;
  maybe = left_->maybe;
  maybe.insert(right_->maybe.begin(), right_->maybe.end());
  certain = left_->certain;
  seedable = false;
  estimate = std::max(left_->estimate, left_->estimate * std::max(right_->estimate, 1.0) / 10);
}

std::string LeftJoinOp::describe() const {
  std::string out = bind_ ? "Optional (nested loop)" : "Optional (materialized right side)";
  if (!conditions_.empty()) out += " with condition";
  return out;
}

bool LeftJoinOp::passes(const Row& row) {
  for (const auto* c : conditions_) {
    if (!eval_.test(*c, row)) return false;
  }
  return true;
}

void LeftJoinOp::openImpl(const Row& seed) {
  seed_ = seed;
  if (!bind_) {
    rightRows_.clear();
    right_->open(seed);
    Row r(seed.size(), kUnbound);
    while (right_->next(r)) {
      ctx_.checkInterrupt();
      rightRows_.push_back(r);
    }
  }
  left_->open(seed);
  haveLeft_ = false;
  rightOpen_ = false;
}

bool LeftJoinOp::nextImpl(Row& row) {
  while (true) {
    if (!haveLeft_) {
      leftRow_ = seed_;
      if (!left_->next(leftRow_)) return false;
      haveLeft_ = true;
      matched_ = false;
      rightIndex_ = 0;
      if (bind_) {
        right_->open(leftRow_);
        rightOpen_ = true;
      }
    }
    ctx_.checkInterrupt();
    if (bind_) {
      while (right_->next(row)) {
        if (passes(row)) {
          matched_ = true;
          return true;
        }
      }
    } else {
      while (rightIndex_ < rightRows_.size()) {
        const Row& r = rightRows_[rightIndex_++];
        if (!compatible(leftRow_, r)) continue;
        row = leftRow_;
        merge(row, r);
        if (passes(row)) {
          matched_ = true;
          return true;
        }
      }
    }
    haveLeft_ = false;
    if (!matched_) {
      row = leftRow_;
      return true;
    }
  }
}

UnionOp::UnionOp(std::vector<OperatorPtr> branches) : branches_(std::move(branches)) {
  bool first = true;
  seedable = true;
  for (const auto& b : branches_) {
    maybe.insert(b->maybe.begin(), b->maybe.end());
    if (first) {
      certain = b->certain;
      first = false;
    } else {
      std::set<int> both;
      std::set_intersection(certain.begin(), certain.end(), b->certain.begin(), b->certain.end(),
                            std::inserter(both, both.begin()));
      certain = both;
    }
    seedable = seedable && b->seedable;
    estimate += b->estimate;
  }
}

std::vector<const Operator*> UnionOp::children() const {
  std::vector<const Operator*> out;
  for (const auto& b : branches_) out.push_back(b.get());
  return out;
}

void UnionOp::openImpl(const Row& seed) {
  seed_ = seed;
  current_ = 0;
  if (!branches_.empty()) branches_[0]->open(seed);
}

bool UnionOp::nextImpl(Row& row) {
  while (current_ < branches_.size()) {
    if (branches_[current_]->next(row)) return true;
    if (++current_ < branches_.size()) branches_[current_]->open(seed_);
  }
  return false;
}

MinusOp::MinusOp(OperatorPtr left, OperatorPtr right)
    : left_(std::move(left)), right_(std::move(right)) {
  maybe = left_->maybe;
  certain = left_->certain;
  estimate = left_->estimate;
}

void MinusOp::openImpl(const Row& seed) {
  rightRows_.clear();
  // The right side of MINUS is evaluated on its own (no substitution from the left).
  Row empty(seed.size(), kUnbound);
  right_->open(empty);
  Row r(seed.size(), kUnbound);
  while (right_->next(r)) rightRows_.push_back(r);
  left_->open(seed);
}

bool MinusOp::nextImpl(Row& row) {
  while (left_->next(row)) {
    bool removed = false;
    for (const auto& r : rightRows_) {
      bool shared = false;
      bool ok = true;
      for (size_t i = 0; i < row.size() && ok; ++i) {
        if (row[i] != kUnbound && r[i] != kUnbound) {
          shared = true;
          ok = row[i] == r[i];
        }
      }
      if (ok && shared) {
        removed = true;
        break;
      }
    }
    if (!removed) return true;
  }
  return false;
}

FilterOp::FilterOp(Evaluator& eval, OperatorPtr child, std::vector<const sparql::Expr*> conditions)
    : eval_(eval), child_(std::move(child)), conditions_(std::move(conditions)) {
  maybe = child_->maybe;
  certain = child_->certain;
  estimate = child_->estimate / 3;
}

std::string FilterOp::describe() const {
  std::string out = "Filter";
  for (const auto* c : conditions_) out += " " + sparql::toSExpression(*c);
  return out;
}

bool FilterOp::nextImpl(Row& row) {
  while (child_->next(row)) {
    bool ok = true;
    for (const auto* c : conditions_) {
      if (!eval_.test(*c, row)) {
        ok = false;
        break;
      }
    }
    if (ok) return true;
  }
  return false;
}

ExtendOp::ExtendOp(QueryContext& ctx, Evaluator& eval, OperatorPtr child, int var,
                   const sparql::Expr* expr, std::string varName)
    : ctx_(ctx), eval_(eval), child_(std::move(child)), var_(var), expr_(expr),
      varName_(std::move(varName)) {
  startsSolution_ = dynamic_cast<ExtendOp*>(child_.get()) == nullptr;
  maybe = child_->maybe;
  maybe.insert(var);
  certain = child_->certain;
  estimate = child_->estimate;
}

std::string ExtendOp::describe() const {
  return "Bind ?" + varName_ + " := " + sparql::toSExpression(*expr_);
}

void ExtendOp::openImpl(const Row& seed) {
  seedValue_ = seed[var_];
  Row inner = seed;
  inner[var_] = kUnbound;  // the child must not see the variable it is about to define
  child_->open(inner);
}

bool ExtendOp::nextImpl(Row& row) {
  while (child_->next(row)) {
    // BNODE(str) gives one node per string within a solution: a chain of BIND / SELECT
    // expressions over the same row shares it.
    if (startsSolution_) ctx_.functions().newSolution();
    auto value = eval_.eval(*expr_, row);
    TermId id = value ? ctx_.encode(*value) : kUnbound;
    if (seedValue_ != kUnbound && id != seedValue_) continue;
    row[var_] = id;
    return true;
  }
  return false;
}

ValuesOp::ValuesOp(std::vector<Bindings> rows, std::string label)
    : rows_(std::move(rows)), label_(std::move(label)) {
  seedable = true;
  estimate = static_cast<double>(rows_.size());
  bool first = true;
  for (const auto& r : rows_) {
    std::set<int> bound;
    for (const auto& [slot, id] : r) {
      if (id == kUnbound) continue;
      maybe.insert(slot);
      bound.insert(slot);
    }
    if (first) {
      certain = bound;
      first = false;
    } else {
      std::set<int> both;
      std::set_intersection(certain.begin(), certain.end(), bound.begin(), bound.end(),
                            std::inserter(both, both.begin()));
      certain = both;
    }
  }
}

void ValuesOp::openImpl(const Row& seed) {
  seed_ = seed;
  index_ = 0;
}

bool ValuesOp::nextImpl(Row& row) {
  while (index_ < rows_.size()) {
    const Bindings& r = rows_[index_++];
    row = seed_;
    bool ok = true;
    for (const auto& [slot, id] : r) {
      if (id == kUnbound) continue;
      if (row[slot] != kUnbound && row[slot] != id) {
        ok = false;
        break;
      }
      row[slot] = id;
    }
    if (ok) return true;
  }
  return false;
}

GraphVarOp::GraphVarOp(QueryContext& ctx, OperatorPtr inner, int var, std::string varName,
                       std::shared_ptr<std::vector<TermId>> namedGraphs, std::shared_ptr<TermId> current)
    : ctx_(ctx), inner_(std::move(inner)), var_(var), varName_(std::move(varName)),
      namedGraphs_(std::move(namedGraphs)), current_(std::move(current)) {
  maybe = inner_->maybe;
  maybe.insert(var);
  certain = inner_->certain;
  certain.insert(var);
  seedable = false;
  estimate = inner_->estimate;
}

void GraphVarOp::openImpl(const Row& seed) {
  seed_ = seed;
  graphs_.clear();
  index_ = 0;
  innerOpen_ = false;
  std::vector<TermId> all = namedGraphs_ ? *namedGraphs_ : ctx_.reader().namedGraphs();
  if (seed[var_] != kUnbound) {
    if (std::find(all.begin(), all.end(), seed[var_]) != all.end()) graphs_.push_back(seed[var_]);
  } else {
    graphs_ = std::move(all);
  }
}

bool GraphVarOp::nextImpl(Row& row) {
  while (true) {
    if (innerOpen_) {
      *current_ = graphs_[index_ - 1];
      while (inner_->next(row)) {
        TermId g = graphs_[index_ - 1];
        // The pattern may bind ?g itself (GRAPH ?g { ?g ?p ?o }): it must agree.
        if (row[var_] != kUnbound && row[var_] != g) continue;
        row[var_] = g;
        return true;
      }
    }
    if (index_ >= graphs_.size()) return false;
    *current_ = graphs_[index_++];
    inner_->open(seed_);
    innerOpen_ = true;
  }
}

SubqueryOp::SubqueryOp(OperatorPtr inner, std::vector<std::pair<int, int>> mapping, size_t innerWidth)
    : inner_(std::move(inner)), mapping_(std::move(mapping)), innerWidth_(innerWidth) {
  for (const auto& [in, out] : mapping_) {
    maybe.insert(out);
    if (inner_->certain.count(in)) certain.insert(out);
  }
  estimate = inner_->estimate;
}

void SubqueryOp::openImpl(const Row& seed) {
  seed_ = seed;
  inner_->open(Row(innerWidth_, kUnbound));
  inner_row_.assign(innerWidth_, kUnbound);
}

bool SubqueryOp::nextImpl(Row& row) {
  while (inner_->next(inner_row_)) {
    row = seed_;
    bool ok = true;
    for (const auto& [in, out] : mapping_) {
      TermId v = inner_row_[in];
      if (v == kUnbound) continue;
      if (row[out] != kUnbound && row[out] != v) {
        ok = false;
        break;
      }
      row[out] = v;
    }
    if (ok) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Grouping, ordering, projection

GroupOp::GroupOp(QueryContext& ctx, Evaluator& eval, OperatorPtr child, std::vector<Key> keys,
                 std::vector<Aggregate> aggregates, bool implicitGroup)
    : ctx_(ctx), eval_(eval), child_(std::move(child)), keys_(std::move(keys)),
      aggregates_(std::move(aggregates)), implicitGroup_(implicitGroup) {
  for (const auto& k : keys_) {
    if (k.var >= 0) maybe.insert(k.var);
  }
  for (const auto& a : aggregates_) maybe.insert(a.var);
  estimate = keys_.empty() ? 1 : std::max(1.0, child_->estimate / 10);
}

std::string GroupOp::describe() const {
  std::string out = "Group";
  if (!keys_.empty()) {
    out += " by";
    for (const auto& k : keys_) out += " " + sparql::toSExpression(*k.expr);
  }
  if (!aggregates_.empty()) {
    out += " computing";
    for (const auto& a : aggregates_) out += " " + sparql::toSExpression(*a.expr);
  }
  return out;
}

void GroupOp::openImpl(const Row& seed) {
  output_.clear();
  index_ = 0;
  struct Group {
    Row keyRow;
    std::vector<expr::Aggregator> aggs;
  };
  std::unordered_map<std::string, size_t> index;
  std::vector<Group> groups;
  auto newGroup = [&](const Row& keyRow) {
    Group g;
    g.keyRow = keyRow;
    for (const auto& a : aggregates_) {
      auto kind = expr::aggregateKindFromName(a.expr->op);
      if (!kind) throw Error(ErrorCode::kQuery, "unknown aggregate " + a.expr->op);
      std::string separator = a.expr->hasSeparator ? a.expr->separator : " ";
      g.aggs.emplace_back(*kind, a.expr->distinct, separator);
    }
    groups.push_back(std::move(g));
    return groups.size() - 1;
  };
  child_->open(seed);
  Row row(seed.size(), kUnbound);
  std::string key;
  while (child_->next(row)) {
    ctx_.checkInterrupt();
    Row keyRow(seed.size(), kUnbound);
    key.clear();
    for (const auto& k : keys_) {
      auto v = eval_.eval(*k.expr, row);
      TermId id = v ? ctx_.encode(*v) : kUnbound;
      key.append(reinterpret_cast<const char*>(&id), sizeof id);
      if (k.var >= 0) keyRow[k.var] = id;
    }
    auto it = index.find(key);
    size_t gi;
    if (it == index.end()) {
      gi = newGroup(keyRow);
      index.emplace(key, gi);
    } else {
      gi = it->second;
    }
    Group& g = groups[gi];
    for (size_t a = 0; a < aggregates_.size(); ++a) {
      const sparql::Expr* e = aggregates_[a].expr;
      if (e->star) {
        g.aggs[a].addRow();
        continue;
      }
      auto v = e->args.empty() ? std::nullopt : eval_.eval(e->args[0], row);
      if (v) {
        g.aggs[a].add(*v);
      } else {
        g.aggs[a].addError();
      }
    }
  }
  // No rows and no GROUP BY: one group over the empty set.
  if (groups.empty() && implicitGroup_) newGroup(Row(seed.size(), kUnbound));
  for (auto& g : groups) {
    Row out = g.keyRow;
    for (size_t a = 0; a < aggregates_.size(); ++a) {
      auto v = g.aggs[a].result();
      out[aggregates_[a].var] = v ? ctx_.encode(*v) : kUnbound;
    }
    output_.push_back(std::move(out));
  }
}

bool GroupOp::nextImpl(Row& row) {
  if (index_ >= output_.size()) return false;
  row = output_[index_++];
  return true;
}

OrderByOp::OrderByOp(QueryContext& ctx, Evaluator& eval, OperatorPtr child, std::vector<Key> keys,
                     std::optional<uint64_t> topK)
    : ctx_(ctx), eval_(eval), child_(std::move(child)), keys_(std::move(keys)), topK_(topK) {
  maybe = child_->maybe;
  certain = child_->certain;
  estimate = child_->estimate;
}

std::string OrderByOp::describe() const {
  std::string out = "OrderBy";
  for (const auto& k : keys_) {
    out += std::string(" ") + (k.descending ? "desc " : "") + sparql::toSExpression(*k.expr);
  }
  if (topK_) out += " (top " + std::to_string(*topK_) + ")";
  return out;
}

void OrderByOp::openImpl(const Row& seed) {
  rows_.clear();
  index_ = 0;
  child_->open(seed);
  std::vector<std::pair<std::vector<std::optional<Term>>, Row>> keyed;
  Row row(seed.size(), kUnbound);
  while (child_->next(row)) {
    ctx_.checkInterrupt();
    std::vector<std::optional<Term>> k;
    for (const auto& key : keys_) k.push_back(eval_.eval(*key.expr, row));
    keyed.emplace_back(std::move(k), row);
  }
  auto less = [this](const auto& a, const auto& b) {
    for (size_t i = 0; i < keys_.size(); ++i) {
      const Term* x = a.first[i] ? &*a.first[i] : nullptr;
      const Term* y = b.first[i] ? &*b.first[i] : nullptr;
      int c = expr::orderCompare(x, y);
      if (c != 0) return keys_[i].descending ? c > 0 : c < 0;
    }
    return false;
  };
  if (topK_ && *topK_ < keyed.size()) {
    std::partial_sort(keyed.begin(), keyed.begin() + *topK_, keyed.end(), less);
    keyed.resize(*topK_);
    std::stable_sort(keyed.begin(), keyed.end(), less);
  } else {
    std::stable_sort(keyed.begin(), keyed.end(), less);
  }
  rows_.reserve(keyed.size());
  for (auto& k : keyed) rows_.push_back(std::move(k.second));
}

bool OrderByOp::nextImpl(Row& row) {
  if (index_ >= rows_.size()) return false;
  row = rows_[index_++];
  return true;
}

ProjectOp::ProjectOp(OperatorPtr child, std::vector<int> vars, std::string label)
    : child_(std::move(child)), vars_(std::move(vars)), label_(std::move(label)) {
  for (int v : vars_) {
    if (child_->maybe.count(v)) maybe.insert(v);
    if (child_->certain.count(v)) certain.insert(v);
  }
  estimate = child_->estimate;
}

bool ProjectOp::nextImpl(Row& row) {
  if (!child_->next(row)) return false;
  if (keep_.size() != row.size()) {
    keep_.assign(row.size(), false);
    for (int v : vars_) keep_[v] = true;
  }
  for (size_t i = 0; i < row.size(); ++i) {
    if (!keep_[i]) row[i] = kUnbound;
  }
  return true;
}

void DistinctOp::openImpl(const Row& seed) {
  seen_.clear();
  child_->open(seed);
  maybe = child_->maybe;
}

bool DistinctOp::nextImpl(Row& row) {
  while (child_->next(row)) {
    std::string key(reinterpret_cast<const char*>(row.data()), row.size() * sizeof(TermId));
    if (seen_.insert(std::move(key)).second) return true;
  }
  return false;
}

SliceOp::SliceOp(OperatorPtr child, uint64_t offset, std::optional<uint64_t> limit)
    : child_(std::move(child)), offset_(offset), limit_(limit) {
  maybe = child_->maybe;
  certain = child_->certain;
  double rows = std::max(0.0, child_->estimate - static_cast<double>(offset_));
  if (limit_) rows = std::min(rows, static_cast<double>(*limit_));
  estimate = rows;
}

std::string SliceOp::describe() const {
  std::string out = "Slice";
  if (offset_) out += " offset " + std::to_string(offset_);
  if (limit_) out += " limit " + std::to_string(*limit_);
  return out;
}

void SliceOp::openImpl(const Row& seed) {
  skipped_ = 0;
  produced_ = 0;
  if (limit_ && *limit_ == 0) return;
  child_->open(seed);
}

bool SliceOp::nextImpl(Row& row) {
  if (limit_ && produced_ >= *limit_) return false;
  while (skipped_ < offset_) {
    if (!child_->next(row)) return false;
    ++skipped_;
  }
  if (!child_->next(row)) return false;
  ++produced_;
  return true;
}

}  // namespace kg::query
