#include "query/evaluator.h"

#include "expr/expr.h"
#include "kg/error.h"
#include "query/operators.h"

namespace kg::query {

using sparql::Expr;

int VarTable::slot(const std::string& name) {
  auto it = slots_.find(name);
  if (it != slots_.end()) return it->second;
  int s = static_cast<int>(names_.size());
  names_.push_back(name);
  slots_.emplace(name, s);
  return s;
}

std::optional<int> VarTable::find(const std::string& name) const {
  auto it = slots_.find(name);
  if (it == slots_.end()) return std::nullopt;
  return it->second;
}

int VarTable::hidden(const std::string& label) {
  std::string name = "." + label + std::to_string(names_.size());
  return slot(name);
}

std::optional<Term> Evaluator::var(const sparql::Var& v, const Row& row) {
  auto s = vars_.find(v.name);
  if (!s || static_cast<size_t>(*s) >= row.size() || row[*s] == kUnbound) return std::nullopt;
  return ctx_.decode(row[*s]);
}

bool Evaluator::test(const Expr& expr, const Row& row) {
  auto value = eval(expr, row);
  if (!value) return false;
  return expr::effectiveBooleanValue(*value).value_or(false);
}

namespace {

std::optional<bool> ebv(const std::optional<Term>& t) {
  if (!t) return std::nullopt;
  return expr::effectiveBooleanValue(*t);
}

std::optional<expr::CompareOp> compareOp(const std::string& op) {
  if (op == "=") return expr::CompareOp::kEq;
  if (op == "!=") return expr::CompareOp::kNe;
  if (op == "<") return expr::CompareOp::kLt;
  if (op == ">") return expr::CompareOp::kGt;
  if (op == "<=") return expr::CompareOp::kLe;
  if (op == ">=") return expr::CompareOp::kGe;
  return std::nullopt;
}

}  // namespace

std::optional<Term> Evaluator::eval(const Expr& e, const Row& row) {
  switch (e.kind) {
    case Expr::Kind::kVar:
      return var(e.var, row);
    case Expr::Kind::kTerm:
      return e.term;
    case Expr::Kind::kUnary: {
      auto a = eval(e.args[0], row);
      if (e.op == "!") {
        auto b = expr::logicalNot(ebv(a));
        if (!b) return std::nullopt;
        return expr::booleanTerm(*b);
      }
      if (!a) return std::nullopt;
      return expr::unaryArithmetic(e.op[0], *a);
    }
    case Expr::Kind::kBinary: {
      if (e.op == "||" || e.op == "&&") {
        auto a = ebv(eval(e.args[0], row));
        // Short-circuit only where the truth table allows it.
        if (e.op == "||" && a && *a) return expr::booleanTerm(true);
        if (e.op == "&&" && a && !*a) return expr::booleanTerm(false);
        auto b = ebv(eval(e.args[1], row));
        auto r = e.op == "||" ? expr::logicalOr(a, b) : expr::logicalAnd(a, b);
        if (!r) return std::nullopt;
        return expr::booleanTerm(*r);
      }
      auto a = eval(e.args[0], row);
      if (!a) return std::nullopt;
      auto b = eval(e.args[1], row);
      if (!b) return std::nullopt;
      if (auto op = compareOp(e.op)) {
        auto r = expr::evalCompare(*op, *a, *b);
        if (!r) return std::nullopt;
        return expr::booleanTerm(*r);
      }
      return expr::arithmetic(e.op[0], *a, *b);
    }
    case Expr::Kind::kIn:
    case Expr::Kind::kNotIn: {
      auto value = eval(e.args[0], row);
      if (!value) return std::nullopt;
      std::vector<std::optional<Term>> list;
      for (size_t i = 1; i < e.args.size(); ++i) list.push_back(eval(e.args[i], row));
      auto r = expr::inList(*value, list);
      if (e.kind == Expr::Kind::kNotIn) r = expr::logicalNot(r);
      if (!r) return std::nullopt;
      return expr::booleanTerm(*r);
    }
    case Expr::Kind::kBuiltin:
      return evalBuiltin(e, row);
    case Expr::Kind::kFunction: {
      std::vector<Term> args;
      for (const auto& a : e.args) {
        auto v = eval(a, row);
        if (!v) return std::nullopt;
        args.push_back(std::move(*v));
      }
      return expr::callFunction(e.op, args, ctx_.functions());
    }
    case Expr::Kind::kExists:
    case Expr::Kind::kNotExists: {
      if (!existsCompiler_) throw Error(ErrorCode::kQuery, "EXISTS is not available here");
      Operator* op = existsCompiler_(&e);
      op->open(row);
      Row probe(row.size(), kUnbound);
      bool found = op->next(probe);
      return expr::booleanTerm(e.kind == Expr::Kind::kExists ? found : !found);
    }
    case Expr::Kind::kAggregate: {
      auto it = aggregateSlots_.find(&e);
      if (it == aggregateSlots_.end()) {
        throw Error(ErrorCode::kQuery, "aggregate " + e.op + " used outside a grouped query");
      }
      if (row[it->second] == kUnbound) return std::nullopt;
      return ctx_.decode(row[it->second]);
    }
    case Expr::Kind::kQuotedTriple: {
      std::vector<Term> parts;
      for (const auto& a : e.args) {
        auto v = eval(a, row);
        if (!v) return std::nullopt;
        parts.push_back(std::move(*v));
      }
      if (parts.size() != 3 || parts[0].isLiteral() || !parts[1].isIri()) return std::nullopt;
      return Term::quoted(parts[0], parts[1], parts[2]);
    }
  }
  return std::nullopt;
}

std::optional<Term> Evaluator::evalBuiltin(const Expr& e, const Row& row) {
  const std::string& name = e.op;
  if (name == "BOUND") {
    if (e.args.empty() || e.args[0].kind != Expr::Kind::kVar) return std::nullopt;
    return expr::booleanTerm(var(e.args[0].var, row).has_value());
  }
  if (name == "IF") {
    if (e.args.size() != 3) return std::nullopt;
    auto c = ebv(eval(e.args[0], row));
    if (!c) return std::nullopt;
    return eval(e.args[*c ? 1 : 2], row);
  }
  if (name == "COALESCE") {
    for (const auto& a : e.args) {
      if (auto v = eval(a, row)) return v;
    }
    return std::nullopt;
  }
  std::vector<Term> args;
  args.reserve(e.args.size());
  for (const auto& a : e.args) {
    auto v = eval(a, row);
    if (!v) return std::nullopt;
    args.push_back(std::move(*v));
  }
  return expr::callBuiltin(name, args, ctx_.functions());
}

void Evaluator::collectVars(const Expr& e, std::vector<std::string>& out) {
  if (e.kind == Expr::Kind::kVar) out.push_back(e.var.name);
  for (const auto& a : e.args) collectVars(a, out);
}

}  // namespace kg::query
