// A compiled query ready to run against one reader: the AST it points into, the per-query
// context, the planner that owns the operator tree, and the root operator.
#pragma once

#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "kg/query.h"
#include "query/planner.h"
#include "sparql/ast.h"

namespace kg::query {

class PreparedQuery {
 public:
  // Compiles `query` against `reader` (which must outlive this object).
  PreparedQuery(std::shared_ptr<const sparql::Query> query, const storage::QuadReader& reader,
                const QueryOptions& options);

  QueryForm form() const { return form_; }
  const std::vector<std::string>& variables() const { return variables_; }
  // The prefixes declared in the query's prologue (with the predeclared ones).
  const std::map<std::string, std::string>& prefixes() const { return query_->prefixes; }

  // Starts evaluation (parameters become the seed row).
  void start();
  // SELECT rows / CONSTRUCT-DESCRIBE triples, decoded.
  bool next(Solution& out);
  // Raw rows of the WHERE pattern after modifiers (for updates and ASK).
  bool nextRow(Row& row);
  uint64_t rows() const { return rows_; }

  // EXPLAIN text (with actual figures after a run when analyze was enabled before start()).
  std::string explain(bool analyze) const;
  void enableTiming() { root_->enableTiming(); }

  QueryContext& context() { return *ctx_; }
  VarTable& vars() { return planner_->vars(); }

 private:
  // Counts a delivered row; past QueryOptions::maxRows, throws the row cap error.
  void countRow();
  // SELECT: pulls the next rows and decodes their terms in one batch; false at the end.
  bool fillSelectBatch();
  bool nextTemplateTriple(Solution& out);
  bool nextDescribeTriple(Solution& out);
  std::optional<Term> instantiate(const sparql::TermPattern& t, const Row& row);

  std::shared_ptr<const sparql::Query> query_;
  QueryOptions options_;
  std::unique_ptr<QueryContext> ctx_;
  std::unique_ptr<Planner> planner_;
  OperatorPtr root_;
  QueryForm form_;
  std::vector<std::string> variables_;
  std::vector<int> projected_;
  Row row_;
  uint64_t rows_ = 0;
  // SELECT rows pulled ahead of the caller, their projected ids decoded together.
  struct SelectBatch {
    static constexpr size_t kMaxRows = 1024;
    size_t capacity = 16;            // rows the next fill pulls at most
    size_t rows = 0, next = 0;       // rows held, the next one to deliver
    std::vector<int> cells;          // per row and projected column: index into terms, -1 unbound
    std::vector<TermId> ids;         // the bound ids, in cell order
    std::vector<Term> terms;         // their terms
    bool done = false;               // the operator tree is exhausted
    std::exception_ptr error;        // raised by the tree after the held rows
  };
  SelectBatch batch_;
  // CONSTRUCT: the template instantiated for the current row.
  std::vector<std::array<Term, 3>> pending_;
  size_t pendingIndex_ = 0;
  bool rootDone_ = false;  // the plan's root has returned its last row
  std::unordered_set<std::string> emitted_;
  uint64_t solutionNumber_ = 0;
  // DESCRIBE: resources still to describe.
  std::vector<TermId> describeQueue_;
  std::unordered_set<TermId> described_;
  bool describeCollected_ = false;
};

// Builds the dataset of FROM / FROM NAMED (or of `requested`, when given) against a reader.
Dataset datasetFor(const sparql::Query& query, const storage::QuadReader& reader,
                   const std::optional<DatasetSpec>& requested = std::nullopt);

}  // namespace kg::query
