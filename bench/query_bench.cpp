// kg_query_bench: runs benchmark queries inside one process on a loaded store, warm, and
// prints per query the row count (checked against expected_rows.tsv) and the median time.
//   kg_query_bench --db DIR --dataset lubm10 --expected EXPECTED.tsv [--runs 5] QUERY.rq...
//   --contract: print one line per run in ../shared/bench's output contract
//   (engine dataset phase query run rows seconds note) instead of the summary table.
//   --cpu: time each run by the thread's CPU time instead of the wall clock (on a busy
//   machine, waiting for a core is not the query's cost).
//   --cache-mb N: the store's block cache (default: kg's, OpenOptions::cacheBytes).
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
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

}  // namespace

int main(int argc, char** argv) {
  std::string db, dataset, expectedPath;
  int runs = 5;
  bool contract = false;
  bool cpu = false;
  long cacheMb = 0;
  std::vector<std::string> queries;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--db" && i + 1 < argc) db = argv[++i];
    else if (a == "--dataset" && i + 1 < argc) dataset = argv[++i];
    else if (a == "--expected" && i + 1 < argc) expectedPath = argv[++i];
    else if (a == "--runs" && i + 1 < argc) runs = std::stoi(argv[++i]);
    else if (a == "--contract") contract = true;
    else if (a == "--cpu") cpu = true;
    else if (a == "--cache-mb" && i + 1 < argc) cacheMb = std::stol(argv[++i]);
    else queries.push_back(a);
  }
  if (db.empty() || queries.empty()) {
    std::cerr << "usage: kg_query_bench --db DIR [--dataset NAME --expected FILE] [--runs N] [--contract] [--cpu] [--cache-mb N] QUERY.rq...\n";
    return 2;
  }
  std::map<std::string, long> expected;
  if (!expectedPath.empty()) {
    std::ifstream in(expectedPath);
    std::string line;
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string ds, q, rows;
      std::getline(fields, ds, '\t');
      std::getline(fields, q, '\t');
      std::getline(fields, rows, '\t');
      if (ds == dataset) expected[q] = std::atol(rows.c_str());
    }
  }
  kg::OpenOptions options;
  options.readOnly = true;
  if (cacheMb > 0) options.cacheBytes = static_cast<size_t>(cacheMb) << 20;
  auto database = kg::Database::open(db, options);
  int mismatches = 0;
  std::vector<double> medians;
  if (!contract) std::printf("query\trows\texpected\tmedian_ms\tmin_ms\n");
  for (const auto& path : queries) {
    std::string text = readFile(path);
    std::vector<double> times;
    long rows = 0;
    for (int run = 0; run < runs + 1; ++run) {  // the first run warms the caches
      auto threadSeconds = [] {
        timespec ts;
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
      };
      double cpuStart = threadSeconds();
      auto start = std::chrono::steady_clock::now();
      kg::QueryResult result = database->query(text);
      kg::Solution row;
      rows = 0;
      while (result.next(row)) ++rows;
      double ms = cpu ? (threadSeconds() - cpuStart) * 1000
                      : std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      if (run > 0) times.push_back(ms);
      if (contract && run > 0) {
        std::printf("kg\t%s\tquery\t%s\t%d\t%ld\t%.6f\tin-process warm\n", dataset.c_str(),
                    stem(path).c_str(), run, rows, ms / 1000);
      }
    }
    std::sort(times.begin(), times.end());
    double median = times[times.size() / 2];
    medians.push_back(median);
    std::string name = stem(path);
    auto it = expected.find(name);
    std::string want = it == expected.end() ? "-" : std::to_string(it->second);
    if (it != expected.end() && it->second != rows) ++mismatches;
    if (!contract) {
      std::printf("%s\t%ld\t%s\t%.3f\t%.3f\n", name.c_str(), rows, want.c_str(), median, times.front());
    }
  }
  std::sort(medians.begin(), medians.end());
  if (!contract) {
    std::printf("# %zu queries, median of medians %.3f ms, %d row-count mismatches\n", medians.size(),
                medians[medians.size() / 2], mismatches);
  }
  return mismatches == 0 ? 0 : 1;
}
