// Queries within a memory budget (QueryOptions::memoryLimit): sorts, groups, DISTINCT and
// hash joins that spill to disk give the rows of the in-memory run; what cannot spill fails
// with ErrorCode::kLimit naming the budget; spill files never outlive the query; the row cap.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <sstream>

#include "kg/database.h"
#include "kg/error.h"

namespace fs = std::filesystem;

namespace {

const std::string kEx = "http://example.org/";
const std::string kPrefix = "PREFIX : <http://example.org/> ";

TEST(ParseByteSize, Units) {
  EXPECT_EQ(kg::parseByteSize("0"), 0u);
  EXPECT_EQ(kg::parseByteSize("4096"), 4096u);
  EXPECT_EQ(kg::parseByteSize("512k"), 512u << 10);
  EXPECT_EQ(kg::parseByteSize("256M"), 256u << 20);
  EXPECT_EQ(kg::parseByteSize("256MB"), 256u << 20);
  EXPECT_EQ(kg::parseByteSize("2G"), uint64_t{2} << 30);
  EXPECT_EQ(kg::parseByteSize("2GiB"), uint64_t{2} << 30);
  EXPECT_EQ(kg::parseByteSize("1T"), uint64_t{1} << 40);
  EXPECT_FALSE(kg::parseByteSize(""));
  EXPECT_FALSE(kg::parseByteSize("M"));
  EXPECT_FALSE(kg::parseByteSize("12X"));
  EXPECT_FALSE(kg::parseByteSize("-5M"));
  EXPECT_FALSE(kg::parseByteSize("99999999999999999999"));
  EXPECT_FALSE(kg::parseByteSize("99999999999G"));
}

class MemoryLimit : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "kg-memory-test-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    fs::create_directory(dir_ + "/spill");
    db_ = kg::Database::open(dir_ + "/db");
    // 2,000 subjects; :v is a number from a small range (many ties), a string or missing.
    std::mt19937 rng(7);
    std::ostringstream nt;
    for (int i = 0; i < 2000; ++i) {
      std::string s = "<" + kEx + "s" + std::to_string(i) + ">";
      nt << s << " <" << kEx << "k> \"" << i % 13 << "\" .\n";
      int kind = static_cast<int>(rng() % 10);
      if (kind < 7) {
        nt << s << " <" << kEx << "v> \"" << rng() % 300 << "\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n";
      } else if (kind < 9) {
        nt << s << " <" << kEx << "v> \"w" << rng() % 50 << "\" .\n";
      }
    }
    kg::LoadOptions o;
    o.format = "nt";
    db_->loadString(nt.str(), o);
  }
  void TearDown() override {
    db_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  kg::QueryOptions options(uint64_t memoryLimit) const {
    kg::QueryOptions o;
    o.memoryLimit = memoryLimit;
    o.spillDirectory = dir_ + "/spill";
    return o;
  }

  std::vector<std::string> rows(const std::string& query, uint64_t memoryLimit) {
    std::vector<std::string> out;
    auto result = db_->query(kPrefix + query, options(memoryLimit));
    kg::Solution s;
    while (result.next(s)) {
      std::string line;
      for (const auto& cell : s) line += (cell ? cell->toNTriples() : "UNDEF") + " ";
      out.push_back(line);
    }
    EXPECT_TRUE(fs::is_empty(dir_ + "/spill")) << "a spill file outlived its query";
    return out;
  }

  std::string dir_;
  std::unique_ptr<kg::Database> db_;
};

// Runs of a few rows each: hundreds of runs, merged in more than one pass.
TEST_F(MemoryLimit, SpilledSortEqualsInMemorySort) {
  const std::string q = "SELECT ?s ?v WHERE { ?s :k ?k OPTIONAL { ?s :v ?v } } ORDER BY DESC(?v) ?k";
  auto full = rows(q, 0);
  ASSERT_EQ(full.size(), 2000u);
  EXPECT_EQ(rows(q, 1024), full);
  EXPECT_EQ(rows(q, 64 * 1024), full);
  // ORDER BY with LIMIT / OFFSET: a slice of the full sort, with the heap or with runs.
  for (uint64_t budget : {uint64_t{0}, uint64_t{1024}, uint64_t{16 * 1024}}) {
    for (auto [limit, offset] : {std::pair{1, 0}, {10, 0}, {25, 990}, {100, 1950}, {5, 1998}}) {
      auto part = rows(q + " LIMIT " + std::to_string(limit) + " OFFSET " + std::to_string(offset), budget);
      std::vector<std::string> want(full.begin() + offset,
                                    full.begin() + std::min<size_t>(full.size(), offset + limit));
      EXPECT_EQ(part, want) << "LIMIT " << limit << " OFFSET " << offset << " budget " << budget;
    }
  }
}

TEST_F(MemoryLimit, SpilledDistinctKeepsOrderAndRows) {
  const std::string q = "SELECT DISTINCT ?k ?v WHERE { ?s :k ?k ; :v ?v } ORDER BY ?v DESC(?k)";
  auto full = rows(q, 0);
  EXPECT_EQ(rows(q, 2048), full);
  const std::string unordered = "SELECT DISTINCT ?v WHERE { ?s :v ?v }";
  EXPECT_EQ(rows(unordered, 1024), rows(unordered, 0));
}

TEST_F(MemoryLimit, SpilledGroupEqualsInMemoryGroup) {
  const std::string q =
      "SELECT ?k ?v (COUNT(*) AS ?n) (MIN(?s) AS ?first) WHERE { ?s :k ?k ; :v ?v } GROUP BY ?k ?v";
  auto full = rows(q, 0);
  auto spilled = rows(q, 4096);
  std::sort(full.begin(), full.end());
  std::sort(spilled.begin(), spilled.end());
  EXPECT_EQ(spilled, full);
}

TEST_F(MemoryLimit, WhatCannotSpillFailsNamingTheBudget) {
  // Every row makes a new string: computed terms live until the query ends.
  try {
    rows("SELECT ?x WHERE { ?s :k ?k BIND(CONCAT(STR(?s), \"-x\") AS ?x) }", 8192);
    FAIL() << "no error";
  } catch (const kg::Error& e) {
    EXPECT_EQ(e.code(), kg::ErrorCode::kLimit);
    EXPECT_NE(std::string(e.what()).find("query exceeded its memory budget (8192 bytes)"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("--memory-limit"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(fs::is_empty(dir_ + "/spill"));
  EXPECT_EQ(rows("SELECT ?x WHERE { ?s :k ?k BIND(CONCAT(STR(?s), \"-x\") AS ?x) }", 0).size(), 2000u);
}

TEST_F(MemoryLimit, SpillFilesAreGoneWhileTheQueryStillRuns) {
  auto result = db_->query(kPrefix + "SELECT ?s ?v WHERE { ?s :v ?v } ORDER BY ?v ?s", options(1024));
  kg::Solution s;
  ASSERT_TRUE(result.next(s));  // the runs are written and being merged
  EXPECT_TRUE(fs::is_empty(dir_ + "/spill"));
}

TEST_F(MemoryLimit, RowCap) {
  kg::QueryOptions o;
  o.maxRows = 5;
  auto result = db_->query(kPrefix + "SELECT ?s WHERE { ?s :k ?k }", o);
  kg::Solution s;
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(result.next(s));
  try {
    result.next(s);
    FAIL() << "no error past the row cap";
  } catch (const kg::Error& e) {
    EXPECT_EQ(e.code(), kg::ErrorCode::kLimit);
    EXPECT_NE(std::string(e.what()).find("more than 5 rows"), std::string::npos) << e.what();
  }
  o.maxRows = 2000;
  auto all = db_->query(kPrefix + "SELECT ?s WHERE { ?s :k ?k }", o);
  uint64_t n = 0;
  while (all.next(s)) ++n;
  EXPECT_EQ(n, 2000u);
}

}  // namespace
