// kg query / kg update / kg explain / kg parse: run SPARQL from the command line.
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli_common.h"
#include "shell/sparql_scan.h"
#include "shell/statement_buffer.h"
#include "shell/statement_grammar.h"
#include "table_output.h"

namespace kg::cli {
namespace {

// The statement text: the positional argument, or the contents of --file (then `file` names
// it, for messages).
std::string statementText(const po::variables_map& vm, const char* command, std::string& file) {
  bool hasText = vm.count("statement") > 0;
  bool hasFile = vm.count("file") > 0;
  if (hasText == hasFile) {
    throw UsageError(std::string("give the ") + command + " as an argument or with --file");
  }
  if (hasText) return vm["statement"].as<std::string>();
  file = vm["file"].as<std::string>();
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(ErrorCode::kIo, file + ": cannot open");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

ResultFormat resultFormat(const std::string& name) {
  if (name == "table") return ResultFormat::kTable;
  if (name == "json") return ResultFormat::kJson;
  if (name == "csv") return ResultFormat::kCsv;
  if (name == "tsv") return ResultFormat::kTsv;
  if (name == "xml") return ResultFormat::kXml;
  if (name == "nt" || name == "ntriples") return ResultFormat::kNTriples;
  if (name == "nq" || name == "nquads") return ResultFormat::kNQuads;
  if (name == "ttl" || name == "turtle") return ResultFormat::kTurtle;
  if (name == "trig") return ResultFormat::kTriG;
  if (name == "rdfxml" || name == "rdf") return ResultFormat::kRdfXml;
  if (name == "jsonld" || name == "json-ld") return ResultFormat::kJsonLd;
  throw UsageError("unknown result format '" + name +
                   "' (use table, json, xml, csv, tsv, or for graphs turtle, trig, nt, nq, rdfxml or jsonld)");
}

void addStatementOptions(po::options_description& desc) {
  desc.add_options()
      ("file", po::value<std::string>(), "read the statement from this file")
      ("statement", po::value<std::string>(), "the SPARQL text");
}

// A statement handed to the wrong command: "this is a query: use kg query".
void requireKind(const std::string& text, bool wantQuery, const StatementSource& where) {
  shell::StatementKind kind = shell::classifyStatement(text);
  if (kind == shell::StatementKind::kEmpty) return;  // the parser says what is missing
  bool explain = kind == shell::StatementKind::kExplain || kind == shell::StatementKind::kExplainAnalyze;
  std::string problem;
  if (explain) {
    problem = "EXPLAIN is not SPARQL: use kg explain";
  } else if (wantQuery && kind == shell::StatementKind::kUpdate) {
    problem = "this is an update: use kg update";
  } else if (!wantQuery && kind == shell::StatementKind::kQuery) {
    problem = "this is a query: use kg query";
  } else {
    return;
  }
  if (!where.file.empty()) problem = where.file + ":" + std::to_string(where.firstLine) + ": " + problem;
  throw UsageError(problem);
}

// The statements of a query file, each with the PREFIX declarations of the statements before
// it (as in kg run; a prologue followed by a blank line serves the whole file).
struct FileStatement {
  std::string text;
  StatementSource source;
};

std::vector<FileStatement> splitQueryFile(const std::string& text, const std::string& file) {
  std::string carried;  // declarations so far, on one line
  auto grammar = shell::parserGrammar([&carried] { return carried; });
  shell::StatementBuffer buffer(grammar, shell::StatementBuffer::Source::kFile);
  std::vector<FileStatement> out;
  auto keep = [&](const shell::Statement& st) {
    if (shell::classifyStatement(st.text) != shell::StatementKind::kEmpty) {
      StatementSource source;
      source.file = file;
      source.firstLine = st.line;
      source.prologueLines = carried.empty() ? 0 : 1;
      out.push_back({carried + st.text, source});
    }
    // Its declarations serve the statements after it.
    std::string declarations;
    for (const auto& [name, iri] : shell::prefixesDeclaredIn(st.text)) {
      declarations += "PREFIX " + name + ": <" + iri + "> ";
    }
    if (!declarations.empty()) {
      if (!carried.empty()) carried.pop_back();  // the newline
      carried += declarations + "\n";
    }
  };
  std::istringstream in(text);
  std::string line;
  int lineNumber = 0;
  while (std::getline(in, line)) {
    ++lineNumber;
    for (const auto& st : buffer.addLine(line, lineNumber)) keep(st);
  }
  if (auto st = buffer.finish()) keep(*st);
  return out;
}

}  // namespace

int reportStatementError(const Error& e, const std::string& text, const StatementSource& where) {
  auto* pe = dynamic_cast<const PositionedError*>(&e);
  bool inStatement = pe && pe->file().empty() && pe->line() > where.prologueLines;
  if (inStatement) {
    uint64_t line = pe->line() - where.prologueLines;
    std::string statement = where.prologueLines > 0 ? text.substr(text.find('\n') + 1) : text;
    std::string kind = e.code() == ErrorCode::kSyntax ? "syntax error" : "error";
    if (where.file.empty()) {
      std::cerr << "kg: " << kind << " at line " << line << ", column " << pe->column() << ": "
                << pe->message() << "\n";
    } else {
      std::cerr << where.file << ":" << (where.firstLine + line - 1) << ":" << pe->column() << ": "
                << kind << ": " << pe->message() << "\n";
    }
    std::cerr << renderCaret(statement, line, pe->column()) << "\n";
    return exitCodeFor(e);
  }
  // The store failing (disk full, locked, damaged) is not a fault of the statement's file.
  bool aboutStore = e.code() == ErrorCode::kStorage || e.code() == ErrorCode::kLocked ||
                    e.code() == ErrorCode::kVersion;
  if (!where.file.empty() && !aboutStore) {
    std::cerr << where.file << ":" << where.firstLine << ": " << e.what() << "\n";
    return exitCodeFor(e);
  }
  return reportError(e);
}

int runQuery(const std::vector<std::string>& args) {
  po::options_description desc(
      "kg query [--db DIR] [--format table|json|xml|csv|tsv|turtle|trig|nt|nq|rdfxml|jsonld] (QUERY | --file FILE)");
  addStoreOptions(desc);
  addStatementOptions(desc);
  desc.add_options()
      ("format", po::value<std::string>()->default_value("table"),
       "table, json, xml, csv or tsv; for CONSTRUCT and DESCRIBE also turtle, trig, nt, nq, "
       "rdfxml or jsonld (Turtle, TriG and RDF/XML use the store's prefixes and the query's)")
      ("timeout", po::value<double>(), "give up after this many seconds");
  addMemoryLimitOption(desc);
  auto vm = parseArgs(args, desc, "statement", 1);
  std::string file;
  std::string text = statementText(vm, "query", file);
  uint64_t memoryLimit = memoryLimitFrom(vm);
  ResultFormat format = resultFormat(vm["format"].as<std::string>());
  // A file may hold several queries (as in kg run); an argument is one.
  std::vector<FileStatement> statements;
  if (file.empty()) {
    statements.push_back({text, StatementSource{}});
  } else {
    statements = splitQueryFile(text, file);
    if (statements.empty()) throw UsageError(file + ": no query in the file");
  }
  for (const auto& st : statements) {
    requireKind(st.text, true, st.source);
    // Syntax first: a mistyped query is reported as such, whatever the state of the store.
    try {
      Database::parse(st.text);
    } catch (const Error& e) {
      return reportStatementError(e, st.text, st.source);
    }
  }
  auto db = openDatabase(vm, true);
  QueryOptions options;
  options.memoryLimit = memoryLimit;
  if (vm.count("timeout")) {
    options.timeout = std::chrono::milliseconds(static_cast<int64_t>(vm["timeout"].as<double>() * 1000));
  }
  std::ios::sync_with_stdio(false);
  bool first = true;
  for (const auto& st : statements) {
    try {
      QueryResult result = db->query(st.text, options);
      if (std::string problem = formatMismatch(result.form(), format); !problem.empty()) {
        throw UsageError(problem);
      }
      if (!first) std::cout << "\n";
      first = false;
      if (format == ResultFormat::kTable) {
        if (writeTable(result, st.text, std::cout) == 0) {
          std::cout.flush();
          hintUnknownPredicates(*db, st.text);
        }
      } else {
        writeResult(result, std::cout, format, db->prefixes());
      }
      std::cout.flush();
    } catch (const Error& e) {
      std::cout.flush();
      return reportStatementError(e, st.text, st.source);
    }
  }
  return kOk;
}

int runUpdate(const std::vector<std::string>& args) {
  po::options_description desc("kg update [--db DIR] (UPDATE | --file FILE)");
  addStoreOptions(desc, false);
  addStatementOptions(desc);
  desc.add_options()("allow-load", po::value<std::vector<std::string>>(),
                     "a directory LOAD may read from (default: the current directory)");
  auto vm = parseArgs(args, desc, "statement", 1);
  std::string file;
  std::string text = statementText(vm, "update", file);
  StatementSource where;
  where.file = file;
  requireKind(text, false, where);
  try {
    Database::parse(text);
    auto db = openDatabase(vm, false);
    UpdateOptions options;
    if (vm.count("allow-load")) options.allowedLoadDirectories = vm["allow-load"].as<std::vector<std::string>>();
    UpdateResult result = db->update(text, options);
    std::cerr << "update: " << formatCount(result.inserted) << " inserted, "
              << formatCount(result.deleted) << " deleted\n";
  } catch (const Error& e) {
    return reportStatementError(e, text, where);
  }
  return kOk;
}

int runExplain(const std::vector<std::string>& args) {
  po::options_description desc("kg explain [--db DIR] [--analyze] (QUERY | --file FILE)");
  addStoreOptions(desc);
  addStatementOptions(desc);
  desc.add_options()("analyze", "run the query and show actual rows and times per operator");
  addMemoryLimitOption(desc);
  auto vm = parseArgs(args, desc, "statement", 1);
  StatementSource where;
  std::string text = statementText(vm, "query", where.file);
  requireKind(text, true, where);
  QueryOptions options;
  options.memoryLimit = memoryLimitFrom(vm);
  try {
    Database::parse(text);
    auto db = openDatabase(vm, true);
    std::cout << db->explain(text, vm.count("analyze") > 0, options);
  } catch (const Error& e) {
    return reportStatementError(e, text, where);
  }
  return kOk;
}

int runParse(const std::vector<std::string>& args) {
  po::options_description desc("kg parse (QUERY | --file FILE)");
  addStatementOptions(desc);
  auto vm = parseArgs(args, desc, "statement", 1);
  StatementSource where;
  std::string text = statementText(vm, "statement", where.file);
  try {
    std::cout << Database::parse(text) << "\n";
  } catch (const Error& e) {
    return reportStatementError(e, text, where);
  }
  return kOk;
}

}  // namespace kg::cli
