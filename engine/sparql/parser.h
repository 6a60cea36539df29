// SPARQL 1.1 Query/Update (+ SPARQL-star) parser: text -> AST (sparql/ast.h).
// No ANTLR types in this header. Thread-safe: the functions may be called concurrently.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>

#include "kg/error.h"
#include "sparql/ast.h"

namespace kg::sparql {

// A syntax or static-semantics error at a position of the source text. It is a
// kg::PositionedError with code kg::ErrorCode::kSyntax (so a std::runtime_error too):
// line() and column() are 1-based (column in code points), message() is the short message
// without the position, what() is "line:column: message".
class SyntaxError : public kg::PositionedError {
 public:
  SyntaxError(uint64_t line, uint64_t column, std::string message);

  // "line 3, column 12: <message>\n<the source line>\n<spaces>^"
  std::string render(std::string_view source) const;
};

// Parses a query (SELECT / CONSTRUCT / ASK / DESCRIBE). Throws SyntaxError.
// baseIri: the base for relative IRIs (a BASE in the text is resolved against it). May be
// empty: relative IRIs then stay as written in a query, and are an error in an update (the
// store holds absolute IRIs only).
Query parseQuery(std::string_view text, std::string_view baseIri = "");

// Parses an update request (operations separated by ';'). Throws SyntaxError.
UpdateRequest parseUpdate(std::string_view text, std::string_view baseIri = "");

// Either one, decided by the first token after the prologue: an update keyword (INSERT,
// DELETE, WITH, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY) or the end of the text makes an
// update, anything else is parsed as a query (an unknown first word gets a message naming
// both). Useful for a REPL.
using ParsedStatement = std::variant<Query, UpdateRequest>;
ParsedStatement parseStatement(std::string_view text, std::string_view baseIri = "");

// True when the text (after its prologue) starts a query rather than an update.
bool looksLikeQuery(std::string_view text);

// Debug printer: a stable S-expression of the AST, e.g.
// (select (project ?x) (where (group (bgp (triple ?x <http://a> "1"^^<...#integer>))))).
// Variables print as ?name, blank-node variables of patterns as ?_:label, paths as
// (seq ..) (alt ..) (inv ..) (* ..) (+ ..) (? ..) (! ..), quoted triples as << s p o >>.
std::string toSExpression(const Query& query);
std::string toSExpression(const UpdateRequest& update);
std::string toSExpression(const Expr& expr);
std::string toSExpression(const GroupPattern& group);

// Maximum nesting of brackets ( [ { << accepted; deeper input is a SyntaxError. At this depth
// parsing needs about 1 MB of stack.
inline constexpr int kMaxNesting = 128;

// Maximum depth of an expression tree (`?a + ?b + ...` nests one level per operator, brackets
// add theirs): the planner and the evaluator walk expressions recursively. Deeper is a
// SyntaxError. `||` and `&&` chains are balanced, so they stay far below it. An AddressSanitizer
// build spends several kilobytes of stack per level (a chain of 2,000 overflowed 8 MB), so it
// refuses deeper trees sooner.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr int kMaxExpressionDepth = 1024;
#else
inline constexpr int kMaxExpressionDepth = 4096;
#endif

// Maximum size of the text. The parse tree takes about 200-300 bytes of memory per byte of
// text at its peak, so bulk data belongs in files loaded with the RDF parsers (kg load).
inline constexpr size_t kMaxInputBytes = size_t{8} << 20;

}  // namespace kg::sparql
