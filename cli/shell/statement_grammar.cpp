#include "shell/statement_grammar.h"

#include "kg/database.h"
#include "shell/sparql_scan.h"

namespace kg::cli::shell {
namespace {

// The text as the parser should see it: EXPLAIN [ANALYZE] blanked out.
std::string parseable(const std::string& prologue, const std::string& text) {
  StatementKind kind = classifyStatement(text);
  bool explain = kind == StatementKind::kExplain || kind == StatementKind::kExplainAnalyze;
  return prologue + (explain ? blankOutExplain(text) : text);
}

bool parses(const std::string& text) {
  try {
    Database::parse(text);
    return true;
  } catch (const Error&) {
    return false;
  }
}

}  // namespace

StatementBuffer::Grammar parserGrammar(std::function<std::string()> prologue) {
  StatementBuffer::Grammar grammar;
  grammar.unfinished = [prologue](const std::string& text) {
    try {
      Database::parse(parseable(prologue(), text));
      return false;
    } catch (const PositionedError& e) {
      return e.message().rfind("unexpected end", 0) == 0;
    } catch (const Error&) {
      return false;
    }
  };
  grammar.mayContinue = [prologue](const std::string& text) {
    // A query may always get more: solution modifiers (after LIMIT still OFFSET), a trailing
    // VALUES block; also a query the parser rejects (GROUP BY on the next line may be what
    // makes it valid). Of updates, only LOAD's INTO GRAPH may follow a complete operation.
    StatementKind kind = classifyStatement(text);
    if (kind != StatementKind::kUpdate) return true;
    return parses(parseable(prologue(), text) + "\nINTO GRAPH <urn:kg:next>");
  };
  return grammar;
}

}  // namespace kg::cli::shell
