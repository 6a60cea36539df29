// Reader for the file-driven query tests (tests/queries/**/*.test). The format is described in
// tests/queries/README.md. Header-only; no engine dependency.
#pragma once

#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace kg::querytest {

enum class RecordKind {
  kData,            // data <ttl|trig|nt|nq> [graph <iri>]        body, ----
  kLoad,            // load <path> [graph <iri>] [format <fmt>]  (one line)
  kReset,           // reset                                      (one line)
  kTimeout,         // timeout <ms>: for the records after it     (one line)
  kMemoryLimit,     // memory-limit <bytes|default>: for the queries after it (one line)
  kQueryRows,       // query rows      body ---- rows (bag)
  kQueryOrdered,    // query ordered   body ---- rows (in this order)
  kQueryAsk,        // query ask       body ---- true|false
  kQueryGraph,      // query graph     body ---- Turtle
  kQueryError,      // query error     body ---- error expectations
  kStatementOk,     // statement ok    body ----
  kStatementError,  // statement error body ---- error expectations
  kQueryCsv,        // query csv       body ---- SPARQL CSV text (kg::writeResult kCsv)
  kQueryTsv,        // query tsv       body ---- SPARQL TSV text (kg::writeResult kTsv)
  kExplain,         // explain         body ---- plan text
  kDump,            // dump            ---- TriG (the whole store)
};

struct Record {
  RecordKind kind = RecordKind::kData;
  int line = 0;                   // 1-based line of the directive
  std::vector<std::string> args;  // words after the directive (after the mode for query/statement)
  std::string body;               // lines between the directive and ----, joined with '\n'
  std::vector<std::string> expected;  // lines after ---- up to a blank line
  size_t expectedBegin = 0;  // 0-based index of the first expected line in TestFile::lines
  size_t expectedEnd = 0;    // one past the last expected line
};

struct TestFile {
  std::string path;
  std::string name;  // from "# name:" (or empty)
  std::vector<std::string> lines;
  std::vector<Record> records;
  // Directives that apply to the whole file, in order of appearance, are records too, except:
  std::map<std::string, std::string> prefixes;  // prefix p: <iri>  (p without ':')
  std::string base;                             // base <iri>
};

inline std::vector<std::string> splitWords(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

inline std::string rtrim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.pop_back();
  return s;
}

inline bool isBlank(const std::string& s) { return rtrim(s).empty(); }

struct FormatError : std::runtime_error {
  FormatError(const std::string& path, int line, const std::string& what)
      : std::runtime_error(path + ":" + std::to_string(line) + ": " + what) {}
};

inline TestFile parseTestText(const std::string& text, const std::string& path) {
  TestFile f;
  f.path = path;
  {
    std::string cur;
    for (char c : text) {
      if (c == '\n') {
        if (!cur.empty() && cur.back() == '\r') cur.pop_back();
        f.lines.push_back(cur);
        cur.clear();
      } else {
        cur += c;
      }
    }
    if (!cur.empty()) f.lines.push_back(cur);
  }
  const auto& L = f.lines;
  size_t i = 0;
  auto fail = [&](size_t at, const std::string& what) {
    throw FormatError(path, static_cast<int>(at + 1), what);
  };
  while (i < L.size()) {
    const std::string& line = L[i];
    if (isBlank(line)) {
      ++i;
      continue;
    }
    if (line[0] == '#') {
      const std::string tag = "# name:";
      if (line.rfind(tag, 0) == 0 && f.name.empty()) {
        f.name = rtrim(line.substr(tag.size()));
        while (!f.name.empty() && f.name[0] == ' ') f.name.erase(0, 1);
      }
      ++i;
      continue;
    }
    auto words = splitWords(line);
    const std::string& dir = words[0];
    Record r;
    r.line = static_cast<int>(i + 1);
    bool hasBody = false, hasExpected = false;
    if (dir == "prefix") {
      // prefix p: <iri>
      if (words.size() != 3 || words[1].back() != ':' || words[2].size() < 2 ||
          words[2].front() != '<' || words[2].back() != '>') {
        fail(i, "expected: prefix p: <iri>");
      }
      f.prefixes[words[1].substr(0, words[1].size() - 1)] =
          words[2].substr(1, words[2].size() - 2);
      ++i;
      continue;
    } else if (dir == "base") {
      if (words.size() != 2 || words[1].front() != '<' || words[1].back() != '>') {
        fail(i, "expected: base <iri>");
      }
      f.base = words[1].substr(1, words[1].size() - 2);
      ++i;
      continue;
    } else if (dir == "data") {
      r.kind = RecordKind::kData;
      hasBody = true;
      if (words.size() < 2) fail(i, "expected: data <ttl|trig|nt|nq> [graph <iri>]");
      r.args.assign(words.begin() + 1, words.end());
    } else if (dir == "load") {
      r.kind = RecordKind::kLoad;
      if (words.size() < 2) fail(i, "expected: load <path> [graph <iri>] [format <fmt>]");
      r.args.assign(words.begin() + 1, words.end());
    } else if (dir == "reset") {
      r.kind = RecordKind::kReset;
    } else if (dir == "timeout") {
      r.kind = RecordKind::kTimeout;
      if (words.size() != 2 || words[1].find_first_not_of("0123456789") != std::string::npos) {
        fail(i, "expected: timeout <milliseconds>");
      }
      r.args.assign(words.begin() + 1, words.end());
    } else if (dir == "memory-limit") {
      r.kind = RecordKind::kMemoryLimit;
      if (words.size() != 2 ||
          (words[1] != "default" && words[1].find_first_not_of("0123456789") != std::string::npos)) {
        fail(i, "expected: memory-limit <bytes>|default");
      }
      r.args.assign(words.begin() + 1, words.end());
    } else if (dir == "query" || dir == "statement") {
      if (words.size() < 2) fail(i, "expected a mode after '" + dir + "'");
      const std::string& mode = words[1];
      hasBody = true;
      hasExpected = true;
      if (dir == "query" && mode == "rows") {
        r.kind = RecordKind::kQueryRows;
      } else if (dir == "query" && mode == "ordered") {
        r.kind = RecordKind::kQueryOrdered;
      } else if (dir == "query" && mode == "ask") {
        r.kind = RecordKind::kQueryAsk;
      } else if (dir == "query" && mode == "graph") {
        r.kind = RecordKind::kQueryGraph;
      } else if (dir == "query" && mode == "csv") {
        r.kind = RecordKind::kQueryCsv;
      } else if (dir == "query" && mode == "tsv") {
        r.kind = RecordKind::kQueryTsv;
      } else if (dir == "query" && mode == "error") {
        r.kind = RecordKind::kQueryError;
      } else if (dir == "statement" && mode == "ok") {
        r.kind = RecordKind::kStatementOk;
        hasExpected = false;
      } else if (dir == "statement" && mode == "error") {
        r.kind = RecordKind::kStatementError;
      } else {
        fail(i, "unknown mode '" + dir + " " + mode + "'");
      }
      r.args.assign(words.begin() + 2, words.end());
    } else if (dir == "explain") {
      r.kind = RecordKind::kExplain;
      hasBody = true;
      hasExpected = true;
      r.args.assign(words.begin() + 1, words.end());
    } else if (dir == "dump") {
      r.kind = RecordKind::kDump;
      hasBody = true;  // empty: the next line is ----
      hasExpected = true;
    } else {
      fail(i, "unknown directive '" + dir + "'");
    }
    ++i;
    if (hasBody) {
      std::string body;
      bool closed = false;
      while (i < L.size()) {
        if (rtrim(L[i]) == "----") {
          closed = true;
          ++i;
          break;
        }
        body += L[i] + "\n";
        ++i;
      }
      if (!closed) fail(static_cast<size_t>(r.line - 1), "the record is not closed by ----");
      r.body = body;
    }
    if (hasExpected) {
      r.expectedBegin = i;
      while (i < L.size() && !isBlank(L[i])) {
        r.expected.push_back(rtrim(L[i]));
        ++i;
      }
      r.expectedEnd = i;
    }
    f.records.push_back(std::move(r));
  }
  return f;
}

inline TestFile readTestFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return parseTestText(ss.str(), path);
}

}  // namespace kg::querytest
