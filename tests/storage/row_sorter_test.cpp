#include "storage/row_sorter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <set>

namespace kg::storage {
namespace {

namespace fs = std::filesystem;

class RowSorterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kg-row-sorter-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  static std::vector<IndexRow> drain(SortedRows& rows) {
    std::vector<IndexRow> out;
    for (const IndexRow* r = rows.peek(); r; rows.pop(), r = rows.peek()) out.push_back(*r);
    return out;
  }
  fs::path dir_;
};

TEST_F(RowSorterTest, InMemorySortsAndDropsDuplicates) {
  RowSorter sorter(dir_.string(), size_t{1} << 20);
  sorter.add({3, 1, 1, 1});
  sorter.add({1, 2, 3, 4});
  sorter.add({3, 1, 1, 1});
  EXPECT_FALSE(sorter.spilled());
  auto rows = sorter.sorted();
  EXPECT_EQ(drain(*rows), (std::vector<IndexRow>{{1, 2, 3, 4}, {3, 1, 1, 1}}));
}

// A budget far below the input: many runs on disk, written while rows keep coming, merged
// back into exactly the sorted set of distinct rows, with large ids and duplicates across runs.
TEST_F(RowSorterTest, SpilledRunsMergeIntoTheSortedDistinctRows) {
  std::mt19937_64 random(11);
  std::set<IndexRow> reference;
  {
    RowSorter sorter(dir_.string(), 64 * 1024);  // about a thousand rows per run
    for (int i = 0; i < 50000; ++i) {
      IndexRow row{random() % 50, random() % 7, (random() % 3) ? random() % 1000 : ~0ULL - random() % 5,
                   (1ULL << 56) + random() % 100};
      reference.insert(row);
      sorter.add(row);
    }
    EXPECT_TRUE(sorter.spilled());
    EXPECT_EQ(sorter.added(), 50000u);
    auto rows = sorter.sorted();
    std::vector<IndexRow> got = drain(*rows);
    EXPECT_EQ(got, std::vector<IndexRow>(reference.begin(), reference.end()));
    EXPECT_FALSE(fs::is_empty(dir_));
  }
  // The sorter removes its run files when it goes.
  EXPECT_TRUE(!fs::exists(dir_) || fs::is_empty(dir_));
}

TEST_F(RowSorterTest, ClearForgetsRowsAndFiles) {
  RowSorter sorter(dir_.string(), 64 * 1024);
  for (uint64_t i = 0; i < 10000; ++i) sorter.add({i, i, i, i});
  EXPECT_TRUE(sorter.spilled());
  sorter.clear();
  EXPECT_EQ(sorter.added(), 0u);
  EXPECT_TRUE(!fs::exists(dir_) || fs::is_empty(dir_));
  sorter.add({5, 5, 5, 5});
  auto rows = sorter.sorted();
  EXPECT_EQ(drain(*rows), (std::vector<IndexRow>{{5, 5, 5, 5}}));
}

}  // namespace
}  // namespace kg::storage
