// Interactive line input with libedit: emacs-style editing, persistent history, Tab
// completion through a callback, Ctrl-C to clear the line, Ctrl-D to leave.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace kg::cli::shell {

struct CompletionRequest {
  std::string lineBeforeCursor;
};

struct CompletionResult {
  size_t wordStart = 0;                 // where the word being completed starts in the line
  std::vector<std::string> candidates;  // whole words that may replace it
};

class LineEditor {
 public:
  using Completer = std::function<CompletionResult(const std::string& lineBeforeCursor)>;
  enum class Status { kLine, kEndOfInput, kInterrupted };

  // `historyPath` empty = no history file.
  LineEditor(std::string historyPath, Completer completer);
  ~LineEditor();
  LineEditor(const LineEditor&) = delete;
  LineEditor& operator=(const LineEditor&) = delete;

  Status read(const std::string& prompt, std::string& line);
  // Adds an entry to the history and saves the history file.
  void addHistory(const std::string& entry);

  // The Tab key's work (called from libedit).
  unsigned char complete();

  struct Impl;  // libedit's state (public for its C callbacks)

 private:
  Impl* impl_;
};

// The history file: $KG_HISTORY, else ~/.kg_history (empty if neither can be found).
std::string defaultHistoryPath();

}  // namespace kg::cli::shell
