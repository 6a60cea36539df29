// Concurrency soak: one writer loads, updates and removes documents while reader threads (on
// the same Database) and reader processes (opening the store read-only, again and again)
// query it, each checking invariants that every write keeps on its snapshot. Samples the
// writer process's resident memory and open file descriptors. Not a timed test: it runs for
// --seconds and reports counts; it fails (exit 1) on an invariant broken, an error that is
// not a documented one, or a reader or writer that stops making progress.
//
//   kg_soak --db DIR [--seconds N] [--threads 4] [--processes 2]
//
// Invariants. A document d is written in one atomic step as `d :count n` plus n triples
// `d :item i`, and the ledger `:ledger :documents k` counts the documents. Every write (a
// new document, an item removed with its count lowered, a document removed) keeps, in every
// snapshot: for each d, the number of its items equals its count; the number of documents
// equals the ledger.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "kg/database.h"
#include "kg/transaction.h"

namespace {

using Clock = std::chrono::steady_clock;
const std::string kPrefix = "PREFIX : <http://soak.example/> ";

struct Counters {
  std::atomic<uint64_t> reads{0}, writes{0}, violations{0}, errors{0};
};

void fail(Counters& c, const std::string& what) {
  static std::mutex m;
  std::lock_guard<std::mutex> lock(m);
  ++c.violations;
  std::cerr << "soak: " << what << "\n";
}

// Checks the invariants on one snapshot.
template <class Source>
void checkInvariants(const Source& source, Counters& c, const char* who) {
  // Every document's items match its count.
  kg::QueryResult bad = source.query(kPrefix +
      "SELECT ?d ?c (COUNT(?i) AS ?n) WHERE { ?d :count ?c OPTIONAL { ?d :item ?i } } "
      "GROUP BY ?d ?c HAVING (COUNT(?i) != ?c)");
  kg::Solution row;
  while (bad.next(row)) {
    fail(c, std::string(who) + ": document " + row[0]->value + " has " + row[2]->value +
                " items but count " + row[1]->value);
  }
  // The ledger counts the documents.
  kg::QueryResult ledger = source.query(kPrefix +
      "SELECT ?k (COUNT(?d) AS ?n) WHERE { :ledger :documents ?k OPTIONAL { ?d :count ?c } } GROUP BY ?k");
  int rows = 0;
  while (ledger.next(row)) {
    ++rows;
    if (row[0]->value != row[1]->value) {
      fail(c, std::string(who) + ": the ledger says " + row[0]->value + " documents, the store holds " +
                  row[1]->value);
    }
  }
  if (rows != 1) fail(c, std::string(who) + ": the ledger is missing or doubled");
  ++c.reads;
}

struct Snapshotter {
  const kg::Database& db;
  kg::QueryResult query(const std::string& q) const { return db.query(q); }
};

void writer(kg::Database& db, Clock::time_point end, Counters& c) {
  std::mt19937 rng(42);
  int next = 0;
  std::vector<int> live;
  while (Clock::now() < end) {
    try {
      int what = live.size() < 20 ? 0 : static_cast<int>(rng() % 3);
      if (what == 0) {  // a new document, loaded as Turtle
        int d = next++;
        int n = 1 + static_cast<int>(rng() % 40);
        std::ostringstream ttl;
        ttl << "@prefix : <http://soak.example/> .\n:doc" << d << " :count " << n << " .\n";
        for (int i = 0; i < n; ++i) ttl << ":doc" << d << " :item \"item " << d << "-" << i << "\" .\n";
        auto tx = db.begin();
        kg::LoadOptions o;
        o.format = "ttl";
        tx.loadString(ttl.str(), o);
        tx.update(kPrefix + "DELETE { :ledger :documents ?k } INSERT { :ledger :documents ?k1 } "
                            "WHERE { :ledger :documents ?k BIND(?k + 1 AS ?k1) }");
        tx.commit();
        live.push_back(d);
      } else if (what == 1) {  // one item fewer, in one update
        int d = live[rng() % live.size()];
        db.update(kPrefix + "DELETE { :doc" + std::to_string(d) + " :item ?i . :doc" + std::to_string(d) +
                  " :count ?c } INSERT { :doc" + std::to_string(d) + " :count ?c1 } WHERE { { SELECT ?i WHERE { :doc" +
                  std::to_string(d) + " :item ?i } ORDER BY ?i LIMIT 1 } :doc" + std::to_string(d) +
                  " :count ?c BIND(?c - 1 AS ?c1) }");
      } else {  // a document removed
        size_t k = rng() % live.size();
        int d = live[k];
        live.erase(live.begin() + static_cast<long>(k));
        db.update(kPrefix + "DELETE WHERE { :doc" + std::to_string(d) + " ?p ?o } ; "
                  "DELETE { :ledger :documents ?k } INSERT { :ledger :documents ?k1 } "
                  "WHERE { :ledger :documents ?k BIND(?k - 1 AS ?k1) }");
      }
      ++c.writes;
    } catch (const kg::Error& e) {
      ++c.errors;
      std::cerr << "soak: writer error: " << e.what() << "\n";
    }
  }
}

uint64_t residentKb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtoull(line.c_str() + 6, nullptr, 10);
  }
  return 0;
}

size_t openFiles() {
  size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

// A reader process: opens the store read-only, checks, closes, over and over. A read-only
// open beside a writer can fail when the writer deletes a file (after a compaction) while
// the open lists them: that is documented (kg::ErrorCode::kStorage), counted, and retried.
int readerProcess(const std::string& path, Clock::time_point end) {
  Counters c;
  uint64_t retried = 0;
  while (Clock::now() < end) {
    try {
      kg::OpenOptions o;
      o.readOnly = true;
      o.createIfMissing = false;
      auto db = kg::Database::open(path, o);
      for (int i = 0; i < 5; ++i) checkInvariants(Snapshotter{*db}, c, "reader process");
    } catch (const kg::Error& e) {
      if (e.code() != kg::ErrorCode::kStorage) {
        ++c.errors;
        std::cerr << "soak: reader process error: " << e.what() << "\n";
      } else {
        ++retried;
      }
    }
  }
  std::printf("%llu %llu %llu %llu\n", static_cast<unsigned long long>(c.reads.load()),
              static_cast<unsigned long long>(c.violations.load()),
              static_cast<unsigned long long>(c.errors.load()), static_cast<unsigned long long>(retried));
  return c.violations || c.errors ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string path;
  int seconds = 60, threads = 4, processes = 2;
  bool readerMode = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << "kg_soak: " << a << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--db") path = value();
    else if (a == "--seconds") seconds = std::stoi(value());
    else if (a == "--threads") threads = std::stoi(value());
    else if (a == "--processes") processes = std::stoi(value());
    else if (a == "--reader-process") readerMode = true;
    else {
      std::cerr << "usage: kg_soak --db DIR [--seconds N] [--threads 4] [--processes 2]\n";
      return 2;
    }
  }
  if (path.empty()) {
    std::cerr << "kg_soak: --db DIR is required\n";
    return 2;
  }
  const auto end = Clock::now() + std::chrono::seconds(seconds);
  if (readerMode) return readerProcess(path, end);

  std::filesystem::remove_all(path);
  auto db = kg::Database::open(path);
  db->update(kPrefix + "INSERT DATA { :ledger :documents 0 }");

  // Reader processes, each writing its counts to a pipe.
  std::vector<std::pair<pid_t, int>> children;
  for (int p = 0; p < processes; ++p) {
    int fds[2];
    if (pipe(fds) != 0) return 3;
    pid_t pid = fork();
    if (pid == 0) {
      dup2(fds[1], 1);
      close(fds[0]);
      execl("/proc/self/exe", argv[0], "--db", path.c_str(), "--seconds", std::to_string(seconds).c_str(),
            "--reader-process", static_cast<char*>(nullptr));
      _exit(127);
    }
    close(fds[1]);
    children.emplace_back(pid, fds[0]);
  }

  Counters c;
  std::vector<std::thread> pool;
  pool.emplace_back(writer, std::ref(*db), end, std::ref(c));
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      while (Clock::now() < end) {
        try {
          if (c.reads % 2) {
            checkInvariants(db->snapshot(), c, "reader thread (snapshot)");
          } else {
            checkInvariants(Snapshotter{*db}, c, "reader thread");
          }
        } catch (const kg::Error& e) {
          ++c.errors;
          std::cerr << "soak: reader thread error: " << e.what() << "\n";
        }
      }
    });
  }

  // Samples of memory and file descriptors, every tenth of the run.
  std::vector<std::pair<uint64_t, size_t>> samples;
  const auto start = Clock::now();
  const auto step = std::chrono::milliseconds(std::max(1000, seconds * 100));
  while (Clock::now() < end) {
    std::this_thread::sleep_for(std::min<Clock::duration>(step, end - Clock::now()));
    samples.emplace_back(residentKb(), openFiles());
    std::printf("soak: %3.0f s  reads %llu  writes %llu  rss %llu KB  fds %zu\n",
                std::chrono::duration<double>(Clock::now() - start).count(),
                static_cast<unsigned long long>(c.reads.load()), static_cast<unsigned long long>(c.writes.load()),
                static_cast<unsigned long long>(samples.back().first), samples.back().second);
    std::fflush(stdout);
  }
  for (auto& t : pool) t.join();

  uint64_t processReads = 0, processRetries = 0;
  bool childrenOk = true;
  for (auto [pid, fd] : children) {
    std::string out;
    char buf[256];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
    close(fd);
    int status = 0;
    waitpid(pid, &status, 0);
    unsigned long long r = 0, v = 0, e = 0, rt = 0;
    if (std::sscanf(out.c_str(), "%llu %llu %llu %llu", &r, &v, &e, &rt) != 4 || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0) {
      childrenOk = false;
    }
    processReads += r;
    processRetries += rt;
    c.violations += v;
    c.errors += e;
  }

  // Flat: the last sample within 25% (and 64 MB) of the sample at a quarter of the run.
  bool flat = true;
  if (samples.size() >= 4) {
    auto [rssQ, fdsQ] = samples[samples.size() / 4];
    auto [rssEnd, fdsEnd] = samples.back();
    flat = rssEnd <= rssQ * 5 / 4 + 65536 && fdsEnd <= fdsQ + 8;
  }
  std::printf("soak: %d s, %llu writes, %llu reads in threads, %llu reads in %d processes "
              "(%llu documented read-only open retries), %llu invariant violations, %llu errors; "
              "rss %llu -> %llu KB, fds %zu -> %zu (%s)\n",
              seconds, static_cast<unsigned long long>(c.writes.load()), static_cast<unsigned long long>(c.reads.load()),
              static_cast<unsigned long long>(processReads), processes, static_cast<unsigned long long>(processRetries),
              static_cast<unsigned long long>(c.violations.load()), static_cast<unsigned long long>(c.errors.load()),
              static_cast<unsigned long long>(samples.empty() ? 0 : samples.front().first),
              static_cast<unsigned long long>(samples.empty() ? 0 : samples.back().first),
              samples.empty() ? 0 : samples.front().second, samples.empty() ? 0 : samples.back().second,
              flat ? "flat" : "GROWING");
  bool progress = c.writes > 0 && c.reads > 0 && (processes == 0 || processReads > 0);
  db.reset();
  std::filesystem::remove_all(path);
  return c.violations == 0 && c.errors == 0 && childrenOk && flat && progress ? 0 : 1;
}
