#include "storage/block_fold.h"

#include <memory>
#include <optional>

#include "storage/store_layout.h"

namespace kg::storage {
namespace {

// Gathers one region's rows into blocks of kMaxBlockRows, written as they fill. Blocks are
// keyed by their last row; the region's old block key is deleted in key order among the new
// keys, unless a new block takes the same key (then the put replaces it).
class BlockBuilder {
 public:
  BlockBuilder(WriteSink& sink, std::optional<IndexRow> oldKey) : sink_(sink), oldKey_(oldKey) {
    rows_.reserve(kMaxBlockRows);
  }
  void add(const IndexRow& row) {
    rows_.push_back(row);
    if (rows_.size() == kMaxBlockRows) flush();
  }
  // Writes the rows gathered so far, and at the end of the region the old key's deletion.
  void finish() {
    flush();
    if (oldKey_) deleteOldKey();
  }
  uint64_t blocks() const { return blocks_; }

 private:
  void flush() {
    if (rows_.empty()) return;
    const IndexRow& last = rows_.back();
    if (oldKey_ && *oldKey_ < last) deleteOldKey();
    if (oldKey_ && *oldKey_ == last) oldKey_.reset();  // the put below replaces it
    value_.clear();
    encodeBlock(rows_.data(), rows_.size(), value_);
    char key[32];
    blockKey(last, key);
    sink_.put(rocksdb::Slice(key, 32), value_);
    rows_.clear();
    ++blocks_;
  }
  void deleteOldKey() {
    std::string key = blockKey(*oldKey_);
    sink_.del(key);
    oldKey_.reset();
  }
  WriteSink& sink_;
  std::optional<IndexRow> oldKey_;
  std::vector<IndexRow> rows_;
  std::string value_;
  uint64_t blocks_ = 0;
};

}  // namespace

uint64_t foldIntoBlocks(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* cf, SortedRows& inserted,
                        SortedRows& deleted, WriteSink& sink) {
  std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(rocksdb::ReadOptions(), cf));
  uint64_t blocks = 0;
  std::vector<IndexRow> old;
  while (true) {
    const IndexRow* ins = inserted.peek();
    const IndexRow* del = deleted.peek();
    if (!ins && !del) break;
    IndexRow first = !del || (ins && *ins < *del) ? *ins : *del;
    // The region that holds the first change: the first block whose last row is >= it; past
    // every block, the last block (appends grow it); with no blocks, everything.
    char key[32];
    blockKey(first, key);
    it->Seek(rocksdb::Slice(key, 32));
    bool lastBlock = false;
    if (!it->Valid()) {
      layout::check(it->status(), "cannot read index blocks");
      it->SeekToLast();
      lastBlock = true;
    }
    std::optional<IndexRow> oldKey;
    old.clear();
    if (it->Valid()) {
      if (it->key().size() != 32) throw Error(ErrorCode::kStorage, "corrupt store: bad index key");
      oldKey = rowFromKey(it->key().data());
      decodeBlock(std::string_view(it->value().data(), it->value().size()), old);
      if (!lastBlock) {
        it->Next();
        lastBlock = !it->Valid();
      }
    }
    layout::check(it->status(), "cannot read index blocks");
    auto inRegion = [&](const IndexRow* row) { return row && (lastBlock || !oldKey || *row <= *oldKey); };
    BlockBuilder out(sink, oldKey);
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
      out.add(row);
    }
    // Deletes of rows this region does not hold (none are expected) are dropped.
    while (inRegion(deleted.peek())) deleted.pop();
    out.finish();
    blocks += out.blocks();
  }
  return blocks;
}

}  // namespace kg::storage
