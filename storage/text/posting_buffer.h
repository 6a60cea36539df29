// Internal to storage/: the postings of one commit, gathered literal by literal and handed out
// in key order ('w' word 0x00 stemmer 0x00 literal). Sorting every posting key as a string
// costs a string comparison per step, and within one word every comparison reaches the
// literal id at the end of the key. Here each (word, stemmer) pair is a group with a number;
// the distinct groups are sorted once, and the postings by (group rank, literal) with integer
// comparisons. Past the memory budget the sorted postings go to a run of the writer's
// SortedRuns, which merges them with its other keys at the end.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "storage/sorted_runs.h"
#include "storage/term_key_map.h"
#include "storage/term_id.h"

namespace kg::storage::text {

class PostingBuffer {
 public:
  explicit PostingBuffer(size_t memoryBudget) : budget_(memoryBudget) {}

  // The group of (stemmer, word); `isNew` tells whether this call created it.
  uint32_t group(std::string_view stemmer, std::string_view word, bool* isNew = nullptr);
  size_t groups() const { return prefixes_.size(); }
  std::string_view stemmerOf(uint32_t group) const;
  std::string_view wordOf(uint32_t group) const;

  // A posting of `literal` for the group; `overflow` takes a sorted run when the buffer is full.
  void add(uint32_t group, TermId literal, std::string_view value, SortedRuns& overflow);

  // Hands everything, with the entries of `others`, to the sink in key order. A posting and
  // an entry of `others` with the same key: the posting wins (postings are written after the
  // deletions of a rebuild, and a commit never both adds and removes one literal's postings).
  void drainMerged(SortedRuns& others, WriteSink& sink);

 private:
  struct Entry {
    uint32_t rank;  // the group until sorting, then its rank among the groups
    uint32_t valueSize;
    TermId literal;
    uint64_t valueOffset;
  };
  // Writes the buffer, sorted, as one more run of `runs` and empties it.
  void spillTo(SortedRuns& runs);
  // Sorts the entries by (group rank, literal, order of addition); ranks replace groups.
  void sortEntries();
  // The key of a sorted entry, in key_.
  std::string_view keyOf(const Entry& e);
  std::string_view valueOf(const Entry& e) const { return {values_.data() + e.valueOffset, e.valueSize}; }
  // Of equal keys only the last added is written.
  bool shadowed(size_t i) const {
    return i + 1 < entries_.size() && entries_[i + 1].rank == entries_[i].rank &&
           entries_[i + 1].literal == entries_[i].literal;
  }

  size_t budget_;
  // Per group: "stemmer \0 word" -> group; the key prefix 'w' word 0x00 stemmer 0x00.
  TermKeyMap groupIndex_;  // open addressing: one lookup per word of every literal
  std::vector<std::string> prefixes_;
  std::vector<std::string> lookups_;  // per group: "stemmer \0 word"
  std::string lookup_;  // reused
  std::vector<uint32_t> groupOfRank_;  // set by sortEntries()
  std::vector<Entry> entries_;
  std::vector<char> values_;
  std::string key_;  // reused
};

}  // namespace kg::storage::text
