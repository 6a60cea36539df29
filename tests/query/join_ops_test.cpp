// The hash and merge joins at operator level, on rows made up for the purpose (no store, no
// planner): both must give exactly the solutions of a nested loop over compatible rows, with
// duplicate keys, rows without a partner, long runs a merge join leaps over, and (hash join)
// a shared variable that only some rows bind.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "query/join_ops.h"
#include "query/query_context.h"

namespace {

using kg::query::BindJoinOp;
using kg::query::HashJoinOp;
using kg::query::kUnbound;
using kg::query::MergeJoinOp;
using kg::query::Operator;
using kg::query::OperatorPtr;
using kg::query::QueryContext;
using kg::query::Row;
using kg::storage::TermId;

constexpr int kX = 0, kY = 1, kZ = 2, kWidth = 3;

// The store is never read: the joins only compare ids.
class NoStore final : public kg::storage::QuadReader {
 public:
  std::optional<TermId> lookup(const kg::Term&) const override { return std::nullopt; }
  kg::Term decode(TermId) const override { return kg::Term::iri("urn:unused"); }
  std::unique_ptr<kg::storage::QuadStream> open(const kg::storage::QuadIds&,
                                                kg::storage::IndexOrder) const override {
    return nullptr;
  }
  bool contains(const kg::storage::QuadIds&) const override { return false; }
  const kg::storage::Statistics& statistics() const override { return stats_; }
  std::vector<TermId> namedGraphs() const override { return {}; }

 private:
  kg::storage::Statistics stats_;
};

// Rows given up front, in the order given; skipTo(var, v) jumps past rows whose var < v
// (the rows must then be sorted on var) and counts the calls.
class RowsOp final : public Operator {
 public:
  RowsOp(std::vector<Row> rows, std::set<int> maybeVars, std::set<int> certainVars)
      : rows_(std::move(rows)) {
    maybe = std::move(maybeVars);
    certain = std::move(certainVars);
    estimate = static_cast<double>(rows_.size());
  }
  std::string describe() const override { return "Rows"; }
  void skipTo(int var, TermId value) override {
    ++skips;
    while (next_ < rows_.size() && rows_[next_][var] < value) ++next_;
  }
  int skips = 0;

 protected:
  void openImpl(const Row&) override { next_ = 0; }
  bool nextImpl(Row& row) override {
    if (next_ >= rows_.size()) return false;
    row = rows_[next_++];
    return true;
  }

 private:
  std::vector<Row> rows_;
  size_t next_ = 0;
};

// The right side of an index nested loop: an open with ?x bound yields the rows with that ?x,
// and the keys it was opened with are kept in order.
class ProbedRowsOp final : public Operator {
 public:
  explicit ProbedRowsOp(std::vector<Row> rows) : rows_(std::move(rows)) {
    maybe = certain = {kX, kZ};
    seedable = true;
    estimate = static_cast<double>(rows_.size());
  }
  std::string describe() const override { return "ProbedRows"; }
  std::vector<int> probeKey(const std::set<int>& bound) const override {
    return bound.count(kX) ? std::vector<int>{kX} : std::vector<int>{};
  }
  std::vector<TermId> probes;

 protected:
  void openImpl(const Row& seed) override {
    probes.push_back(seed[kX]);
    seed_ = seed;
    next_ = 0;
  }
  bool nextImpl(Row& row) override {
    while (next_ < rows_.size()) {
      const Row& r = rows_[next_++];
      if (r[kX] != seed_[kX]) continue;
      row = seed_;
      row[kZ] = r[kZ];
      return true;
    }
    return false;
  }

 private:
  std::vector<Row> rows_;
  Row seed_;
  size_t next_ = 0;
};

std::vector<Row> drain(Operator& op) {
  std::vector<Row> out;
  op.open(Row(kWidth, kUnbound));
  Row row(kWidth, kUnbound);
  while (op.next(row)) out.push_back(row);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Row> nestedLoop(const std::vector<Row>& left, const std::vector<Row>& right) {
  std::vector<Row> out;
  for (const Row& l : left) {
    for (const Row& r : right) {
      if (!kg::query::compatible(l, r)) continue;
      Row m = l;
      kg::query::merge(m, r);
      out.push_back(m);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Rows binding ?x (from 1..keys) and `other`; sorted on ?x.
std::vector<Row> randomRows(std::mt19937& rng, size_t n, TermId keys, int other, double unboundX = 0) {
  std::vector<Row> rows;
  for (size_t i = 0; i < n; ++i) {
    Row r(kWidth, kUnbound);
    r[kX] = std::uniform_real_distribution<>(0, 1)(rng) < unboundX ? kUnbound : 1 + rng() % keys;
    r[other] = 100 + rng() % 1000;
    rows.push_back(r);
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

struct Fixture : ::testing::Test {
  NoStore store;
  QueryContext ctx{store, "", std::chrono::milliseconds(0), nullptr};
};

using JoinOps = Fixture;

TEST_F(JoinOps, HashJoinMatchesANestedLoop) {
  std::mt19937 rng(11);
  for (int round = 0; round < 20; ++round) {
    auto left = randomRows(rng, 1 + rng() % 60, 1 + rng() % 15, kY);
    auto right = randomRows(rng, rng() % 60, 1 + rng() % 15, kZ);
    HashJoinOp join(ctx, std::make_unique<RowsOp>(left, std::set<int>{kX, kY}, std::set<int>{kX, kY}),
                    std::make_unique<RowsOp>(right, std::set<int>{kX, kZ}, std::set<int>{kX, kZ}));
    EXPECT_EQ(join.describe(), "HashJoin");
    EXPECT_EQ(drain(join), nestedLoop(left, right)) << "round " << round;
    // A second open gives the same rows (the build side is rebuilt, not appended to).
    EXPECT_EQ(drain(join), nestedLoop(left, right)) << "round " << round << ", reopened";
  }
}

TEST_F(JoinOps, HashJoinOnAVariableSomeRowsLeaveUnbound) {
  // ?x comes from an OPTIONAL on the right: an unbound ?x joins with every left row.
  std::mt19937 rng(5);
  for (int round = 0; round < 20; ++round) {
    auto left = randomRows(rng, 1 + rng() % 40, 8, kY);
    auto right = randomRows(rng, rng() % 40, 8, kZ, 0.3);
    HashJoinOp join(ctx, std::make_unique<RowsOp>(left, std::set<int>{kX, kY}, std::set<int>{kX, kY}),
                    std::make_unique<RowsOp>(right, std::set<int>{kX, kZ}, std::set<int>{kZ}));
    EXPECT_EQ(drain(join), nestedLoop(left, right)) << "round " << round;
  }
}

TEST_F(JoinOps, HashJoinWithoutSharedVariablesIsACrossProduct) {
  std::vector<Row> left = {{kUnbound, 7, kUnbound}, {kUnbound, 8, kUnbound}};
  std::vector<Row> right = {{kUnbound, kUnbound, 9}, {kUnbound, kUnbound, 10}, {kUnbound, kUnbound, 11}};
  HashJoinOp join(ctx, std::make_unique<RowsOp>(left, std::set<int>{kY}, std::set<int>{kY}),
                  std::make_unique<RowsOp>(right, std::set<int>{kZ}, std::set<int>{kZ}));
  EXPECT_EQ(drain(join).size(), 6u);
}

TEST_F(JoinOps, SpilledHashJoinStaysAtItsEndWhenAskedAgain) {
  // A tiny budget makes the build side spill to partition files. After the last row, next()
  // must keep answering false (a parent may ask again), not read past the partitions: it
  // freed a pointer from beyond them (a CONSTRUCT under a small memory limit crashed).
  std::mt19937 rng(3);
  auto left = randomRows(rng, 300, 40, kY);
  auto right = randomRows(rng, 300, 40, kZ);
  ctx.setMemoryLimit(2000);
  HashJoinOp join(ctx, std::make_unique<RowsOp>(left, std::set<int>{kX, kY}, std::set<int>{kX, kY}),
                  std::make_unique<RowsOp>(right, std::set<int>{kX, kZ}, std::set<int>{kX, kZ}));
  EXPECT_EQ(drain(join), nestedLoop(left, right));
  Row row(kWidth, kUnbound);
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(join.next(row));
}

// The hash join reads its left rows a batch ahead (to fetch their buckets together). A skip
// from above must pass over the rows read ahead that come before the target, keep those at or
// after it, and reach the left side only when none of them is left.
TEST_F(JoinOps, HashJoinSkipsOverTheLeftRowsItReadAhead) {
  std::vector<Row> left, right;
  for (TermId k = 1; k <= 1000; ++k) left.push_back({k, 5000 + k, kUnbound});
  for (TermId k = 1; k <= 1000; ++k) right.push_back({k, kUnbound, 7000 + k});
  auto leftOp = std::make_unique<RowsOp>(left, std::set<int>{kX, kY}, std::set<int>{kX, kY});
  RowsOp* leftRaw = leftOp.get();
  HashJoinOp join(ctx, std::move(leftOp),
                  std::make_unique<RowsOp>(right, std::set<int>{kX, kZ}, std::set<int>{kX, kZ}));
  join.open(Row(kWidth, kUnbound));
  Row row(kWidth, kUnbound);
  ASSERT_TRUE(join.next(row));
  EXPECT_EQ(row[kX], 1u);
  join.skipTo(kX, 5);  // within the rows read ahead
  ASSERT_TRUE(join.next(row));
  EXPECT_EQ(row[kX], 5u);
  EXPECT_EQ(row[kZ], 7005u);
  EXPECT_EQ(leftRaw->skips, 0);
  join.skipTo(kX, 5);  // no row before the target is left: the next one comes
  ASSERT_TRUE(join.next(row));
  EXPECT_EQ(row[kX], 6u);
  join.skipTo(kX, 700);  // past them: the left side skips
  ASSERT_TRUE(join.next(row));
  EXPECT_EQ(row[kX], 700u);
  EXPECT_EQ(leftRaw->skips, 1);
  size_t rest = 1;
  while (join.next(row)) {
    ++rest;
    EXPECT_EQ(row[kZ], 7000 + row[kX]);
  }
  EXPECT_EQ(rest, 301u);
  join.skipTo(kX, 2000);  // after the end
  EXPECT_FALSE(join.next(row));
}

TEST_F(JoinOps, MergeJoinMatchesANestedLoop) {
  std::mt19937 rng(3);
  for (int round = 0; round < 20; ++round) {
    auto left = randomRows(rng, rng() % 80, 1 + rng() % 30, kY);
    auto right = randomRows(rng, rng() % 80, 1 + rng() % 30, kZ);
    MergeJoinOp join(ctx, std::make_unique<RowsOp>(left, std::set<int>{kX, kY}, std::set<int>{kX, kY}),
                     std::make_unique<RowsOp>(right, std::set<int>{kX, kZ}, std::set<int>{kX, kZ}), kX, "x");
    EXPECT_EQ(join.describe(), "MergeJoin on ?x");
    EXPECT_EQ(drain(join), nestedLoop(left, right)) << "round " << round;
  }
}

TEST_F(JoinOps, MergeJoinLeapsOverLongRunsWithoutPartners) {
  // Left: keys 1..1000; right: every 100th key. Most left rows have no partner: the join
  // asks the left side to skip instead of reading them one by one.
  std::vector<Row> left, right;
  for (TermId k = 1; k <= 1000; ++k) left.push_back({k, 5000 + k, kUnbound});
  for (TermId k = 100; k <= 1000; k += 100) {
    right.push_back({k, kUnbound, 7000 + k});
    right.push_back({k, kUnbound, 8000 + k});  // a duplicate key: two partners
  }
  auto leftOp = std::make_unique<RowsOp>(left, std::set<int>{kX, kY}, std::set<int>{kX, kY});
  RowsOp* leftRaw = leftOp.get();
  MergeJoinOp join(ctx, std::move(leftOp),
                   std::make_unique<RowsOp>(right, std::set<int>{kX, kZ}, std::set<int>{kX, kZ}), kX, "x");
  auto rows = drain(join);
  EXPECT_EQ(rows, nestedLoop(left, right));
  EXPECT_EQ(rows.size(), 20u);
  EXPECT_GT(leftRaw->skips, 0);
}

// Sorted probes: every left row is probed once, with its values bound, and the batches sorted
// at once grow past the first (1,024 rows) so that later probes land closer together: 6,000
// left rows are probed in three ascending runs (1,024, 4,096 and the rest), not six.
TEST_F(JoinOps, SortedProbesComeInGrowingBatches) {
  std::mt19937 rng(5);
  std::vector<Row> left, right;
  for (int i = 0; i < 6000; ++i) left.push_back({1 + rng() % 3000, 100 + rng() % 1000, kUnbound});
  for (TermId k = 1; k <= 3000; k += 3) right.push_back({k, kUnbound, 7000 + k});
  auto rightOp = std::make_unique<ProbedRowsOp>(right);
  ProbedRowsOp* probed = rightOp.get();
  BindJoinOp join(std::make_unique<RowsOp>(left, std::set<int>{kX, kY}, std::set<int>{kX, kY}), std::move(rightOp),
                  /*batched=*/true);
  EXPECT_EQ(drain(join), nestedLoop(left, right));
  ASSERT_EQ(probed->probes.size(), left.size());
  int runs = 1;
  for (size_t i = 1; i < probed->probes.size(); ++i) runs += probed->probes[i] < probed->probes[i - 1];
  EXPECT_EQ(runs, 3);
}

}  // namespace
