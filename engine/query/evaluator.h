// Evaluates SPARQL expressions (AST nodes) against a row, with kg_expr's value semantics.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "query/query_context.h"
#include "sparql/ast.h"

namespace kg::query {

class Operator;

// Variable names <-> row slots for one query (a subquery has its own table).
class VarTable {
 public:
  int slot(const std::string& name);                 // adds the variable if new
  std::optional<int> find(const std::string& name) const;
  const std::string& name(int slot) const { return names_[slot]; }
  size_t size() const { return names_.size(); }
  // A slot for an internal value (aggregate results, projection temporaries).
  int hidden(const std::string& label);
  const std::vector<std::string>& names() const { return names_; }
  // Whether the slot is a variable of the query, as opposed to an internal value or a
  // pattern's blank node ("_:b"): what SELECT *, DESCRIBE * and COUNT(DISTINCT *) see.
  bool visible(int slot) const {
    const std::string& n = names_[slot];
    return !n.empty() && n[0] != '.' && n.rfind("_:", 0) != 0;
  }

 private:
  std::unordered_map<std::string, int> slots_;
  std::vector<std::string> names_;
};

class Evaluator {
 public:
  Evaluator(QueryContext& ctx, VarTable& vars) : ctx_(ctx), vars_(vars) {}

  // nullopt = expression error (unbound variable, type error, ...).
  std::optional<Term> eval(const sparql::Expr& expr, const Row& row);
  // Effective boolean value of the expression (false on error), as FILTER uses it.
  bool test(const sparql::Expr& expr, const Row& row);

  // The row slot of a variable, if the query has it.
  std::optional<int> slotOf(const sparql::Var& v) const { return vars_.find(v.name); }

  // Where aggregate results live (set by the planner).
  void setAggregateSlot(const sparql::Expr* aggregate, int slot) { aggregateSlots_[aggregate] = slot; }
  // Builds the operator for an EXISTS pattern (set by the planner).
  using ExistsCompiler = std::function<Operator*(const sparql::Expr*)>;
  void setExistsCompiler(ExistsCompiler compiler) { existsCompiler_ = std::move(compiler); }

  // The variables an expression mentions (EXISTS patterns included).
  static void collectVars(const sparql::Expr& expr, std::vector<std::string>& out);

 private:
  std::optional<Term> evalBuiltin(const sparql::Expr& expr, const Row& row);
  std::optional<Term> var(const sparql::Var& v, const Row& row);

  QueryContext& ctx_;
  VarTable& vars_;
  std::unordered_map<const sparql::Expr*, int> aggregateSlots_;
  ExistsCompiler existsCompiler_;
};

}  // namespace kg::query
