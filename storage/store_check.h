// Verifies a store from its files up (what `kg check` runs): RocksDB's checksums of every
// file, the blocks of each index order (well formed, sorted, keyed by their last row), the
// delta against the blocks, the six index orders holding the same quads, the statistics
// against the data, and the dictionary (every id an index uses has an entry; id2term and
// term2id are inverses). Reads only; a damaged part is reported, never repaired.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kg::storage {

class Store;

struct CheckReport {
  uint64_t quads = 0;         // in the GSPO order (blocks and delta merged)
  uint64_t blocks = 0;        // index blocks read, all orders
  uint64_t terms = 0;         // dictionary entries read
  uint64_t statistics = 0;    // statistics entries compared
  std::vector<std::string> problems;  // what is wrong, one sentence each; empty = sound
  bool ok() const { return problems.empty(); }
};

// Checks the store. The caller keeps writers out while it runs (the store's writer lock, or
// a store opened read-only by this process). Never throws for damage it finds: read errors
// become problems too.
CheckReport checkStore(const Store& store);

}  // namespace kg::storage
