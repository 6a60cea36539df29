// ORDER BY within the query's memory budget.
//  - With a LIMIT (topK = LIMIT + OFFSET), a bounded heap keeps the best k rows: a 9 M-row
//    input never sits in memory.
//  - Otherwise rows are gathered up to the budget, then sorted into runs on disk and merged.
// Every path gives the order of a stable sort by the ORDER BY keys (expr::orderCompare): rows
// with equal keys keep their input order, so spilled, top-k and in-memory results agree.
#pragma once

#include <memory>
#include <unordered_map>

#include "query/memory_budget.h"
#include "query/operator.h"
#include "query/spill_file.h"

namespace kg::query {

class OrderByOp final : public Operator {
 public:
  struct Key {
    const sparql::Expr* expr;
    bool descending;
  };
  OrderByOp(QueryContext& ctx, Evaluator& eval, OperatorPtr child, std::vector<Key> keys,
            std::optional<uint64_t> topK);
  std::string describe() const override;
  std::vector<const Operator*> children() const override { return {child_.get()}; }

 protected:
  void openImpl(const Row& seed) override;
  bool nextImpl(Row& row) override;

 private:
  // A row with its input position and the values of keys that are not plain variables.
  struct Entry {
    uint64_t seq = 0;
    Row row;
    std::vector<std::optional<Term>> computed;
  };
  struct Run {
    std::unique_ptr<SpillFile> file;
    Entry current;
  };
  static constexpr size_t kMaxFanIn = 64;

  // Fills `computed` with the non-variable keys of `row`.
  void evalKeys(const Row& row, std::vector<std::optional<Term>>& computed);
  const Term* keyTerm(const Row& row, const std::vector<std::optional<Term>>& computed, size_t k);
  int compare(const Row& ra, const std::vector<std::optional<Term>>& ca, uint64_t sa, const Entry& b);
  bool less(const Entry& a, const Entry& b) { return compare(a.row, a.computed, a.seq, b) < 0; }
  uint64_t bytesOf(const Entry& e) const;
  void trimCache();

  void addToHeap(const Row& row, uint64_t seq);
  void addToBuffer(Entry entry);
  void writeRun();
  void writeEntry(SpillFile& file, const Entry& e);
  bool readEntry(SpillFile& file, Entry& e);
  void startMerge();
  std::unique_ptr<SpillFile> mergeIntoFile(std::vector<std::unique_ptr<SpillFile>> files);

  QueryContext& ctx_;
  Evaluator& eval_;
  OperatorPtr child_;
  std::vector<Key> keys_;
  std::vector<int> keyVar_;       // per key: the variable's slot, or -1 (computed)
  std::vector<size_t> computed_;  // per key: its index in Entry::computed (computed keys)
  size_t computedCount_ = 0;
  std::optional<uint64_t> topK_;
  size_t width_ = 0;

  Reservation held_;
  bool heapMode_ = false;
  std::vector<Entry> buffer_;  // the heap, the run being gathered, or the sorted output
  size_t index_ = 0;
  std::vector<std::unique_ptr<SpillFile>> runs_;
  std::vector<Run> merging_;
  std::vector<size_t> mergeHeap_;  // indexes into merging_, smallest current entry on top
  bool merged_ = false;

  std::unordered_map<TermId, Term> decoded_;  // sort keys' terms, by id
  size_t cacheLimit_ = 0;
  std::vector<std::optional<Term>> scratch_;
};

}  // namespace kg::query
