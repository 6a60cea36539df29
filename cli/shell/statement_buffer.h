// Collects input lines into whole statements, the same way for the prompt, scripts and
// query files. A statement ends at a ';' ending a line, a blank line, or the start of the
// next statement; never where more of it may follow:
//  - braces, parentheses or a long string still open;
//  - text the parser says is cut short (`... } ORDER BY`);
//  - a closing brace a solution modifier may follow (`SELECT ... { }` then `ORDER BY ?x` on
//    the next line): the statement waits for the next line, which either continues it or
//    ends it (blank line, a dot-command, or the first keyword of another statement);
//  - an update operation followed by ';' (SPARQL's "another operation follows"): the next
//    update operation or PREFIX belongs to the same request, which runs as one unit. In a
//    file, blank lines between the operations do not split it.
// A prologue alone (PREFIX/BASE lines) followed by a blank line is its own statement; the
// caller keeps its declarations for the statements after it.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "shell/sparql_scan.h"

namespace kg::cli::shell {

struct Statement {
  std::string text;  // a trailing ';' removed
  int line = 0;      // where its first line came from
};

class StatementBuffer {
 public:
  // What only the real parser can answer about a text whose brackets are balanced.
  struct Grammar {
    // The parser ran out of text (the statement is cut short).
    std::function<bool(const std::string& text)> unfinished;
    // The text parses, yet more may follow (solution modifiers, VALUES, INTO GRAPH).
    std::function<bool(const std::string& text)> mayContinue;
  };
  // kTyped: lines typed at a prompt (a blank line always ends what is waiting).
  // kFile: a script or query file (blank lines inside braces or between the operations of
  // one update request do not end it).
  enum class Source { kTyped, kFile };

  StatementBuffer(Grammar grammar, Source source) : grammar_(std::move(grammar)), source_(source) {}

  // Adds one line (without its newline). Returns the statements it ended, in order: one
  // waiting that this line does not continue, then possibly one the line completes.
  std::vector<Statement> addLine(const std::string& line, int lineNumber = 0);
  // End of input: the statement collected so far, if any.
  std::optional<Statement> finish();

  bool empty() const { return text_.empty(); }
  // A complete statement waits to see whether the next line continues it.
  bool waiting() const { return waiting_; }
  // The text collected so far.
  const std::string& text() const { return text_; }
  void clear();

 private:
  enum class Verdict { kMore, kWait, kDone };
  // Ends or marks waiting what the text now holds.
  void settle(std::vector<Statement>& ended);
  Verdict judge(const ScanState& s) const;
  // Whether `line`, arriving while a complete statement waits, starts another statement.
  bool startsNextStatement(const std::string& line) const;
  Statement take();

  Grammar grammar_;
  Source source_;
  std::string text_;
  std::string heldBlankLines_;  // blank lines after a waiting update request (files only)
  int startLine_ = 0;
  bool waiting_ = false;
};

}  // namespace kg::cli::shell
