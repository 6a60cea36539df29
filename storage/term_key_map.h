// A map from dictionary keys to term ids for the terms a transaction has seen, built for
// loads of millions of terms: open addressing over a flat slot array (one cache line per
// probe, a hash tag in the slot skips most key comparisons) and key bytes packed in an arena,
// instead of a node and a heap string per term. About key length + 40 bytes per term.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "storage/term_id.h"

namespace kg::storage {

class TermKeyMap {
 public:
  std::optional<TermId> find(std::string_view key) const;
  // Adds a key that is not in the map.
  void insert(std::string_view key, TermId id);
  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  // Bytes held, for memory budgets.
  size_t memoryBytes() const;
  void clear();

 private:
  struct Entry {
    const char* key;
    uint32_t length;
    TermId id;
  };
  static uint64_t hashOf(std::string_view key);
  const char* store(std::string_view key);
  void grow();
  // Slot: 0 = empty, else (high 32 bits of the hash) << 32 | (entry index + 1).
  std::vector<uint64_t> slots_;
  std::vector<Entry> entries_;
  std::vector<std::unique_ptr<char[]>> chunks_;
  size_t chunkUsed_ = 0, chunkSize_ = 0, arenaBytes_ = 0;
};

}  // namespace kg::storage
