#include "shell/statement_buffer.h"

#include <cctype>

#include "shell/sparql_scan.h"

namespace kg::cli::shell {
namespace {

bool isBlank(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

// The first word of a line, upper-cased (empty for a comment or punctuation).
std::string firstWord(const std::string& line) {
  size_t i = line.find_first_not_of(" \t");
  std::string word;
  while (i < line.size() && std::isalpha(static_cast<unsigned char>(line[i]))) {
    word += static_cast<char>(std::toupper(static_cast<unsigned char>(line[i])));
    ++i;
  }
  return word;
}

bool isQueryKeyword(const std::string& w) {
  return w == "SELECT" || w == "ASK" || w == "CONSTRUCT" || w == "DESCRIBE" || w == "EXPLAIN";
}

bool isUpdateKeyword(const std::string& w) {
  return w == "INSERT" || w == "DELETE" || w == "LOAD" || w == "CLEAR" || w == "DROP" ||
         w == "CREATE" || w == "ADD" || w == "MOVE" || w == "COPY" || w == "WITH";
}

bool isPrologueKeyword(const std::string& w) { return w == "PREFIX" || w == "BASE"; }

}  // namespace

std::vector<Statement> StatementBuffer::addLine(const std::string& rawLine, int lineNumber) {
  std::string line = rawLine;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::vector<Statement> ended;
  bool blank = isBlank(line);
  if (waiting_) {
    if (blank) {
      // Between the operations of one update request, a file may leave blank lines.
      bool requestGoesOn = source_ == Source::kFile && scanText(text_).lastSignificant == ';';
      if (requestGoesOn) {
        heldBlankLines_ += '\n';
      } else {
        ended.push_back(take());
      }
      return ended;
    }
    if (startsNextStatement(line)) {
      ended.push_back(take());
    } else {
      text_ += heldBlankLines_;
      heldBlankLines_.clear();
      text_ += '\n';
      text_ += line;
      waiting_ = false;
      settle(ended);
      return ended;
    }
  }
  if (text_.empty()) {
    if (blank) return ended;
    startLine_ = lineNumber;
    text_ = line;
  } else if (blank) {
    // A blank line ends what is collected, unless a string (or, in a file, a group) is open.
    ScanState s = scanText(text_);
    bool open = s.inLongString || (source_ == Source::kFile && (s.braceDepth > 0 || s.parenDepth > 0));
    if (open) {
      text_ += '\n';
    } else {
      ended.push_back(take());
    }
    return ended;
  } else {
    text_ += '\n';
    text_ += line;
  }
  settle(ended);
  return ended;
}

void StatementBuffer::settle(std::vector<Statement>& ended) {
  ScanState s = scanText(text_);
  if (!s.inLongString && s.lastSignificant == 0) {
    text_.clear();  // only comments so far: not the start of a statement
    return;
  }
  switch (judge(s)) {
    case Verdict::kMore:
      break;
    case Verdict::kWait:
      waiting_ = true;
      break;
    case Verdict::kDone:
      ended.push_back(take());
      break;
  }
}

StatementBuffer::Verdict StatementBuffer::judge(const ScanState& s) const {
  if (s.inLongString) return Verdict::kMore;
  if (s.braceDepth < 0 || s.parenDepth < 0) return Verdict::kDone;  // let the parser say where
  if (s.braceDepth > 0 || s.parenDepth > 0) return Verdict::kMore;
  StatementKind kind = classifyStatement(text_);
  if (kind == StatementKind::kEmpty) return Verdict::kMore;  // a prologue: the statement follows
  bool update = kind == StatementKind::kUpdate;
  if (s.lastSignificant == ';') return update ? Verdict::kWait : Verdict::kDone;
  if (!grammar_.unfinished) return s.sawBrace ? Verdict::kDone : Verdict::kMore;
  if (grammar_.unfinished(text_)) return Verdict::kMore;
  if (grammar_.mayContinue && grammar_.mayContinue(text_)) return Verdict::kWait;
  return Verdict::kDone;
}

bool StatementBuffer::startsNextStatement(const std::string& line) const {
  std::string word = firstWord(line);
  if (word.empty()) return false;
  // After "operation ;" another update operation (or its PREFIX) is part of the request.
  bool requestGoesOn = scanText(text_).lastSignificant == ';';
  if (requestGoesOn) return isQueryKeyword(word);
  return isQueryKeyword(word) || isUpdateKeyword(word) || isPrologueKeyword(word);
}

std::optional<Statement> StatementBuffer::finish() {
  if (text_.empty()) return std::nullopt;
  return take();
}

Statement StatementBuffer::take() {
  Statement out{std::move(text_), startLine_};
  text_.clear();
  heldBlankLines_.clear();
  waiting_ = false;
  // Drop a trailing ';' (it may be followed by spaces or a comment).
  ScanState s = scanText(out.text);
  if (s.lastSignificant == ';') out.text.erase(s.lastSignificantOffset, 1);
  return out;
}

void StatementBuffer::clear() {
  text_.clear();
  heldBlankLines_.clear();
  waiting_ = false;
}

}  // namespace kg::cli::shell
