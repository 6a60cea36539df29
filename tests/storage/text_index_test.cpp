// The full-text index: tokenizer, search syntax, key and posting encodings, the external
// sort, and index maintenance through commits (literals entering and leaving the index,
// labels, counters), checked against a reference matcher written here from the definitions
// (ICU word boundaries, NFKC case folding, Snowball stems) rather than the index's code.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>

#include "kg/error.h"
#include "storage/block_sink.h"
#include "storage/sorted_runs.h"
#include "storage/store.h"
#include "storage/text/text_layout.h"
#include "storage/text/text_query.h"
#include "storage/text/text_search.h"
#include "storage/text/tokenizer.h"
#include "storage/transaction.h"
#include "../common/text_reference.h"

namespace kg::storage::text {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("kg-text-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::remove_all(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string path() const { return path_.string(); }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

std::unique_ptr<Store> openStore(const std::string& path) {
  StoreOptions options;
  options.path = path;
  options.cacheBytes = 8 << 20;
  return Store::open(options);
}

Term iri(const std::string& local) { return Term::iri("http://example.org/" + local); }

using kg::testing::referenceMatches;

// ------------------------------------------------------------------ units
TEST(Tokenizer, WordsAreFoldedAndPunctuationDropped) {
  EXPECT_EQ(tokenize("Detention CAMPS, near Tromsø!"),
            (std::vector<std::string>{"detention", "camps", "near", "tromsø"}));
  EXPECT_EQ(tokenize("Straße ＡＢＣ"), (std::vector<std::string>{"strasse", "abc"}));
  EXPECT_EQ(tokenize("can't stop 3.5 U.N."), (std::vector<std::string>{"can't", "stop", "3.5", "u.n"}));
  EXPECT_TRUE(tokenize(" -- ").empty());
  EXPECT_EQ(tokenize(std::string("bad \xff byte")), (std::vector<std::string>{"bad", "byte"}));
}

TEST(Tokenizer, StemmersFollowLanguageTags) {
  EXPECT_EQ(stemmerFor(""), "en");
  EXPECT_EQ(stemmerFor("en-GB"), "en");
  EXPECT_EQ(stemmerFor("DE"), "de");
  EXPECT_EQ(stemmerFor("nb"), "no");
  EXPECT_EQ(stemmerFor("zh"), "");
  EXPECT_EQ(stem("en", "camps"), "camp");
  EXPECT_EQ(stem("en", "detention"), "detent");
  EXPECT_EQ(stem("", "camps"), "camps");
}

TEST(TextQuery, Syntax) {
  TextQuery q = parseTextQuery("detention camp* \"forced labour\" -report prison OR jail");
  ASSERT_EQ(q.clauses.size(), 5u);
  EXPECT_EQ(q.clauses[1].alternatives[0].units[0].word, "camp");
  EXPECT_TRUE(q.clauses[1].alternatives[0].units[0].prefix);
  EXPECT_TRUE(q.clauses[2].alternatives[0].isPhrase());
  EXPECT_TRUE(q.clauses[3].excluded);
  EXPECT_EQ(q.clauses[4].alternatives.size(), 2u);
  EXPECT_EQ(q.toString(), "detention camp* \"forced labour\" -report prison OR jail");
  EXPECT_TRUE(parseTextQuery("e-mail").clauses[0].alternatives[0].isPhrase());
}

// What was written between a prefix's last word and its '*' stays in the prefix: "30,*" is
// the words starting with "30," ("30,000"), not with "30"; leading punctuation is not kept.
TEST(TextQuery, PrefixesKeepTheCharactersBeforeTheStar) {
  auto unit = [](const char* text) { return parseTextQuery(text).clauses.back().alternatives[0].units.back(); };
  EXPECT_EQ(unit("30,*").word, "30,");
  EXPECT_TRUE(unit("30,*").prefix);
  EXPECT_EQ(unit("(Camp*").word, "camp");
  EXPECT_EQ(unit("army of 30,*").word, "30,");
  EXPECT_EQ(unit("\"army of 30,*\"").word, "30,");
  EXPECT_EQ(unit("\xc3\x89T\xc3\x89*").word, "\xc3\xa9t\xc3\xa9");
  EXPECT_EQ(unit("camp*").word, "camp");
}

TEST(TextQuery, ErrorsNameTheColumn) {
  auto message = [](const char* text) {
    try {
      parseTextQuery(text);
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kQuery);
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("camp \"open").find("column 6"), std::string::npos);
  EXPECT_NE(message("OR camp").find("OR needs"), std::string::npos);
  EXPECT_NE(message("camp OR").find("OR needs"), std::string::npos);
  EXPECT_NE(message("-camp").find("nothing to search"), std::string::npos);
  EXPECT_NE(message("  ").find("nothing to search"), std::string::npos);
}

TEST(TextLayout, PostingsRoundTrip) {
  std::string key = postingKey("camp", "en", 0x0300000000000042ULL);
  std::string_view word, stemmer;
  TermId id = 0;
  ASSERT_TRUE(parsePostingKey(key, &word, &stemmer, &id));
  EXPECT_EQ(word, "camp");
  EXPECT_EQ(stemmer, "en");
  EXPECT_EQ(id, 0x0300000000000042ULL);
  Posting p;
  ASSERT_TRUE(decodePosting(encodePosting(40, {0, 7, 300, 301}), &p));
  EXPECT_EQ(p.length, 40u);
  EXPECT_EQ(p.positions, (std::vector<uint32_t>{0, 7, 300, 301}));
  EXPECT_FALSE(decodePosting("\x05\x09\x01", &p));
  // One word's keys sort before a longer word's: a word is one key range.
  EXPECT_LT(postingKey("camp", "en", ~0ULL), postingKey("camps", "", 0));
  TextConfig config{true, {"http://a", "http://b"}};
  EXPECT_EQ(TextConfig::decode(config.encode()), config);
}

class CollectSink final : public WriteSink {
 public:
  void put(const rocksdb::Slice& k, const rocksdb::Slice& v) override { entries.emplace_back(k.ToString(), v.ToString()); }
  void del(const rocksdb::Slice& k) override { entries.emplace_back(k.ToString(), "<deleted>"); }
  std::vector<std::pair<std::string, std::string>> entries;
};

TEST(SortedRuns, SpillsAndMergesInKeyOrderLastWriteWins) {
  TempDir dir;
  SortedRuns runs(dir.path(), 4096);  // tiny budget: many runs
  std::map<std::string, std::string> expected;
  for (int i = 0; i < 3000; ++i) {
    std::string key = "k" + std::to_string((i * 7919) % 1000);
    std::string value = "v" + std::to_string(i);
    if (i % 5 == 0) {
      runs.del(key);
      expected[key] = "<deleted>";
    } else {
      runs.put(key, value);
      expected[key] = value;
    }
  }
  EXPECT_GT(runs.spilledRuns(), 3u);
  CollectSink sink;
  runs.drainTo(sink);
  std::vector<std::pair<std::string, std::string>> want(expected.begin(), expected.end());
  EXPECT_EQ(sink.entries, want);
}

// ------------------------------------------------------------------ the index through commits
class TextIndexTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = openStore(dir_.path()); }

  TermId add(const Term& s, const Term& p, const Term& o, Transaction& tx) {
    TermId id = tx.intern(o);
    tx.insert(QuadIds{{tx.intern(s), tx.intern(p), id, kDefaultGraph}});
    return id;
  }

  std::set<TermId> search(const std::string& text) {
    auto view = store_->readView();
    std::set<TermId> out;
    for (const auto& hit : searchText(*view->textSource(), parseTextQuery(text))) out.insert(hit.literal);
    return out;
  }

  // Every key of the text column family, for before/after comparisons.
  std::map<std::string, std::string> dumpIndex() {
    auto view = store_->readView();
    std::map<std::string, std::string> out;
    view->textSource()->scan(std::string(1, '\0'), std::string(1, '\x7f'), [&](std::string_view k, std::string_view v) {
      out.emplace(k, v);
      return true;
    });
    return out;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(TextIndexTest, WordsPhrasesPrefixesAndExclusions) {
  TermId a, b, c, d;
  {
    Transaction tx(*store_);
    a = add(iri("s1"), iri("text"), Term::literal("Witnesses described detention camps in the north."), tx);
    b = add(iri("s2"), iri("text"), Term::literal("The camp was a detention centre, not a prison."), tx);
    c = add(iri("s3"), iri("text"), Term::literal("Die Lager wurden geschlossen", {}, "de"), tx);
    d = add(iri("s4"), iri("text"), Term::literal("Camping season opens"), tx);
    add(iri("s5"), iri("count"), Term::literal("7", std::string(vocab::kXsdInteger)), tx);
    tx.commit();
  }
  EXPECT_EQ(search("camp"), (std::set<TermId>{a, b, d}));  // camps, camp, camping: one stem
  EXPECT_EQ(search("\"detention camps\""), (std::set<TermId>{a}));
  EXPECT_EQ(search("detention -prison"), (std::set<TermId>{a}));
  EXPECT_EQ(search("camp*"), (std::set<TermId>{a, b, d}));
  EXPECT_EQ(search("prison OR lager"), (std::set<TermId>{b, c}));
  EXPECT_EQ(search("nothing"), (std::set<TermId>{}));
  auto totals = readTotals(*store_->readView()->textSource());
  EXPECT_EQ(totals.literals, 4u);
}

TEST_F(TextIndexTest, ScoresRankShortAndRareMatchesFirst) {
  TermId shortOne, longOne;
  {
    Transaction tx(*store_);
    shortOne = add(iri("a"), iri("t"), Term::literal("forced labour camps"), tx);
    longOne = add(iri("b"), iri("t"), Term::literal("reports of forced labour in many places across the whole region and beyond"), tx);
    add(iri("c"), iri("t"), Term::literal("labour market statistics"), tx);
    tx.commit();
  }
  auto view = store_->readView();
  auto hits = topHits(searchText(*view->textSource(), parseTextQuery("forced labour")), 10);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].literal, shortOne);
  EXPECT_EQ(hits[1].literal, longOne);
  EXPECT_GT(hits[0].score, hits[1].score);
  EXPECT_EQ(topHits(hits, 1).size(), 1u);
}

TEST_F(TextIndexTest, RemovingTheLastQuadRemovesThePostings) {
  TermId literal;
  std::map<std::string, std::string> empty = dumpIndex();
  QuadIds first, second;
  {
    Transaction tx(*store_);
    literal = add(iri("s1"), iri("text"), Term::literal("shared sentence about camps"), tx);
    add(iri("s2"), iri("text"), Term::literal("shared sentence about camps"), tx);
    first = QuadIds{{*tx.lookup(iri("s1")), *tx.lookup(iri("text")), literal, kDefaultGraph}};
    second = QuadIds{{*tx.lookup(iri("s2")), *tx.lookup(iri("text")), literal, kDefaultGraph}};
    tx.commit();
  }
  EXPECT_EQ(search("camps"), (std::set<TermId>{literal}));
  {
    Transaction tx(*store_);
    tx.erase(first);
    tx.commit();
  }
  EXPECT_EQ(search("camps"), (std::set<TermId>{literal}));  // still the object of a quad
  {
    Transaction tx(*store_);
    tx.erase(second);
    tx.commit();
  }
  EXPECT_TRUE(search("camps").empty());
  // Postings, word counts and totals all back to an empty index.
  auto after = dumpIndex();
  after.erase(kLiteralCountKey);
  after.erase(kWordCountKey);
  empty.erase(kLiteralCountKey);
  empty.erase(kWordCountKey);
  EXPECT_EQ(after, empty);
  EXPECT_EQ(readTotals(*store_->readView()->textSource()).literals, 0u);
}

TEST_F(TextIndexTest, RolledBackTransactionLeavesTheIndexAlone) {
  {
    Transaction tx(*store_);
    add(iri("s1"), iri("text"), Term::literal("kept words"), tx);
    tx.commit();
  }
  auto before = dumpIndex();
  {
    Transaction tx(*store_);
    add(iri("s2"), iri("text"), Term::literal("discarded words"), tx);
    tx.rollback();
  }
  EXPECT_EQ(dumpIndex(), before);
  EXPECT_TRUE(search("discarded").empty());
}

TEST_F(TextIndexTest, BulkCommitsGoThroughSstFilesAndMatchSmallCommits) {
  store_->setSstThreshold(10);  // every commit below is a bulk ingestion
  std::vector<std::string> sentences;
  for (int i = 0; i < 300; ++i) {
    sentences.push_back("sentence " + std::to_string(i) + (i % 3 == 0 ? " about detention camps" : " about markets") +
                        (i % 7 == 0 ? " and forced labour" : ""));
  }
  std::map<std::string, TermId> ids;
  {
    Transaction tx(*store_);
    for (size_t i = 0; i < sentences.size(); ++i) {
      ids[sentences[i]] = add(iri("s" + std::to_string(i)), iri("text"), Term::literal(sentences[i]), tx);
    }
    tx.commit();
  }
  for (const char* q : {"camps", "\"forced labour\"", "market*", "detention -forced"}) {
    TextQuery parsed = parseTextQuery(q);
    std::set<TermId> expected;
    for (const auto& s : sentences) {
      bool ok = true;
      for (const auto& clause : parsed.clauses) {
        const auto& alt = clause.alternatives[0];
        std::vector<std::string> words;
        for (const auto& u : alt.units) words.push_back(u.word);
        bool m = referenceMatches(Term::literal(s), words, alt.units[0].prefix);
        if (m == clause.excluded) ok = false;
      }
      if (ok) expected.insert(ids[s]);
    }
    EXPECT_EQ(search(q), expected) << q;
  }
}

TEST_F(TextIndexTest, StreamedLoadsIndexEachDistinctLiteralOnce) {
  // A memory budget this small makes the loads below stream through run files, with new terms
  // written to the dictionary ahead of the commit.
  auto load = [&](int from, int to, const std::string& prefix) {
    Transaction tx(*store_);
    tx.setMemoryBudget(64 << 10);
    TermId p = tx.intern(iri("text"));
    for (int i = from; i < to; ++i) {
      std::string text = prefix + " sentence " + std::to_string(i % 500) + (i % 3 ? " about camps" : " on markets");
      tx.insertBulk(QuadIds{{tx.intern(iri("s" + std::to_string(i))), p, tx.intern(Term::literal(text)), kDefaultGraph}});
      // Some literals twice, in another graph.
      if (i % 10 == 0) {
        tx.insertBulk(QuadIds{{tx.intern(iri("t" + std::to_string(i))), p, tx.intern(Term::literal(text)),
                               tx.intern(iri("g"))}});
      }
    }
    tx.commit();
  };
  load(0, 4000, "first");
  auto totals = readTotals(*store_->readView()->textSource());
  EXPECT_EQ(totals.literals, 1000u);  // 500 numbers x (camps, markets): 1,000 distinct texts
  std::set<TermId> camps = search("camps");
  EXPECT_FALSE(camps.empty());
  // Again with the same texts (known literals: probed, not indexed twice) and new ones.
  load(4000, 8000, "first");
  load(8000, 12000, "second");
  totals = readTotals(*store_->readView()->textSource());
  EXPECT_EQ(totals.literals, 2000u);
  EXPECT_EQ(search("first camps"), camps);
  EXPECT_EQ(search("second").size(), 1000u);
}

TEST_F(TextIndexTest, ConfigurationSelectsPredicatesAndRebuilds) {
  TermId said, note;
  {
    Transaction tx(*store_);
    said = add(iri("a"), iri("said"), Term::literal("camps were closed"), tx);
    note = add(iri("b"), iri("note"), Term::literal("camps were opened"), tx);
    tx.commit();
  }
  EXPECT_EQ(search("camps"), (std::set<TermId>{said, note}));
  {
    auto lock = store_->lockWriter();
    EXPECT_EQ(store_->rebuildTextIndex(TextConfig{true, {"http://example.org/said"}}), 1u);
  }
  EXPECT_EQ(search("camps"), (std::set<TermId>{said}));
  {
    Transaction tx(*store_);
    add(iri("c"), iri("note"), Term::literal("more camps"), tx);
    TermId later = add(iri("d"), iri("said"), Term::literal("camps again"), tx);
    tx.commit();
    EXPECT_EQ(search("camps"), (std::set<TermId>{said, later}));
  }
  {
    auto lock = store_->lockWriter();
    store_->rebuildTextIndex(TextConfig{false, {}});
  }
  EXPECT_TRUE(search("camps").empty());
  // The configuration survives reopening.
  store_.reset();
  store_ = openStore(dir_.path());
  EXPECT_FALSE(store_->textConfig().enabled);
}

TEST_F(TextIndexTest, LabelsByPrefixRankWholeLabelMatchesFirst) {
  Term label = Term::iri(std::string(vocab::kRdfs) + "label");
  Term alias = Term::iri(std::string(vocab::kKg) + "alias");
  TermId bachelet, bache, other;
  {
    Transaction tx(*store_);
    bachelet = tx.intern(iri("bachelet"));
    bache = tx.intern(iri("bache"));
    other = tx.intern(iri("other"));
    add(iri("bachelet"), label, Term::literal("Michelle Bachelet", {}, "en"), tx);
    add(iri("bachelet"), alias, Term::literal("Bachelet"), tx);
    add(iri("bache"), label, Term::literal("Bache Island"), tx);
    add(iri("other"), label, Term::literal("Nobody"), tx);
    tx.commit();
  }
  auto view = store_->readView();
  auto found = lookupLabels(*view->textSource(), "bache", 10);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].entity, bachelet);  // "Bachelet": one word, whole label
  EXPECT_EQ(found[1].entity, bache);
  EXPECT_EQ(lookupLabels(*view->textSource(), "Michelle B", 10).size(), 1u);
  EXPECT_TRUE(lookupLabels(*view->textSource(), "zzz", 10).empty());
  (void)other;
}

}  // namespace
}  // namespace kg::storage::text
