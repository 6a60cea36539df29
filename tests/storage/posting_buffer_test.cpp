#include "storage/text/posting_buffer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <random>

#include "storage/text/text_layout.h"

namespace kg::storage::text {
namespace {

namespace fs = std::filesystem;

class SinkToVector final : public WriteSink {
 public:
  void put(const rocksdb::Slice& k, const rocksdb::Slice& v) override { entries.emplace_back(k.ToString(), v.ToString()); }
  void del(const rocksdb::Slice& k) override { entries.emplace_back(k.ToString(), "<deleted>"); }
  std::vector<std::pair<std::string, std::string>> entries;
};

// Postings of random (stemmer, word, literal) triples, in random literal order, mixed with
// other keys (counters, labels, deletions of postings) in the writer's SortedRuns: against
// an ordered map, at budgets from "all in memory" to "a run every few entries" on either
// side. Words share long prefixes and one is a prefix of another, so key order is tested
// where it is subtle; of equal keys the posting wins.
TEST(PostingBufferTest, MatchesAnOrderedMapWhateverTheBudgets) {
  fs::path dir = fs::temp_directory_path() / ("kg-posting-buffer-" + std::to_string(::getpid()));
  const std::vector<std::string> words = {"a", "ab", "abc", "abcdefgh", "abcdefghij", "abcdefghik", "b", "\xc3\xa9t\xc3\xa9", "z"};
  const std::vector<std::string> stemmers = {"", "en", "english", "fr"};
  for (size_t postingBudget : {size_t{1} << 30, size_t{700}}) {
    for (size_t otherBudget : {size_t{1} << 30, size_t{500}}) {
      std::mt19937 rng(static_cast<unsigned>(postingBudget + otherBudget));
      std::map<std::string, std::string> model;
      SinkToVector sink;
      {
        SortedRuns others(dir.string(), otherBudget);
        PostingBuffer postings(postingBudget);
        // Deletions first, as a rebuild erases the old keys before writing postings again.
        for (int i = 0; i < 300; ++i) {
          std::string key = postingKey(words[rng() % words.size()], stemmers[rng() % stemmers.size()], rng() % 50);
          others.del(key);
          model[key] = "<deleted>";
        }
        for (int i = 0; i < 3000; ++i) {
          int kind = static_cast<int>(rng() % 4);
          if (kind == 0) {
            std::string key = frequencyKey(words[rng() % words.size()]);
            std::string value = "count" + std::to_string(i);
            others.put(key, value);
            model[key] = value;
          } else {
            const std::string& word = words[rng() % words.size()];
            const std::string& stemmer = stemmers[rng() % stemmers.size()];
            TermId literal = rng() % 200 + (rng() % 2 ? 0 : (TermId{1} << 40));
            bool isNew = false;
            uint32_t group = postings.group(stemmer, word, &isNew);
            EXPECT_EQ(postings.wordOf(group), word);
            EXPECT_EQ(postings.stemmerOf(group), stemmer);
            std::string value = "p" + std::to_string(i);
            postings.add(group, literal, value, others);
            model[postingKey(word, stemmer, literal)] = value;
          }
        }
        postings.drainMerged(others, sink);
      }
      std::vector<std::pair<std::string, std::string>> want(model.begin(), model.end());
      EXPECT_EQ(sink.entries, want) << "budgets " << postingBudget << " " << otherBudget;
      EXPECT_TRUE(!fs::exists(dir) || fs::is_empty(dir));
    }
  }
  fs::remove_all(dir);
}

TEST(PostingBufferTest, GroupsAreNumberedOnce) {
  PostingBuffer postings(1 << 20);
  bool isNew = false;
  uint32_t a = postings.group("en", "camp", &isNew);
  EXPECT_TRUE(isNew);
  EXPECT_EQ(postings.group("en", "camp", &isNew), a);
  EXPECT_FALSE(isNew);
  EXPECT_NE(postings.group("", "camp"), a);
  EXPECT_NE(postings.group("en", "camps"), a);
  EXPECT_EQ(postings.groups(), 3u);
}

}  // namespace
}  // namespace kg::storage::text
