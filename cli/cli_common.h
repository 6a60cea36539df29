// What every subcommand shares: where the store is, exit codes, error reporting.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "kg/database.h"
#include "kg/error.h"

namespace kg::cli {

namespace po = boost::program_options;

enum ExitCode : int { kOk = 0, kBadInput = 1, kUsage = 2, kStorageFailure = 3 };

// Thrown for wrong usage of the command line (exit 2).
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Thrown after --help printed a command's options (exit 0).
struct HelpShown {};

// --db, else $KG_DB, else ./kg.db.
std::string resolveDbPath(const po::variables_map& vm);
// Adds --db and --read-only to a subcommand's options.
void addStoreOptions(po::options_description& desc, bool readOnlyFlag = true);
// --memory-limit SIZE (256M, 2G, ...): the per-query memory budget (QueryOptions::memoryLimit).
void addMemoryLimitOption(po::options_description& desc);
uint64_t memoryLimitFrom(const po::variables_map& vm);
// Commands that only read open the store read-only and never create it (a mistyped --db is
// "no kg store at ..."); `create` = false keeps a writing command from creating one too.
std::unique_ptr<Database> openDatabase(const po::variables_map& vm, bool readOnlyByDefault, bool create = true);

// Parses a subcommand's arguments; `positional` names the option that takes free arguments.
po::variables_map parseArgs(const std::vector<std::string>& args, const po::options_description& desc,
                            const char* positional = nullptr, int maxPositional = -1);

int exitCodeFor(const Error& error);
// Prints "kg: message" on stderr and returns the exit code for the error.
int reportError(const Error& error);

bool stderrIsTerminal();
std::string formatCount(uint64_t n);   // 1234567 -> "1,234,567"
std::string formatBytes(uint64_t n);   // 1536 -> "1.5 KB"
// "2G", "512M", "64k", "1000000" -> bytes (binary units). Throws UsageError naming `option`.
uint64_t parseByteSize(const std::string& text, const std::string& option);

using Command = int (*)(const std::vector<std::string>& args);
int runLoad(const std::vector<std::string>& args);
int runDump(const std::vector<std::string>& args);
int runStats(const std::vector<std::string>& args);
int runCheck(const std::vector<std::string>& args);
int runQuery(const std::vector<std::string>& args);
int runUpdate(const std::vector<std::string>& args);
int runExplain(const std::vector<std::string>& args);
int runParse(const std::vector<std::string>& args);
int runExtract(const std::vector<std::string>& args);
int runServe(const std::vector<std::string>& args);
int runIndex(const std::vector<std::string>& args);
int runEntities(const std::vector<std::string>& args);
// Where a statement came from, for messages: a file (empty: the command line), the file line
// it starts on, and how many lines of declarations were put before it.
struct StatementSource {
  std::string file;
  int firstLine = 1;
  uint64_t prologueLines = 0;
};
// A positioned error shows the statement line with a caret under the position, as
// "FILE:LINE:COLUMN: ..." for a file.
int reportStatementError(const Error& e, const std::string& text, const StatementSource& where = {});
// Why a result of this form cannot be written in this format (empty: it can).
std::string formatMismatch(QueryForm form, ResultFormat format);
// The REPL (shell/): `kg shell` (also plain `kg`) and `kg run SCRIPT`.
int runShell(const std::vector<std::string>& args);
int runScript(const std::vector<std::string>& args);

}  // namespace kg::cli
