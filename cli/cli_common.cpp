#include "cli_common.h"

#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <iostream>

namespace kg::cli {

std::string resolveDbPath(const po::variables_map& vm) {
  if (vm.count("db")) return vm["db"].as<std::string>();
  if (const char* env = std::getenv("KG_DB"); env && *env) return env;
  return "kg.db";
}

void addStoreOptions(po::options_description& desc, bool readOnlyFlag) {
  desc.add_options()("db", po::value<std::string>(), "store directory (default: $KG_DB, then ./kg.db)");
  if (readOnlyFlag) {
    desc.add_options()("read-only", "open the store read-only (works beside a writing process)");
  }
}

std::unique_ptr<Database> openDatabase(const po::variables_map& vm, bool readOnlyByDefault, bool create) {
  OpenOptions options;
  options.readOnly = readOnlyByDefault || vm.count("read-only") > 0;
  options.createIfMissing = create && !options.readOnly;
  return Database::open(resolveDbPath(vm), options);
}

po::variables_map parseArgs(const std::vector<std::string>& args, const po::options_description& desc,
                            const char* positional, int maxPositional) {
  po::variables_map vm;
  po::options_description all;
  all.add(desc);
  all.add_options()("help,h", "show this help");
  try {
    po::positional_options_description pos;
    if (positional) pos.add(positional, maxPositional);
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  if (vm.count("help")) {
    std::cout << desc << "\n";
    throw HelpShown{};
  }
  return vm;
}

void addMemoryLimitOption(po::options_description& desc) {
  desc.add_options()("memory-limit", po::value<std::string>(),
                     "memory a query's sorts, groups, DISTINCT and hash joins may use before they "
                     "spill to disk, e.g. 256M or 2G (default 1G; 0 = no limit)");
}

uint64_t memoryLimitFrom(const po::variables_map& vm) {
  if (!vm.count("memory-limit")) return QueryOptions::kDefaultQueryMemoryLimit;
  std::string text = vm["memory-limit"].as<std::string>();
  auto bytes = kg::parseByteSize(text);
  if (!bytes) throw UsageError("--memory-limit: '" + text + "' is not a size (use e.g. 256M or 2G)");
  return *bytes;
}

int exitCodeFor(const Error& error) {
  switch (error.code()) {
    case ErrorCode::kSyntax:
    case ErrorCode::kInvalidInput:
    case ErrorCode::kQuery:
    case ErrorCode::kCancelled:
    case ErrorCode::kTimeout:
    case ErrorCode::kLimit:
      return kBadInput;
    case ErrorCode::kUsage:
      return kUsage;
    case ErrorCode::kStorage:
    case ErrorCode::kIo:
    case ErrorCode::kLocked:
    case ErrorCode::kVersion:
      return kStorageFailure;
  }
  return kStorageFailure;
}

int reportError(const Error& error) {
  std::cerr << "kg: " << error.what() << "\n";
  return exitCodeFor(error);
}

std::string formatMismatch(QueryForm form, ResultFormat format) {
  bool graph = form == QueryForm::kConstruct || form == QueryForm::kDescribe;
  if (graph && format != ResultFormat::kTable && isSolutionFormat(format)) {
    return std::string(form == QueryForm::kConstruct ? "CONSTRUCT" : "DESCRIBE") +
           " returns triples, not rows: write them as Turtle, TriG, N-Triples, N-Quads, RDF/XML or "
           "JSON-LD (format turtle, trig, nt, nq, rdfxml or jsonld) or a table";
  }
  if (!graph && !isSolutionFormat(format)) {
    return std::string(form == QueryForm::kAsk ? "ASK returns a boolean" : "SELECT returns rows") +
           ", not triples: Turtle, TriG, N-Triples, N-Quads, RDF/XML and JSON-LD are for CONSTRUCT and DESCRIBE "
           "(use table, json, xml, csv or tsv)";
  }
  return "";
}

bool stderrIsTerminal() { return ::isatty(STDERR_FILENO) == 1; }

std::string formatCount(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

uint64_t parseByteSize(const std::string& text, const std::string& option) {
  size_t end = 0;
  double value = 0;
  try {
    value = std::stod(text, &end);
  } catch (...) {
    end = 0;
  }
  std::string unit = text.substr(end);
  for (auto& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (!unit.empty() && unit.back() == 'B') unit.pop_back();
  if (!unit.empty() && unit.back() == 'I') unit.pop_back();  // GiB, MiB
  double scale = unit.empty() ? 1 : unit == "K" ? 1024.0 : unit == "M" ? 1048576.0
               : unit == "G" ? 1073741824.0 : unit == "T" ? 1099511627776.0 : -1;
  if (end == 0 || scale < 0 || value <= 0) {
    throw UsageError(option + ": expected a size such as 512M or 2G, got '" + text + "'");
  }
  return static_cast<uint64_t>(value * scale);
}

std::string formatBytes(uint64_t n) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  double v = static_cast<double>(n);
  int unit = 0;
  while (v >= 1024 && unit < 4) {
    v /= 1024;
    ++unit;
  }
  char buf[32];
  if (unit == 0) {
    std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(n));
  } else {
    std::snprintf(buf, sizeof buf, "%.1f %s", v, units[unit]);
  }
  return buf;
}

}  // namespace kg::cli
