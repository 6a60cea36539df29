// Graph pattern operators: OPTIONAL, UNION, MINUS, FILTER, BIND, VALUES, GRAPH ?g, sub-SELECT,
// and property paths.
#pragma once

#include "query/operator.h"

namespace kg::query {

// OPTIONAL: left rows extended by compatible right rows passing the condition, or alone.
class LeftJoinOp final : public Operator {
 public:
  LeftJoinOp(QueryContext& ctx, Evaluator& eval, OperatorPtr left, OperatorPtr right,
             std::vector<const sparql::Expr*> conditions);
  std::string describe() const override;
  std::vector<const Operator*> children() const override { return {left_.get(), right_.get()}; }

 protected:
  void openImpl(const Row& seed) override;
  bool nextImpl(Row& row) override;

 private:
  bool passes(const Row& row);
  QueryContext& ctx_;
  Evaluator& eval_;
  OperatorPtr left_, right_;
  std::vector<const sparql::Expr*> conditions_;
  bool bind_;  // right side opened per left row
  std::vector<Row> rightRows_;
  Row seed_, leftRow_;
  bool haveLeft_ = false, matched_ = false, rightOpen_ = false;
  size_t rightIndex_ = 0;
};

class UnionOp final : public Operator {
 public:
  explicit UnionOp(std::vector<OperatorPtr> branches);
  std::string describe() const override { return "Union"; }
  std::vector<const Operator*> children() const override;

 protected:
  void openImpl(const Row& seed) override;
  bool nextImpl(Row& row) override;

 private:
  std::vector<OperatorPtr> branches_;
  Row seed_;
  size_t current_ = 0;
};

class MinusOp final : public Operator {
 public:
  MinusOp(OperatorPtr left, OperatorPtr right);
  std::string describe() const override { return "Minus"; }
  std::vector<const Operator*> children() const override { return {left_.get(), right_.get()}; }

 protected:
  void openImpl(const Row& seed) override;
  bool nextImpl(Row& row) override;

 private:
  OperatorPtr left_, right_;
  std::vector<Row> rightRows_;
};

class FilterOp final : public Operator {
 public:
  FilterOp(Evaluator& eval, OperatorPtr child, std::vector<const sparql::Expr*> conditions);
  std::string describe() const override;
  std::vector<const Operator*> children() const override { return {child_.get()}; }
  void skipTo(int var, TermId value) override { child_->skipTo(var, value); }
  std::vector<int> probeKey(const std::set<int>& bound) const override { return child_->probeKey(bound); }
  void keepOrder() override { child_->keepOrder(); }

 protected:
  void openImpl(const Row& seed) override { child_->open(seed); }
  bool nextImpl(Row& row) override;

 private:
  Evaluator& eval_;
  OperatorPtr child_;
  std::vector<const sparql::Expr*> conditions_;
};

// BIND / projection expressions: row[var] = expr (left unbound on error).
class ExtendOp final : public Operator {
 public:
  ExtendOp(QueryContext& ctx, Evaluator& eval, OperatorPtr child, int var,
           const sparql::Expr* expr, std::string varName);
  std::string describe() const override;
  std::vector<const Operator*> children() const override { return {child_.get()}; }

 protected:
  void openImpl(const Row& seed) override;
  bool nextImpl(Row& row) override;

 private:
  QueryContext& ctx_;
  Evaluator& eval_;
  OperatorPtr child_;
  int var_;
  const sparql::Expr* expr_;
  std::string varName_;
  TermId seedValue_ = kUnbound;
  bool startsSolution_ = true;
};

// VALUES and the empty group: fixed rows, each a list of (slot, value) bindings.
class ValuesOp final : public Operator {
 public:
  using Bindings = std::vector<std::pair<int, TermId>>;
  ValuesOp(std::vector<Bindings> rows, std::string label);
  std::string describe() const override { return label_; }

 protected:
  void openImpl(const Row& seed) override;
  bool nextImpl(Row& row) override;

 private:
  std::vector<Bindings> rows_;
  std::string label_;
  Row seed_;
  size_t index_ = 0;
};

// GRAPH ?g { ... }: the inner pattern once per named graph, with ?g bound.
class GraphVarOp final : public Operator {
 public:
  GraphVarOp(QueryContext& ctx, OperatorPtr inner, int var, std::string varName,
             std::shared_ptr<std::vector<TermId>> namedGraphs, std::shared_ptr<TermId> current);
  std::string describe() const override { return "Graph ?" + varName_ + " (each named graph)"; }
  std::vector<const Operator*> children() const override { return {inner_.get()}; }

 protected:
  void openImpl(const Row& seed) override;
  bool nextImpl(Row& row) override;

 private:
  QueryContext& ctx_;
  OperatorPtr inner_;
  int var_;
  std::string varName_;
  std::shared_ptr<std::vector<TermId>> namedGraphs_;
  std::shared_ptr<TermId> current_;
  std::vector<TermId> graphs_;
  size_t index_ = 0;
  Row seed_;
  bool innerOpen_ = false;
};

// Sub-SELECT: runs with its own variable slots and maps projected variables out.
class SubqueryOp final : public Operator {
 public:
  SubqueryOp(OperatorPtr inner, std::vector<std::pair<int, int>> mapping, size_t innerWidth);
  std::string describe() const override { return "Subquery"; }
  std::vector<const Operator*> children() const override { return {inner_.get()}; }

 protected:
  void openImpl(const Row& seed) override;
  bool nextImpl(Row& row) override;

 private:
  OperatorPtr inner_;
  std::vector<std::pair<int, int>> mapping_;  // inner slot -> outer slot
  size_t innerWidth_;
  Row seed_, inner_row_;
};

// Property path between two slots (engine/query/path_op.cpp).
OperatorPtr makePathOp(QueryContext& ctx, Slot subject, const sparql::Path& path, Slot object,
                       GraphScope graph, std::string text);

}  // namespace kg::query
