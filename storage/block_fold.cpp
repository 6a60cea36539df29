#include "storage/block_fold.h"

#include <memory>
#include <optional>

#include "storage/store_layout.h"

namespace kg::storage {
namespace {

// Gathers rows into blocks of kMaxBlockRows and writes each when full. Before the first
// write, `beforeFirst` runs with the first row (to delete a block key that goes away).
class BlockBuilder {
 public:
  explicit BlockBuilder(WriteSink& sink) : sink_(sink) { rows_.reserve(kMaxBlockRows); }
  void add(const IndexRow& row) {
    rows_.push_back(row);
    if (rows_.size() == kMaxBlockRows) flush();
  }
  void flush() {
    if (rows_.empty()) return;
    value_.clear();
    encodeBlock(rows_.data(), rows_.size(), value_);
    char key[32];
    blockKey(rows_.front(), key);
    sink_.put(rocksdb::Slice(key, 32), value_);
    rows_.clear();
    ++blocks_;
  }
  uint64_t blocks() const { return blocks_; }

 private:
  WriteSink& sink_;
  std::vector<IndexRow> rows_;
  std::string value_;
  uint64_t blocks_ = 0;
};

}  // namespace

uint64_t foldIntoBlocks(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* cf, SortedRows& inserted,
                        SortedRows& deleted, WriteSink& sink) {
  std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(rocksdb::ReadOptions(), cf));
  BlockBuilder out(sink);
  std::vector<IndexRow> old;
  while (true) {
    const IndexRow* ins = inserted.peek();
    const IndexRow* del = deleted.peek();
    if (!ins && !del) break;
    IndexRow first = !del || (ins && *ins < *del) ? *ins : *del;
    // The block whose range holds the first change: the last block starting at or before it,
    // or, before every block, the rows up to the first block.
    char key[32];
    blockKey(first, key);
    it->SeekForPrev(rocksdb::Slice(key, 32));
    std::optional<IndexRow> oldFirst;
    old.clear();
    if (it->Valid()) {
      if (it->key().size() != 32) throw Error(ErrorCode::kStorage, "corrupt store: bad index key");
      oldFirst = rowFromKey(it->key().data());
      decodeBlock(std::string_view(it->value().data(), it->value().size()), old);
      it->Next();
    } else {
      layout::check(it->status(), "cannot read index blocks");
      it->SeekToFirst();
    }
    std::optional<IndexRow> upper;  // the next block's first row: this region ends there
    if (it->Valid()) {
      upper = rowFromKey(it->key().data());
    } else {
      layout::check(it->status(), "cannot read index blocks");
    }
    auto inRegion = [&](const IndexRow* row) { return row && (!upper || *row < *upper); };
    bool wroteFirst = false;
    auto emit = [&](const IndexRow& row) {
      if (!wroteFirst) {
        wroteFirst = true;
        if (oldFirst && row != *oldFirst) {
          std::string gone = blockKey(*oldFirst);
          sink.del(gone);
        }
      }
      out.add(row);
    };
    size_t k = 0;
    while (true) {
      const IndexRow* next = inserted.peek();
      bool haveIns = inRegion(next);
      bool haveOld = k < old.size();
      if (!haveOld && !haveIns) break;
      IndexRow row;
      if (haveOld && (!haveIns || old[k] < *next)) {
        row = old[k++];
      } else {
        row = *next;
        inserted.pop();
      }
      const IndexRow* gone = deleted.peek();
      while (gone && *gone < row) {
        deleted.pop();
        gone = deleted.peek();
      }
      if (gone && *gone == row) {
        deleted.pop();
        continue;
      }
      emit(row);
    }
    // Deletes of rows this region does not hold (none are expected) are dropped.
    while (inRegion(deleted.peek())) deleted.pop();
    if (oldFirst && !wroteFirst) {
      std::string gone = blockKey(*oldFirst);
      sink.del(gone);
    }
    out.flush();
  }
  return out.blocks();
}

}  // namespace kg::storage
