// Collects input lines into whole statements: a statement continues until its braces are
// balanced outside strings and it parses (or fails somewhere before its end); a ';' at the
// end of a line with balanced braces, or a blank line, ends it at once. A ';' inside a line
// is left alone: SPARQL Update separates operations with it.
#pragma once

#include <functional>
#include <string>

namespace kg::cli::shell {

class StatementBuffer {
 public:
  // Answers whether a statement with balanced braces is unfinished (the parser stopped at its
  // end). Without it, balanced braces are enough.
  using UnfinishedCheck = std::function<bool(const std::string& text)>;

  explicit StatementBuffer(UnfinishedCheck check = {}) : check_(std::move(check)) {}

  // Adds one line (without its newline); `lineNumber` is where it came from (for scripts).
  // Returns true when a statement is complete; take() then returns it.
  bool addLine(const std::string& line, int lineNumber = 0);

  bool empty() const { return text_.empty(); }
  // The text collected so far.
  const std::string& text() const { return text_; }
  // The line number of the statement's first line.
  int startLine() const { return startLine_; }
  // The complete statement (a trailing ';' removed) and a fresh buffer.
  std::string take();
  void clear();

 private:
  UnfinishedCheck check_;
  std::string text_;
  int startLine_ = 0;
  bool complete_ = false;
};

}  // namespace kg::cli::shell
