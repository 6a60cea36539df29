// SPARQL 1.1 value semantics over kg::Term (spec section 17): effective boolean value,
// comparison operators, arithmetic, the ORDER BY order, logical connectives.
//
// Errors are values: std::nullopt means "SPARQL expression error".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kg/term.h"

namespace kg::expr {

// 17.2.2 Effective boolean value. Ill-typed booleans and numerics are false; IRIs, blank
// nodes, quoted triples and literals of other datatypes are errors.
std::optional<bool> effectiveBooleanValue(const Term& t);

// `=`: value equality for numerics (with promotion), strings, booleans and dateTimes
// (timezone rules); RDFterm-equal otherwise, which is an error for two different literals
// whose values cannot be compared (unknown datatypes, ill-typed lexical forms).
// Literals of different known datatypes are unequal (false).
std::optional<bool> rdfEquals(const Term& a, const Term& b);
// `!=`: the negation of rdfEquals (errors stay errors). NaN != NaN is true.
std::optional<bool> rdfNotEquals(const Term& a, const Term& b);

// Result of compareValues when a NaN is involved: every comparison is false.
inline constexpr int kCompareUnordered = 2;
// Ordering for < > <= >=: -1, 0, 1, kCompareUnordered (NaN), or nullopt when the operands
// are not comparable (numerics, simple/xsd:string literals, booleans, dateTimes, dates).
std::optional<int> compareValues(const Term& a, const Term& b);

enum class CompareOp { kEq, kNe, kLt, kGt, kLe, kGe };
// Evaluates one of the six comparison operators with all of the above rules.
std::optional<bool> evalCompare(CompareOp op, const Term& a, const Term& b);

// Binary arithmetic: op is '+', '-', '*' or '/'. Operands must be numerics with valid
// lexical forms. Result has the promoted type in canonical form; integer/integer is decimal.
std::optional<Term> arithmetic(char op, const Term& a, const Term& b);
// Unary minus / plus: op is '-' or '+'.
std::optional<Term> unaryArithmetic(char op, const Term& a);

// ORDER BY comparison (negative, 0, positive). nullptr (unbound) < blank nodes < IRIs <
// literals < quoted triples. Literals: simple/xsd:string, then language-tagged, then numerics
// (by value), booleans, dateTimes, dates, then other typed literals (by datatype, lexical form).
// Ties in value are broken by datatype and lexical form so the order is total.
int orderCompare(const Term* a, const Term* b);
inline int orderCompare(const Term& a, const Term& b) { return orderCompare(&a, &b); }

// `||` and `&&` with the error truth table of 17.2 (nullopt = error).
std::optional<bool> logicalOr(std::optional<bool> a, std::optional<bool> b);
std::optional<bool> logicalAnd(std::optional<bool> a, std::optional<bool> b);
std::optional<bool> logicalNot(std::optional<bool> a);

// IN: true if some element is `=` to the value; else error if some comparison was an error;
// else false. NOT IN is logicalNot(inList(...)). A nullopt element is an error element.
std::optional<bool> inList(const Term& value, const std::vector<std::optional<Term>>& list);

// Numeric helpers.
bool isNumericLiteral(const Term& t);       // numeric datatype with a valid lexical form
bool hasNumericDatatype(const Term& t);     // numeric datatype, lexical form not checked
std::optional<double> numericAsDouble(const Term& t);
std::optional<long long> numericAsInt64(const Term& t);  // integers in int64 range only
// The literal in the canonical form of its (primitive) numeric type, e.g. "01"^^xsd:int ->
// "1"^^xsd:integer; nullopt for non-numerics or ill-typed literals.
std::optional<Term> canonicalNumeric(const Term& t);
Term integerTerm(long long v);
Term doubleTerm(double v);
Term booleanTerm(bool v);
// Parses an xsd:boolean literal ("true", "false", "1", "0"); nullopt otherwise.
std::optional<bool> booleanValue(const Term& t);

// The "string literal" of 17.4.3: simple, xsd:string, or language-tagged.
bool isStringLiteral(const Term& t);

}  // namespace kg::expr
