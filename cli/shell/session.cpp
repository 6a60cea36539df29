#include "shell/session.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "cli_common.h"
#include "shell/interrupt.h"
#include "shell/predicate_hints.h"
#include "shell/sparql_scan.h"
#include "shell/statement_grammar.h"
#include "shell/table_renderer.h"
#include "shell/terminal.h"

namespace kg::cli::shell {
namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string plural(uint64_t n, const char* one, const char* many) {
  return formatCount(n) + " " + (n == 1 ? one : many);
}

bool stderrColor() {
  return stderrIsTerminal() && !(std::getenv("NO_COLOR") && *std::getenv("NO_COLOR"));
}

}  // namespace

const char* outputModeName(OutputMode mode) {
  switch (mode) {
    case OutputMode::kTable: return "table";
    case OutputMode::kBox: return "box";
    case OutputMode::kCsv: return "csv";
    case OutputMode::kTsv: return "tsv";
    case OutputMode::kJson: return "json";
    case OutputMode::kMarkdown: return "markdown";
    case OutputMode::kNTriples: return "ntriples";
  }
  return "box";
}

bool parseOutputMode(const std::string& name, OutputMode& mode) {
  for (OutputMode m : {OutputMode::kTable, OutputMode::kBox, OutputMode::kCsv, OutputMode::kTsv,
                       OutputMode::kJson, OutputMode::kMarkdown, OutputMode::kNTriples}) {
    if (name == outputModeName(m)) {
      mode = m;
      return true;
    }
  }
  if (name == "nt") {
    mode = OutputMode::kNTriples;
    return true;
  }
  return false;
}

Session::Session(std::unique_ptr<SessionStore> store, bool interactive)
    : store_(std::move(store)), interactive_(interactive) {
  if (!interactive_) {
    // Scripts: plain ASCII tables, every row, no timings (output that diffs well).
    settings_.mode = OutputMode::kTable;
    settings_.maxRows = 0;
    settings_.timer = false;
  }
}

void Session::replaceStore(std::unique_ptr<SessionStore> store) {
  store_ = std::move(store);
  storeChanged();
}

std::vector<std::string> Session::entitiesByLabel(const std::string& word) {
  std::vector<std::string> out;
  try {
    for (const auto& m : db().lookupLabels(word, 20)) {
      if (m.entity.isIri()) out.push_back(m.entity.value);
    }
  } catch (const Error&) {
    // Completion never interrupts typing.
  }
  return out;
}

const std::vector<std::string>& Session::predicates() {
  if (!predicatesLoaded_) {
    predicates_.clear();
    try {
      for (const auto& p : db().statistics().predicates) {
        if (p.predicate.isIri()) predicates_.push_back(p.predicate.value);
      }
    } catch (const Error&) {
    }
    predicatesLoaded_ = true;
  }
  return predicates_;
}

std::ostream& Session::out() { return output_ ? static_cast<std::ostream&>(*output_) : std::cout; }

bool Session::redirectOutput(const std::string& path) {
  std::cout.flush();
  if (path.empty()) {
    output_.reset();
    return true;
  }
  auto file = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
  if (!*file) return false;
  output_ = std::move(file);
  return true;
}

bool Session::useColor() const { return !output_ && interactive_ && colorWanted(); }

size_t Session::tableWidth() const {
  if (settings_.width > 0) return settings_.width;
  if (output_ || !stdoutIsTerminal()) return 0;
  return terminalWidth();
}

std::string Session::formatDuration(double seconds) {
  char buf[32];
  if (seconds < 1.0) {
    std::snprintf(buf, sizeof buf, "%.1f ms", seconds * 1000);
  } else {
    std::snprintf(buf, sizeof buf, "%.2f s", seconds);
  }
  return buf;
}

StatementBuffer::Grammar Session::grammar() const {
  return parserGrammar([this] { return prefixes_.prologue(); });
}

int Session::reportError(const Error& e, const std::string& text, int lineOffset, const Location& where) {
  std::cout.flush();
  out().flush();
  bool color = interactive_ && stderrColor();
  std::string label = e.code() == ErrorCode::kCancelled ? "Cancelled" : "Error";
  std::string head = color ? "\x1b[1;31m" + label + "\x1b[0m" : label;
  auto* pe = dynamic_cast<const PositionedError*>(&e);
  if (e.code() == ErrorCode::kCancelled) {
    std::cerr << (where.file.empty() ? "" : where.file + ":" + std::to_string(where.line) + ": ")
              << head << (where.file.empty() ? "" : ": query cancelled") << "\n";
    return exitCodeFor(e);
  }
  if (pe && pe->file().empty() && pe->line() > static_cast<uint64_t>(lineOffset)) {
    uint64_t line = pe->line() - static_cast<uint64_t>(lineOffset);
    std::string kindText = e.code() == ErrorCode::kSyntax ? "syntax error" : "error";
    if (where.file.empty()) {
      std::cerr << head << ": " << kindText << " at line " << line << ", column " << pe->column() << ": "
                << pe->message() << "\n";
    } else {
      std::cerr << where.file << ":" << (where.line + static_cast<int>(line) - 1) << ":" << pe->column()
                << ": " << kindText << ": " << pe->message() << "\n";
    }
    std::cerr << renderCaret(text, line, pe->column()) << "\n";
    return exitCodeFor(e);
  }
  std::string message = pe && pe->file().empty() ? pe->message() : std::string(e.what());
  if (where.file.empty()) {
    std::cerr << head << ": " << message << "\n";
  } else {
    std::cerr << where.file << ":" << where.line << ": " << message << "\n";
  }
  return exitCodeFor(e);
}

int Session::reportProblem(const std::string& message, const Location& where) {
  std::cout.flush();
  if (where.file.empty()) {
    bool color = interactive_ && stderrColor();
    std::cerr << (color ? "\x1b[1;31mError\x1b[0m" : "Error") << ": " << message << "\n";
  } else {
    std::cerr << where.file << ":" << where.line << ": " << message << "\n";
  }
  return kBadInput;
}

int Session::runStatement(const std::string& text, const Location& where) {
  store_->refresh();  // see what other processes wrote meanwhile
  int code = runStatementText(text, where);
  // A statement's own PREFIX declarations stay for the statements after it (as .prefix).
  for (const auto& [name, iri] : prefixesDeclaredIn(text)) prefixes_.declare(name, iri);
  return code;
}

int Session::runStatementText(const std::string& text, const Location& where) {
  switch (classifyStatement(text)) {
    case StatementKind::kEmpty:
      return kOk;
    case StatementKind::kExplain:
      return runExplain(blankOutExplain(text), false, where);
    case StatementKind::kExplainAnalyze:
      return runExplain(blankOutExplain(text), true, where);
    case StatementKind::kQuery:
      if (settings_.explain != ExplainMode::kOff) {
        return runExplain(text, settings_.explain == ExplainMode::kAnalyze, where);
      }
      return runQuery(text, where);
    case StatementKind::kUpdate:
      return runUpdate(text, where);
  }
  return kOk;
}

int Session::runExplain(const std::string& text, bool analyze, const Location& where) {
  std::string prologue = prefixes_.prologue();
  int offset = prologue.empty() ? 0 : 1;
  auto token = std::make_shared<CancelToken>();
  auto start = std::chrono::steady_clock::now();
  try {
    CancelScope scope(token);
    QueryOptions options;
    options.cancel = token;
    options.memoryLimit = settings_.memoryLimit;
    std::string plan = db().explain(prologue + text, analyze, options);
    out() << plan;
    if (!plan.empty() && plan.back() != '\n') out() << "\n";
    if (settings_.timer) out() << "(" << Session::formatDuration(secondsSince(start)) << ")\n";
    out().flush();
  } catch (const Error& e) {
    return reportError(e, text, offset, where);
  }
  return kOk;
}

int Session::runQuery(const std::string& text, const Location& where) {
  std::string prologue = prefixes_.prologue();
  int offset = prologue.empty() ? 0 : 1;
  auto token = std::make_shared<CancelToken>();
  auto start = std::chrono::steady_clock::now();
  try {
    CancelScope scope(token);
    QueryOptions options;
    options.cancel = token;
    options.memoryLimit = settings_.memoryLimit;
    QueryResult result = db().query(prologue + text, options);
    std::ostream& os = out();
    OutputMode mode = settings_.mode;
    bool table = mode == OutputMode::kBox || mode == OutputMode::kTable || mode == OutputMode::kMarkdown;
    if (table && result.form() == QueryForm::kAsk) {
      bool answer = result.boolean();
      os << (answer ? "true" : "false") << "\n";
      if (settings_.timer) os << "(" << formatDuration(secondsSince(start)) << ")\n";
    } else if (table) {
      TableBuilder rows = collectTable(result, prefixes_, settings_.maxRows);
      double seconds = secondsSince(start);
      TableOptions options;
      options.style = mode == OutputMode::kBox     ? TableStyle::kBox
                      : mode == OutputMode::kTable ? TableStyle::kAscii
                                                   : TableStyle::kMarkdown;
      options.maxWidth = tableWidth();
      options.color = useColor();
      rows.render(os, options);
      bool triples = result.form() == QueryForm::kConstruct || result.form() == QueryForm::kDescribe;
      std::string footer = triples ? plural(rows.rowCount(), "triple", "triples")
                                   : plural(rows.rowCount(), "row", "rows");
      if (rows.shownRows() < rows.rowCount()) footer += " (" + formatCount(rows.shownRows()) + " shown)";
      if (settings_.timer) footer += " in " + formatDuration(seconds);
      if (mode == OutputMode::kMarkdown) footer = "\n" + footer;
      os << (options.color ? "\x1b[2m" + footer + "\x1b[0m" : footer) << "\n";
      if (rows.rowCount() == 0) {
        os.flush();
        for (const auto& hint : unknownPredicateHints(text, prefixes_, predicates())) {
          std::cerr << "hint: " << hint << "\n";
        }
      }
    } else {
      ResultFormat format = mode == OutputMode::kCsv    ? ResultFormat::kCsv
                            : mode == OutputMode::kTsv  ? ResultFormat::kTsv
                            : mode == OutputMode::kJson ? ResultFormat::kJson
                                                        : ResultFormat::kNTriples;
      if (std::string problem = formatMismatch(result.form(), format); !problem.empty()) {
        return reportProblem(problem + " (.mode)", where);
      }
      writeResult(result, os, format);
      os.flush();
      if (settings_.timer) std::cerr << "(" << formatDuration(secondsSince(start)) << ")\n";
    }
    os.flush();
  } catch (const Error& e) {
    return reportError(e, text, offset, where);
  }
  return kOk;
}

int Session::runUpdate(const std::string& text, const Location& where) {
  std::string prologue = prefixes_.prologue();
  int offset = prologue.empty() ? 0 : 1;
  auto token = std::make_shared<CancelToken>();
  auto start = std::chrono::steady_clock::now();
  try {
    CancelScope scope(token);
    UpdateOptions options;
    options.cancel = token;
    char cwd[4096];
    if (::getcwd(cwd, sizeof cwd)) options.allowedLoadDirectories.push_back(cwd);
    WriteScope write(*store_);
    UpdateResult result = write.db().update(prologue + text, options);
    storeChanged();
    std::string line = plural(result.inserted, "quad", "quads") + " inserted, " +
                       formatCount(result.deleted) + " deleted";
    if (settings_.timer) line += " in " + formatDuration(secondsSince(start));
    out() << line << "\n";
    out().flush();
  } catch (const Error& e) {
    storeChanged();
    return reportError(e, text, offset, where);
  }
  return kOk;
}

}  // namespace kg::cli::shell
