// kg query / kg update / kg explain / kg parse: run SPARQL from the command line.
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli_common.h"

namespace kg::cli {
namespace {

// The statement text: the positional argument, or the contents of --file.
std::string statementText(const po::variables_map& vm, const char* command) {
  bool hasText = vm.count("statement") > 0;
  bool hasFile = vm.count("file") > 0;
  if (hasText == hasFile) {
    throw UsageError(std::string("kg ") + command + ": give the statement as an argument or with --file");
  }
  if (hasText) return vm["statement"].as<std::string>();
  std::string path = vm["file"].as<std::string>();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::kIo, path + ": cannot open");
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
  throw UsageError("unknown result format '" + name +
                   "' (use table, json, xml, csv, tsv, or for graphs turtle, trig, nt or nq)");
}

void addStatementOptions(po::options_description& desc) {
  desc.add_options()
      ("file", po::value<std::string>(), "read the statement from this file")
      ("statement", po::value<std::string>(), "the SPARQL text");
}

}  // namespace

// A syntax error shows the statement line with a caret under the position.
int reportStatementError(const Error& e, const std::string& text) {
  if (auto* pe = dynamic_cast<const PositionedError*>(&e); pe && e.code() == ErrorCode::kSyntax) {
    std::cerr << "kg: syntax error at line " << pe->line() << ", column " << pe->column() << ": "
              << pe->message() << "\n" << renderCaret(text, pe->line(), pe->column()) << "\n";
    return exitCodeFor(e);
  }
  return reportError(e);
}

int runQuery(const std::vector<std::string>& args) {
  po::options_description desc(
      "kg query [--db DIR] [--format table|json|xml|csv|tsv|turtle|trig|nt|nq] (QUERY | --file FILE)");
  addStoreOptions(desc);
  addStatementOptions(desc);
  desc.add_options()
      ("format", po::value<std::string>()->default_value("table"),
       "table, json, xml, csv or tsv; for CONSTRUCT and DESCRIBE also turtle, trig, nt or nq "
       "(Turtle and TriG use the store's prefixes and the query's)")
      ("timeout", po::value<double>(), "give up after this many seconds");
  auto vm = parseArgs(args, desc, "statement", 1);
  std::string text = statementText(vm, "query");
  ResultFormat format = resultFormat(vm["format"].as<std::string>());
  try {
    auto db = openDatabase(vm, true);
    QueryOptions options;
    if (vm.count("timeout")) {
      options.timeout = std::chrono::milliseconds(static_cast<int64_t>(vm["timeout"].as<double>() * 1000));
    }
    QueryResult result = db->query(text, options);
    std::ios::sync_with_stdio(false);
    writeResult(result, std::cout, format, db->prefixes());
    std::cout.flush();
  } catch (const Error& e) {
    return reportStatementError(e, text);
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
  std::string text = statementText(vm, "update");
  try {
    auto db = openDatabase(vm, false);
    UpdateOptions options;
    if (vm.count("allow-load")) options.allowedLoadDirectories = vm["allow-load"].as<std::vector<std::string>>();
    UpdateResult result = db->update(text, options);
    std::cerr << "update: " << formatCount(result.inserted) << " inserted, "
              << formatCount(result.deleted) << " deleted\n";
  } catch (const Error& e) {
    return reportStatementError(e, text);
  }
  return kOk;
}

int runExplain(const std::vector<std::string>& args) {
  po::options_description desc("kg explain [--db DIR] [--analyze] (QUERY | --file FILE)");
  addStoreOptions(desc);
  addStatementOptions(desc);
  desc.add_options()("analyze", "run the query and show actual rows and times per operator");
  auto vm = parseArgs(args, desc, "statement", 1);
  std::string text = statementText(vm, "explain");
  try {
    auto db = openDatabase(vm, true);
    std::cout << db->explain(text, vm.count("analyze") > 0);
  } catch (const Error& e) {
    return reportStatementError(e, text);
  }
  return kOk;
}

int runParse(const std::vector<std::string>& args) {
  po::options_description desc("kg parse (QUERY | --file FILE)");
  addStatementOptions(desc);
  auto vm = parseArgs(args, desc, "statement", 1);
  std::string text = statementText(vm, "parse");
  try {
    std::cout << Database::parse(text) << "\n";
  } catch (const Error& e) {
    return reportStatementError(e, text);
  }
  return kOk;
}

}  // namespace kg::cli
