// Runs the file-driven query tests: one gtest test per tests/queries/**/*.test file (format in
// tests/queries/README.md). Each file gets a fresh store under /dev/shm; its records run in
// order, and every failing record is reported at the .test file's line.
//
// Environment:
//   KG_UPDATE_PLANS=1   rewrite the expected text of `explain` records with kg's current plans
//   KG_QUERIES_DIR=dir  run the .test files under dir instead of the source tree's tests/queries
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "../common/isomorphism.h"
#include "../common/result_compare.h"
#include "ingest/ingest.h"
#include "kg/database.h"
#include "kg/error.h"
#include "kg/query.h"
#include "test_file.h"

#ifndef KG_QUERIES_DIR
#define KG_QUERIES_DIR ""
#endif
#ifndef KG_SOURCE_DIR
#define KG_SOURCE_DIR ""
#endif

namespace kg {
namespace {

namespace fs = std::filesystem;
using querytest::Record;
using querytest::RecordKind;
using querytest::TestFile;

constexpr std::chrono::milliseconds kTimeout{10000};

std::string queriesDir() {
  if (const char* d = std::getenv("KG_QUERIES_DIR")) {
    if (*d) return d;
  }
  return KG_QUERIES_DIR;
}

std::vector<std::string> discoverFiles() {
  std::vector<std::string> out;
  std::error_code ec;
  fs::path root(queriesDir());
  if (!fs::exists(root, ec)) return out;
  for (auto it = fs::recursive_directory_iterator(root, ec); it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (ec) break;
    if (it->is_regular_file() && it->path().extension() == ".test") {
      out.push_back(fs::relative(it->path(), root).generic_string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A store for one file.
class FileStore {
 public:
  FileStore() {
    base_ = fs::exists("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
    reset();
  }
  ~FileStore() { close(); }
  Database& db() { return *db_; }
  void reset() {
    close();
    dir_ = (base_ / ("kg-queries-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++)))
               .string();
    std::error_code ec;
    fs::remove_all(dir_, ec);
    db_ = Database::open(dir_);
  }

 private:
  void close() {
    db_.reset();
    if (!dir_.empty()) {
      std::error_code ec;
      fs::remove_all(dir_, ec);
    }
  }
  fs::path base_;
  std::string dir_;
  int counter_ = 0;
  std::unique_ptr<Database> db_;
};

class FileRunner {
 public:
  explicit FileRunner(TestFile file) : f_(std::move(file)) {
    for (const auto& [p, iri] : f_.prefixes) {
      sparqlPrologue_ += "PREFIX " + p + ": <" + iri + ">\n";
      turtlePrologue_ += "@prefix " + p + ": <" + iri + "> .\n";
    }
  }

  void run() {
    for (size_t i = 0; i < f_.records.size(); ++i) {
      const Record& r = f_.records[i];
      std::string failure;
      try {
        failure = runRecord(r, i);
      } catch (const PositionedError& e) {
        failure = std::string("kg error: ") + e.what();
      } catch (const Error& e) {
        failure = std::string("kg error: ") + e.what();
      } catch (const std::exception& e) {
        failure = std::string("exception: ") + e.what();
      }
      if (!failure.empty()) {
        ADD_FAILURE_AT(f_.path.c_str(), r.line) << failure << "\n  record:\n" << indent(r.body);
      }
    }
    if (!planUpdates_.empty()) rewritePlans();
  }

 private:
  static std::string indent(const std::string& s) {
    std::string out = "    ";
    for (char c : s) {
      out += c;
      if (c == '\n') out += "    ";
    }
    return out;
  }

  QueryOptions queryOptions() const {
    QueryOptions o;
    o.baseIri = f_.base;
    o.timeout = timeout_;
    o.memoryLimit = memoryLimit_;
    return o;
  }

  std::string argAfter(const Record& r, const std::string& key) const {
    for (size_t i = 0; i + 1 < r.args.size(); ++i) {
      if (r.args[i] == key) return r.args[i + 1];
    }
    return "";
  }
  static std::string unbracket(std::string s) {
    if (s.size() >= 2 && s.front() == '<' && s.back() == '>') return s.substr(1, s.size() - 2);
    return s;
  }

  std::string runRecord(const Record& r, size_t index) {
    switch (r.kind) {
      case RecordKind::kReset:
        store_.reset();
        return "";
      case RecordKind::kTimeout:
        timeout_ = std::chrono::milliseconds(std::stoll(r.args[0]));
        return "";
      case RecordKind::kMemoryLimit:
        memoryLimit_ = r.args[0] == "default" ? QueryOptions::kDefaultQueryMemoryLimit : std::stoull(r.args[0]);
        return "";
      case RecordKind::kData: {
        LoadOptions o;
        o.format = r.args[0];
        o.graph = unbracket(argAfter(r, "graph"));
        o.baseIri = f_.base;
        bool turtle = o.format == "ttl" || o.format == "trig" || o.format == "turtle";
        store_.db().loadString(turtle ? turtlePrologue_ + r.body : r.body, o);
        return "";
      }
      case RecordKind::kLoad: {
        LoadOptions o;
        o.format = argAfter(r, "format");
        o.graph = unbracket(argAfter(r, "graph"));
        o.baseIri = f_.base;
        store_.db().load(resolvePath(r.args[0]), o);
        return "";
      }
      case RecordKind::kQueryRows:
      case RecordKind::kQueryOrdered:
        return checkRows(r);
      case RecordKind::kQueryAsk: {
        QueryResult res = store_.db().query(sparqlPrologue_ + r.body, queryOptions());
        if (res.form() != QueryForm::kAsk) return "not an ASK query";
        bool got = res.boolean();
        std::string want = r.expected.empty() ? "" : lower(r.expected[0]);
        if (want != "true" && want != "false") return "expected block must be true or false";
        if (got != (want == "true")) {
          return std::string("ASK: expected ") + want + ", got " + (got ? "true" : "false");
        }
        return "";
      }
      case RecordKind::kQueryGraph:
        return checkGraph(r);
      case RecordKind::kQueryCsv:
      case RecordKind::kQueryTsv:
        return checkWriter(r);
      case RecordKind::kQueryError:
      case RecordKind::kStatementError:
        return checkError(r);
      case RecordKind::kStatementOk: {
        UpdateOptions o;
        o.baseIri = f_.base;
        o.timeout = timeout_;
        store_.db().update(sparqlPrologue_ + r.body, o);
        return "";
      }
      case RecordKind::kExplain:
        return checkExplain(r, index);
      case RecordKind::kDump:
        return checkDump(r);
    }
    return "unknown record";
  }

  std::string resolvePath(const std::string& p) const {
    fs::path rel(p);
    if (rel.is_absolute()) return p;
    fs::path local = fs::path(f_.path).parent_path() / rel;
    if (fs::exists(local)) return local.string();
    return (fs::path(KG_SOURCE_DIR) / rel).string();
  }

  // Expected rows: an optional header "?a ?b", then one row per line: terms separated by tabs
  // (an empty cell = unbound) or by spaces; UNDEF = unbound.
  testing::ResultSet expectedRows(const Record& r, const std::vector<std::string>& actualVars) {
    testing::ResultSet e;
    testing::TermReader reader(&f_.prefixes);
    size_t first = 0;
    if (!r.expected.empty() && !r.expected[0].empty() &&
        (r.expected[0][0] == '?' || r.expected[0][0] == '$')) {
      for (const auto& w : querytest::splitWords(r.expected[0])) e.variables.push_back(w.substr(1));
      first = 1;
    } else {
      e.variables = actualVars;
    }
    for (size_t i = first; i < r.expected.size(); ++i) {
      const std::string& line = r.expected[i];
      testing::Row row;
      if (line == "()") {
        // One solution that binds nothing.
        e.rows.emplace_back(e.variables.size());
        continue;
      }
      if (line.find('\t') != std::string::npos) {
        for (auto& cell : testing::splitOn(line, '\t')) {
          std::string c = querytest::rtrim(cell);
          while (!c.empty() && c[0] == ' ') c.erase(0, 1);
          if (c.empty() || c == "UNDEF") {
            row.emplace_back();
          } else {
            row.emplace_back(reader.readAll(c));
          }
        }
      } else {
        size_t pos = 0;
        while (true) {
          while (pos < line.size() && (line[pos] == ' ')) ++pos;
          if (pos >= line.size()) break;
          if (line.compare(pos, 5, "UNDEF") == 0 &&
              (pos + 5 == line.size() || line[pos + 5] == ' ')) {
            row.emplace_back();
            pos += 5;
            continue;
          }
          row.emplace_back(reader.read(line, pos));
        }
      }
      if (row.size() != e.variables.size()) {
        throw std::runtime_error("expected row " + std::to_string(i + 1 - first) + " has " +
                                 std::to_string(row.size()) + " cells, the result has " +
                                 std::to_string(e.variables.size()) + " variables");
      }
      e.rows.push_back(std::move(row));
    }
    return e;
  }

  std::string checkRows(const Record& r) {
    QueryResult res = store_.db().query(sparqlPrologue_ + r.body, queryOptions());
    if (res.form() != QueryForm::kSelect) return "not a SELECT query";
    testing::ResultSet actual;
    actual.variables = res.variables();
    Solution s;
    while (res.next(s)) actual.rows.push_back(s);
    testing::ResultSet expected = expectedRows(r, actual.variables);
    testing::CompareOptions co;
    co.ordered = r.kind == RecordKind::kQueryOrdered;
    std::string diff = testing::compareResultSets(expected, actual, co);
    if (diff.empty()) return "";
    std::string got;
    size_t shown = 0;
    for (const auto& row : actual.rows) {
      if (shown++ == 20) {
        got += "    ...\n";
        break;
      }
      got += "    " + testing::renderRowText(row, &actual.variables) + "\n";
    }
    return diff + "\n  got " + std::to_string(actual.rows.size()) + " rows:\n" + got;
  }

  std::vector<Quad> parseTurtle(const std::vector<std::string>& lines, bool trig) {
    std::string text = turtlePrologue_;
    for (const auto& l : lines) text += l + "\n";
    std::vector<Quad> out;
    ingest::ParseOptions o;
    o.fileName = f_.path + " (expected block)";
    o.baseIri = f_.base;
    ingest::parseRdfString(text, trig ? ingest::RdfFormat::kTriG : ingest::RdfFormat::kTurtle, o,
                           [&](Quad&& q) { out.push_back(std::move(q)); });
    return out;
  }

  std::string checkGraph(const Record& r) {
    QueryResult res = store_.db().query(sparqlPrologue_ + r.body, queryOptions());
    if (res.form() != QueryForm::kConstruct && res.form() != QueryForm::kDescribe) {
      return "not a CONSTRUCT/DESCRIBE query";
    }
    std::vector<Quad> actual;
    Solution s;
    while (res.next(s)) {
      if (s.size() < 3 || !s[0] || !s[1] || !s[2]) return "graph result row without s/p/o";
      actual.push_back(Quad{*s[0], *s[1], *s[2], Term::iri("")});
    }
    std::vector<Quad> expected = parseTurtle(r.expected, false);
    if (std::find(r.args.begin(), r.args.end(), "subset") != r.args.end()) {
      // `query graph subset`: every expected (ground) triple is in the result (DESCRIBE,
      // whose exact output the spec leaves to the implementation).
      std::set<std::string> have;
      for (const auto& q : actual) have.insert(testing::normalizeTerm(q.subject).toNTriples() + " " + q.predicate.toNTriples() + " " + testing::normalizeTerm(q.object).toNTriples());
      for (const auto& q : expected) {
        std::string t = testing::normalizeTerm(q.subject).toNTriples() + " " + q.predicate.toNTriples() + " " + testing::normalizeTerm(q.object).toNTriples();
        if (!have.count(t)) {
          std::string got;
          for (size_t i = 0; i < actual.size() && i < 20; ++i) got += "    " + actual[i].toNQuads() + "\n";
          return "missing triple " + t + "\n  got " + std::to_string(actual.size()) + " triples:\n" + got;
        }
      }
      return "";
    }
    std::string diff = testing::compareQuads(expected, actual);
    if (diff.empty()) return "";
    std::string got;
    for (size_t i = 0; i < actual.size() && i < 20; ++i) got += "    " + actual[i].toNQuads() + "\n";
    return diff + "\n  got " + std::to_string(actual.size()) + " triples:\n" + got;
  }

  // CSV / TSV output of kg::writeResult, read back and compared cell by cell in order (blank
  // node labels up to renaming; TSV cells as terms, so 1 and "1"^^xsd:integer are equal).
  std::string checkWriter(const Record& r) {
    bool csv = r.kind == RecordKind::kQueryCsv;
    QueryResult res = store_.db().query(sparqlPrologue_ + r.body, queryOptions());
    std::ostringstream out;
    writeResult(res, out, csv ? ResultFormat::kCsv : ResultFormat::kTsv);
    std::string want;
    for (const auto& l : r.expected) want += l + "\n";
    testing::ResultSet expected, actual;
    expected = csv ? testing::parseCsvResults(want) : testing::parseTsvResults(want);
    try {
      actual = csv ? testing::parseCsvResults(out.str()) : testing::parseTsvResults(out.str());
    } catch (const std::exception& e) {
      return std::string("cannot read kg's output: ") + e.what() + "\n  output:\n" + indent(out.str());
    }
    testing::CompareOptions co;
    co.ordered = true;
    std::string diff = testing::compareResultSets(expected, actual, co);
    if (csv && diff.empty() && out.str().find("\r\n") == std::string::npos && !r.expected.empty()) {
      diff = "CSV lines must end with CRLF (SPARQL 1.1 CSV results, RFC 4180)";
    }
    if (diff.empty()) return "";
    return diff + "\n  output:\n" + indent(out.str());
  }

  // Expectation lines: "L:C: text" (PositionedError at line L, column C — C may be '*' — whose
  // message contains text), "code: syntax|query|..." (the error code), or "error: text" (any
  // kg::Error whose what() contains text). Text matches case-insensitively.
  std::string checkError(const Record& r) {
    bool isQuery = r.kind == RecordKind::kQueryError;
    auto started = std::chrono::steady_clock::now();
    try {
      if (isQuery) {
        QueryResult res = store_.db().query(r.body, queryOptions());
        Solution s;
        if (res.form() == QueryForm::kAsk) {
          res.boolean();
        } else {
          while (res.next(s)) {
          }
        }
      } else {
        UpdateOptions o;
        o.baseIri = f_.base;
        o.timeout = timeout_;
        store_.db().update(r.body, o);
      }
    } catch (const Error& e) {
      const auto* pe = dynamic_cast<const PositionedError*>(&e);
      if (e.code() == ErrorCode::kTimeout) {
        // The deadline must be honoured promptly: within 5x the timeout plus 2 s.
        auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - started);
        if (took > timeout_ * 5 + std::chrono::milliseconds(2000)) {
          return "timed out only after " + std::to_string(took.count()) + " ms (timeout " +
                 std::to_string(timeout_.count()) + " ms)";
        }
      }
      for (const auto& line : r.expected) {
        std::string exp = line;
        if (exp.rfind("error:", 0) == 0) {
          std::string text = querytest::rtrim(exp.substr(6));
          while (!text.empty() && text[0] == ' ') text.erase(0, 1);
          if (lower(e.what()).find(lower(text)) == std::string::npos) {
            return "error message '" + std::string(e.what()) + "' does not contain '" + text + "'";
          }
          continue;
        }
        if (exp.rfind("code:", 0) == 0) {
          std::string want = querytest::rtrim(exp.substr(5));
          while (!want.empty() && want[0] == ' ') want.erase(0, 1);
          std::string got = codeName(e.code());
          if (got != want) return "error code " + got + ", expected " + want + ": " + e.what();
          continue;
        }
        // L:C: text
        size_t c1 = exp.find(':');
        size_t c2 = c1 == std::string::npos ? c1 : exp.find(':', c1 + 1);
        if (c2 == std::string::npos) return "bad error expectation '" + exp + "'";
        std::string ls = exp.substr(0, c1), cs = exp.substr(c1 + 1, c2 - c1 - 1);
        std::string text = exp.substr(c2 + 1);
        while (!text.empty() && text[0] == ' ') text.erase(0, 1);
        if (!pe) return "expected a positioned error, got: " + std::string(e.what());
        if (std::to_string(pe->line()) != ls || (cs != "*" && std::to_string(pe->column()) != cs)) {
          return "error at " + std::to_string(pe->line()) + ":" + std::to_string(pe->column()) +
                 ", expected " + ls + ":" + cs + ": " + e.what();
        }
        if (lower(pe->message()).find(lower(text)) == std::string::npos) {
          return "error message '" + pe->message() + "' does not contain '" + text + "'";
        }
      }
      if (pe) {
        // Readable: a message in words, not the parser generator's jargon.
        std::string m = lower(pe->message());
        if (m.empty()) return "positioned error with an empty message";
        for (const char* jargon : {"mismatched input", "no viable alternative", "extraneous input",
                                   "token recognition error", "missing {"}) {
          if (m.find(jargon) != std::string::npos) {
            return "message uses parser-generator jargon: " + std::string(e.what());
          }
        }
        if (pe->line() < 1 || pe->column() < 1) {
          return "position must be 1-based: " + std::string(e.what());
        }
      }
      return "";
    }
    return isQuery ? "the query succeeded; expected an error" : "the update succeeded; expected an error";
  }

  static std::string codeName(ErrorCode c) {
    switch (c) {
      case ErrorCode::kSyntax: return "syntax";
      case ErrorCode::kInvalidInput: return "input";
      case ErrorCode::kQuery: return "query";
      case ErrorCode::kUsage: return "usage";
      case ErrorCode::kStorage: return "storage";
      case ErrorCode::kIo: return "io";
      case ErrorCode::kLocked: return "locked";
      case ErrorCode::kVersion: return "version";
      case ErrorCode::kCancelled: return "cancelled";
      case ErrorCode::kTimeout: return "timeout";
      case ErrorCode::kLimit: return "limit";
    }
    return "unknown";
  }

  std::string checkExplain(const Record& r, size_t index) {
    bool analyze = std::find(r.args.begin(), r.args.end(), "analyze") != r.args.end();
    std::string plan = store_.db().explain(sparqlPrologue_ + r.body, analyze, queryOptions());
    std::vector<std::string> got;
    for (const auto& l : testing::splitLines(plan)) {
      if (!querytest::isBlank(l)) got.push_back(querytest::rtrim(l));
    }
    if (std::getenv("KG_UPDATE_PLANS")) {
      if (got != r.expected) planUpdates_[index] = got;
      return "";
    }
    if (got == r.expected) return "";
    std::string out = "plan differs (KG_UPDATE_PLANS=1 rewrites it)\n  expected:\n";
    for (const auto& l : r.expected) out += "    " + l + "\n";
    out += "  got:\n";
    for (const auto& l : got) out += "    " + l + "\n";
    return out;
  }

  std::string checkDump(const Record& r) {
    std::ostringstream dump;
    store_.db().dump(dump, DumpFormat::kNQuads);
    std::map<std::string, std::vector<Quad>> actual, expected;
    {
      ingest::ParseOptions o;
      o.fileName = "<dump>";
      ingest::parseRdfString(dump.str(), ingest::RdfFormat::kNQuads, o, [&](Quad&& q) {
        std::string g = q.inDefaultGraph() ? "" : q.graph.value;
        q.graph = Term::iri("");
        actual[g].push_back(std::move(q));
      });
    }
    for (auto& q : parseTurtle(r.expected, true)) {
      std::string g = q.inDefaultGraph() ? "" : q.graph.value;
      q.graph = Term::iri("");
      expected[g].push_back(std::move(q));
    }
    expected[""];
    actual[""];
    for (auto& [g, quads] : expected) {
      std::string d = testing::compareQuads(quads, actual[g]);
      if (!d.empty()) return "store differs in " + (g.empty() ? "the default graph" : "<" + g + ">") + ": " + d + "\n  dump:\n" + indent(dump.str());
    }
    for (auto& [g, quads] : actual) {
      if (!quads.empty() && !expected.count(g)) {
        return "unexpected non-empty graph <" + g + ">\n  dump:\n" + indent(dump.str());
      }
    }
    return "";
  }

  void rewritePlans() {
    std::vector<std::string> lines = f_.lines;
    // Bottom-up so earlier indexes stay valid.
    for (auto it = planUpdates_.rbegin(); it != planUpdates_.rend(); ++it) {
      const Record& r = f_.records[it->first];
      lines.erase(lines.begin() + static_cast<long>(r.expectedBegin),
                  lines.begin() + static_cast<long>(r.expectedEnd));
      lines.insert(lines.begin() + static_cast<long>(r.expectedBegin), it->second.begin(),
                   it->second.end());
    }
    std::ofstream out(f_.path, std::ios::binary | std::ios::trunc);
    for (const auto& l : lines) out << l << "\n";
    std::cout << "rewrote " << planUpdates_.size() << " plan(s) in " << f_.path << "\n";
  }

  TestFile f_;
  FileStore store_;
  std::string sparqlPrologue_, turtlePrologue_;
  std::chrono::milliseconds timeout_ = kTimeout;
  uint64_t memoryLimit_ = QueryOptions::kDefaultQueryMemoryLimit;
  std::map<size_t, std::vector<std::string>> planUpdates_;
};

class QueryFile : public ::testing::TestWithParam<std::string> {};

TEST_P(QueryFile, Run) {
  if (GetParam() == "none") GTEST_SKIP() << "no .test files under " << queriesDir();
  std::string path = (fs::path(queriesDir()) / GetParam()).string();
  TestFile file;
  try {
    file = querytest::readTestFile(path);
  } catch (const std::exception& e) {
    FAIL() << "malformed test file: " << e.what();
  }
  FileRunner(std::move(file)).run();
}

std::vector<std::string> params() {
  auto files = discoverFiles();
  if (files.empty()) files.push_back("none");
  return files;
}

std::string paramName(const ::testing::TestParamInfo<std::string>& info) {
  std::string out = info.param;
  if (out.size() > 5 && out.compare(out.size() - 5, 5, ".test") == 0) out.resize(out.size() - 5);
  for (auto& c : out) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(Queries, QueryFile, ::testing::ValuesIn(params()), paramName);

}  // namespace
}  // namespace kg
