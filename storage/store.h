// The quad store on RocksDB: column families for the dictionary, the six index orders,
// statistics and metadata. Only storage/ sees RocksDB types.
//
// Thread-safety: a Store may be shared by threads. Reads go through ReadView objects, each a
// consistent RocksDB snapshot; any number may exist at once. Writes go through one
// ChangeSet at a time (Store::commit serializes them).
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kg/term.h"
#include "storage/index_order.h"
#include "storage/statistics.h"
#include "storage/term_id.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
class Snapshot;
class Iterator;
class Cache;
}  // namespace rocksdb

namespace kg::storage {

inline constexpr const char* kFormatVersion = "kg-store-1";

struct StoreOptions {
  std::string path;
  bool readOnly = false;
  bool createIfMissing = true;
  size_t cacheBytes = size_t{256} << 20;
};

class Store;
class TermCache;

// A stream of quads in the order of one index.
class QuadStream {
 public:
  virtual ~QuadStream() = default;
  virtual bool next(QuadIds* out) = 0;
  // Starts over on another pattern, in the same index order, reusing this stream's iterator.
  // False if this stream cannot (open another).
  virtual bool restart(const QuadIds& pattern) {
    (void)pattern;
    return false;
  }
};

// What the query engine reads from: a snapshot, or a transaction's view of its own writes.
class QuadReader {
 public:
  virtual ~QuadReader() = default;
  virtual std::optional<TermId> lookup(const Term& term) const = 0;
  virtual Term decode(TermId id) const = 0;
  // Quads matching the pattern (kAny = unbound) in the order of `order`, whose key prefix
  // should cover the bound positions (others are filtered).
  virtual std::unique_ptr<QuadStream> open(const QuadIds& pattern, IndexOrder order) const = 0;
  // Like open, for a stream that will be restarted on many patterns (index nested-loop joins):
  // when the reader supports it, restart() then reuses one iterator instead of creating one
  // per probe, which costs about as much as the probe's seek.
  virtual std::unique_ptr<QuadStream> openRestartable(const QuadIds& pattern,
                                                      IndexOrder order) const {
    return open(pattern, order);
  }
  virtual bool contains(const QuadIds& quad) const = 0;
  virtual const Statistics& statistics() const = 0;
  virtual std::vector<TermId> namedGraphs() const = 0;
};

// Iterates the quads matching a pattern, in the order of one index.
class QuadCursor final : public QuadStream {
 public:
  QuadCursor(QuadCursor&&) noexcept;
  QuadCursor& operator=(QuadCursor&&) noexcept;
  ~QuadCursor();
  // Fetches the next matching quad; false at the end.
  bool next(QuadIds* out) override;
  bool restart(const QuadIds& pattern) override;
  IndexOrder order() const { return order_; }

 private:
  friend class ReadView;
  struct State;
  QuadCursor() = default;
  // The key prefix of the order made of the pattern's bound positions, and whether bound
  // positions past it must be filtered.
  void setPattern(const QuadIds& pattern);
  std::unique_ptr<State> state_;
  IndexOrder order_ = IndexOrder::kSPOG;
};

// A consistent read-only view of the store at one moment.
class ReadView final : public QuadReader, public std::enable_shared_from_this<ReadView> {
 public:
  ~ReadView() override;
  ReadView(const ReadView&) = delete;
  ReadView& operator=(const ReadView&) = delete;

  // The id of a term, if the store knows it (inline terms always have one).
  std::optional<TermId> lookup(const Term& term) const override;
  // The id stored under a dictionary key (see dictionaryKey).
  std::optional<TermId> lookupKey(const std::string& key) const;
  // The term for an id. Throws Error(kStorage) for an unknown id.
  Term decode(TermId id) const override;
  std::unique_ptr<QuadStream> open(const QuadIds& pattern, IndexOrder order) const override {
    return std::make_unique<QuadCursor>(scan(pattern, order));
  }
  std::unique_ptr<QuadStream> openRestartable(const QuadIds& pattern,
                                              IndexOrder order) const override {
    return std::make_unique<QuadCursor>(scan(pattern, order, /*restartable=*/true));
  }

  // Quads matching the pattern (kAny = unbound), from the index whose prefix covers the bound
  // positions, or from `order` when given (it must cover them too).
  QuadCursor scan(const QuadIds& pattern) const;
  // A restartable cursor has no iterator upper bound (RocksDB fixes it when the iterator is
  // made); it checks the key prefix itself instead.
  QuadCursor scan(const QuadIds& pattern, IndexOrder order, bool restartable = false) const;
  bool contains(const QuadIds& quad) const override;
  // Counts matches, stopping at `limit`.
  uint64_t count(const QuadIds& pattern, uint64_t limit = ~0ULL) const;

  const Statistics& statistics() const override { return stats_; }
  // Graph ids that hold at least one quad (not the default graph).
  std::vector<TermId> namedGraphs() const override;

 private:
  friend class Store;
  explicit ReadView(const Store& store);
  const Store& store_;
  const rocksdb::Snapshot* snapshot_ = nullptr;
  Statistics stats_;
};

// A set of changes to apply atomically: new dictionary entries, quads to add and remove.
// Built by Transaction / BulkLoader; applied by Store::apply.
struct ChangeSet {
  std::vector<std::pair<TermId, std::string>> newTerms;  // id, dictionary key
  std::vector<QuadIds> added;    // not in the store before; sorted, unique (natural order)
  std::vector<QuadIds> removed;  // in the store before; sorted, unique
  // Ids allocated while building (so the store's counter moves past them).
  uint64_t nextSequence = 0;
  uint64_t nextLoadNumber = 0;
};

struct ApplyResult {
  uint64_t added = 0, removed = 0;
};

class Store {
 public:
  static std::unique_ptr<Store> open(const StoreOptions& options);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::string& path() const { return options_.path; }
  bool readOnly() const { return options_.readOnly; }

  std::shared_ptr<ReadView> readView() const;

  // Serializes writers: hold this while building and applying a ChangeSet.
  std::unique_lock<std::mutex> lockWriter() { return std::unique_lock<std::mutex>(writerMutex_); }
  // Next free dictionary sequence number and load number (valid under the writer lock).
  uint64_t nextSequence() const { return nextSequence_; }
  uint64_t nextLoadNumber() const { return nextLoadNumber_; }

  // Applies a change set atomically (statistics and counters included). Small sets go in one
  // WriteBatch; large ones are written as sorted SST files and ingested in one call.
  // Caller holds the writer lock.
  ApplyResult apply(ChangeSet&& changes);

  // Compacts every column family (for measuring size on disk).
  void compact();
  // Bytes of live SST files plus WAL.
  uint64_t diskBytes() const;

  // Tuning: change sets with more quads than this are ingested as SST files.
  void setSstThreshold(size_t quads) { sstThreshold_ = quads; }

 private:
  friend class ReadView;
  friend class QuadCursor;
  explicit Store(StoreOptions options);
  void openDb();
  void loadMeta();
  void writeWithBatch(const ChangeSet& changes, const Statistics& stats);
  void writeWithSst(const ChangeSet& changes, const Statistics& stats);
  Statistics readStatistics(const rocksdb::Snapshot* snapshot) const;
  Statistics updatedStatistics(const ChangeSet& changes) const;

  StoreOptions options_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // by ColumnFamily enum
  std::shared_ptr<rocksdb::Cache> blockCache_;
  std::unique_ptr<TermCache> termCache_;
  std::mutex writerMutex_;
  uint64_t nextSequence_ = 1;
  uint64_t nextLoadNumber_ = 1;
  size_t sstThreshold_ = 2000;  // above this, sorted SST files beat a WriteBatch (5,000 quads: 36 vs 67 ms)
};

}  // namespace kg::storage
