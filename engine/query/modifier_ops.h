// Solution modifiers: GROUP BY with aggregates, ORDER BY, projection, DISTINCT, slicing.
#pragma once

#include "query/distinct_op.h"
#include "query/group_op.h"
#include "query/operator.h"
#include "query/sort_op.h"

namespace kg::query {

// Keeps the projected slots, clears the others.
class ProjectOp final : public Operator {
 public:
  ProjectOp(OperatorPtr child, std::vector<int> vars, std::string label);
  std::string describe() const override { return label_; }
  std::vector<const Operator*> children() const override { return {child_.get()}; }

 protected:
  void openImpl(const Row& seed) override { child_->open(seed); }
  bool nextImpl(Row& row) override;

 private:
  OperatorPtr child_;
  std::vector<int> vars_;
  std::vector<bool> keep_;
  std::string label_;
};

class SliceOp final : public Operator {
 public:
  SliceOp(OperatorPtr child, uint64_t offset, std::optional<uint64_t> limit);
  std::string describe() const override;
  std::vector<const Operator*> children() const override { return {child_.get()}; }

 protected:
  void openImpl(const Row& seed) override;
  bool nextImpl(Row& row) override;

 private:
  OperatorPtr child_;
  uint64_t offset_;
  std::optional<uint64_t> limit_;
  uint64_t skipped_ = 0, produced_ = 0;
};

}  // namespace kg::query
