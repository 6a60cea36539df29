// Solution modifiers: GROUP BY with aggregates, ORDER BY, projection, DISTINCT, slicing.
#include "query/modifier_ops.h"

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
