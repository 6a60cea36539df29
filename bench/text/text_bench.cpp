// Full-text index benchmark: loads the same data with the text index on and off (CPU time
// and disk), then times, warm and in the same process, one-word searches against the
// FILTER(CONTAINS(LCASE(...))) scans they replace, and phrase searches joined to a graph
// pattern (time to the first row). Times are CPU times of this process (the machine is
// shared), medians over --runs runs.
//
//   kg_text_bench --data FILE.nt [--dir DIR] [--runs N] [--word W]... [--phrase "A B"]...
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "kg/database.h"
#include "kg/error.h"

namespace fs = std::filesystem;

namespace {

double cpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + ts.tv_nsec / 1e9;
}

double wallSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + ts.tv_nsec / 1e9;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

struct Timed {
  double cpu = 0, wall = 0;
  uint64_t rows = 0;
};

// Runs `query` and reads `maxRows` rows (0 = all); CPU and wall time.
Timed run(const kg::Database& db, const std::string& query, uint64_t maxRows = 0) {
  Timed t;
  double c0 = cpuSeconds(), w0 = wallSeconds();
  kg::QueryResult result = db.query(query);
  kg::Solution row;
  while ((maxRows == 0 || t.rows < maxRows) && result.next(row)) ++t.rows;
  t.cpu = cpuSeconds() - c0;
  t.wall = wallSeconds() - w0;
  return t;
}

Timed medianOf(int runs, const std::function<Timed()>& f) {
  f();  // warm
  std::vector<double> cpu, wall;
  Timed last;
  for (int i = 0; i < runs; ++i) {
    last = f();
    cpu.push_back(last.cpu);
    wall.push_back(last.wall);
  }
  last.cpu = median(cpu);
  last.wall = median(wall);
  return last;
}

struct LoadFigures {
  double cpu = 0, wall = 0;
  uint64_t disk = 0, quads = 0;
};

LoadFigures loadStore(const std::string& dir, const std::string& data, bool text) {
  fs::remove_all(dir);
  auto db = kg::Database::open(dir);
  kg::TextIndexSettings settings;
  settings.enabled = text;
  db->setTextIndex(settings);
  LoadFigures f;
  double c0 = cpuSeconds(), w0 = wallSeconds();
  db->load(data);
  f.cpu = cpuSeconds() - c0;
  f.wall = wallSeconds() - w0;
  db->compact();
  kg::StoreStatistics st = db->statistics();
  f.disk = st.diskBytes;
  f.quads = st.quads;
  return f;
}

std::string quote(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string data, dir = "/tmp/kg-text-bench";
  int runs = 5;
  std::vector<std::string> words, phrases;
  bool skipOff = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
      return argv[++i];
    };
    if (a == "--data") data = value();
    else if (a == "--dir") dir = value();
    else if (a == "--runs") runs = std::stoi(value());
    else if (a == "--word") words.push_back(value());
    else if (a == "--phrase") phrases.push_back(value());
    else if (a == "--skip-off") skipOff = true;
    else {
      std::cerr << "usage: kg_text_bench --data FILE.nt [--dir DIR] [--runs N] [--word W]... [--phrase \"A B\"]... [--skip-off]\n";
      return 2;
    }
  }
  if (data.empty()) {
    std::cerr << "kg_text_bench: --data FILE is required (bench/text/make_text_data.sh makes one)\n";
    return 2;
  }
  if (words.empty()) words = {"obituary", "samovar", "rechargeable"};
  if (phrases.empty()) phrases = {"Prime Minister"};
  try {
    fs::create_directories(dir);
    std::string on = dir + "/text-on", off = dir + "/text-off";
    LoadFigures withText = loadStore(on, data, true);
    std::printf("load with text index:    %.2f s CPU (%.2f s wall), %llu quads, %.1f MB on disk\n", withText.cpu,
                withText.wall, static_cast<unsigned long long>(withText.quads), withText.disk / 1e6);
    if (!skipOff) {
      LoadFigures without = loadStore(off, data, false);
      std::printf("load without text index: %.2f s CPU (%.2f s wall), %.1f MB on disk\n", without.cpu, without.wall,
                  without.disk / 1e6);
      std::printf("load ratio on/off:       %.2fx CPU, %.2fx wall; the index adds %.1f MB (%.0f%%)\n",
                  withText.cpu / without.cpu, withText.wall / without.wall, (withText.disk - without.disk) / 1e6,
                  100.0 * (static_cast<double>(withText.disk) - without.disk) / without.disk);
      fs::remove_all(off);
    }
    auto db = kg::Database::open(on);
    kg::QueryResult count = db->query(
        "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o FILTER(isLiteral(?o) && (datatype(?o) = xsd:string || lang(?o) != \"\")) }");
    kg::Solution row;
    if (count.next(row) && row.at(0)) std::printf("text literals:           %s\n", row.at(0)->value.c_str());

    std::printf("\n%-28s %10s %12s %12s %12s %10s\n", "one word", "rows", "index ms", "filter rows", "filter ms", "speedup");
    for (const auto& w : words) {
      std::string indexQuery = "SELECT ?t WHERE { ?t kg:matches \"" + quote(w) + "\" }";
      std::string lower = w;
      std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
      std::string filterQuery = "SELECT DISTINCT ?t WHERE { ?s ?p ?t FILTER(CONTAINS(LCASE(STR(?t)), \"" + quote(lower) + "\")) }";
      Timed idx = medianOf(runs, [&] { return run(*db, indexQuery); });
      Timed scan = medianOf(std::max(1, runs / 2), [&] { return run(*db, filterQuery); });
      std::printf("%-28s %10llu %12.3f %12llu %12.1f %9.0fx\n", w.c_str(), static_cast<unsigned long long>(idx.rows),
                  idx.cpu * 1e3, static_cast<unsigned long long>(scan.rows), scan.cpu * 1e3, scan.cpu / std::max(idx.cpu, 1e-9));
    }
    std::printf("\n%-28s %8s %16s %16s %14s\n", "phrase joined to graph", "rows", "first row ms", "first row CPU ms",
                "all rows ms");
    for (const auto& p : phrases) {
      std::string q = "SELECT ?s ?p WHERE { ?t kg:matches \"\\\"" + quote(p) + "\\\"\" . ?s ?p ?t }";
      Timed first = medianOf(runs, [&] { return run(*db, q, 1); });
      Timed all = medianOf(runs, [&] { return run(*db, q); });
      std::printf("%-28s %8llu %16.3f %16.3f %14.3f\n", ("\"" + p + "\"").c_str(), static_cast<unsigned long long>(all.rows),
                  first.wall * 1e3, first.cpu * 1e3, all.wall * 1e3);
    }
  } catch (const kg::Error& e) {
    std::cerr << "kg_text_bench: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
