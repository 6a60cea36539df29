// Graph pattern operators: OPTIONAL, UNION, MINUS, FILTER, BIND, VALUES, GRAPH ?g, sub-SELECT.
#include "query/pattern_ops.h"

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

}  // namespace kg::query
