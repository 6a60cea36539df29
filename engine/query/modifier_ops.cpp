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
