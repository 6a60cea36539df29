// DISTINCT within the query's memory budget, streaming its rows.
//
// Rows are checked against a hash set of those already returned and returned at once. When
// the set no longer fits the budget it stops growing: a new row it holds is still dropped,
// any other goes to a partition file (by a hash of the row) with its input position. At the
// end of the input each partition is deduplicated on its own (split again when too big), and
// the rows that survive are merged back by input position: the spilled result is the same
// rows in the same order as the in-memory one (so DISTINCT after ORDER BY stays ordered).
#pragma once

#include <memory>
#include <string>
#include <unordered_set>

#include "query/memory_budget.h"
#include "query/operator.h"
#include "query/spill_file.h"

namespace kg::query {

class DistinctOp final : public Operator {
 public:
  DistinctOp(QueryContext& ctx, OperatorPtr child);
  std::string describe() const override { return "Distinct"; }
  std::vector<const Operator*> children() const override { return {child_.get()}; }

 protected:
  void openImpl(const Row& seed) override;
  bool nextImpl(Row& row) override;

 private:
  static constexpr size_t kFanOut = 16;
  static constexpr int kMaxDepth = 6;
  static constexpr size_t kMinRows = 64;
  static constexpr size_t kMaxFanIn = 64;

  struct Stream {
    std::unique_ptr<SpillFile> file;
    uint64_t seq = 0;
    Row row;
  };

  // True when the row is new (and now remembered, or spilled when `spilled` is set).
  bool admit(const Row& row, uint64_t seq, int depth, bool& spilled);
  void spill(const Row& row, uint64_t seq, int depth);
  void resetSet();
  // After the input: deduplicates the partitions and starts merging their survivors.
  void finishSpilled();
  std::unique_ptr<SpillFile> mergeBySeq(std::vector<std::unique_ptr<SpillFile>> files);
  bool readRecord(SpillFile& f, uint64_t& seq, Row& row);
  void writeRecord(SpillFile& f, uint64_t seq, const Row& row);

  QueryContext& ctx_;
  OperatorPtr child_;
  size_t width_ = 0;
  Reservation held_;
  std::unordered_set<std::string> seen_;
  bool full_ = false;
  uint64_t seq_ = 0;
  bool childDone_ = false;
  std::vector<std::unique_ptr<SpillFile>> partitions_;  // of the current level
  // Merging survivors by input position.
  std::vector<Stream> streams_;
  std::vector<size_t> heap_;
  bool merging_ = false;
  std::string key_;
};

}  // namespace kg::query
