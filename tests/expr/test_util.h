#pragma once

#include <string>
#include <vector>

#include "expr/functions.h"
#include "expr/values.h"
#include "kg/term.h"

namespace kgtest {

inline const std::string kX = "http://www.w3.org/2001/XMLSchema#";

inline kg::Term S(std::string s) { return kg::Term::literal(std::move(s)); }
inline kg::Term LS(std::string s, std::string lang) { return kg::Term::literal(std::move(s), {}, std::move(lang)); }
// Typed literal with an xsd local name: X("1", "integer").
inline kg::Term X(std::string lex, const std::string& local) { return kg::Term::literal(std::move(lex), kX + local); }
inline kg::Term Int(const std::string& lex) { return X(lex, "integer"); }
inline kg::Term Dec(const std::string& lex) { return X(lex, "decimal"); }
inline kg::Term Dbl(const std::string& lex) { return X(lex, "double"); }
inline kg::Term Flt(const std::string& lex) { return X(lex, "float"); }
inline kg::Term Bool(bool b) { return X(b ? "true" : "false", "boolean"); }
inline kg::Term DT(const std::string& lex) { return X(lex, "dateTime"); }
inline kg::Term Iri(std::string s) { return kg::Term::iri(std::move(s)); }
inline kg::Term Bn(std::string s) { return kg::Term::blank(std::move(s)); }

// Renders an optional term for readable failures: "ERROR" or N-Triples.
inline std::string R(const std::optional<kg::Term>& t) { return t ? t->toNTriples() : "ERROR"; }
inline std::string R(const std::optional<bool>& b) { return b ? (*b ? "true" : "false") : "ERROR"; }

inline std::optional<kg::Term> call(const std::string& name, std::vector<kg::Term> args) {
  static kg::expr::FunctionContext ctx("http://example.org/base/");
  return kg::expr::callBuiltin(name, args, ctx);
}

}  // namespace kgtest
