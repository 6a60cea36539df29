// checkStore: reads every column family of a store and compares what must agree.
#include "storage/store_check.h"

#include <rocksdb/db.h>

#include <algorithm>
#include <functional>
#include <map>
#include <unordered_set>

#include "kg/error.h"
#include "storage/store.h"
#include "storage/store_layout.h"

namespace kg::storage {

using namespace layout;

namespace {

// At most this many problems of one kind are listed; the rest are counted.
constexpr size_t kProblemsPerKind = 10;

uint64_t mix(uint64_t x) {  // splitmix64's finalizer
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// An order-independent digest of a set of quads: equal sets give equal digests, and sets
// that differ give different ones but with negligible chance.
struct QuadSetDigest {
  uint64_t count = 0, sum = 0, xored = 0;
  void add(const QuadIds& q) {
    uint64_t h = mix(q.s() ^ mix(q.p() ^ mix(q.o() ^ mix(q.g()))));
    ++count;
    sum += h;
    xored ^= mix(h + 0x9e3779b97f4a7c15ULL);
  }
  bool operator==(const QuadSetDigest& o) const {
    return count == o.count && sum == o.sum && xored == o.xored;
  }
};

std::string rowText(const IndexRow& r) {
  return "(" + std::to_string(r[0]) + " " + std::to_string(r[1]) + " " + std::to_string(r[2]) + " " +
         std::to_string(r[3]) + ")";
}

}  // namespace

class StoreChecker {
 public:
  explicit StoreChecker(const Store& store) : store_(store), view_(store.readView()) {}

  CheckReport run() {
    checksums();
    std::array<QuadSetDigest, kIndexCount> digests;
    for (int o = 0; o < kIndexCount; ++o) {
      IndexOrder order = static_cast<IndexOrder>(o);
      scanOrder(order, [&](const IndexRow& row) {
        QuadIds q = fromRow(order, row);
        digests[o].add(q);
        if (order == IndexOrder::kGSPO) countQuad(q);
        if (order == IndexOrder::kGPSO) countSubjects(row);
        if (order == IndexOrder::kGPOS) countObjects(row);
      });
    }
    report_.quads = digests[0].count;
    for (int o = 1; o < kIndexCount; ++o) {
      if (!(digests[o] == digests[0])) {
        problem("orders", std::string("index order ") + kIndexLayouts[o].name + " holds " +
                              std::to_string(digests[o].count) + " quads, not the same set as gspo's " +
                              std::to_string(digests[0].count));
      }
    }
    compareStatistics();
    dictionary();
    for (const auto& [kind, extra] : overflow_) {
      report_.problems.push_back("... and " + std::to_string(extra) + " more problems of this kind (" + kind + ")");
    }
    return std::move(report_);
  }

 private:
  void problem(const std::string& kind, std::string text) {
    if (++perKind_[kind] > kProblemsPerKind) {
      ++overflow_[kind];
      return;
    }
    report_.problems.push_back(std::move(text));
  }

  rocksdb::DB& db() const { return *store_.db_; }
  rocksdb::ColumnFamilyHandle* cf(int which) const { return store_.handles_[which]; }

  void checksums() {
    rocksdb::Status s = db().VerifyChecksum();
    if (!s.ok()) problem("checksums", "RocksDB checksum verification failed: " + s.ToString());
  }

  // Streams the quads of one order, blocks merged with the delta, in the order's sort order,
  // checking the blocks on the way.
  void scanOrder(IndexOrder order, const std::function<void(const IndexRow&)>& visit) {
    const std::string name = layoutOf(order).name;
    const int o = static_cast<int>(order);
    const std::vector<IndexRow>& inserted = view_->delta().inserted[o];
    const std::vector<IndexRow>& deleted = view_->delta().deleted[o];
    size_t ins = 0, del = 0;
    bool havePrevious = false;
    IndexRow previous{};
    auto emitInsertedBefore = [&](const IndexRow* bound) {
      while (ins < inserted.size() && (!bound || inserted[ins] < *bound)) visit(inserted[ins++]);
    };
    std::unique_ptr<rocksdb::Iterator> it(db().NewIterator(rocksdb::ReadOptions(), cf(kCfIndexFirst + o)));
    std::vector<IndexRow> rows;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      ++report_.blocks;
      rows.clear();
      try {
        if (it->key().size() != 32) throw Error(ErrorCode::kStorage, "a block key is not 32 bytes");
        decodeBlock(std::string_view(it->value().data(), it->value().size()), rows);
      } catch (const Error& e) {
        problem("blocks " + name, "index order " + name + ": unreadable block: " + e.what());
        continue;
      }
      if (rows.empty() || rows.size() > kMaxBlockRows) {
        problem("blocks " + name, "index order " + name + ": a block holds " + std::to_string(rows.size()) +
                                      " rows (1 to " + std::to_string(kMaxBlockRows) + " allowed)");
        continue;
      }
      if (rowFromKey(it->key().data()) != rows.back()) {
        problem("blocks " + name, "index order " + name + ": block key " + rowText(rowFromKey(it->key().data())) +
                                      " is not its last row " + rowText(rows.back()));
      }
      for (const IndexRow& row : rows) {
        if (havePrevious && !(previous < row)) {
          problem("order " + name, "index order " + name + ": row " + rowText(row) + " is not after " +
                                       rowText(previous));
        }
        havePrevious = true;
        previous = row;
        emitInsertedBefore(&row);
        if (ins < inserted.size() && inserted[ins] == row) {
          problem("delta " + name, "index order " + name + ": the delta inserts " + rowText(row) +
                                       ", which a block already holds");
          ++ins;
        }
        while (del < deleted.size() && deleted[del] < row) {
          problem("delta " + name, "index order " + name + ": the delta deletes " + rowText(deleted[del]) +
                                       ", which no block holds");
          ++del;
        }
        if (del < deleted.size() && deleted[del] == row) {
          ++del;
          continue;
        }
        visit(row);
      }
    }
    if (!it->status().ok()) {
      problem("read " + name, "index order " + name + " cannot be read: " + it->status().ToString());
    }
    emitInsertedBefore(nullptr);
    for (; del < deleted.size(); ++del) {
      problem("delta " + name, "index order " + name + ": the delta deletes " + rowText(deleted[del]) +
                                   ", which no block holds");
    }
  }

  // Statistics recomputed from the data.
  void countQuad(const QuadIds& q) {
    ++graphs_[q.g()];
    ++graphPredicates_[{q.g(), q.p()}].quads;
    usedIds_.insert(q.s());
    usedIds_.insert(q.p());
    usedIds_.insert(q.o());
    if (q.g() != kDefaultGraph) usedIds_.insert(q.g());
  }
  // GPSO rows: a new (g, p, s) starts a distinct subject of (g, p).
  void countSubjects(const IndexRow& row) {
    if (!lastGps_ || (*lastGps_)[0] != row[0] || (*lastGps_)[1] != row[1] || (*lastGps_)[2] != row[2]) {
      ++graphPredicates_[{row[0], row[1]}].distinctSubjects;
    }
    lastGps_ = row;
  }
  // GPOS rows: a new (g, p, o) starts a distinct object of (g, p).
  void countObjects(const IndexRow& row) {
    if (!lastGpo_ || (*lastGpo_)[0] != row[0] || (*lastGpo_)[1] != row[1] || (*lastGpo_)[2] != row[2]) {
      ++graphPredicates_[{row[0], row[1]}].distinctObjects;
    }
    lastGpo_ = row;
  }

  void compareStatistics() {
    const Statistics& stats = view_->statistics();
    uint64_t total = 0;
    for (const auto& [g, n] : graphs_) total += n;
    if (stats.quads != total) {
      problem("statistics", "the statistics count " + std::to_string(stats.quads) + " quads; the indexes hold " +
                                std::to_string(total));
    }
    std::map<TermId, uint64_t> statGraphs;
    for (const auto& [g, n] : stats.graphs) {
      if (n > 0) statGraphs[g] = n;
    }
    report_.statistics += statGraphs.size();
    if (statGraphs != graphs_) {
      for (const auto& [g, n] : graphs_) {
        auto it = statGraphs.find(g);
        uint64_t recorded = it == statGraphs.end() ? 0 : it->second;
        if (recorded != n) {
          problem("statistics", "graph " + std::to_string(g) + ": the statistics count " + std::to_string(recorded) +
                                    " quads; the indexes hold " + std::to_string(n));
        }
      }
      for (const auto& [g, n] : statGraphs) {
        if (!graphs_.count(g)) {
          problem("statistics", "graph " + std::to_string(g) + ": the statistics count " + std::to_string(n) +
                                    " quads; the indexes hold none");
        }
      }
    }
    report_.statistics += stats.graphPredicates.size();
    for (const auto& [key, actual] : graphPredicates_) {
      const PredicateStats* recorded = stats.find(key.first, key.second);
      PredicateStats none;
      if (!recorded) recorded = &none;
      if (recorded->quads != actual.quads || recorded->distinctSubjects != actual.distinctSubjects ||
          recorded->distinctObjects != actual.distinctObjects) {
        problem("statistics", "graph " + std::to_string(key.first) + ", predicate " + std::to_string(key.second) +
                                  ": the statistics say " + describe(*recorded) + "; the indexes hold " +
                                  describe(actual));
      }
    }
    for (const auto& [key, recorded] : stats.graphPredicates) {
      if (recorded.quads > 0 && !graphPredicates_.count(key)) {
        problem("statistics", "graph " + std::to_string(key.first) + ", predicate " + std::to_string(key.second) +
                                  ": the statistics say " + describe(recorded) + "; the indexes hold none");
      }
    }
  }
  static std::string describe(const PredicateStats& s) {
    return std::to_string(s.quads) + " quads, " + std::to_string(s.distinctSubjects) + " subjects, " +
           std::to_string(s.distinctObjects) + " objects";
  }

  void dictionary() {
    // id2term and term2id are inverses.
    uint64_t forward = 0, backward = 0;
    {
      std::unique_ptr<rocksdb::Iterator> it(db().NewIterator(rocksdb::ReadOptions(), cf(kCfId2Term)));
      for (it->SeekToFirst(); it->Valid(); it->Next()) {
        ++forward;
        std::string id;
        rocksdb::Status s = db().Get(rocksdb::ReadOptions(), cf(kCfTerm2Id), it->value(), &id);
        if (!s.ok() || id != it->key().ToString()) {
          problem("dictionary", "dictionary: term id " + std::to_string(it->key().size() == 8 ? decodeU64(it->key()) : 0) +
                                    (s.IsNotFound() ? " has no term2id entry"
                                                    : s.ok() ? " maps back to another id" : " cannot be read back: " + s.ToString()));
        }
      }
      if (!it->status().ok()) problem("dictionary", "the dictionary (id2term) cannot be read: " + it->status().ToString());
    }
    {
      std::unique_ptr<rocksdb::Iterator> it(db().NewIterator(rocksdb::ReadOptions(), cf(kCfTerm2Id)));
      for (it->SeekToFirst(); it->Valid(); it->Next()) ++backward;
      if (!it->status().ok()) problem("dictionary", "the dictionary (term2id) cannot be read: " + it->status().ToString());
    }
    report_.terms = forward;
    if (forward != backward) {
      problem("dictionary", "the dictionary has " + std::to_string(forward) + " id2term entries but " +
                                std::to_string(backward) + " term2id entries");
    }
    // Every id an index uses decodes (a quoted triple's parts included).
    for (TermId id : usedIds_) {
      if (isInline(id)) continue;
      try {
        view_->decode(id);
      } catch (const Error& e) {
        problem("ids", "term id " + std::to_string(id) + " is used by a quad but cannot be decoded: " + e.what());
      }
    }
  }

  const Store& store_;
  std::shared_ptr<ReadView> view_;
  CheckReport report_;
  std::map<std::string, size_t> perKind_, overflow_;
  std::map<TermId, uint64_t> graphs_;
  std::map<std::pair<TermId, TermId>, PredicateStats> graphPredicates_;
  std::optional<IndexRow> lastGps_, lastGpo_;
  std::unordered_set<TermId> usedIds_;
};

CheckReport checkStore(const Store& store) {
  StoreChecker checker(store);
  return checker.run();
}

}  // namespace kg::storage
