// Physical operators: a pull-based tree over rows of term ids.
//
// open(seed) starts (or restarts) an operator: variables bound in the seed act as constants
// (SPARQL's substitution, as EXISTS and bind joins need) and every row produced agrees with
// the seed. next(row) fills the next row; false at the end.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "query/evaluator.h"
#include "query/query_context.h"
#include "sparql/ast.h"
#include "storage/index_order.h"

namespace kg::query {

class Operator;
using OperatorPtr = std::unique_ptr<Operator>;

struct ExplainOptions {
  bool analyze = false;
};

class Operator {
 public:
  virtual ~Operator() = default;
  void open(const Row& seed) {
    ++opens_;
    openImpl(seed);
  }
  bool next(Row& row) {
    if (!timing_) {
      if (!nextImpl(row)) return false;
      ++rowsOut_;
      return true;
    }
    auto start = std::chrono::steady_clock::now();
    bool ok = nextImpl(row);
    seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (ok) ++rowsOut_;
    return ok;
  }

  // Variables that rows of this operator may / always bind (beyond the seed).
  std::set<int> maybe, certain;
  // Estimated output rows (for one open with an empty seed).
  double estimate = 0;
  // True when open(seed) with bound variables equals joining with the seed: lets a parent
  // use a bind (index nested-loop) join instead of a hash join.
  bool seedable = false;

  // One line describing this operator, and its children.
  virtual std::string describe() const = 0;
  virtual std::vector<const Operator*> children() const { return {}; }
  void enableTiming();
  void explain(std::string& out, int depth, const ExplainOptions& options) const;

 protected:
  virtual void openImpl(const Row& seed) = 0;
  virtual bool nextImpl(Row& row) = 0;

 private:
  uint64_t rowsOut_ = 0;
  uint64_t opens_ = 0;
  double seconds_ = 0;
  bool timing_ = false;
};

// A term or variable in one position of a scan. Quoted-triple patterns with variables inside
// are matched after the scan.
struct Slot {
  enum class Kind { kConst, kVar, kAny, kQuoted };
  Kind kind = Kind::kAny;
  TermId id = 0;   // kConst (kg::storage::kAny when the store does not know the term)
  std::shared_ptr<Term> term;  // kConst: the term itself
  int var = -1;    // kVar
  // kQuoted: the pattern's three members.
  std::shared_ptr<std::vector<Slot>> quoted;
};

// The graphs a scan may read.
struct GraphScope {
  enum class Kind { kDefault, kNamedVar, kNamedConst };
  Kind kind = Kind::kDefault;
  // kDefault: the graphs merged into the default graph ({0} = the store's default graph).
  std::vector<TermId> defaultGraphs = {storage::kDefaultGraph};
  // kNamedVar / kNamedConst: the graph variable or constant. Inside GRAPH ?g the pattern
  // does not see ?g bound (it is joined afterwards); scans read the graph being visited from
  // `current`, which the GRAPH operator sets.
  int var = -1;
  TermId id = 0;
  std::shared_ptr<TermId> current;
  // The named graphs of the dataset (nullopt = every named graph in the store).
  std::shared_ptr<std::vector<TermId>> namedGraphs;
};

// One triple pattern against the store: one prefix range scan per open.
class ScanOp final : public Operator {
 public:
  ScanOp(QueryContext& ctx, Slot s, Slot p, Slot o, GraphScope graph, std::string text,
         const std::vector<std::string>* varNames);
  std::string describe() const override;
  // Rows when the given variables are bound (planning).
  double estimateWith(const std::set<int>& bound) const;
  const Slot& slot(int pos) const { return slots_[pos]; }
  bool empty() const { return empty_; }
  // The variables bound by earlier operators when this scan runs (for EXPLAIN).
  void setPlannedBound(std::set<int> bound) { plannedBound_ = std::move(bound); }
  // An index whose key continues with `var` right after the constants, so the scan comes out
  // sorted on it (for merge joins). nullopt if no index does.
  std::optional<storage::IndexOrder> orderSortedOn(int var) const;
  void forceOrder(storage::IndexOrder order) { forcedOrder_ = order; }

 protected:
  void openImpl(const Row& seed) override;
  bool nextImpl(Row& row) override;

 private:
  bool openGraph();

  QueryContext& ctx_;
  Slot slots_[4];  // s p o g (g filled from the scope)
  GraphScope graph_;
  std::string text_;
  bool empty_ = false;  // a constant unknown to the store
  std::set<int> plannedBound_;
  mutable double constCount_ = -1;  // rows matching the constants alone (planning)
  std::optional<storage::IndexOrder> forcedOrder_;
  // Iteration state
  Row seed_;
  storage::QuadIds pattern_;
  std::unique_ptr<storage::QuadStream> stream_;
  storage::IndexOrder streamOrder_ = storage::IndexOrder::kSPOG;
  uint64_t streamsOpened_ = 0;  // from the second on, streams are opened restartable
  bool pointLookup_ = false;    // every position bound: contains() instead of a stream
  bool pointFound_ = false;
  std::vector<TermId> graphs_;  // graphs still to scan (default-graph merges)
  size_t graphIndex_ = 0;
  std::unordered_set<std::string> seenTriples_;  // dedupe across merged default graphs
  bool exhausted_ = true;
};

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

// Property path between two slots (engine/query/path_op.cpp).
OperatorPtr makePathOp(QueryContext& ctx, Slot subject, const sparql::Path& path, Slot object,
                       GraphScope graph, std::string text);

// Two rows agree on every variable bound in both.
bool compatible(const Row& a, const Row& b);
// Copies b's bound values into a (a and b compatible).
void merge(Row& a, const Row& b);

}  // namespace kg::query
