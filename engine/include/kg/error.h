// Typed errors thrown by the kg library. Every error carries a code that maps to the CLI's
// exit codes and, where it comes from text (a query, an RDF file), the position in it.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace kg {

enum class ErrorCode {
  kSyntax,        // a query or update that does not parse (exit 1)
  kInvalidInput,  // an RDF file or text that cannot be read (exit 1)
  kQuery,         // a query that parses but cannot run (unknown function, bad LOAD, ...) (exit 1)
  kUsage,         // the caller used the API wrongly (exit 2)
  kStorage,       // RocksDB or the file system failed (exit 3)
  kIo,            // an input file cannot be opened or read (exit 3)
  kLocked,        // another process has the store open for writing (exit 3)
  kVersion,       // the store was written by an incompatible kg version (exit 3)
  kCancelled,     // the operation was cancelled (Ctrl-C, API call)
  kTimeout,       // the operation ran past its deadline
  kLimit,         // a resource limit was reached: memory budget, row cap, nesting, size (exit 1)
};

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ErrorCode code() const { return code_; }

 private:
  ErrorCode code_;
};

// An error at a position in a text: a query, an update or an input file.
// what() is "file:line:column: message" (file omitted for queries).
class PositionedError : public Error {
 public:
  PositionedError(ErrorCode code, std::string file, uint64_t line, uint64_t column,
                  std::string message)
      : Error(code, format(file, line, column, message)),
        file_(std::move(file)),
        line_(line),
        column_(column),
        message_(std::move(message)) {}

  const std::string& file() const { return file_; }
  uint64_t line() const { return line_; }
  uint64_t column() const { return column_; }
  // The message without the position prefix.
  const std::string& message() const { return message_; }

 private:
  static std::string format(const std::string& file, uint64_t line, uint64_t column,
                            const std::string& message) {
    std::string out;
    if (!file.empty()) out += file + ":";
    out += std::to_string(line) + ":" + std::to_string(column) + ": " + message;
    return out;
  }
  std::string file_;
  uint64_t line_, column_;
  std::string message_;
};

}  // namespace kg

namespace kg {
// The source line at `line` followed by a caret under `column` (1-based, in code points),
// for showing errors to people: "  SELECT ?x WHER { }\n              ^".
std::string renderCaret(const std::string& source, uint64_t line, uint64_t column);
}  // namespace kg
