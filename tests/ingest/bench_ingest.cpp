// Parse-only throughput: bench_ingest FILE [nt|nq|ttl|trig|tsv] [--keep]
// --keep moves every quad into a vector slot (simulates a sink that keeps the strings).
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstring>
#include <vector>

#include "ingest/ingest.h"

int main(int argc, char** argv) {
  using namespace kg::ingest;
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_ingest FILE [FORMAT] [--keep]\n");
    return 2;
  }
  std::string path = argv[1];
  auto format = formatFromPath(path);
  bool keep = false;
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--keep") == 0) {
      keep = true;
    } else {
      format = formatFromName(argv[i]);
    }
  }
  if (!format) {
    std::fprintf(stderr, "unknown format\n");
    return 2;
  }
  try {
    auto in = openInput(path);
    std::vector<kg::Quad> batch(1024);
    size_t slot = 0;
    uint64_t chars = 0;
    auto t0 = std::chrono::steady_clock::now();
    std::clock_t c0 = std::clock();
    uint64_t n = parseRdf(*in, *format, ParseOptions{}, [&](kg::Quad&& q) {
      if (keep) {
        batch[slot] = std::move(q);
        slot = (slot + 1) % batch.size();
      } else {
        chars += q.object.value.size();
      }
    });
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    double cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    std::printf("%llu statements: wall %.3f s (%.0f/s), cpu %.3f s (%.0f/s) (%s)\n",
                static_cast<unsigned long long>(n), s, n / s, cpu, n / cpu,
                keep ? "sink keeps quads" : "sink discards");
    (void)chars;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
