// Internal to storage/: folding sorted changes into one index order's blocks.
#pragma once

#include <rocksdb/db.h>

#include <vector>

#include "storage/block_codec.h"
#include "storage/block_sink.h"

namespace kg::storage {

// A stream of sorted, unique rows of one index order.
class SortedRows {
 public:
  virtual ~SortedRows() = default;
  // The current row, or null at the end.
  virtual const IndexRow* peek() = 0;
  virtual void pop() = 0;
};

class VectorRows final : public SortedRows {
 public:
  explicit VectorRows(const std::vector<IndexRow>& rows) : rows_(rows) {}
  const IndexRow* peek() override { return i_ < rows_.size() ? &rows_[i_] : nullptr; }
  void pop() override { ++i_; }

 private:
  const std::vector<IndexRow>& rows_;
  size_t i_ = 0;
};

// Applies `inserted` (rows in no block) and `deleted` (rows in a block) to the blocks of the
// column family `cf`, read through `db` as it is now: every block whose key range receives a
// change is decoded, changed and written again (split into blocks of at most kMaxBlockRows),
// rows before the first block become new blocks. Writes go to `sink` in key order. Returns
// the number of blocks written.
uint64_t foldIntoBlocks(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* cf, SortedRows& inserted,
                        SortedRows& deleted, WriteSink& sink);

}  // namespace kg::storage
