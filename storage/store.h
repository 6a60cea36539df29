// The quad store on RocksDB: column families for the dictionary, the six index orders (blocks
// of sorted rows, storage/block_codec.h), the delta of recent small changes, statistics and
// metadata. Only storage/ sees RocksDB types.
//
// Thread-safety: a Store may be shared by threads. Reads go through ReadView objects, each a
// consistent snapshot (RocksDB snapshot, delta and statistics of one commit); any number may
// exist at once. Writes go through one ChangeSet at a time (Store::apply, under lockWriter()).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kg/term.h"
#include "storage/block_codec.h"
#include "storage/index_order.h"
#include "storage/statistics.h"
#include "storage/term_id.h"
#include "storage/text/text_layout.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
class Snapshot;
class Iterator;
class Cache;
}  // namespace rocksdb

namespace kg::storage {

// The store format this kg writes. kg-store-3 adds characteristic sets to the statistics; a
// kg-store-2 store (written before them) is still read, and becomes kg-store-3 in the commit
// that starts its sets, so an older kg refuses it by its format rather than by an entry it
// does not know.
inline constexpr const char* kFormatVersion = "kg-store-3";
inline constexpr const char* kFormatWithoutCharacteristicSets = "kg-store-2";

struct StoreOptions {
  std::string path;
  bool readOnly = false;
  bool createIfMissing = true;
  size_t cacheBytes = size_t{256} << 20;
};

class Store;
class TermCache;
namespace text {
class TextSource;
}

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
  // A hint: quads before `target` (a row in the stream's index layout) may be skipped. The
  // default ignores it.
  virtual void skipTo(const IndexRow& target) { (void)target; }
};

// The number of quads matching a pattern: exact, or estimated past a budget of blocks read.
struct RangeCount {
  double rows = 0;
  bool exact = true;
};

// What the query engine reads from: a snapshot, or a transaction's view of its own writes.
class QuadReader {
 public:
  virtual ~QuadReader() = default;
  virtual std::optional<TermId> lookup(const Term& term) const = 0;
  virtual Term decode(TermId id) const = 0;
  // Decodes many ids at once into `out` (same positions). Readers over a dictionary read the
  // terms missing from their cache in one sorted batch; this default decodes one by one.
  virtual void decodeMany(const std::vector<TermId>& ids, std::vector<Term>& out) const;
  // Quads matching the pattern (kAny = unbound) in the order of `order`, whose key prefix
  // should cover the bound positions (others are filtered). With the graph unbound, graph by
  // graph in increasing graph id (which is still the order's sort order).
  virtual std::unique_ptr<QuadStream> open(const QuadIds& pattern, IndexOrder order) const = 0;
  // Like open, for a stream that will be restarted on many patterns (index nested-loop joins).
  virtual std::unique_ptr<QuadStream> openRestartable(const QuadIds& pattern,
                                                      IndexOrder order) const {
    return open(pattern, order);
  }
  virtual bool contains(const QuadIds& quad) const = 0;
  virtual const Statistics& statistics() const = 0;
  virtual std::vector<TermId> namedGraphs() const = 0;
  // The full-text index as this reader sees it (null: none). A transaction's uncommitted
  // literals are not in it.
  virtual const text::TextSource* textSource() const { return nullptr; }
  // Counts the quads matching a pattern for planning: exactly while that takes at most
  // `maxBlocks` blocks, else an estimate. This default counts up to maxBlocks * 256 quads.
  virtual RangeCount countRange(const QuadIds& pattern, uint64_t maxBlocks) const;
};

// Changes not yet folded into the index blocks, relative to them: per index order, the rows
// inserted (not in any block) and deleted (in a block), each sorted. Small commits only touch
// this (and its column family); it is folded into the blocks when it grows past a limit.
struct Delta {
  std::array<std::vector<IndexRow>, kIndexCount> inserted, deleted;
  size_t size() const { return inserted[0].size() + deleted[0].size(); }
  bool empty() const { return size() == 0; }
};

// Iterates the quads matching a pattern, in the order of one index: decodes the blocks of the
// pattern's key range and merges the delta in.
class QuadCursor final : public QuadStream {
 public:
  QuadCursor(QuadCursor&&) noexcept;
  QuadCursor& operator=(QuadCursor&&) noexcept;
  ~QuadCursor() override;
  bool next(QuadIds* out) override;
  bool restart(const QuadIds& pattern) override;
  void skipTo(const IndexRow& target) override;
  IndexOrder order() const { return order_; }

 private:
  friend class ReadView;
  struct State;
  QuadCursor() = default;
  bool startGraph();
  bool nextInGraph(IndexRow* row);
  bool nextBlockRow(IndexRow* row);
  void loadBlock();
  std::unique_ptr<State> state_;
  IndexOrder order_ = IndexOrder::kGSPO;
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
  void decodeMany(const std::vector<TermId>& ids, std::vector<Term>& out) const override;
  std::unique_ptr<QuadStream> open(const QuadIds& pattern, IndexOrder order) const override {
    return std::make_unique<QuadCursor>(scan(pattern, order));
  }
  std::unique_ptr<QuadStream> openRestartable(const QuadIds& pattern,
                                              IndexOrder order) const override {
    return std::make_unique<QuadCursor>(scan(pattern, order));
  }

  // Quads matching the pattern (kAny = unbound), from the index whose prefix covers the bound
  // positions, or from `order` when given.
  QuadCursor scan(const QuadIds& pattern) const;
  QuadCursor scan(const QuadIds& pattern, IndexOrder order) const;
  bool contains(const QuadIds& quad) const override;
  // Counts matches, stopping at `limit`.
  uint64_t count(const QuadIds& pattern, uint64_t limit = ~0ULL) const;
  // Full blocks inside the range are counted from their headers without decoding; past the
  // budget, the range's share of the index's bytes on disk gives the estimate.
  RangeCount countRange(const QuadIds& pattern, uint64_t maxBlocks) const override;

  const Statistics& statistics() const override { return *stats_; }
  // Graph ids that hold at least one quad (not the default graph).
  std::vector<TermId> namedGraphs() const override;
  // The prefixes recorded by loads (name -> namespace IRI).
  std::map<std::string, std::string> prefixes() const;
  const Delta& delta() const { return *delta_; }
  const text::TextSource* textSource() const override;

 private:
  friend class Store;
  friend class QuadCursor;
  ReadView(const Store& store, const rocksdb::Snapshot* snapshot,
           std::shared_ptr<const Statistics> stats, std::shared_ptr<const Delta> delta);
  // The term of a dictionary entry (a quoted triple's parts decoded in turn).
  Term termOfEntry(std::string_view entry) const;
  // The same, into `out`.
  void entryInto(std::string_view entry, Term& out) const;
  const Store& store_;
  const rocksdb::Snapshot* snapshot_ = nullptr;
  std::shared_ptr<const Statistics> stats_;
  std::shared_ptr<const Delta> delta_;
  // contains() reuses one iterator (creating one costs more than the lookup).
  mutable std::mutex pointMutex_;
  mutable std::unique_ptr<rocksdb::Iterator> pointIterator_;
  mutable std::unique_ptr<text::TextSource> textSource_;
};

class SortedRows;

// A set of changes to apply atomically: new dictionary entries, quads to add and remove.
// Built by Transaction; applied by Store::apply.
struct ChangeSet {
  std::vector<std::pair<TermId, std::string>> newTerms;  // id, dictionary key
  std::vector<QuadIds> added;    // not in the store before; sorted, unique (natural order)
  std::vector<QuadIds> removed;  // in the store before; sorted, unique
  // A large addition given as a stream instead of `added` (which is then empty, as is
  // `removed`): GSPO rows, sorted, unique, none in the store. It is written within
  // `memoryBudget` bytes, sorting the other index orders through run files.
  std::unique_ptr<SortedRows> bulkAdded;
  size_t memoryBudget = size_t{1} << 30;
  // Fold the delta into the blocks even if it is small (before a streamed addition).
  bool forceFold = false;
  // Ids allocated while building (so the store's counter moves past them).
  uint64_t nextSequence = 0;
  uint64_t nextLoadNumber = 0;
  // Prefixes declared by loaded files and new to the store: name -> namespace IRI.
  std::map<std::string, std::string> prefixes;
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

  // Applies a change set atomically (statistics and counters included). Small sets go into
  // the delta in one WriteBatch; when the delta would grow past its limit, the delta and the
  // set are folded into the index blocks, as sorted SST files ingested in one call for large
  // sets. Caller holds the writer lock.
  ApplyResult apply(ChangeSet&& changes);

  // Dictionary entries of a transaction that has too many new terms to hold: written now,
  // outside any commit, with ids past the committed counter. They mean nothing until the
  // commit that moves the counter past them; a rollback (or the next open after a crash)
  // removes them. Caller holds the writer lock.
  void writeUncommittedTerms(const std::vector<std::pair<TermId, std::string>>& terms);
  void discardUncommittedTerms() { removeOrphanTerms(); }
  // Dictionary reads of the latest state, uncommitted entries included (for the writer).
  std::optional<TermId> lookupLatest(const std::string& key) const;
  std::optional<std::string> keyOfLatest(TermId id) const;
  // Where a commit may put temporary files (removed on success, failure, or the next open).
  std::string stagingDir() const;

  // Which literals the full-text index takes.
  text::TextConfig textConfig() const;
  // Writes the full-text index afresh for `config` (one atomic ingestion) and keeps the
  // configuration; returns the number of literals indexed. Caller holds the writer lock.
  uint64_t rebuildTextIndex(const text::TextConfig& config);

  // Compacts every column family (for measuring size on disk).
  void compact();
  // Bytes of live SST files plus WAL.
  uint64_t diskBytes() const;

  // Tuning: change sets with more quads than this are ingested as SST files; a delta with
  // more quads than this is folded into the blocks.
  void setSstThreshold(size_t quads) { sstThreshold_ = quads; }
  void setDeltaLimit(size_t quads) { deltaLimit_ = quads; }

 private:
  friend class ReadView;
  friend class QuadCursor;
  friend class StoreWriter;
  friend class StoreChecker;  // storage/store_check.cpp reads the column families directly
  explicit Store(StoreOptions options);
  void openDb();
  void loadMeta();
  void loadStatistics();
  void loadDelta();
  void removeOrphanTerms();
  void loadTextConfig();

  StoreOptions options_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // by ColumnFamily enum (store_layout.h)
  std::shared_ptr<rocksdb::Cache> blockCache_;
  std::unique_ptr<TermCache> termCache_;
  std::mutex writerMutex_;
  // The state readers see: a commit changes RocksDB and these together under publishMutex_.
  mutable std::mutex publishMutex_;
  std::shared_ptr<const Statistics> stats_;
  std::shared_ptr<const Delta> delta_;
  text::TextConfig textConfig_;
  uint64_t nextSequence_ = 1;
  uint64_t nextLoadNumber_ = 1;
  bool creating_ = false;  // opening the fresh directory of a store being created
  size_t sstThreshold_ = 2000;
  size_t deltaLimit_ = 50000;
};

}  // namespace kg::storage
