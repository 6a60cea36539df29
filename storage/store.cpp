// Opening a store, its metadata, statistics and delta, read views and the dictionary.
#include "storage/store.h"

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <new>
#include <chrono>
#include <cstring>
#include <cstdarg>
#include <thread>
#include <filesystem>

#include "kg/error.h"
#include "storage/block_sink.h"
#include "storage/store_layout.h"
#include "storage/text/text_search.h"

namespace kg::storage {

using namespace layout;
namespace fs = std::filesystem;

// Dictionary entries by id: a direct-mapped cache (an id hashes to one slot; a newer entry
// takes the slot), split in shards with a lock each so that threads rarely wait. Ids never
// change meaning once committed, so entries never go stale. A slot holds the entry's bytes in
// place (two cache lines, no pointer to follow): a large result, whose terms outnumber the
// slots, writes one place per term instead of the three (slot and strings) of a cached Term,
// and `prefetch` lets a batch overlap its lookups' cache misses. Longer entries (rare: IRIs
// and literals past 115 bytes) are not cached.
class TermCache {
 public:
  static constexpr size_t kMaxEntryBytes = 115;
  struct Entry {
    char bytes[kMaxEntryBytes];
    uint8_t size = 0;
    std::string_view view() const { return std::string_view(bytes, size); }
  };
  // Copies id's entry into `out`; false if it is not cached.
  bool get(TermId id, Entry& out) {
    Shard& shard = shardOf(id);
    std::lock_guard<std::mutex> lock(shard.mutex);
    if (!shard.slots) return false;
    const Slot& slot = shard.slots[slotOf(id)];
    if (slot.id != id) return false;
    out.size = slot.size;
    std::memcpy(out.bytes, slot.bytes, slot.size);
    return true;
  }
  void put(TermId id, std::string_view entry) {
    if (entry.size() > kMaxEntryBytes) return;
    Shard& shard = shardOf(id);
    std::lock_guard<std::mutex> lock(shard.mutex);
    if (!shard.slots) allocate(shard);  // on first use
    Slot& slot = shard.slots[slotOf(id)];
    slot.id = id;
    slot.size = static_cast<uint8_t>(entry.size());
    std::memcpy(slot.bytes, entry.data(), entry.size());
  }
  // Starts loading id's slot into the CPU cache (a hint; no lock needed to read an address).
  void prefetch(TermId id) const {
    const Slot* slots = shardOf(id).table.load(std::memory_order_relaxed);
    if (!slots) return;
    const char* slot = reinterpret_cast<const char*>(slots + slotOf(id));
    __builtin_prefetch(slot);
    __builtin_prefetch(slot + 64);
  }

 private:
  static constexpr size_t kShards = 16;
  static constexpr size_t kSlotsPerShard = 1 << 14;  // 262,144 entries in all (32 MB)
  struct alignas(64) Slot {
    TermId id = 0;  // 0 never names a dictionary term
    uint8_t size = 0;
    char bytes[kMaxEntryBytes];
  };
  static_assert(sizeof(Slot) == 128, "a slot is two cache lines");
  static constexpr size_t kShardBytes = kSlotsPerShard * sizeof(Slot);  // 2 MB
  struct Shard {
    std::mutex mutex;
    Slot* slots = nullptr;               // read and written under the mutex
    std::atomic<const Slot*> table{nullptr};  // the same, for prefetch without the lock
    ~Shard() { std::free(slots); }
  };
  // A shard is one huge page where the system allows it: lookups all over 32 MB would
  // otherwise miss the TLB as well as the cache.
  static void allocate(Shard& shard) {
    void* memory = std::aligned_alloc(kShardBytes, kShardBytes);
    if (!memory) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
    madvise(memory, kShardBytes, MADV_HUGEPAGE);  // a hint; without it, 4 KB pages
#endif
    Slot* slots = static_cast<Slot*>(memory);
    for (size_t i = 0; i < kSlotsPerShard; ++i) new (&slots[i]) Slot();
    shard.slots = slots;
    shard.table.store(slots, std::memory_order_relaxed);
  }
  static uint64_t mix(TermId id) {
    uint64_t h = id * 0x9e3779b97f4a7c15ULL;
    return h ^ (h >> 29);
  }
  Shard& shardOf(TermId id) { return shards_[mix(id) % kShards]; }
  const Shard& shardOf(TermId id) const { return shards_[mix(id) % kShards]; }
  static size_t slotOf(TermId id) { return (mix(id) >> 8) % kSlotsPerShard; }
  Shard shards_[kShards];
};

// RocksDB's informational log, thrown away (see openDb).
class DiscardingLogger : public rocksdb::Logger {
 public:
  DiscardingLogger() : rocksdb::Logger(rocksdb::InfoLogLevel::FATAL_LEVEL) {}
  using rocksdb::Logger::Logv;
  void Logv(const char*, va_list) override {}
};

// ---------------------------------------------------------------------------------------------
// ReadView

ReadView::ReadView(const Store& store, const rocksdb::Snapshot* snapshot,
                   std::shared_ptr<const Statistics> stats, std::shared_ptr<const Delta> delta)
    : store_(store), snapshot_(snapshot), stats_(std::move(stats)), delta_(std::move(delta)) {}

ReadView::~ReadView() {
  pointIterator_.reset();
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

Term ReadView::termOfEntry(std::string_view entry) const {
  DecodedKey decoded = decodeDictionaryKey(entry);
  return decoded.isTriple ? Term::quoted(decode(decoded.s), decode(decoded.p), decode(decoded.o))
                          : std::move(decoded.term);
}

void ReadView::entryInto(std::string_view entry, Term& out) const {
  // IRIs and blank nodes (most of a result) are assigned in place, without a Term in between.
  if (!entry.empty() && (entry[0] == static_cast<char>(IdTag::kIri) || entry[0] == static_cast<char>(IdTag::kBlank))) {
    out.kind = entry[0] == static_cast<char>(IdTag::kIri) ? TermKind::kIri : TermKind::kBlank;
    out.value.assign(entry.data() + 1, entry.size() - 1);
    out.datatype.clear();
    out.language.clear();
    out.triple.reset();
    return;
  }
  out = termOfEntry(entry);
}

Term ReadView::decode(TermId id) const {
  if (isInline(id)) return decodeInline(id);
  TermCache::Entry cached;
  if (store_.termCache_->get(id, cached)) return termOfEntry(cached.view());
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot_;
  std::string value;
  rocksdb::Status status = store_.db_->Get(ro, store_.handles_[kCfId2Term], idKey(id), &value);
  if (status.IsNotFound()) {
    throw Error(ErrorCode::kStorage, "corrupt store: unknown term id " + std::to_string(id));
  }
  check(status, "dictionary read failed");
  store_.termCache_->put(id, value);
  return termOfEntry(value);
}

void ReadView::decodeMany(const std::vector<TermId>& ids, std::vector<Term>& out) const {
  out.resize(ids.size());
  TermCache& cache = *store_.termCache_;
  // Every slot of the batch is asked for first (at most a few thousand: they fit the CPU's
  // cache), so that the lookups' cache misses overlap instead of coming one after another.
  for (TermId id : ids) {
    if (!isInline(id)) cache.prefetch(id);
  }
  // Positions whose term is neither inline nor cached, read below in one batch.
  std::vector<size_t> missing;
  TermCache::Entry cached;
  for (size_t i = 0; i < ids.size(); ++i) {
    TermId id = ids[i];
    if (isInline(id)) {
      out[i] = decodeInline(id);
    } else if (cache.get(id, cached)) {
      entryInto(cached.view(), out[i]);
    } else {
      missing.push_back(i);
    }
  }
  if (missing.empty()) return;
  // The missing ids in key order (keys are big-endian ids), read with one iterator: ids
  // close together, as scans deliver them, cost a few Next steps each instead of a seek
  // (a seek positions an iterator in every level of the tree, about ten steps' work).
  std::vector<std::pair<TermId, size_t>> wanted;
  wanted.reserve(missing.size());
  for (size_t i : missing) wanted.emplace_back(ids[i], i);
  std::sort(wanted.begin(), wanted.end());
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot_;
  ro.total_order_seek = true;
  std::unique_ptr<rocksdb::Iterator> it(store_.db_->NewIterator(ro, store_.handles_[kCfId2Term]));
  constexpr TermId kMaxSteps = 8;
  char key[8];
  for (size_t w = 0; w < wanted.size();) {
    TermId id = wanted[w].first;
    size_t last = w;
    while (last + 1 < wanted.size() && wanted[last + 1].first == id) ++last;
    putBigEndian64(key, id);
    rocksdb::Slice target(key, sizeof key);
    if (it->Valid() && it->key().size() == 8) {
      TermId at = getBigEndian64(it->key().data());
      if (at < id && id - at <= kMaxSteps) {
        for (TermId steps = 0; steps < kMaxSteps && it->Valid() && it->key().compare(target) < 0; ++steps) it->Next();
      }
    }
    if (!it->Valid() || it->key().compare(target) != 0) it->Seek(target);
    check(it->status(), "dictionary read failed");
    if (!it->Valid() || it->key().compare(target) != 0) {
      throw Error(ErrorCode::kStorage, "corrupt store: unknown term id " + std::to_string(id));
    }
    std::string_view value(it->value().data(), it->value().size());
    cache.put(id, value);
    Term& term = out[wanted[last].second];
    entryInto(value, term);
    for (size_t k = w; k < last; ++k) out[wanted[k].second] = term;
    w = last + 1;
  }
}

// ---------------------------------------------------------------------------------------------
// Store

Store::Store(StoreOptions options) : options_(std::move(options)) {}

Store::~Store() {
  if (db_) {
    // Write the memtables out so that the next open, which may be read-only and so cannot
    // flush, does not replay the write-ahead log. Best effort: the log still holds everything.
    if (!options_.readOnly) db_->Flush(rocksdb::FlushOptions(), handles_).PermitUncheckedError();
    for (auto* handle : handles_) db_->DestroyColumnFamilyHandle(handle);
    handles_.clear();
    db_->Close().PermitUncheckedError();
  }
}

std::unique_ptr<Store> Store::open(const StoreOptions& options) {
  std::unique_ptr<Store> store(new Store(options));
  store->termCache_ = std::make_unique<TermCache>();
  store->openDb();
  store->loadMeta();
  if (!options.readOnly) store->removeOrphanTerms();
  store->loadStatistics();
  store->loadDelta();
  store->loadTextConfig();
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
  if (!isRocks && !creating_) {
    if (!options_.createIfMissing) {
      throw Error(ErrorCode::kStorage, "no kg store at '" + path + "'");
    }
    // Creating a store writes several files (one column family at a time): build it beside
    // the target and rename it into place, so that a process killed meanwhile leaves either
    // no store or a whole empty one.
    fs::path fresh = fs::path(path).string() + ".kg-creating";
    fs::remove_all(fresh, ec);
    {
      StoreOptions create = options_;
      create.path = fresh.string();
      create.readOnly = false;
      Store creator(create);
      creator.creating_ = true;
      creator.termCache_ = std::make_unique<TermCache>();
      creator.openDb();
      creator.loadMeta();
    }
    if (exists) fs::remove(path, ec);  // an empty directory
    fs::rename(fresh, path, ec);
    if (ec) {
      throw Error(ErrorCode::kStorage, "cannot create the store '" + path + "': " + ec.message());
    }
  }
  // Leftover staging files from a load that was killed before ingestion.
  if (!options_.readOnly) fs::remove_all(fs::path(path) / "kg-staging", ec);

  blockCache_ = rocksdb::NewLRUCache(options_.cacheBytes);
  rocksdb::DBOptions dbOptions;
  dbOptions.create_if_missing = true;
  dbOptions.create_missing_column_families = true;
  dbOptions.max_background_jobs = 2;
  // No info LOG file: on a full disk RocksDB's file logger fails an assertion (and aborts)
  // at the second line it cannot write; kg reports failures through the statuses instead.
  dbOptions.info_log = std::make_shared<DiscardingLogger>();

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const auto& name : columnFamilyNames()) {
    rocksdb::ColumnFamilyOptions cf;
    cf.level_compaction_dynamic_level_bytes = true;
    cf.compression = rocksdb::kLZ4Compression;
    cf.bottommost_compression = rocksdb::kZSTD;
    rocksdb::BlockBasedTableOptions table;
    table.block_cache = blockCache_;
    table.block_size = 16 * 1024;
    bool pointLookups = name == "id2term" || name == "term2id";
    if (pointLookups) table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
    descriptors.emplace_back(name, cf);
  }

  rocksdb::DB* raw = nullptr;
  rocksdb::Status status;
  if (options_.readOnly) {
    // A writer in another process may replace files (compaction) while this open reads the
    // manifest that lists them: that race shows as a missing file, and a second try reads
    // the new manifest.
    for (int attempt = 0;; ++attempt) {
      status = rocksdb::DB::OpenForReadOnly(dbOptions, path, descriptors, &handles_, &raw);
      bool raced = !status.ok() && status.ToString().find("No such file") != std::string::npos;
      if (!raced || attempt == 8) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10 << std::min(attempt, 4)));
    }
  } else {
    status = rocksdb::DB::Open(dbOptions, path, descriptors, &handles_, &raw);
  }
  if (!status.ok()) {
    std::string msg = status.ToString();
    // Only a lock that another holder has is "locked": failing to create the LOCK file (a
    // read-only file system, no permission, a full disk) is a storage error with its reason.
    if (status.IsIOError() && (msg.find("lock hold by current process") != std::string::npos ||
                               msg.find("Resource temporarily unavailable") != std::string::npos)) {
      // RocksDB's lock is per process too: say which holder it is.
      bool here = msg.find("current process") != std::string::npos;
      throw Error(ErrorCode::kLocked,
                  "the store '" + path + "' is already open for writing " +
                      (here ? std::string("in this process; close that handle first, or open this one read-only")
                            : std::string("in another process; wait until it finishes (reading works meanwhile)")));
    }
    if (status.IsInvalidArgument() && msg.find("Column famil") != std::string::npos) {
      throw Error(ErrorCode::kVersion, "'" + path + "' is not a kg store of this version (" + msg + ")");
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
      // A store whose creation was interrupted before its metadata was written holds nothing:
      // read it as empty. Anything else without metadata is not a kg store.
      std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator({}, handles_[kCfId2Term]));
      it->SeekToFirst();
      if (it->Valid()) throw Error(ErrorCode::kVersion, "'" + options_.path + "' is not a kg store");
      nextSequence_ = 1;
      nextLoadNumber_ = 1;
      return;
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
  if (value != kFormatVersion && value != kFormatWithoutCharacteristicSets) {
    throw Error(ErrorCode::kVersion, "the store '" + options_.path + "' has format '" + value +
                                         "', but this kg reads '" + kFormatVersion + "' and '" +
                                         kFormatWithoutCharacteristicSets + "'");
  }
  check(db_->Get({}, handles_[kCfMeta], kMetaNextSequence, &value), "cannot read store metadata");
  nextSequence_ = decodeU64(value);
  check(db_->Get({}, handles_[kCfMeta], kMetaNextLoad, &value), "cannot read store metadata");
  nextLoadNumber_ = decodeU64(value);
}

// Dictionary entries at or past the committed sequence counter belong to a bulk load that
// never committed (a large load writes its new terms before its quads): no quad uses them.
void Store::removeOrphanTerms() {
  rocksdb::WriteBatch batch;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator({}, handles_[kCfId2Term]));
  for (IdTag idTag : {IdTag::kIri, IdTag::kBlank, IdTag::kLiteral, IdTag::kTriple}) {
    std::string from = idKey(makeId(idTag, nextSequence_));
    std::string to = idKey(makeId(static_cast<IdTag>(static_cast<int>(idTag) + 1), 0));
    for (it->Seek(from); it->Valid() && it->key().compare(to) < 0; it->Next()) {
      batch.Delete(handles_[kCfTerm2Id], it->value());
      batch.Delete(handles_[kCfId2Term], it->key());
    }
    check(it->status(), "cannot clean up the dictionary");
  }
  if (batch.Count() == 0) return;
  rocksdb::WriteOptions wo;
  wo.sync = true;
  check(db_->Write(wo, &batch), "cannot clean up the dictionary");
}

void Store::loadStatistics() {
  auto stats = std::make_shared<Statistics>();
  std::shared_ptr<CharacteristicSets> charSets;
  TermId setsGraph = kAny;
  GraphCharacteristicSets graphSets;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator({}, handles_[kCfStats]));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    rocksdb::Slice key = it->key(), value = it->value();
    if (key == rocksdb::Slice(kStatsCharacteristicSets)) {
      // A later version of the sets is ignored (plans fall back to the counts).
      if (value == rocksdb::Slice(kCharacteristicSetsVersion)) charSets = std::make_shared<CharacteristicSets>();
    } else if (key.size() > 1 && key[0] == 'c') {
      TermId g;
      std::vector<TermId> predicates;
      CharacteristicSet set;
      if (!CharacteristicSets::decode(key.ToString(), value.ToString(), &g, &predicates, &set)) {
        throw Error(ErrorCode::kStorage, "corrupt store: bad characteristic set entry");
      }
      if (!charSets) continue;
      if (g != setsGraph) {
        if (setsGraph != kAny) charSets->setGraph(setsGraph, std::move(graphSets));
        graphSets.clear();
        setsGraph = g;
      }
      graphSets[std::move(predicates)] = std::move(set);
    } else if (key == rocksdb::Slice("t")) {
      stats->quads = decodeU64(value);
    } else if (key.size() == 17 && key[0] == 'p' && value.size() == 24) {
      PredicateStats ps;
      ps.quads = getBigEndian64(value.data());
      ps.distinctSubjects = getBigEndian64(value.data() + 8);
      ps.distinctObjects = getBigEndian64(value.data() + 16);
      if (ps.quads == 0) continue;
      TermId g = getBigEndian64(key.data() + 1), p = getBigEndian64(key.data() + 9);
      stats->graphPredicates[{g, p}] = ps;
      PredicateStats& all = stats->predicates[p];
      all.quads += ps.quads;
      all.distinctSubjects += ps.distinctSubjects;
      all.distinctObjects += ps.distinctObjects;
    } else if (key.size() == 9 && key[0] == 'g') {
      uint64_t n = decodeU64(value);
      if (n > 0) stats->graphs[getBigEndian64(key.data() + 1)] = n;
    } else {
      throw Error(ErrorCode::kStorage, "corrupt store: unknown statistics entry");
    }
  }
  check(it->status(), "cannot read statistics");
  if (charSets && setsGraph != kAny) charSets->setGraph(setsGraph, std::move(graphSets));
  stats->characteristicSets = std::move(charSets);
  stats->terms = nextSequence_ - 1;
  stats_ = std::move(stats);
}

void Store::loadDelta() {
  auto delta = std::make_shared<Delta>();
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator({}, handles_[kCfDelta]));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (it->key().size() != 32 || it->value().size() != 1) {
      throw Error(ErrorCode::kStorage, "corrupt store: bad delta entry");
    }
    QuadIds quad = fromRow(IndexOrder::kGSPO, rowFromKey(it->key().data()));
    bool inserted = it->value()[0] == kDeltaInserted;
    for (int o = 0; o < kIndexCount; ++o) {
      (inserted ? delta->inserted : delta->deleted)[o].push_back(toRow(static_cast<IndexOrder>(o), quad));
    }
  }
  check(it->status(), "cannot read the delta");
  for (int o = 0; o < kIndexCount; ++o) {
    std::sort(delta->inserted[o].begin(), delta->inserted[o].end());
    std::sort(delta->deleted[o].begin(), delta->deleted[o].end());
  }
  delta_ = std::move(delta);
}

std::shared_ptr<ReadView> Store::readView() const {
  std::lock_guard<std::mutex> lock(publishMutex_);
  return std::shared_ptr<ReadView>(new ReadView(*this, db_->GetSnapshot(), stats_, delta_));
}

void Store::writeUncommittedTerms(const std::vector<std::pair<TermId, std::string>>& terms) {
  if (terms.empty()) return;
  namespace fs = std::filesystem;
  fs::path dir = fs::path(stagingDir()) / "terms";
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir, ec);
  if (ec) throw Error(ErrorCode::kStorage, "cannot create " + dir.string() + ": " + ec.message());
  std::vector<const std::pair<TermId, std::string>*> sorted;
  sorted.reserve(terms.size());
  for (const auto& e : terms) sorted.push_back(&e);
  std::vector<rocksdb::IngestExternalFileArg> args;
  {
    std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->first < b->first; });
    SstSink byId(handles_[kCfId2Term], (dir / "id2term.sst").string());
    for (auto* e : sorted) byId.put(idKey(e->first), e->second);
    byId.finish(args);
    std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->second < b->second; });
    SstSink byKey(handles_[kCfTerm2Id], (dir / "term2id.sst").string());
    for (auto* e : sorted) byKey.put(e->second, idKey(e->first));
    byKey.finish(args);
  }
  for (auto& arg : args) arg.options.snapshot_consistency = false;
  check(db_->IngestExternalFiles(args), "cannot write the dictionary");
  fs::remove_all(dir, ec);
}

std::optional<TermId> Store::lookupLatest(const std::string& key) const {
  std::string value;
  rocksdb::Status status = db_->Get({}, handles_[kCfTerm2Id], key, &value);
  if (status.IsNotFound()) return std::nullopt;
  check(status, "dictionary lookup failed");
  return decodeU64(value);
}

std::optional<std::string> Store::keyOfLatest(TermId id) const {
  std::string value;
  rocksdb::Status status = db_->Get({}, handles_[kCfId2Term], idKey(id), &value);
  if (status.IsNotFound()) return std::nullopt;
  check(status, "dictionary read failed");
  return value;
}

std::string Store::stagingDir() const { return (fs::path(options_.path) / "kg-staging").string(); }

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
