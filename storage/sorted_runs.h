// Internal to storage/: key/value writes gathered in any order and handed to a sink in key
// order, holding at most a memory budget: past it, the buffer is sorted and spilled to a run
// file in a scratch directory, and the runs are merged at the end (an external sort), so a
// load of any size writes its SST files in bounded memory.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "storage/block_sink.h"

namespace kg::storage {

class SortedRuns {
 public:
  // Run files go into `scratchDir` (created when the first run spills).
  SortedRuns(std::string scratchDir, size_t memoryBudget = size_t{64} << 20);
  ~SortedRuns();  // removes the run files
  SortedRuns(const SortedRuns&) = delete;
  SortedRuns& operator=(const SortedRuns&) = delete;

  void put(std::string_view key, std::string_view value) { add(key, value, false); }
  void del(std::string_view key) { add(key, {}, true); }
  // Adds a run whose puts come already in increasing key order, written to its own file without
  // a sort. It counts as added after everything added before it. `next` returns false at the end.
  using SortedSource = std::function<bool(std::string_view* key, std::string_view* value)>;
  void addSortedRun(const SortedSource& next);
  // Hands every entry to the sink in increasing key order (a key added twice: the last wins).
  void drainTo(WriteSink& sink);
  bool spilled() const { return !runs_.empty(); }
  size_t spilledRuns() const { return runs_.size(); }

 private:
  // Keys and values live back to back in one arena; an entry points into it. Sorting moves
  // these 24-byte entries only, and the first eight key bytes (big-endian) settle most
  // comparisons without touching the arena.
  struct Entry {
    uint64_t prefix;
    uint64_t offset;  // of the key in the arena; increases with the order of addition
    uint32_t keySize;
    uint32_t valueSize;  // kDeleteBit set for a deletion
  };
  static constexpr uint32_t kDeleteBit = 0x80000000u;

  void add(std::string_view key, std::string_view value, bool isDelete);
  void spill();
  // Writes one run file from entries in order; `next` gives each entry's sizes (the second
  // with the delete bit) and bytes.
  void writeRun(const std::function<bool(uint32_t sizes[2], std::string_view* key, std::string_view* value)>& next);
  void sortBuffer();
  std::string_view keyOf(const Entry& e) const { return {arena_.data() + e.offset, e.keySize}; }
  std::string_view valueOf(const Entry& e) const {
    return {arena_.data() + e.offset + e.keySize, e.valueSize & ~kDeleteBit};
  }

  std::string scratchDir_;
  size_t budget_;
  std::vector<char> arena_;
  std::vector<Entry> entries_;
  uint64_t spilledEntries_ = 0;  // entries before this buffer, for the order across runs
  std::vector<std::string> runs_;
};

}  // namespace kg::storage
