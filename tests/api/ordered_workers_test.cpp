// OrderedWorkers (corpus extraction's thread pool): results come back in submission order
// whatever order the jobs finish in, every job runs exactly once, and dropping the pool with
// jobs still queued neither blocks nor runs them all.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "api/ordered_workers.h"

namespace kg {
namespace {

TEST(OrderedWorkers, ResultsInSubmissionOrder) {
  OrderedWorkers<std::string> workers(3);
  std::atomic<int> runs{0};
  for (int i = 0; i < 40; ++i) {
    workers.submit([i, &runs] {
      // early jobs are the slow ones, so later jobs finish first
      std::this_thread::sleep_for(std::chrono::milliseconds((40 - i) % 7));
      ++runs;
      return std::to_string(i);
    });
  }
  EXPECT_EQ(workers.pending(), 40u);
  for (int i = 0; i < 40; ++i) EXPECT_EQ(workers.take(), std::to_string(i));
  EXPECT_EQ(runs.load(), 40);
  EXPECT_EQ(workers.pending(), 0u);
  EXPECT_EQ(workers.take(), "");  // nothing pending
}

TEST(OrderedWorkers, SubmitWhileTaking) {
  OrderedWorkers<int> workers(2);
  int next = 0, expected = 0;
  for (int round = 0; round < 20; ++round) {
    for (int k = 0; k < 3; ++k) {
      int v = next++;
      workers.submit([v] { return v * v; });
    }
    EXPECT_EQ(workers.take(), expected * expected);
    ++expected;
  }
  while (expected < next) {
    EXPECT_EQ(workers.take(), expected * expected);
    ++expected;
  }
}

TEST(OrderedWorkers, DestroyedWithJobsQueued) {
  std::atomic<int> runs{0};
  auto t0 = std::chrono::steady_clock::now();
  {
    OrderedWorkers<int> workers(1);
    for (int i = 0; i < 100; ++i)
      workers.submit([&runs] {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        return ++runs;
      });
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
  }
  EXPECT_LT(runs.load(), 100);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(1));
}

}  // namespace
}  // namespace kg
