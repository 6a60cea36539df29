// Joins of two operators: index nested loop, hash and merge.
#pragma once

#include "query/operator.h"

namespace kg::query {

// Index nested-loop join: for each left row, open the right side with it as the seed.
class BindJoinOp final : public Operator {
 public:
  BindJoinOp(OperatorPtr left, OperatorPtr right);
  std::string describe() const override { return "NestedLoopJoin"; }
  std::vector<const Operator*> children() const override { return {left_.get(), right_.get()}; }

 protected:
  void openImpl(const Row& seed) override;
  bool nextImpl(Row& row) override;

 private:
  OperatorPtr left_, right_;
  Row leftRow_;
  bool rightOpen_ = false;
};

// Hash join on the variables both sides always bind; other shared variables are checked for
// compatibility. The right side is built once per open.
class HashJoinOp final : public Operator {
 public:
  HashJoinOp(QueryContext& ctx, OperatorPtr left, OperatorPtr right);
  std::string describe() const override;
  std::vector<const Operator*> children() const override { return {left_.get(), right_.get()}; }

 protected:
  void openImpl(const Row& seed) override;
  bool nextImpl(Row& row) override;

 private:
  QueryContext& ctx_;
  OperatorPtr left_, right_;
  std::vector<int> keyVars_, checkVars_;
  std::unordered_multimap<uint64_t, Row> table_;
  std::vector<Row> rows_;  // when there is no key
  Row leftRow_;
  std::vector<const Row*> matches_;
  size_t matchIndex_ = 0;
};

// Merge join of two inputs sorted on one variable (both scans of index prefixes).
class MergeJoinOp final : public Operator {
 public:
  MergeJoinOp(QueryContext& ctx, OperatorPtr left, OperatorPtr right, int var,
              const std::string& varName);
  std::string describe() const override { return "MergeJoin on ?" + varName_; }
  std::vector<const Operator*> children() const override { return {left_.get(), right_.get()}; }

 protected:
  void openImpl(const Row& seed) override;
  bool nextImpl(Row& row) override;

 private:
  bool advanceLeft();
  bool fillRightGroup();
  QueryContext& ctx_;
  OperatorPtr left_, right_;
  int var_;
  std::string varName_;
  Row leftRow_, rightRow_;
  bool leftValid_ = false, rightValid_ = false;
  std::vector<Row> group_;  // right rows with the current key
  TermId groupKey_ = 0;
  size_t groupIndex_ = 0;
};

}  // namespace kg::query
