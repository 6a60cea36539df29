#include "storage/store.h"

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <unordered_map>
#include <thread>
#include <unordered_set>

#include "kg/error.h"

namespace kg::storage {
namespace {

namespace fs = std::filesystem;

// Column families, in handle order.
enum ColumnFamily : int {
  kCfDefault = 0,
  kCfId2Term,
  kCfTerm2Id,
  kCfIndexFirst,  // six index orders follow, in IndexOrder order
  kCfStats = kCfIndexFirst + kIndexCount,
  kCfMeta,
  kCfCount
};

std::vector<std::string> columnFamilyNames() {
  std::vector<std::string> names = {rocksdb::kDefaultColumnFamilyName, "id2term", "term2id"};
  for (const auto& layout : kIndexLayouts) names.push_back(layout.name);
  names.push_back("stats");
  names.push_back("meta");
  return names;
}

const char* kMetaFormat = "format";
const char* kMetaNextSequence = "next_sequence";
const char* kMetaNextLoad = "next_load";

std::string encodeU64(uint64_t v) {
  std::string s(8, '\0');
  putBigEndian64(&s[0], v);
  return s;
}

uint64_t decodeU64(const std::string& s) {
  if (s.size() != 8) throw Error(ErrorCode::kStorage, "corrupt store: bad counter value");
  return getBigEndian64(s.data());
}

std::string encodePredicateStats(const PredicateStats& st) {
  return encodeU64(st.quads) + encodeU64(st.distinctSubjects) + encodeU64(st.distinctObjects);
}

std::string idKey(TermId id) { return encodeU64(id); }

[[noreturn]] void throwStatus(const rocksdb::Status& status, const std::string& what) {
  throw Error(ErrorCode::kStorage, what + ": " + status.ToString());
}

void check(const rocksdb::Status& status, const char* what) {
  if (!status.ok()) throwStatus(status, what);
}

// Smallest key greater than every key with this prefix (empty if there is none).
std::string prefixSuccessor(std::string prefix) {
  while (!prefix.empty()) {
    unsigned char last = static_cast<unsigned char>(prefix.back());
    if (last != 0xff) {
      prefix.back() = static_cast<char>(last + 1);
      return prefix;
    }
    prefix.pop_back();
  }
  return prefix;
}

}  // namespace

std::string statsTotalKey() { return "t"; }
std::string statsPredicateKey(TermId p) { return "p" + encodeU64(p); }
std::string statsGraphKey(TermId g) { return "g" + encodeU64(g); }

// Decoded terms by id. Ids never change meaning once committed, so entries never go stale.
class TermCache {
 public:
  std::optional<Term> get(TermId id) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = map_.find(id);
    if (it == map_.end()) return std::nullopt;
    return it->second;
  }
  void put(TermId id, const Term& term) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (map_.size() >= kMaxEntries) map_.clear();
    map_.emplace(id, term);
  }

 private:
  static constexpr size_t kMaxEntries = 1 << 20;
  std::mutex mutex_;
  std::unordered_map<TermId, Term> map_;
};

// ---------------------------------------------------------------------------------------------
// QuadCursor

struct QuadCursor::State {
  std::shared_ptr<const ReadView> view;  // keeps the snapshot alive
  rocksdb::ReadOptions readOptions;
  std::string upper;
  rocksdb::Slice upperSlice;
  std::unique_ptr<rocksdb::Iterator> it;
  std::string prefix;
  QuadIds pattern;
  bool first = true;
  bool filter = false;       // some bound positions are not in the key prefix
  bool restartable = false;  // no iterate_upper_bound: next() checks the prefix
};

QuadCursor::QuadCursor(QuadCursor&&) noexcept = default;
QuadCursor& QuadCursor::operator=(QuadCursor&&) noexcept = default;
QuadCursor::~QuadCursor() = default;

bool QuadCursor::next(QuadIds* out) {
  State& st = *state_;
  if (st.first) {
    st.first = false;
    if (st.prefix.empty()) {
      st.it->SeekToFirst();
    } else {
      st.it->Seek(st.prefix);
    }
  } else {
    st.it->Next();
  }
  for (; st.it->Valid(); st.it->Next()) {
    rocksdb::Slice key = st.it->key();
    if (key.size() != 32) throw Error(ErrorCode::kStorage, "corrupt store: bad index key");
    if (st.restartable && std::memcmp(key.data(), st.prefix.data(), st.prefix.size()) != 0) {
      return false;
    }
    *out = decodeIndexKey(order_, key.data());
    if (!st.filter) return true;
    bool match = true;
    for (int i = 0; i < 4; ++i) {
      if (st.pattern.v[i] != kAny && st.pattern.v[i] != out->v[i]) {
        match = false;
        break;
      }
    }
    if (match) return true;
  }
  check(st.it->status(), "scan failed");
  return false;
}

bool QuadCursor::restart(const QuadIds& pattern) {
  State& st = *state_;
  if (!st.restartable) return false;
  setPattern(pattern);
  st.first = true;
  return true;
}

void QuadCursor::setPattern(const QuadIds& pattern) {
  State& st = *state_;
  st.pattern = pattern;
  const auto& pos = layoutOf(order_).positions;
  int prefixLen = 0;
  while (prefixLen < 4 && pattern.v[pos[prefixLen]] != kAny) ++prefixLen;
  st.filter = false;
  for (int i = prefixLen; i < 4; ++i) {
    if (pattern.v[pos[i]] != kAny) st.filter = true;
  }
  st.prefix.resize(8 * prefixLen);
  for (int i = 0; i < prefixLen; ++i) putBigEndian64(&st.prefix[8 * i], pattern.v[pos[i]]);
}

// ---------------------------------------------------------------------------------------------
// ReadView

ReadView::ReadView(const Store& store) : store_(store) {
  snapshot_ = store_.db_->GetSnapshot();
  stats_ = store_.readStatistics(snapshot_);
}

ReadView::~ReadView() {
  if (snapshot_) store_.db_->ReleaseSnapshot(snapshot_);
}

std::optional<TermId> ReadView::lookup(const Term& term) const {
  if (auto inl = inlineIdOf(term)) return inl;
  auto key = dictionaryKeyVia(term, [this](const Term& part) { return lookup(part); });
  if (!key) return std::nullopt;
  return lookupKey(*key);
}

std::optional<TermId> ReadView::lookupKey(const std::string& key) const {
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot_;
  std::string value;
  rocksdb::Status status = store_.db_->Get(ro, store_.handles_[kCfTerm2Id], key, &value);
  if (status.IsNotFound()) return std::nullopt;
  check(status, "dictionary lookup failed");
  return decodeU64(value);
}

Term ReadView::decode(TermId id) const {
  if (isInline(id)) return decodeInline(id);
  if (auto cached = store_.termCache_->get(id)) return *cached;
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot_;
  std::string value;
  rocksdb::Status status = store_.db_->Get(ro, store_.handles_[kCfId2Term], idKey(id), &value);
  if (status.IsNotFound()) {
    throw Error(ErrorCode::kStorage, "corrupt store: unknown term id " + std::to_string(id));
  }
  check(status, "dictionary read failed");
  DecodedKey decoded = decodeDictionaryKey(value);
  Term term = decoded.isTriple ? Term::quoted(decode(decoded.s), decode(decoded.p), decode(decoded.o))
                               : std::move(decoded.term);
  store_.termCache_->put(id, term);
  return term;
}

QuadCursor ReadView::scan(const QuadIds& pattern) const {
  return scan(pattern, chooseIndex(pattern).order);
}

QuadCursor ReadView::scan(const QuadIds& pattern, IndexOrder order, bool restartable) const {
  QuadCursor cursor;
  cursor.order_ = order;
  cursor.state_ = std::make_unique<QuadCursor::State>();
  QuadCursor::State& st = *cursor.state_;
  st.view = shared_from_this();
  st.restartable = restartable;
  cursor.setPattern(pattern);
  st.readOptions.snapshot = snapshot_;
  if (!st.prefix.empty() && !restartable) {
    st.upper = prefixSuccessor(st.prefix);
    if (!st.upper.empty()) {
      st.upperSlice = rocksdb::Slice(st.upper);
      st.readOptions.iterate_upper_bound = &st.upperSlice;
    }
  }
  st.it.reset(store_.db_->NewIterator(st.readOptions,
                                      store_.handles_[kCfIndexFirst + static_cast<int>(order)]));
  return cursor;
}

bool ReadView::contains(const QuadIds& quad) const {
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot_;
  std::string value;
  rocksdb::Status status =
      store_.db_->Get(ro, store_.handles_[kCfIndexFirst + static_cast<int>(IndexOrder::kSPOG)],
                      encodeIndexKey(IndexOrder::kSPOG, quad), &value);
  if (status.IsNotFound()) return false;
  check(status, "index read failed");
  return true;
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
  for (const auto& [g, n] : stats_.graphs) {
    if (g != kDefaultGraph && n > 0) out.push_back(g);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Store

Store::Store(StoreOptions options) : options_(std::move(options)) {}

Store::~Store() {
  if (db_) {
    // Write the memtables out so that the next open, which may be read-only and so cannot
    // flush, does not replay the write-ahead log (seconds for a 100,000-quad load). Best
    // effort: the log still holds everything if this fails.
    if (!options_.readOnly) db_->Flush(rocksdb::FlushOptions(), handles_).PermitUncheckedError();
    for (auto* handle : handles_) db_->DestroyColumnFamilyHandle(handle);
    handles_.clear();
    db_->Close();
  }
}

std::unique_ptr<Store> Store::open(const StoreOptions& options) {
  std::unique_ptr<Store> store(new Store(options));
  store->termCache_ = std::make_unique<TermCache>();
  store->openDb();
  store->loadMeta();
  return store;
}

void Store::openDb() {
  const std::string& path = options_.path;
  std::error_code ec;
  bool exists = fs::exists(path, ec);
  if (exists && !fs::is_directory(path, ec)) {
    throw Error(ErrorCode::kStorage, "'" + path + "' is not a directory, so it cannot be a kg store");
  }
  bool isRocks = exists && fs::exists(fs::path(path) / "CURRENT", ec);
  if (exists && !isRocks && !fs::is_empty(path, ec)) {
    throw Error(ErrorCode::kStorage,
                "'" + path + "' is a non-empty directory that is not a kg store");
  }
  if (!isRocks) {
    if (!options_.createIfMissing) {
      throw Error(ErrorCode::kStorage, "no kg store at '" + path + "'");
    }
    if (options_.readOnly) {
      // Create the empty store first, then reopen it read-only.
      StoreOptions create = options_;
      create.readOnly = false;
      Store creator(create);
      creator.termCache_ = std::make_unique<TermCache>();
      creator.openDb();
      creator.loadMeta();
    }
  }
  // Leftover SST staging files from a load that was killed before ingestion.
  if (!options_.readOnly) fs::remove_all(fs::path(path) / "kg-staging", ec);

  blockCache_ = rocksdb::NewLRUCache(options_.cacheBytes);
  rocksdb::DBOptions dbOptions;
  dbOptions.create_if_missing = true;
  dbOptions.create_missing_column_families = true;
  dbOptions.max_background_jobs = 2;
  dbOptions.keep_log_file_num = 2;
  dbOptions.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const auto& name : columnFamilyNames()) {
    rocksdb::ColumnFamilyOptions cf;
    cf.level_compaction_dynamic_level_bytes = true;
    cf.compression = rocksdb::kLZ4Compression;
    cf.bottommost_compression = rocksdb::kZSTD;
    rocksdb::BlockBasedTableOptions table;
    table.block_cache = blockCache_;
    table.block_size = 16 * 1024;
    bool pointLookups = name == "id2term" || name == "term2id" || name == "spog";
    if (pointLookups) table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
    descriptors.emplace_back(name, cf);
  }

  rocksdb::DB* raw = nullptr;
  rocksdb::Status status;
  if (options_.readOnly) {
    status = rocksdb::DB::OpenForReadOnly(dbOptions, path, descriptors, &handles_, &raw);
  } else {
    status = rocksdb::DB::Open(dbOptions, path, descriptors, &handles_, &raw);
  }
  if (!status.ok()) {
    std::string msg = status.ToString();
    if (status.IsIOError() && (msg.find("lock") != std::string::npos ||
                               msg.find("Resource temporarily unavailable") != std::string::npos)) {
      throw Error(ErrorCode::kLocked,
                  "the store '" + path +
                      "' is open for writing in another process; close that process, or open "
                      "this one read-only (--read-only)");
    }
    if (status.IsInvalidArgument() && msg.find("Column famil") != std::string::npos) {
      throw Error(ErrorCode::kVersion, "'" + path + "' is not a kg store (" + msg + ")");
    }
    throwStatus(status, "cannot open store '" + path + "'");
  }
  db_.reset(raw);
}

void Store::loadMeta() {
  std::string value;
  rocksdb::Status status = db_->Get({}, handles_[kCfMeta], kMetaFormat, &value);
  if (status.IsNotFound()) {
    if (options_.readOnly) {
      throw Error(ErrorCode::kVersion, "'" + options_.path + "' is not a kg store");
    }
    rocksdb::WriteBatch batch;
    batch.Put(handles_[kCfMeta], kMetaFormat, kFormatVersion);
    batch.Put(handles_[kCfMeta], kMetaNextSequence, encodeU64(1));
    batch.Put(handles_[kCfMeta], kMetaNextLoad, encodeU64(1));
    rocksdb::WriteOptions wo;
    wo.sync = true;
    check(db_->Write(wo, &batch), "cannot initialize store");
    nextSequence_ = 1;
    nextLoadNumber_ = 1;
    return;
  }
  check(status, "cannot read store metadata");
  if (value != kFormatVersion) {
    throw Error(ErrorCode::kVersion, "the store '" + options_.path + "' has format '" + value +
                                         "', but this kg reads '" + kFormatVersion + "'");
  }
  check(db_->Get({}, handles_[kCfMeta], kMetaNextSequence, &value), "cannot read store metadata");
  nextSequence_ = decodeU64(value);
  check(db_->Get({}, handles_[kCfMeta], kMetaNextLoad, &value), "cannot read store metadata");
  nextLoadNumber_ = decodeU64(value);
}

std::shared_ptr<ReadView> Store::readView() const {
  return std::shared_ptr<ReadView>(new ReadView(*this));
}

Statistics Store::readStatistics(const rocksdb::Snapshot* snapshot) const {
  Statistics stats;
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, handles_[kCfStats]));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    std::string key = it->key().ToString();
    std::string value = it->value().ToString();
    if (key == "t") {
      stats.quads = decodeU64(value);
    } else if (key.size() == 9 && key[0] == 'p' && value.size() == 24) {
      PredicateStats ps;
      ps.quads = getBigEndian64(value.data());
      ps.distinctSubjects = getBigEndian64(value.data() + 8);
      ps.distinctObjects = getBigEndian64(value.data() + 16);
      if (ps.quads > 0) stats.predicates[getBigEndian64(key.data() + 1)] = ps;
    } else if (key.size() == 9 && key[0] == 'g') {
      uint64_t n = decodeU64(value);
      if (n > 0) stats.graphs[getBigEndian64(key.data() + 1)] = n;
    }
  }
  check(it->status(), "cannot read statistics");
  std::string value;
  rocksdb::ReadOptions mo;
  mo.snapshot = snapshot;
  if (db_->Get(mo, handles_[kCfMeta], kMetaNextSequence, &value).ok()) {
    stats.terms = decodeU64(value) - 1;
  }
  return stats;
}

Statistics Store::updatedStatistics(const ChangeSet& changes) const {
  // Called under the writer lock: no other commit can interleave.
  auto view = readView();
  Statistics stats = view->statistics();

  // Ids allocated by this change set have sequence numbers past the store's counter.
  const uint64_t firstNewSequence = nextSequence_;
  auto isNew = [firstNewSequence](TermId id) {
    return !isInline(id) && id != kDefaultGraph && payloadOf(id) >= firstNewSequence;
  };

  stats.quads += changes.added.size();
  stats.quads -= changes.removed.size();
  for (const auto& q : changes.added) {
    stats.graphs[q.g()] += 1;
    stats.predicates[q.p()].quads += 1;
  }
  for (const auto& q : changes.removed) {
    stats.graphs[q.g()] -= 1;
    stats.predicates[q.p()].quads -= 1;
  }

  // Distinct (s, p) and (o, p) pairs: find pairs that appear or disappear. Sorting flat
  // vectors keeps this fast for bulk loads of millions of quads.
  struct PairChange {
    TermId p, x;
    bool removed;
    bool operator<(const PairChange& o) const {
      return p != o.p ? p < o.p : x != o.x ? x < o.x : removed < o.removed;
    }
  };
  auto adjust = [&](bool subject) {
    std::vector<PairChange> pairs;
    pairs.reserve(changes.added.size() + changes.removed.size());
    for (const auto& q : changes.added) pairs.push_back({q.p(), subject ? q.s() : q.o(), false});
    for (const auto& q : changes.removed) pairs.push_back({q.p(), subject ? q.s() : q.o(), true});
    std::sort(pairs.begin(), pairs.end());
    for (size_t i = 0; i < pairs.size();) {
      size_t j = i;
      uint64_t added = 0, removed = 0;
      while (j < pairs.size() && pairs[j].p == pairs[i].p && pairs[j].x == pairs[i].x) {
        (pairs[j].removed ? removed : added)++;
        ++j;
      }
      TermId p = pairs[i].p, x = pairs[i].x;
      uint64_t existing = 0;
      if (!isNew(p) && !isNew(x)) {
        QuadIds pattern;
        pattern.v = {kAny, p, kAny, kAny};
        pattern.v[subject ? kS : kO] = x;
        existing = view->count(pattern, removed + 1);
      }
      bool before = existing > 0;
      bool after = added > 0 || existing > removed;
      PredicateStats& ps = stats.predicates[p];
      uint64_t& distinct = subject ? ps.distinctSubjects : ps.distinctObjects;
      if (!before && after) distinct++;
      if (before && !after) distinct--;
      i = j;
    }
  };
  adjust(true);
  adjust(false);
  stats.terms = changes.nextSequence - 1;
  return stats;
}

namespace {

// The stats column family entries that differ between two statistics.
template <typename Put>
void writeStatistics(const Statistics& stats, Put put) {
  put(statsTotalKey(), encodeU64(stats.quads));
  for (const auto& [p, ps] : stats.predicates) put(statsPredicateKey(p), encodePredicateStats(ps));
  for (const auto& [g, n] : stats.graphs) put(statsGraphKey(g), encodeU64(n));
}

}  // namespace

ApplyResult Store::apply(ChangeSet&& changes) {
  if (options_.readOnly) throw Error(ErrorCode::kUsage, "the store is open read-only");
  if (changes.nextSequence < nextSequence_) changes.nextSequence = nextSequence_;
  if (changes.nextLoadNumber < nextLoadNumber_) changes.nextLoadNumber = nextLoadNumber_;
  Statistics stats = updatedStatistics(changes);
  if (changes.added.size() + changes.removed.size() > sstThreshold_ && changes.removed.empty()) {
    writeWithSst(changes, stats);
  } else {
    writeWithBatch(changes, stats);
  }
  nextSequence_ = changes.nextSequence;
  nextLoadNumber_ = changes.nextLoadNumber;
  return {changes.added.size(), changes.removed.size()};
}

void Store::writeWithBatch(const ChangeSet& changes, const Statistics& stats) {
  rocksdb::WriteBatch batch;
  for (const auto& [id, key] : changes.newTerms) {
    batch.Put(handles_[kCfId2Term], idKey(id), key);
    batch.Put(handles_[kCfTerm2Id], key, idKey(id));
  }
  char buf[32];
  for (int i = 0; i < kIndexCount; ++i) {
    auto order = static_cast<IndexOrder>(i);
    auto* cf = handles_[kCfIndexFirst + i];
    for (const auto& q : changes.added) {
      encodeIndexKey(order, q, buf);
      batch.Put(cf, rocksdb::Slice(buf, 32), rocksdb::Slice());
    }
    for (const auto& q : changes.removed) {
      encodeIndexKey(order, q, buf);
      batch.Delete(cf, rocksdb::Slice(buf, 32));
    }
  }
  writeStatistics(stats, [&](const std::string& k, const std::string& v) {
    batch.Put(handles_[kCfStats], k, v);
  });
  batch.Put(handles_[kCfMeta], kMetaNextSequence, encodeU64(changes.nextSequence));
  batch.Put(handles_[kCfMeta], kMetaNextLoad, encodeU64(changes.nextLoadNumber));
  rocksdb::WriteOptions wo;
  wo.sync = true;
  check(db_->Write(wo, &batch), "write failed");
}

void Store::writeWithSst(const ChangeSet& changes, const Statistics& stats) {
  fs::path staging = fs::path(options_.path) / "kg-staging";
  std::error_code ec;
  fs::remove_all(staging, ec);
  fs::create_directories(staging, ec);
  if (ec) throw Error(ErrorCode::kStorage, "cannot create " + staging.string() + ": " + ec.message());

  std::vector<rocksdb::IngestExternalFileArg> args;
  std::mutex argsMutex;
  rocksdb::Options sstOptions;
  sstOptions.compression = rocksdb::kLZ4Compression;
  auto writeFile = [&](int cf, const std::string& name, auto&& fill) {
    std::string file = (staging / (name + ".sst")).string();
    rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), sstOptions, handles_[cf]);
    check(writer.Open(file), "cannot create SST file");
    uint64_t entries = 0;
    fill([&](const rocksdb::Slice& k, const rocksdb::Slice& v) {
      check(writer.Put(k, v), "cannot write SST file");
      ++entries;
    });
    if (entries == 0) {
      writer.Finish();  // an empty file cannot be ingested; drop it
      return;
    }
    check(writer.Finish(), "cannot finish SST file");
    rocksdb::IngestExternalFileArg arg;
    arg.column_family = handles_[cf];
    arg.external_files.push_back(file);
    arg.options.move_files = true;
    arg.options.snapshot_consistency = true;
    arg.options.allow_global_seqno = true;
    arg.options.allow_blocking_flush = true;
    std::lock_guard<std::mutex> lock(argsMutex);
    args.push_back(std::move(arg));
  };

  // Dictionary: id2term in id order (new ids are increasing), term2id in key order.
  {
    std::vector<const std::pair<TermId, std::string>*> byId;
    byId.reserve(changes.newTerms.size());
    for (const auto& e : changes.newTerms) byId.push_back(&e);
    std::sort(byId.begin(), byId.end(), [](auto* a, auto* b) { return a->first < b->first; });
    writeFile(kCfId2Term, "id2term", [&](auto put) {
      for (auto* e : byId) put(idKey(e->first), e->second);
    });
    std::sort(byId.begin(), byId.end(), [](auto* a, auto* b) { return a->second < b->second; });
    writeFile(kCfTerm2Id, "term2id", [&](auto put) {
      for (auto* e : byId) put(e->second, idKey(e->first));
    });
  }
  // Indexes: permute each quad into the index's key order, sort as integers (the same order
  // as the big-endian key bytes), then encode. Two workers share the six indexes: the sorts
  // and SST writes are independent, and the machine has two cores.
  auto lessRow = [](const std::array<uint64_t, 4>& a, const std::array<uint64_t, 4>& b) {
    if (a[0] != b[0]) return a[0] < b[0];
    if (a[1] != b[1]) return a[1] < b[1];
    if (a[2] != b[2]) return a[2] < b[2];
    return a[3] < b[3];
  };
  auto writeRows = [&](IndexOrder order, const std::vector<std::array<uint64_t, 4>>& rows) {
    char key[32];
    writeFile(kCfIndexFirst + static_cast<int>(order), layoutOf(order).name, [&](auto put) {
      for (const auto& row : rows) {
        for (int j = 0; j < 4; ++j) putBigEndian64(key + 8 * j, row[j]);
        put(rocksdb::Slice(key, 32), rocksdb::Slice());
      }
    });
  };
  // Each order X is built with its graph-first twin GX (SPOG/GSPO, POSG/GPOS, OSPG/GOSP): GX
  // is derived from X's sorted rows, so when the quads share one graph (the usual load) GX
  // needs no sort of its own; a check confirms it and sorts otherwise.
  auto buildPair = [&](IndexOrder base, IndexOrder twin, std::vector<std::array<uint64_t, 4>>& rows) {
    const auto& pos = layoutOf(base).positions;
    rows.resize(changes.added.size());
    for (size_t k = 0; k < changes.added.size(); ++k) {
      const QuadIds& q = changes.added[k];
      rows[k] = {q.v[pos[0]], q.v[pos[1]], q.v[pos[2]], q.v[pos[3]]};
    }
    // changes.added is sorted in natural (SPOG) order already.
    if (base != IndexOrder::kSPOG || !std::is_sorted(rows.begin(), rows.end(), lessRow)) {
      std::sort(rows.begin(), rows.end(), lessRow);
    }
    writeRows(base, rows);
    const auto& twinPos = layoutOf(twin).positions;
    for (auto& row : rows) {
      QuadIds q;
      for (int j = 0; j < 4; ++j) q.v[pos[j]] = row[j];
      row = {q.v[twinPos[0]], q.v[twinPos[1]], q.v[twinPos[2]], q.v[twinPos[3]]};
    }
    if (!std::is_sorted(rows.begin(), rows.end(), lessRow)) std::sort(rows.begin(), rows.end(), lessRow);
    writeRows(twin, rows);
  };
  {
    std::exception_ptr failure;
    std::thread worker([&] {
      try {
        std::vector<std::array<uint64_t, 4>> rows;
        buildPair(IndexOrder::kPOSG, IndexOrder::kGPOS, rows);
      } catch (...) {
        failure = std::current_exception();
      }
    });
    try {
      std::vector<std::array<uint64_t, 4>> rows;
      buildPair(IndexOrder::kSPOG, IndexOrder::kGSPO, rows);
      buildPair(IndexOrder::kOSPG, IndexOrder::kGOSP, rows);
    } catch (...) {
      worker.join();
      throw;
    }
    worker.join();
    if (failure) std::rethrow_exception(failure);
  }
  {
    std::map<std::string, std::string> entries;
    writeStatistics(stats, [&](const std::string& k, const std::string& v) { entries[k] = v; });
    writeFile(kCfStats, "stats", [&](auto put) {
      for (const auto& [k, v] : entries) put(k, v);
    });
  }
  {
    std::map<std::string, std::string> entries = {
        {kMetaNextLoad, encodeU64(changes.nextLoadNumber)},
        {kMetaNextSequence, encodeU64(changes.nextSequence)},
    };
    writeFile(kCfMeta, "meta", [&](auto put) {
      for (const auto& [k, v] : entries) put(k, v);
    });
  }
  // One atomic ingestion across all column families.
  rocksdb::Status status = db_->IngestExternalFiles(args);
  fs::remove_all(staging, ec);
  check(status, "cannot ingest loaded data");
}

void Store::compact() {
  rocksdb::CompactRangeOptions options;
  options.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForceOptimized;
  for (auto* handle : handles_) {
    check(db_->CompactRange(options, handle, nullptr, nullptr), "compaction failed");
  }
}

uint64_t Store::diskBytes() const {
  uint64_t total = 0;
  std::error_code ec;
  for (const auto& entry : fs::recursive_directory_iterator(options_.path, ec)) {
    if (entry.is_regular_file(ec)) total += entry.file_size(ec);
  }
  return total;
}

}  // namespace kg::storage
