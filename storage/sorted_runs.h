// Internal to storage/: key/value writes gathered in any order and handed to a sink in key
// order, holding at most a memory budget: past it, the buffer is sorted and spilled to a run
// file in a scratch directory, and the runs are merged at the end (an external sort), so a
// load of any size writes its SST files in bounded memory.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
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

  void put(std::string key, std::string value) { add(std::move(key), std::move(value), false); }
  void del(std::string key) { add(std::move(key), {}, true); }
  // Hands every entry to the sink in increasing key order (a key added twice: the last wins).
  void drainTo(WriteSink& sink);
  size_t spilledRuns() const { return runs_.size(); }

 private:
  struct Entry {
    std::string key, value;
    bool isDelete = false;
    uint64_t order = 0;  // later additions win
  };
  void add(std::string key, std::string value, bool isDelete);
  void spill();
  void sortBuffer();

  std::string scratchDir_;
  size_t budget_;
  size_t bytes_ = 0;
  uint64_t next_ = 0;
  std::vector<Entry> buffer_;
  std::vector<std::string> runs_;
};

}  // namespace kg::storage
