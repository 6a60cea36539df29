#include "shell/statement_buffer.h"

#include "shell/sparql_scan.h"

namespace kg::cli::shell {
namespace {

bool isBlank(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

}  // namespace

bool StatementBuffer::addLine(const std::string& rawLine, int lineNumber) {
  std::string line = rawLine;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (text_.empty()) {
    if (isBlank(line)) return false;
    startLine_ = lineNumber;
    text_ = line;
  } else {
    if (isBlank(line)) {
      ScanState s = scanText(text_);
      if (!s.inLongString) {
        complete_ = true;
        return true;
      }
    }
    text_ += '\n';
    text_ += line;
  }
  ScanState s = scanText(text_);
  if (s.inLongString) return false;
  if (s.lastSignificant == 0) {
    text_.clear();  // only comments so far: not the start of a statement
    return false;
  }
  if (s.lastSignificant == ';' && s.braceDepth <= 0 && s.parenDepth <= 0) {
    complete_ = true;
    return true;
  }
  if (s.braceDepth < 0) {
    complete_ = true;  // more '}' than '{': let the parser say where
    return true;
  }
  if (s.braceDepth == 0 && s.parenDepth <= 0) {
    // Balanced: complete unless the parser ran out of text. Without a parser to ask, a
    // statement needs at least one closed group.
    if (!check_) {
      complete_ = s.sawBrace;
    } else {
      complete_ = classifyStatement(text_) != StatementKind::kEmpty && !check_(text_);
    }
    return complete_;
  }
  return false;
}

std::string StatementBuffer::take() {
  std::string out;
  out.swap(text_);
  complete_ = false;
  // Drop a trailing ';' (it may be followed by spaces or a comment).
  ScanState s = scanText(out);
  if (s.lastSignificant == ';') out.erase(s.lastSignificantOffset, 1);
  return out;
}

void StatementBuffer::clear() {
  text_.clear();
  complete_ = false;
}

}  // namespace kg::cli::shell
