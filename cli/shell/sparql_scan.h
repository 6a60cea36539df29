// Lexical helpers over SPARQL text for the REPL: what a statement is (query, update,
// explain), whether it is complete, which variables and prefixes it uses. These scan tokens
// only (strings, IRIs, comments, braces); the real parser lives in the engine.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kg::cli::shell {

// The lexical state at the end of a text.
struct ScanState {
  int braceDepth = 0;       // { } nesting
  int parenDepth = 0;       // ( ) nesting
  bool inLongString = false;  // inside """...""" or '''...'''
  bool sawBrace = false;    // at least one '{' was seen
  char lastSignificant = 0; // last character outside comments and whitespace
  size_t lastSignificantOffset = 0;  // its offset in the text
};

// Scans `text` and returns the state at its end.
ScanState scanText(std::string_view text);

enum class StatementKind { kEmpty, kQuery, kUpdate, kExplain, kExplainAnalyze };

// The first keyword after the prologue (PREFIX/BASE declarations and comments) decides:
// SELECT/ASK/CONSTRUCT/DESCRIBE are queries, EXPLAIN [ANALYZE] wraps a query, the rest are
// updates.
StatementKind classifyStatement(std::string_view text);

// For EXPLAIN [ANALYZE] statements: the text with those keywords replaced by spaces, so that
// error positions still point into what the user typed.
std::string blankOutExplain(std::string_view text);

// Variables (without ?/$) used in the text, in order of first use.
std::vector<std::string> variablesIn(std::string_view text);

// `PREFIX p: <iri>` declarations in the text, as (name, iri) pairs.
std::vector<std::pair<std::string, std::string>> prefixesDeclaredIn(std::string_view text);

// The IRIs written in the text, as written: prefixed names (ex:a) and <...> forms, in order.
std::vector<std::string> iriTokensIn(std::string_view text);

// The statement as one line for the history: comments dropped, line breaks outside strings
// turned into spaces.
std::string toOneLine(std::string_view text);

// True when `c` can be part of a SPARQL name (prefix, local part, variable, keyword).
bool isNameChar(char c);

}  // namespace kg::cli::shell
