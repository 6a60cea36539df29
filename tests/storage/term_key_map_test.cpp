#include "storage/term_key_map.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>

namespace kg::storage {
namespace {

TEST(TermKeyMapTest, FindsWhatWasInsertedAndNothingElse) {
  TermKeyMap map;
  EXPECT_FALSE(map.find("a"));
  map.insert("a", 1);
  map.insert("ab", 2);
  map.insert(std::string("a\0b", 3), 3);  // keys are bytes, NUL included
  EXPECT_EQ(map.find("a"), std::optional<TermId>(1));
  EXPECT_EQ(map.find("ab"), std::optional<TermId>(2));
  EXPECT_EQ(map.find(std::string("a\0b", 3)), std::optional<TermId>(3));
  EXPECT_FALSE(map.find("b"));
  EXPECT_FALSE(map.find(""));
  EXPECT_EQ(map.size(), 3u);
}

TEST(TermKeyMapTest, AgreesWithStdMapThroughGrowthAndLongKeys) {
  TermKeyMap map;
  std::map<std::string, TermId> reference;
  std::mt19937_64 random(7);
  for (TermId id = 1; id <= 200000; ++id) {
    std::string key = "http://example.org/" + std::to_string(random() % 1000000);
    if (id % 5000 == 0) key.append(400000, 'x');  // longer than an arena chunk's share
    if (reference.count(key)) continue;
    reference[key] = id;
    map.insert(key, id);
  }
  EXPECT_EQ(map.size(), reference.size());
  for (const auto& [key, id] : reference) ASSERT_EQ(map.find(key), std::optional<TermId>(id)) << key.substr(0, 40);
  for (int i = 0; i < 1000; ++i) EXPECT_FALSE(map.find("urn:absent:" + std::to_string(i)));
  EXPECT_GT(map.memoryBytes(), 0u);
  map.clear();
  EXPECT_TRUE(map.empty());
  EXPECT_FALSE(map.find(reference.begin()->first));
}

}  // namespace
}  // namespace kg::storage
