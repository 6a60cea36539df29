// Joins of two operators: index nested loop, hash and merge.
#include "query/join_ops.h"

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

}  // namespace kg::query
