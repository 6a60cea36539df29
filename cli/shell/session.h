// One REPL or script session: the open store, the settings the dot-commands change, the
// declared prefixes, where output goes; runs statements and reports their errors.
#pragma once

#include <fstream>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "kg/database.h"
#include "shell/prefixes.h"
#include "shell/session_store.h"
#include "shell/statement_buffer.h"

namespace kg::cli::shell {

enum class OutputMode { kTable, kBox, kCsv, kTsv, kJson, kMarkdown, kNTriples };
enum class ExplainMode { kOff, kOn, kAnalyze };

const char* outputModeName(OutputMode mode);
bool parseOutputMode(const std::string& name, OutputMode& mode);

struct Settings {
  OutputMode mode = OutputMode::kBox;
  bool timer = true;
  size_t maxRows = 40;  // 0 = all
  size_t width = 0;     // 0 = the terminal's
  ExplainMode explain = ExplainMode::kOff;
  uint64_t memoryLimit = QueryOptions::kDefaultQueryMemoryLimit;  // per query (--memory-limit)
};

// Where a statement came from, for messages: a script file and line, or the prompt.
struct Location {
  std::string file;  // empty: typed at the prompt
  int line = 0;
};

class Session {
 public:
  // `interactive`: a person at a terminal (prompts, colour, timing); else a script.
  Session(std::unique_ptr<SessionStore> store, bool interactive);

  // Runs a complete SPARQL statement (query, update, EXPLAIN [ANALYZE] query). Its PREFIX
  // declarations (a prologue may stand alone) stay for the rest of the session.
  // Returns an exit code: 0, or what the error maps to.
  int runStatement(const std::string& text, const Location& where);
  // Runs the plan of a query (analyze: with actual rows and times).
  int runExplain(const std::string& text, bool analyze, const Location& where);

  // How statements typed or read in this session are told apart (the session's prefixes
  // are in force).
  StatementBuffer::Grammar grammar() const;

  // Reports an error on stderr: positioned errors show the statement with a caret.
  // `lineOffset` = lines prepended to `text` before it ran. Returns the exit code.
  int reportError(const Error& e, const std::string& text, int lineOffset, const Location& where);
  // A plain message about a dot-command or the session (returns 1).
  int reportProblem(const std::string& message, const Location& where);

  // The store for reading (as it is when the current statement began).
  Database& db() { return store_->reader(); }
  // The store itself, for writes (WriteScope) and its path.
  SessionStore& store() { return *store_; }
  void replaceStore(std::unique_ptr<SessionStore> store);
  Settings& settings() { return settings_; }
  PrefixTable& prefixes() { return prefixes_; }
  bool interactive() const { return interactive_; }

  // Predicate IRIs in the store, most frequent first (cached; refreshed after writes).
  const std::vector<std::string>& predicates();
  // IRIs of entities whose label starts with `word`, best first (Tab completion).
  std::vector<std::string> entitiesByLabel(const std::string& word);
  void storeChanged() { predicatesLoaded_ = false; }

  // Where results go: stdout or the file named by .output.
  std::ostream& out();
  bool redirectOutput(const std::string& path);  // empty path: back to stdout
  // Colour and width for tables written to out().
  bool useColor() const;
  size_t tableWidth() const;

  void requestQuit() { quit_ = true; }
  bool quitRequested() const { return quit_; }

  // "12.3 ms", "1.24 s".
  static std::string formatDuration(double seconds);

 private:
  int runStatementText(const std::string& text, const Location& where);
  int runQuery(const std::string& text, const Location& where);
  int runUpdate(const std::string& text, const Location& where);

  std::unique_ptr<SessionStore> store_;
  bool interactive_;
  Settings settings_;
  PrefixTable prefixes_;
  std::vector<std::string> predicates_;
  bool predicatesLoaded_ = false;
  std::unique_ptr<std::ofstream> output_;
  bool quit_ = false;
};

}  // namespace kg::cli::shell
