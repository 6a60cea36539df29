// QuadCursor: a scan of one index order over a key range, merging the decoded blocks with the
// delta (rows inserted since the last fold, minus rows deleted).
#include <rocksdb/db.h>

#include <algorithm>

#include "storage/store.h"
#include "storage/store_layout.h"

namespace kg::storage {

using namespace layout;

namespace {

// True when the first `len` columns of a equal those of b.
bool samePrefix(const IndexRow& a, const IndexRow& b, int len) {
  for (int i = 0; i < len; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

// True when row's first `len` columns sort after the prefix's.
bool pastPrefix(const IndexRow& row, const IndexRow& prefix, int len) {
  for (int i = 0; i < len; ++i) {
    if (row[i] != prefix[i]) return row[i] > prefix[i];
  }
  return false;
}

}  // namespace

struct QuadCursor::State {
  std::shared_ptr<const ReadView> view;
  rocksdb::ReadOptions readOptions;
  std::unique_ptr<rocksdb::Iterator> it;  // on the current block
  QuadIds pattern;
  // Graphs still to scan when the pattern leaves the graph unbound.
  bool loopGraphs = false;
  std::vector<TermId> graphs;
  size_t graphIndex = 0;
  // The current key range: rows whose first prefixLen columns equal low's.
  IndexRow low{};
  int prefixLen = 0;
  bool filter = false;  // bound positions past the prefix are checked per row
  // The current block and its last row (its key).
  BlockReader block;
  bool haveBlock = false;
  IndexRow blockLast{};
  bool blocksDone = false;
  // Merge state.
  IndexRow blockRow{};
  bool haveBlockRow = false;
  const IndexRow* ins = nullptr;
  const IndexRow* insEnd = nullptr;
  const IndexRow* del = nullptr;
  const IndexRow* delEnd = nullptr;
  bool done = true;
};

QuadCursor::QuadCursor(QuadCursor&&) noexcept = default;
QuadCursor& QuadCursor::operator=(QuadCursor&&) noexcept = default;
QuadCursor::~QuadCursor() = default;

// Positions on the blocks that can hold the current range.
bool QuadCursor::startGraph() {
  State& st = *state_;
  const auto& pos = layoutOf(order_).positions;
  st.prefixLen = 0;
  while (st.prefixLen < 4 && st.pattern.v[pos[st.prefixLen]] != kAny) ++st.prefixLen;
  st.filter = false;
  for (int i = 0; i < 4; ++i) {
    st.low[i] = i < st.prefixLen ? st.pattern.v[pos[i]] : 0;
    if (i >= st.prefixLen && st.pattern.v[pos[i]] != kAny) st.filter = true;
  }
  // Delta rows of the range.
  const Delta& delta = st.view->delta();
  auto range = [&](const std::vector<IndexRow>& rows, const IndexRow*& from, const IndexRow*& to) {
    auto first = std::lower_bound(rows.begin(), rows.end(), st.low);
    auto last = std::partition_point(first, rows.end(), [&](const IndexRow& r) {
      return samePrefix(r, st.low, st.prefixLen);
    });
    from = rows.data() + (first - rows.begin());
    to = rows.data() + (last - rows.begin());
  };
  range(delta.inserted[static_cast<int>(order_)], st.ins, st.insEnd);
  range(delta.deleted[static_cast<int>(order_)], st.del, st.delEnd);
  st.haveBlockRow = false;
  st.blocksDone = false;
  st.done = false;
  // The range starts inside the current block: probes of a nested-loop join often stay in
  // one block, and then need no seek.
  if (st.haveBlock && st.block.first() <= st.low && st.low <= st.blockLast) {
    st.block.seek(st.low);
    return true;
  }
  // Probes in increasing key order often land in the next block: one step is cheaper than a
  // seek.
  if (st.haveBlock && st.blockLast < st.low && st.it->Valid()) {
    st.it->Next();
    if (!st.it->Valid()) {
      check(st.it->status(), "scan failed");
      st.haveBlock = false;
      st.blocksDone = true;
      return true;
    }
    loadBlock();
    if (st.low <= st.blockLast) {
      st.block.seek(st.low);
      return true;
    }
  }
  // Blocks are keyed by their last row: the first block whose last row is >= low holds the
  // range's first row, if any.
  char key[32];
  blockKey(st.low, key);
  st.it->Seek(rocksdb::Slice(key, 32));
  st.haveBlock = false;
  if (!st.it->Valid()) {
    check(st.it->status(), "scan failed");
    st.blocksDone = true;
    return true;
  }
  loadBlock();
  st.block.seek(st.low);
  return true;
}

// Decodes the block the iterator is on.
void QuadCursor::loadBlock() {
  State& st = *state_;
  rocksdb::Slice key = st.it->key();
  if (key.size() != 32) throw Error(ErrorCode::kStorage, "corrupt store: bad index key");
  st.blockLast = rowFromKey(key.data());
  // The iterator stays on this block while it is read (it moves only to load the next one).
  st.block.loadInPlace(std::string_view(st.it->value().data(), st.it->value().size()));
  st.haveBlock = true;
}

bool QuadCursor::nextBlockRow(IndexRow* row) {
  State& st = *state_;
  while (!st.blocksDone) {
    if (st.haveBlock && st.block.next(row)) {
      if (samePrefix(*row, st.low, st.prefixLen)) return true;
      // Rows come at or after the range's first row, so this one is past the range.
      st.blocksDone = true;
      return false;
    }
    // This block is done; the next one can hold range rows only if this one ended inside.
    if (!st.haveBlock || pastPrefix(st.blockLast, st.low, st.prefixLen)) {
      st.blocksDone = true;
      return false;
    }
    st.it->Next();
    if (!st.it->Valid()) {
      check(st.it->status(), "scan failed");
      st.haveBlock = false;
      st.blocksDone = true;
      return false;
    }
    loadBlock();
  }
  return false;
}

bool QuadCursor::nextInGraph(IndexRow* out) {
  State& st = *state_;
  while (true) {
    if (!st.haveBlockRow && !st.blocksDone) {
      while (nextBlockRow(&st.blockRow)) {
        // Rows deleted since the last fold are skipped.
        while (st.del != st.delEnd && *st.del < st.blockRow) ++st.del;
        if (st.del != st.delEnd && *st.del == st.blockRow) {
          ++st.del;
          continue;
        }
        st.haveBlockRow = true;
        break;
      }
    }
    bool haveIns = st.ins != st.insEnd;
    if (!st.haveBlockRow && !haveIns) return false;
    IndexRow row;
    if (st.haveBlockRow && (!haveIns || st.blockRow < *st.ins)) {
      row = st.blockRow;
      st.haveBlockRow = false;
    } else {
      row = *st.ins++;
    }
    if (st.filter) {
      const auto& pos = layoutOf(order_).positions;
      bool match = true;
      for (int i = st.prefixLen; i < 4 && match; ++i) {
        TermId want = st.pattern.v[pos[i]];
        match = want == kAny || want == row[i];
      }
      if (!match) continue;
    }
    *out = row;
    return true;
  }
}

bool QuadCursor::next(QuadIds* out) {
  State& st = *state_;
  while (!st.done) {
    IndexRow row;
    if (nextInGraph(&row)) {
      *out = fromRow(order_, row);
      return true;
    }
    if (!st.loopGraphs || st.graphIndex >= st.graphs.size()) {
      st.done = true;
      break;
    }
    st.pattern.v[kG] = st.graphs[st.graphIndex++];
    startGraph();
  }
  return false;
}

void QuadCursor::skipTo(const IndexRow& target) {
  State& st = *state_;
  if (st.done || st.loopGraphs) return;
  st.ins = std::lower_bound(st.ins, st.insEnd, target);
  st.del = std::lower_bound(st.del, st.delEnd, target);
  if (st.haveBlockRow) {
    if (st.blockRow >= target) return;
    st.haveBlockRow = false;
  }
  if (st.blocksDone) return;
  if (st.haveBlock && target <= st.blockLast) {
    st.block.seekForward(target);
    return;
  }
  // Past the current block: seek to the block that holds the target.
  char key[32];
  blockKey(target, key);
  st.it->Seek(rocksdb::Slice(key, 32));
  if (!st.it->Valid()) {
    check(st.it->status(), "scan failed");
    st.haveBlock = false;
    st.blocksDone = true;
    return;
  }
  loadBlock();
  st.block.seek(target);
}

bool QuadCursor::restart(const QuadIds& pattern) {
  State& st = *state_;
  st.pattern = pattern;
  st.loopGraphs = pattern.v[kG] == kAny;
  if (st.loopGraphs) {
    st.graphs.clear();
    for (const auto& [g, n] : st.view->statistics().graphs) {
      if (n > 0) st.graphs.push_back(g);
    }
    st.graphIndex = 0;
    if (st.graphs.empty()) {
      st.done = true;
      return true;
    }
    st.pattern.v[kG] = st.graphs[st.graphIndex++];
  }
  startGraph();
  return true;
}

QuadCursor ReadView::scan(const QuadIds& pattern) const {
  return scan(pattern, chooseIndex(pattern).order);
}

QuadCursor ReadView::scan(const QuadIds& pattern, IndexOrder order) const {
  QuadCursor cursor;
  cursor.order_ = order;
  cursor.state_ = std::make_unique<QuadCursor::State>();
  QuadCursor::State& st = *cursor.state_;
  st.view = shared_from_this();
  st.readOptions.snapshot = snapshot_;
  st.it.reset(store_.db_->NewIterator(st.readOptions,
                                      store_.handles_[kCfIndexFirst + static_cast<int>(order)]));
  cursor.restart(pattern);
  return cursor;
}

bool ReadView::contains(const QuadIds& quad) const {
  IndexRow row = toRow(IndexOrder::kGSPO, quad);
  const Delta& d = *delta_;
  if (std::binary_search(d.inserted[0].begin(), d.inserted[0].end(), row)) return true;
  if (std::binary_search(d.deleted[0].begin(), d.deleted[0].end(), row)) return false;
  std::unique_lock<std::mutex> lock(pointMutex_, std::try_to_lock);
  std::unique_ptr<rocksdb::Iterator> own;
  rocksdb::Iterator* it;
  auto* cf = store_.handles_[kCfIndexFirst + static_cast<int>(IndexOrder::kGSPO)];
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot_;
  if (lock.owns_lock()) {
    if (!pointIterator_) pointIterator_.reset(store_.db_->NewIterator(ro, cf));
    it = pointIterator_.get();
  } else {
    own.reset(store_.db_->NewIterator(ro, cf));  // another thread holds the shared one
    it = own.get();
  }
  char key[32];
  blockKey(row, key);
  it->Seek(rocksdb::Slice(key, 32));
  if (!it->Valid()) {
    check(it->status(), "index read failed");
    return false;
  }
  BlockReader block;
  block.load(std::string_view(it->value().data(), it->value().size()));
  block.seek(row);
  IndexRow found;
  return block.next(&found) && found == row;
}

void QuadReader::decodeMany(const std::vector<TermId>& ids, std::vector<Term>& out) const {
  out.resize(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) out[i] = decode(ids[i]);
}

RangeCount QuadReader::countRange(const QuadIds& pattern, uint64_t maxBlocks) const {
  auto stream = open(pattern, chooseIndex(pattern).order);
  uint64_t limit = maxBlocks * kMaxBlockRows;
  RangeCount out;
  QuadIds q;
  while (stream->next(&q)) {
    if (++out.rows >= static_cast<double>(limit)) {
      out.exact = false;
      break;
    }
  }
  return out;
}

RangeCount ReadView::countRange(const QuadIds& pattern, uint64_t maxBlocks) const {
  IndexChoice choice = chooseIndex(pattern);
  int bound = 0;
  for (TermId v : pattern.v) bound += v != kAny;
  // Only a range that is a key prefix (graph bound) can be counted from block headers.
  if (pattern.v[kG] == kAny || choice.boundPrefix != bound) return QuadReader::countRange(pattern, maxBlocks);
  IndexRow low{};
  const auto& pos = layoutOf(choice.order).positions;
  for (int i = 0; i < bound; ++i) low[i] = pattern.v[pos[i]];
  int len = bound;
  auto* cf = store_.handles_[kCfIndexFirst + static_cast<int>(choice.order)];
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot_;
  std::unique_ptr<rocksdb::Iterator> it(store_.db_->NewIterator(ro, cf));
  char key[32];
  blockKey(low, key);
  it->Seek(rocksdb::Slice(key, 32));
  RangeCount out;
  uint64_t blocks = 0;
  BlockReader reader;
  std::string lastCounted;  // key of the last block counted (its last row)
  for (; it->Valid(); it->Next()) {
    if (it->key().size() != 32) throw Error(ErrorCode::kStorage, "corrupt store: bad index key");
    if (++blocks > maxBlocks) {
      out.exact = false;
      break;
    }
    IndexRow last = rowFromKey(it->key().data());
    std::string_view value(it->value().data(), it->value().size());
    // Past the first block, a block whose last row is in the range lies in it whole: its
    // header says how many rows it has.
    if (blocks > 1 && samePrefix(last, low, len)) {
      out.rows += static_cast<double>(blockRows(value));
      lastCounted.assign(it->key().data(), 32);
      continue;
    }
    reader.load(value);
    if (samePrefix(reader.first(), low, len) && samePrefix(last, low, len)) {
      out.rows += static_cast<double>(reader.rows());  // the whole block is in the range
      continue;
    }
    reader.seek(low);
    IndexRow row;
    while (reader.next(&row) && samePrefix(row, low, len)) out.rows += 1;
    if (pastPrefix(last, low, len)) break;
  }
  check(it->status(), "scan failed");
  if (!out.exact) {
    // The rest from the rows per byte of the blocks counted: the density of the range itself
    // (a constant-object range, `?x a :Class`, packs several times more rows per byte than
    // the index on average, and classes differ among themselves).
    IndexRow high = low;
    int i = len - 1;
    while (i >= 0 && high[i] == ~0ULL) high[i--] = 0;
    std::string from = blockKey(low), to;
    if (i < 0) {
      to = std::string(32, '\xff');
    } else {
      ++high[i];
      for (int k = i + 1; k < 4; ++k) high[k] = 0;
      to = blockKey(high);
    }
    // out.rows are the rows from low up to lastCounted.
    rocksdb::Range ranges[2] = {rocksdb::Range(from, to), rocksdb::Range(from, lastCounted)};
    uint64_t sizes[2] = {0, 0};
    rocksdb::SizeApproximationOptions options;
    options.include_memtables = true;
    options.include_files = true;
    int n = lastCounted.empty() ? 1 : 2;
    store_.db_->GetApproximateSizes(options, cf, ranges, n, sizes).PermitUncheckedError();
    // Sizes come in steps of the store's blocks (16 KB): the counted part must span several.
    constexpr uint64_t kMinCountedBytes = 4 * 16 * 1024;
    if (n == 2 && sizes[1] >= kMinCountedBytes) {
      out.rows = std::max(out.rows, out.rows * static_cast<double>(sizes[0]) / static_cast<double>(sizes[1]));
    } else if (sizes[0] > 0) {
      // Too few bytes counted to measure: the quads per byte of the smallest enclosing range
      // the statistics count exactly (the predicate in GPSO/GPOS, else the graph).
      double referenceQuads = static_cast<double>(stats_->quads);
      std::string whole0(32, '\0'), whole1(32, '\xff');
      auto prefixRange = [&](int prefix) {
        IndexRow a{}, b{};
        for (int k = 0; k < prefix; ++k) a[k] = b[k] = low[k];
        int k = prefix - 1;
        while (k >= 0 && b[k] == ~0ULL) b[k--] = 0;
        if (k < 0) return;
        ++b[k];
        whole0 = blockKey(a);
        whole1 = blockKey(b);
      };
      const PredicateStats* ps = pos[0] == kG && pos[1] == kP && len > 2 ? stats_->find(low[0], low[1]) : nullptr;
      if (ps && ps->quads > 0) {
        referenceQuads = static_cast<double>(ps->quads);
        prefixRange(2);
      } else if (pos[0] == kG && len > 1 && stats_->graphQuads(low[0]) > 0) {
        referenceQuads = static_cast<double>(stats_->graphQuads(low[0]));
        prefixRange(1);
      }
      rocksdb::Range whole(whole0, whole1);
      uint64_t wholeSize = 0;
      store_.db_->GetApproximateSizes(options, cf, &whole, 1, &wholeSize).PermitUncheckedError();
      if (wholeSize > 0) {
        double estimate = referenceQuads * static_cast<double>(sizes[0]) / static_cast<double>(wholeSize);
        out.rows = std::max(out.rows, std::min(estimate, referenceQuads));
      }
    }
  }
  // The delta's rows in the range.
  const Delta& d = *delta_;
  auto inRange = [&](const std::vector<IndexRow>& rows) {
    auto a = std::lower_bound(rows.begin(), rows.end(), low);
    auto b = std::partition_point(a, rows.end(), [&](const IndexRow& r) { return samePrefix(r, low, len); });
    return static_cast<double>(b - a);
  };
  out.rows += inRange(d.inserted[static_cast<int>(choice.order)]);
  out.rows = std::max(0.0, out.rows - inRange(d.deleted[static_cast<int>(choice.order)]));
  return out;
}

uint64_t ReadView::count(const QuadIds& pattern, uint64_t limit) const {
  QuadCursor cursor = scan(pattern);
  QuadIds q;
  uint64_t n = 0;
  while (n < limit && cursor.next(&q)) ++n;
  return n;
}

std::vector<TermId> ReadView::namedGraphs() const {
  std::vector<TermId> out;
  for (const auto& [g, n] : stats_->graphs) {
    if (g != kDefaultGraph && n > 0) out.push_back(g);
  }
  return out;
}

}  // namespace kg::storage
