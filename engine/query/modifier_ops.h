// Solution modifiers: GROUP BY with aggregates, ORDER BY, projection, DISTINCT, slicing.
#pragma once

#include "query/operator.h"

namespace kg::query {

// GROUP BY + aggregates: groups the child's rows; outputs group keys and aggregate values.
class GroupOp final : public Operator {
 public:
  struct Key {
    const sparql::Expr* expr;
    int var;  // where the key value goes (-1: nowhere)
  };
  struct Aggregate {
    const sparql::Expr* expr;  // kAggregate
    int var;                   // hidden slot for the result
  };
  GroupOp(QueryContext& ctx, Evaluator& eval, OperatorPtr child, std::vector<Key> keys,
          std::vector<Aggregate> aggregates, bool implicitGroup);
  std::string describe() const override;
  std::vector<const Operator*> children() const override { return {child_.get()}; }

 protected:
  void openImpl(const Row& seed) override;
  bool nextImpl(Row& row) override;

 private:
  QueryContext& ctx_;
  Evaluator& eval_;
  OperatorPtr child_;
  std::vector<Key> keys_;
  std::vector<Aggregate> aggregates_;
  bool implicitGroup_;
  std::vector<Row> output_;
  size_t index_ = 0;
};

class OrderByOp final : public Operator {
 public:
  struct Key {
    const sparql::Expr* expr;
    bool descending;
  };
  OrderByOp(QueryContext& ctx, Evaluator& eval, OperatorPtr child, std::vector<Key> keys,
            std::optional<uint64_t> topK);
  std::string describe() const override;
  std::vector<const Operator*> children() const override { return {child_.get()}; }

 protected:
  void openImpl(const Row& seed) override;
  bool nextImpl(Row& row) override;

 private:
  QueryContext& ctx_;
  Evaluator& eval_;
  OperatorPtr child_;
  std::vector<Key> keys_;
  std::optional<uint64_t> topK_;
  std::vector<Row> rows_;
  size_t index_ = 0;
};

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

class DistinctOp final : public Operator {
 public:
  explicit DistinctOp(OperatorPtr child) : child_(std::move(child)) {}
  std::string describe() const override { return "Distinct"; }
  std::vector<const Operator*> children() const override { return {child_.get()}; }

 protected:
  void openImpl(const Row& seed) override;
  bool nextImpl(Row& row) override;

 private:
  OperatorPtr child_;
  std::unordered_set<std::string> seen_;
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
