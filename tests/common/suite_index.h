// Reads the conformance kit's index files (../shared/conformance/index/<suite>.tsv).
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "shared_data.h"

namespace kg::testing {

#ifndef KG_SHARED_DIR
#define KG_SHARED_DIR ""
#endif

inline const char* kSharedMissing =
    "the shared data folder (../shared, or -DKG_SHARED_DIR=...) is absent: skipping";

inline std::string sharedDir() { return KG_SHARED_DIR; }
inline std::string conformanceDir() { return sharedDir() + "/conformance"; }
inline bool sharedAvailable() {
  return std::filesystem::exists(conformanceDir() + "/index");
}

inline std::string testIri(const std::string& path) {
  return "https://w3c.github.io/rdf-tests/" + path;
}

struct IndexRow {
  std::string suite, category, id, type, approval, name, action;
  std::vector<std::string> data, graphData, queryGraphs;
  std::string result;
  std::vector<std::string> resultGraphData;
  std::string normalized, flags, iri;
  bool hasFlag(const std::string& flag) const {
    return ("," + flags + ",").find("," + flag + ",") != std::string::npos;
  }
};

inline std::vector<std::string> splitOn(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

inline std::vector<IndexRow> readIndex(const std::string& path) {
  std::vector<IndexRow> rows;
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // header
  auto cell = [](const std::string& s) { return s == "-" ? std::string() : s; };
  auto list = [&](const std::string& s) {
    std::vector<std::string> out;
    if (cell(s).empty()) return out;
    for (auto& x : splitOn(s, ' ')) {
      if (!x.empty()) out.push_back(x);
    }
    return out;
  };
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto f = splitOn(line, '\t');
    if (f.size() < 15) continue;
    IndexRow r;
    r.suite = f[0];
    r.category = f[1];
    r.id = f[2];
    r.type = f[3];
    r.approval = cell(f[4]);
    r.name = cell(f[5]);
    r.action = cell(f[6]);
    r.data = list(f[7]);
    r.graphData = list(f[8]);
    r.queryGraphs = list(f[9]);
    r.result = cell(f[10]);
    r.resultGraphData = list(f[11]);
    r.normalized = cell(f[12]);
    r.flags = cell(f[13]);
    r.iri = cell(f[14]);
    rows.push_back(std::move(r));
  }
  return rows;
}

}  // namespace kg::testing
