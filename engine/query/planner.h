// From the AST to a tree of physical operators. Follows the SPARQL algebra translation
// (spec section 18.2): groups become joins of their parts, OPTIONAL a left join with its
// filter, GRAPH a change of graph scope, then grouping, HAVING, VALUES, projection
// expressions, ORDER BY, projection, DISTINCT and slicing. Basic graph patterns are ordered
// from the store's statistics and run as index nested-loop (or merge) joins of prefix scans;
// filters sit right after the scan that binds their last variable.
#pragma once

#include <map>
#include <set>
#include <memory>
#include <string>
#include <vector>

#include "query/evaluator.h"
#include "query/operators.h"
#include "query/query_context.h"
#include "sparql/ast.h"

namespace kg::query {

// The RDF dataset a query reads (FROM / FROM NAMED, else the whole store).
// Whether the graph holds a quad: a named graph of the store exists while it does, so a
// dataset's named graphs are those of its IRIs that hold one.
bool graphHoldsQuads(const storage::QuadReader& reader, TermId graph);

struct Dataset {
  std::vector<TermId> defaultGraphs = {storage::kDefaultGraph};
  std::shared_ptr<std::vector<TermId>> namedGraphs;  // sorted; null = every named graph
};

class Planner {
 public:
  Planner(QueryContext& ctx, Dataset dataset);
  ~Planner();

  VarTable& vars() { return *vars_; }
  Evaluator& evaluator() { return *eval_; }

  // The whole query: pattern and solution modifiers. For SELECT, `projected` receives the
  // projected slots in order; for CONSTRUCT/DESCRIBE/ASK the modifiers apply, no projection.
  OperatorPtr compileQuery(const sparql::Query& query, std::vector<int>* projected,
                           const GraphScope* scope = nullptr);

  // A WHERE pattern in a given graph scope (also used for update WHERE clauses).
  OperatorPtr compileGroup(const sparql::GroupPattern& group, const GraphScope& scope);

  GraphScope defaultScope() const;
  const Dataset& dataset() const { return dataset_; }

 private:
  OperatorPtr compileBgp(std::vector<const sparql::TriplePattern*> triples, const GraphScope& scope,
                         std::vector<const sparql::Expr*>& filters);
  OperatorPtr compileElement(const sparql::PatternElement& element, const GraphScope& scope);
  OperatorPtr join(OperatorPtr left, OperatorPtr right);
  Slot slotFor(const sparql::TermPattern& term);
  TermId constantId(const Term& term);
  std::string patternText(const sparql::TriplePattern& t) const;
  std::string pathText(const sparql::Path& path) const;
  std::string termText(const sparql::TermPattern& t) const;
  OperatorPtr unit();
  // Compiles the EXISTS patterns inside an expression for the given scope, and gives every
  // variable the expression mentions a slot (so parameters can bind it).
  void prepareExists(const sparql::Expr& expr, const GraphScope& scope);
  OperatorPtr compileSubquery(const sparql::Query& sub, const GraphScope& scope);
  std::string shortIri(const std::string& iri) const;

  QueryContext& ctx_;
  Dataset dataset_;
  std::unique_ptr<VarTable> vars_;
  std::unique_ptr<Evaluator> eval_;
  std::map<const sparql::Expr*, OperatorPtr> existsOps_;
  std::vector<std::unique_ptr<Planner>> subplanners_;
  std::vector<std::shared_ptr<sparql::GroupPattern>> keptGroups_;  // rewritten groups in use
  std::map<std::string, std::string> prefixes_;  // for readable plans
  // Variables bound by the caller when the pattern being compiled runs (the right side of an
  // OPTIONAL, an EXISTS): its join order treats them as constants and avoids hash tables.
  std::set<int> seedHint_;
  // Names of the variables the query's patterns bind (EXISTS patterns see them bound).
  std::set<std::string> outerVars_;
};

}  // namespace kg::query
