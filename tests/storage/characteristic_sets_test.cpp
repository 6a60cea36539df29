#include "storage/characteristic_sets.h"
#include "storage/star_estimator.h"

#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <random>
#include <set>

#include "storage/store.h"
#include "storage/store_layout.h"
#include "storage/transaction.h"

namespace kg::storage {
namespace {

namespace fs = std::filesystem;

PredicateProfile profile(std::initializer_list<std::pair<TermId, uint64_t>> items) { return items; }

TEST(CharacteristicSetsTest, CountsSubjectsAndOccurrencesPerSet) {
  CharacteristicSets sets;
  sets.addSubject(0, profile({{1, 1}, {2, 1}}));
  sets.addSubject(0, profile({{1, 1}, {2, 3}}));
  sets.addSubject(0, profile({{1, 2}}));
  sets.addSubject(7, profile({{1, 1}, {2, 1}}));
  const GraphCharacteristicSets* g0 = sets.graph(0);
  ASSERT_NE(g0, nullptr);
  ASSERT_EQ(g0->size(), 2u);
  const CharacteristicSet& both = g0->at({1, 2});
  EXPECT_EQ(both.subjects, 2u);
  EXPECT_EQ(both.occurrences, (std::vector<uint64_t>{2, 4}));
  EXPECT_EQ(g0->at({1}).subjects, 1u);
  EXPECT_EQ(sets.setCount(), 3u);
}

TEST(CharacteristicSetsTest, EstimatesStarsFromTheSetsHoldingAllTheirPredicates) {
  CharacteristicSets sets;
  // 10 subjects with p1 and p2 (one quad each), 90 with p1 only, 50 with p2 and p3.
  for (int i = 0; i < 10; ++i) sets.addSubject(0, profile({{1, 1}, {2, 1}}));
  for (int i = 0; i < 90; ++i) sets.addSubject(0, profile({{1, 1}}));
  for (int i = 0; i < 50; ++i) sets.addSubject(0, profile({{2, 2}, {3, 1}}));
  std::vector<TermId> g = {0};
  // Independence would say 100 * 110 / 150 = 73 rows for ?x p1 ?a . ?x p2 ?b; exactly 10 exist.
  EXPECT_DOUBLE_EQ(*estimateStar(sets, g, {{1, 1}, {2, 1}}), 10.0);
  EXPECT_DOUBLE_EQ(*estimateStar(sets, g, {{2, 1}, {3, 1}}), 100.0);  // two p2 values each
  EXPECT_DOUBLE_EQ(*estimateStar(sets, g, {{1, 1}, {3, 1}}), 0.0);   // no subject has both
  EXPECT_DOUBLE_EQ(*estimateStar(sets, g, {{1, 1}}), 100.0);
  // A constant object keeping a tenth of p1's quads.
  EXPECT_DOUBLE_EQ(*estimateStar(sets, g, {{1, 0.1}, {2, 1}}), 1.0);
  // Sub-stars through one estimator, and distinct subjects.
  StarEstimator star(sets, g, {{1, 1}, {2, 1}, {3, 1}});
  ASSERT_TRUE(star.available());
  EXPECT_DOUBLE_EQ(star.rows(0b011), 10.0);
  EXPECT_DOUBLE_EQ(star.rows(0b110), 100.0);
  EXPECT_DOUBLE_EQ(star.subjects(0b110), 50.0);
  EXPECT_DOUBLE_EQ(star.rows(0b111), 0.0);
  // A sample of the subjects of a constant-object pattern (pattern 2) estimates the
  // sub-stars holding it: 40 subjects, half of them with one p1 quad.
  StarSample sample;
  sample.anchor = 2;
  sample.population = 40;
  sample.matches = {{1, 2, 1}, {0, 2, 1}};
  star.setSample(sample);
  EXPECT_DOUBLE_EQ(star.rows(0b100), 40.0);
  EXPECT_DOUBLE_EQ(star.rows(0b101), 20.0);
  EXPECT_DOUBLE_EQ(star.subjects(0b101), 20.0);
  EXPECT_DOUBLE_EQ(star.rows(0b110), 80.0);
  EXPECT_DOUBLE_EQ(star.rows(0b011), 10.0);  // no anchor: the sets
  // Other graphs have none of these subjects.
  EXPECT_DOUBLE_EQ(*estimateStar(sets, {5}, {{1, 1}}), 0.0);
}

TEST(CharacteristicSetsTest, RemovingSubjectsUndoesAddingThem) {
  CharacteristicSets sets;
  sets.addSubject(0, profile({{1, 1}, {2, 1}}));
  sets.addSubject(0, profile({{1, 4}, {2, 1}}));
  sets.removeSubject(0, profile({{1, 4}, {2, 1}}));
  EXPECT_EQ(sets.graph(0)->at({1, 2}).subjects, 1u);
  EXPECT_EQ(sets.graph(0)->at({1, 2}).occurrences, (std::vector<uint64_t>{1, 1}));
  sets.removeSubject(0, profile({{1, 1}, {2, 1}}));
  EXPECT_EQ(sets.graph(0), nullptr);
  EXPECT_EQ(sets.setCount(), 0u);
}

TEST(CharacteristicSetsTest, CapMergesRareSetsAndNeverEstimatesZeroForAStarThatExists) {
  CharacteristicSets sets;
  std::mt19937 rng(5);
  uint64_t subjects = 0;
  std::set<std::vector<TermId>> distinct;
  std::vector<PredicateProfile> added;
  for (int i = 0; i < 3000; ++i) {
    PredicateProfile p;
    for (TermId pred = 1; pred <= 14; ++pred) {
      if (rng() % 3 == 0) p.push_back({pred, 1 + rng() % 2});
    }
    if (p.empty()) continue;
    // Predicates 20 and 21 never occur together.
    p.push_back({rng() % 2 ? 20 : 21, 1});
    sets.addSubject(0, p);
    added.push_back(p);
    ++subjects;
    std::vector<TermId> key;
    for (const auto& [pred, n] : p) key.push_back(pred);
    distinct.insert(key);
  }
  ASSERT_GT(distinct.size(), 200u);
  sets.capGraph(0, 100);
  const GraphCharacteristicSets& kept = *sets.graph(0);
  EXPECT_LE(kept.size(), 100u);
  uint64_t total = 0;
  for (const auto& [key, set] : kept) total += set.subjects;
  EXPECT_EQ(total, subjects);  // merged, not dropped
  // Every subject's predicates are covered by a kept set.
  for (const auto& p : added) {
    std::vector<TermId> key;
    for (const auto& [pred, n] : p) key.push_back(pred);
    bool covered = false;
    for (const auto& [k, set] : kept) covered = covered || std::includes(k.begin(), k.end(), key.begin(), key.end());
    EXPECT_TRUE(covered);
    std::vector<StarPattern> star;
    for (TermId pred : key) star.push_back({pred, 1});
    EXPECT_GT(*estimateStar(sets, {0}, star), 0.0);
  }
  // Removing everything again nearly empties the sets: each subject is taken from the
  // smallest set covering it, which need not be the one it was merged into (a drift that only
  // merged sets have; exact sets are found exactly).
  for (const auto& p : added) sets.removeSubject(0, p);
  uint64_t left = 0;
  if (sets.graph(0)) {
    for (const auto& [k, set] : *sets.graph(0)) left += set.subjects;
  }
  EXPECT_LE(left, subjects / 100);
}

TEST(CharacteristicSetsTest, EncodesAndDecodesEntries) {
  CharacteristicSet set;
  set.subjects = 12;
  set.occurrences = {12, 40};
  std::string key = CharacteristicSets::encodeKey(3, {5, 9});
  std::string value = CharacteristicSets::encodeValue(set);
  TermId g = 0;
  std::vector<TermId> predicates;
  CharacteristicSet back;
  ASSERT_TRUE(CharacteristicSets::decode(key, value, &g, &predicates, &back));
  EXPECT_EQ(g, 3u);
  EXPECT_EQ(predicates, (std::vector<TermId>{5, 9}));
  EXPECT_EQ(back.subjects, 12u);
  EXPECT_EQ(back.occurrences, set.occurrences);
  EXPECT_FALSE(CharacteristicSets::decode(key, value.substr(8), &g, &predicates, &back));
  // Keys sort like (graph, predicates), so diffs can be written to sorted sinks.
  EXPECT_LT(CharacteristicSets::encodeKey(3, {5}), CharacteristicSets::encodeKey(3, {5, 9}));
  EXPECT_LT(CharacteristicSets::encodeKey(3, {5, 9}), CharacteristicSets::encodeKey(3, {6}));
  EXPECT_LT(CharacteristicSets::encodeKey(3, {9}), CharacteristicSets::encodeKey(4, {1}));
}

// ------------------------------------------------------------------ kept by the store

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("kg-charsets-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::remove_all(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string path() const { return path_.string(); }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

std::unique_ptr<Store> openStore(const std::string& path, bool readOnly = false) {
  StoreOptions options;
  options.path = path;
  options.readOnly = readOnly;
  options.cacheBytes = 8 << 20;
  return Store::open(options);
}

Term iri(const std::string& local) { return Term::iri("http://example.org/" + local); }

// The sets recomputed from the data.
std::map<TermId, GraphCharacteristicSets> recompute(const ReadView& view) {
  std::map<std::pair<TermId, TermId>, PredicateProfile> subjects;
  auto stream = view.open(QuadIds{{kAny, kAny, kAny, kAny}}, IndexOrder::kGSPO);
  QuadIds q;
  while (stream->next(&q)) {
    PredicateProfile& p = subjects[{q.g(), q.s()}];
    if (p.empty() || p.back().first != q.p()) p.push_back({q.p(), 0});
    ++p.back().second;
  }
  CharacteristicSets sets;
  for (const auto& [gs, p] : subjects) sets.addSubject(gs.first, p);
  std::map<TermId, GraphCharacteristicSets> out;
  for (const auto& [g, graphSets] : sets.graphs()) out[g] = *graphSets;
  return out;
}

void expectSetsExact(Store& store) {
  auto view = store.readView();
  const auto& kept = view->statistics().characteristicSets;
  ASSERT_TRUE(kept);
  std::map<TermId, GraphCharacteristicSets> got;
  for (const auto& [g, graphSets] : kept->graphs()) got[g] = *graphSets;
  auto want = recompute(*view);
  ASSERT_EQ(got.size(), want.size());
  for (const auto& [g, sets] : want) {
    ASSERT_EQ(got[g].size(), sets.size()) << "graph " << g;
    for (const auto& [key, set] : sets) {
      auto it = got[g].find(key);
      ASSERT_NE(it, got[g].end());
      EXPECT_EQ(it->second.subjects, set.subjects);
      EXPECT_EQ(it->second.occurrences, set.occurrences);
    }
  }
}

// Subjects of a few kinds, as a load would bring them: s<i> gets p0, odd ones p1, every third
// p2 (two values), in the default graph or graph g.
std::vector<QuadIds> entityQuads(Transaction& tx, int i) {
  TermId g = tx.intern(iri("g"));
  TermId s = tx.intern(iri("s" + std::to_string(i)));
  TermId graph = i % 5 == 0 ? g : kDefaultGraph;
  std::vector<QuadIds> quads = {{{s, tx.intern(iri("p0")), tx.intern(Term::literal("v" + std::to_string(i))), graph}}};
  if (i % 2) quads.push_back({{s, tx.intern(iri("p1")), tx.intern(iri("c" + std::to_string(i % 7))), graph}});
  if (i % 3 == 0) {
    quads.push_back({{s, tx.intern(iri("p2")), tx.intern(Term::literal("a")), graph}});
    quads.push_back({{s, tx.intern(iri("p2")), tx.intern(Term::literal("b")), graph}});
  }
  return quads;
}

void addEntities(Transaction& tx, int from, int to, bool bulk) {
  for (int i = from; i < to; ++i) {
    for (const auto& q : entityQuads(tx, i)) bulk ? tx.insertBulk(q) : tx.insert(q);
  }
}

void eraseEntities(Transaction& tx, int from, int to) {
  for (int i = from; i < to; ++i) {
    for (const auto& q : entityQuads(tx, i)) tx.erase(q);
  }
}

TEST(CharacteristicSetsStoreTest, StreamedLoadBuildsThemAndTheySurviveReopening) {
  TempDir dir;
  {
    auto store = openStore(dir.path());
    Transaction tx(*store);
    tx.setMemoryBudget(64 << 10);  // spills: the streamed path
    addEntities(tx, 0, 3000, /*bulk=*/true);
    tx.commit();
    expectSetsExact(*store);
    // A second streamed load adds predicates to subjects already stored.
    Transaction more(*store);
    more.setMemoryBudget(64 << 10);
    TermId p3 = more.intern(iri("p3"));
    for (int i = 0; i < 3000; i += 4) {
      more.insertBulk({{more.intern(iri("s" + std::to_string(i))), p3, more.intern(iri("x")), kDefaultGraph}});
    }
    addEntities(more, 3000, 4000, /*bulk=*/true);
    more.commit();
    expectSetsExact(*store);
  }
  auto store = openStore(dir.path(), /*readOnly=*/true);
  expectSetsExact(*store);
  const GraphCharacteristicSets* sets = store->readView()->statistics().characteristicSets->graph(kDefaultGraph);
  ASSERT_NE(sets, nullptr);
  EXPECT_GT(sets->size(), 4u);
}

TEST(CharacteristicSetsStoreTest, StayExactThroughInsertsDeletesAndFolds) {
  TempDir dir;
  auto store = openStore(dir.path());
  store->setDeltaLimit(400);  // folds now and then
  store->setSstThreshold(700);
  {
    Transaction tx(*store);
    addEntities(tx, 0, 300, /*bulk=*/false);
    tx.commit();
  }
  expectSetsExact(*store);
  std::mt19937 rng(3);
  for (int round = 0; round < 8; ++round) {
    Transaction tx(*store);
    auto view = store->readView();
    std::vector<QuadIds> all;
    auto stream = view->open(QuadIds{{kAny, kAny, kAny, kAny}}, IndexOrder::kGSPO);
    QuadIds q;
    while (stream->next(&q)) all.push_back(q);
    int removals = round == 5 ? 900 : 40;  // one large commit (SST path)
    for (int i = 0; i < removals && !all.empty(); ++i) tx.erase(all[rng() % all.size()]);
    TermId p4 = tx.intern(iri("p4"));
    for (int i = 0; i < 30; ++i) {
      tx.insert({{tx.intern(iri("s" + std::to_string(rng() % 400))), p4, tx.intern(iri("y" + std::to_string(i % 3))),
                  kDefaultGraph}});
    }
    addEntities(tx, 300 + round * 10, 310 + round * 10, /*bulk=*/false);
    tx.commit();
    expectSetsExact(*store);
  }
  store.reset();
  store = openStore(dir.path(), /*readOnly=*/true);
  expectSetsExact(*store);
}

// Opens the store's RocksDB directly, as another version of kg would see it.
template <typename Fn>
void withRawStore(const std::string& path, Fn fn) {
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const auto& name : layout::columnFamilyNames()) families.push_back({name, rocksdb::ColumnFamilyOptions()});
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open(rocksdb::DBOptions(), path, families, &handles, &raw).ok());
  std::unique_ptr<rocksdb::DB> db(raw);
  fn(*db, handles);
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
}

std::string formatOf(const std::string& path) {
  std::string format;
  withRawStore(path, [&](rocksdb::DB& db, auto& handles) {
    EXPECT_TRUE(db.Get({}, handles[layout::kCfMeta], layout::kMetaFormat, &format).ok());
  });
  return format;
}

// Turns the store into one an older kg wrote: no characteristic-set entries, format kg-store-2.
void makeStoreFromBeforeTheSets(const std::string& path) {
  withRawStore(path, [&](rocksdb::DB& db, auto& handles) {
    std::vector<std::string> keys;
    {
      std::unique_ptr<rocksdb::Iterator> it(db.NewIterator({}, handles[layout::kCfStats]));
      for (it->SeekToFirst(); it->Valid(); it->Next()) {
        if (it->key()[0] == 'c') keys.push_back(it->key().ToString());
      }
    }
    EXPECT_GT(keys.size(), 1u);
    for (const auto& k : keys) ASSERT_TRUE(db.Delete({}, handles[layout::kCfStats], k).ok());
    ASSERT_TRUE(db.Put({}, handles[layout::kCfMeta], layout::kMetaFormat, kFormatWithoutCharacteristicSets).ok());
  });
}

// The format names what the store holds: a kg-store-2 store (no sets) is read and stays
// kg-store-2 until a commit starts its sets; an unknown format is refused by name.
TEST(CharacteristicSetsStoreTest, FormatVersionFollowsTheSets) {
  TempDir dir;
  {
    auto store = openStore(dir.path());
    Transaction tx(*store);
    addEntities(tx, 0, 10, /*bulk=*/false);
    tx.commit();
  }
  EXPECT_EQ(formatOf(dir.path()), kFormatVersion);
  makeStoreFromBeforeTheSets(dir.path());
  for (bool bulk : {false, true}) {
    auto store = openStore(dir.path());
    EXPECT_FALSE(store->readView()->statistics().characteristicSets);
    Transaction tx(*store);
    addEntities(tx, bulk ? 20 : 10, bulk ? 30 : 20, bulk);
    tx.commit();
  }
  EXPECT_EQ(formatOf(dir.path()), kFormatWithoutCharacteristicSets);
  {
    // Emptied, the store starts its sets with its next commit, and says so by its format.
    auto store = openStore(dir.path());
    {
      Transaction tx(*store);
      eraseEntities(tx, 0, 30);
      tx.commit();
      EXPECT_EQ(store->readView()->statistics().quads, 0u);
    }
    Transaction tx(*store);
    addEntities(tx, 0, 10, /*bulk=*/true);
    tx.commit();
    EXPECT_TRUE(store->readView()->statistics().characteristicSets);
  }
  EXPECT_EQ(formatOf(dir.path()), kFormatVersion);
  withRawStore(dir.path(), [&](rocksdb::DB& db, auto& handles) {
    ASSERT_TRUE(db.Put({}, handles[layout::kCfMeta], layout::kMetaFormat, "kg-store-9").ok());
  });
  try {
    openStore(dir.path());
    FAIL() << "a store of an unknown format opened";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("has format 'kg-store-9'"), std::string::npos) << e.what();
  }
}

// A store written before characteristic sets existed has no "c" entries: it opens without
// them, and later writes leave it so (its sets would be partial).
TEST(CharacteristicSetsStoreTest, StoresWithoutThemOpenAndStayWithout) {
  TempDir dir;
  {
    auto store = openStore(dir.path());
    Transaction tx(*store);
    addEntities(tx, 0, 100, /*bulk=*/false);
    tx.commit();
  }
  makeStoreFromBeforeTheSets(dir.path());
  auto store = openStore(dir.path());
  EXPECT_FALSE(store->readView()->statistics().characteristicSets);
  {
    Transaction tx(*store);
    addEntities(tx, 100, 120, /*bulk=*/false);
    tx.commit();
  }
  EXPECT_FALSE(store->readView()->statistics().characteristicSets);
  EXPECT_EQ(store->readView()->statistics().quads, 120u * 1 + 60 + 2 * 40);
}

}  // namespace
}  // namespace kg::storage
