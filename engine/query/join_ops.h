// Joins of two operators: index nested loop, hash and merge.
#pragma once

#include "query/memory_budget.h"
#include "query/operator.h"
#include "query/spill_file.h"

namespace kg::query {

// Index nested-loop join: for each left row, open the right side with it as the seed.
// With `batched`, left rows are taken a batch at a time and the right side is probed in the
// order of its index key (sorted probes mostly stay in the block the previous one read, or
// step to the next): the output then no longer follows the left side's order.
class BindJoinOp final : public Operator {
 public:
  BindJoinOp(OperatorPtr left, OperatorPtr right, bool batched = false);
  std::string describe() const override { return batched_ ? "NestedLoopJoin (sorted probes)" : "NestedLoopJoin"; }
  void skipTo(int var, TermId value) override;
  std::vector<const Operator*> children() const override { return {left_.get(), right_.get()}; }
  std::vector<int> probeKey(const std::set<int>& bound) const override { return left_->probeKey(bound); }
  void keepOrder() override { left_->keepOrder(); }

 protected:
  void openImpl(const Row& seed) override;
  bool nextImpl(Row& row) override;

 private:
  bool nextLeft();
  // Sorted probes land closer together the more of them are sorted at once: at 1,024 rows a
  // batch's probes into an index ten times larger are ten times further apart, and each needs
  // a seek where a smaller index lets it step to the next block. The first batch stays small
  // (the first rows come quickly), later ones grow to kMaxBatchRows.
  static constexpr size_t kBatchRows = 1024;
  static constexpr size_t kMaxBatchRows = 32768;
  size_t batchRows_ = kBatchRows;
  OperatorPtr left_, right_;
  Row leftRow_;
  bool rightOpen_ = false;
  bool batched_;
  std::vector<int> key_;          // the right side's probe key (batched)
  std::vector<TermId> batch_;     // left rows of the batch, flat
  std::vector<uint32_t> order_;   // batch rows in probe order
  size_t width_ = 0, next_ = 0;
  bool leftDone_ = false;
};

// Hash join on the variables both sides always bind; other shared variables are checked for
// compatibility. The right side is built once per open.
//
// Within the query's memory budget: when the right side does not fit, both sides are
// partitioned to files by a hash of the key (a cross product: one partition), and each
// partition is joined on its own, its right side a chunk at a time that fits (the left
// partition is read again for each chunk). Spilled, the rows come in another order.
class HashJoinOp final : public Operator {
 public:
  HashJoinOp(QueryContext& ctx, OperatorPtr left, OperatorPtr right);
  std::string describe() const override;
  void skipTo(int var, TermId value) override;
  // Rows must follow the left side's order: past the budget, fail instead of spilling.
  void keepOrder() override {
    keepOrder_ = true;
    left_->keepOrder();
  }
  std::vector<const Operator*> children() const override { return {left_.get(), right_.get()}; }

 protected:
  void openImpl(const Row& seed) override;
  bool nextImpl(Row& row) override;

 private:
  static constexpr size_t kFanOut = 16;
  QueryContext& ctx_;
  OperatorPtr left_, right_;
  // The build side's rows, stored flat (width_ ids each), chained per hash bucket.
  void build(const Row& seed);
  void clearTable();
  // Adds a row to the table if the budget allows (always when the table is empty).
  bool addToTable(const TermId* r);
  void indexTable();
  bool keysEqual(const Row& left, size_t rightRow) const;
  // Spilling: partitions both sides, then joins partition by partition.
  void spill(const Row& seed, const Row& pending);
  size_t partitionOf(const TermId* r) const;
  void startPartition();
  void loadChunk();
  bool nextLeft();
  // The left rows are read kProbeBatch at a time and their buckets fetched together, so the
  // cache misses of a table larger than the CPU's caches overlap instead of coming one per
  // left row (LUBM l7 at ten copies: 311,000 probes of a 204,720-row table).
  bool nextProbe();
  void fillProbes();
  static constexpr size_t kProbeBatch = 16;
  std::vector<TermId> probeRows_;  // the batch's left rows, flat (width_ ids each)
  uint64_t probeHashes_[kProbeBatch] = {};
  size_t probeCount_ = 0, probeNext_ = 0;
  bool leftEnded_ = false;
  std::vector<int> keyVars_, checkVars_;
  size_t width_ = 0;
  Reservation held_;
  std::vector<TermId> rows_;
  std::vector<uint64_t> hashes_;    // per right row
  std::vector<uint32_t> next_;      // per right row: the next row in its bucket, + 1 (0 = none)
  std::vector<uint32_t> buckets_;   // first row of each bucket, + 1
  uint64_t bucketMask_ = 0;
  Row leftRow_;
  uint64_t leftHash_ = 0;
  uint32_t cursor_ = 0;  // the next candidate right row, + 1 (0 = none)
  bool leftValid_ = false;
  bool spilled_ = false;
  bool keepOrder_ = false;
  std::vector<std::unique_ptr<SpillFile>> leftParts_, rightParts_;
  size_t part_ = 0;
  bool rightDone_ = true;  // the current partition's right side is all in chunks already
  Row carry_;              // a right row read that did not fit the last chunk
  bool hasCarry_ = false;
};

// Merge join of two inputs sorted on one variable (both scans of index prefixes).
class MergeJoinOp final : public Operator {
 public:
  MergeJoinOp(QueryContext& ctx, OperatorPtr left, OperatorPtr right, int var,
              const std::string& varName);
  std::string describe() const override { return "MergeJoin on ?" + varName_; }
  std::vector<const Operator*> children() const override { return {left_.get(), right_.get()}; }

 protected:
  void openImpl(const Row& seed) override;
  bool nextImpl(Row& row) override;

 private:
  static constexpr int kStepsBeforeSkip = 8;
  QueryContext& ctx_;
  OperatorPtr left_, right_;
  int var_;
  std::string varName_;
  Row leftRow_, rightRow_;
  bool leftValid_ = false, rightValid_ = false;
  std::vector<Row> group_;  // right rows with the current key
  TermId groupKey_ = 0;
  size_t groupIndex_ = 0;
};

}  // namespace kg::query
