// kg_plan_quality: how good the planner's row estimates are. Runs each query with EXPLAIN
// ANALYZE and compares, for every join operator opened once, the estimated rows with the rows
// it produced: q-error = max(est/actual, actual/est), both floored at 1 row.
//   kg_plan_quality --db DIR QUERY.rq...
// Prints a table (query, the top join's estimate, actual, q-error, and the worst join below
// it), then the median q-error of the top joins and of all joins.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "kg/database.h"

namespace {

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string stem(const std::string& path) {
  size_t slash = path.find_last_of('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  size_t dot = name.find('.');
  return dot == std::string::npos ? name : name.substr(0, dot);
}

struct JoinLine {
  int depth = 0;
  std::string op;
  double estimate = 0;
  double actual = 0;
  double qError() const {
    double e = std::max(estimate, 1.0), a = std::max(actual, 1.0);
    return std::max(e / a, a / e);
  }
};

bool isJoin(const std::string& text) {
  for (const char* name : {"NestedLoopJoin", "HashJoin", "MergeJoin", "CrossProduct"}) {
    if (text.rfind(name, 0) == 0) return true;
  }
  return false;
}

// The join lines of an EXPLAIN ANALYZE text that were opened exactly once (a join under a
// nested loop's probe side runs once per outer row; its empty-seed estimate does not apply).
std::vector<JoinLine> joinsOf(const std::string& plan) {
  std::vector<JoinLine> joins;
  std::istringstream in(plan);
  std::string line;
  while (std::getline(in, line)) {
    size_t indent = line.find_first_not_of(' ');
    if (indent == std::string::npos) continue;
    std::string text = line.substr(indent);
    if (!isJoin(text)) continue;
    size_t est = text.rfind("(est. ");
    size_t act = text.rfind("; actual ");
    size_t opens = text.rfind(" rows in ");
    if (est == std::string::npos || act == std::string::npos || opens == std::string::npos) continue;
    if (std::stoull(text.substr(opens + 9)) != 1) continue;
    JoinLine j;
    j.depth = static_cast<int>(indent / 2);
    j.op = text.substr(0, text.find_first_of(" (", 0));
    j.estimate = std::stod(text.substr(est + 6));
    j.actual = std::stod(text.substr(act + 9));
    joins.push_back(j);
  }
  return joins;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db;
  std::vector<std::string> queries;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--db" && i + 1 < argc) db = argv[++i];
    else queries.push_back(a);
  }
  if (db.empty() || queries.empty()) {
    std::cerr << "usage: kg_plan_quality --db DIR QUERY.rq...\n";
    return 2;
  }
  try {
    kg::OpenOptions options;
    options.readOnly = true;
    auto database = kg::Database::open(db, options);
    std::vector<double> top, all;
    std::printf("| query | top join | estimate | actual | q-error | joins | worst q-error |\n");
    std::printf("|---|---|---:|---:|---:|---:|---:|\n");
    for (const auto& path : queries) {
      std::vector<JoinLine> joins = joinsOf(database->explain(readFile(path), true));
      if (joins.empty()) {
        std::printf("| %s | (no join) | | | | 0 | |\n", stem(path).c_str());
        continue;
      }
      auto topJoin = std::min_element(joins.begin(), joins.end(),
                                      [](const JoinLine& a, const JoinLine& b) { return a.depth < b.depth; });
      double worst = 0;
      for (const auto& j : joins) {
        all.push_back(j.qError());
        worst = std::max(worst, j.qError());
      }
      top.push_back(topJoin->qError());
      std::printf("| %s | %s | %.0f | %.0f | %.2f | %zu | %.2f |\n", stem(path).c_str(),
                  topJoin->op.c_str(), topJoin->estimate, topJoin->actual, topJoin->qError(),
                  joins.size(), worst);
    }
    std::printf("\nmedian q-error: top joins %.2f (%zu queries), all joins %.2f (%zu joins)\n",
                median(top), top.size(), median(all), all.size());
  } catch (const std::exception& e) {
    std::cerr << "kg_plan_quality: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
