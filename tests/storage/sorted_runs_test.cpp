#include "storage/sorted_runs.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <random>

namespace kg::storage {
namespace {

namespace fs = std::filesystem;

class SinkToVector final : public WriteSink {
 public:
  void put(const rocksdb::Slice& k, const rocksdb::Slice& v) override { entries.emplace_back(k.ToString(), v.ToString()); }
  void del(const rocksdb::Slice& k) override { entries.emplace_back(k.ToString(), "<deleted>"); }
  std::vector<std::pair<std::string, std::string>> entries;
};

// Keys that stress the comparison: short ones that differ only by trailing zero bytes, long
// ones sharing their first eight bytes, and bytes above 0x7f.
std::string randomKey(std::mt19937& rng) {
  static const std::string alphabet("\0\x01" "ab\x7f\x80\xff", 7);
  std::uniform_int_distribution<int> length(0, 14), pick(0, static_cast<int>(alphabet.size()) - 1);
  std::string key = rng() % 3 == 0 ? std::string("posting:") : std::string();
  for (int n = length(rng); n > 0; --n) key.push_back(alphabet[pick(rng)]);
  return key;
}

// Against an ordered map, with every budget from "never spills" to "a run every few entries":
// key order is byte order, and of equal keys the last put or delete wins.
TEST(SortedRunsTest, MatchesAnOrderedMapWhateverTheBudget) {
  fs::path dir = fs::temp_directory_path() / ("kg-sorted-runs-" + std::to_string(::getpid()));
  for (size_t budget : {size_t{1} << 30, size_t{1} << 16, size_t{600}}) {
    std::mt19937 rng(static_cast<unsigned>(budget));
    std::map<std::string, std::string> model;
    SinkToVector sink;
    {
      SortedRuns runs(dir.string(), budget);
      for (int i = 0; i < 20000; ++i) {
        std::string key = randomKey(rng);
        if (rng() % 4 == 0) {
          runs.del(key);
          model[key] = "<deleted>";
        } else {
          std::string value = "v" + std::to_string(i);
          runs.put(key, value);
          model[key] = value;
        }
      }
      if (budget < (size_t{1} << 20)) {
        EXPECT_GT(runs.spilledRuns(), 1u) << budget;
      } else {
        EXPECT_EQ(runs.spilledRuns(), 0u);
      }
      runs.drainTo(sink);
    }
    std::vector<std::pair<std::string, std::string>> want(model.begin(), model.end());
    EXPECT_EQ(sink.entries, want) << "budget " << budget;
    // The run files are gone with the object.
    EXPECT_TRUE(!fs::exists(dir) || fs::is_empty(dir));
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kg::storage
