// A write transaction: buffers new terms and quad changes, lets the caller read its own
// writes, and applies everything atomically on commit. Holds the store's writer lock for its
// whole life, so there is one transaction at a time per store; readers are never blocked.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/row_sorter.h"
#include "storage/term_key_map.h"
#include "storage/store.h"

namespace kg::storage {

class Transaction final : public QuadReader {
 public:
  explicit Transaction(Store& store);
  ~Transaction() override;  // rolls back if not committed

  // The id of a term, allocating one (pending until commit) when the store lacks it.
  TermId intern(const Term& term);

  // Adds / removes one quad (no-ops when already present / absent).
  void insert(const QuadIds& quad);
  void erase(const QuadIds& quad);
  // Adds many quads cheaply: no per-quad existence check until commit or the next read.
  // Within the memory budget: past it, quads are sorted into run files and new terms are
  // written to the dictionary ahead of the commit (see Store::writeUncommittedTerms).
  void insertBulk(const QuadIds& quad);
  size_t bulkSize() const;
  // Bytes this transaction may hold for bulk additions and new terms (default 1 GiB).
  void setMemoryBudget(size_t bytes) { memoryBudget_ = bytes; }

  // Records a prefix a loaded file declared; committed with the transaction. The store keeps
  // the first IRI given to a name.
  void declarePrefix(const std::string& name, const std::string& iri);

  // A fresh load number, used to scope blank node labels per load.
  uint64_t newLoadNumber() { return nextLoadNumber_++; }

  // QuadReader: the store as it would be after commit.
  std::optional<TermId> lookup(const Term& term) const override;
  Term decode(TermId id) const override;
  std::unique_ptr<QuadStream> open(const QuadIds& pattern, IndexOrder order) const override;
  bool contains(const QuadIds& quad) const override;
  const Statistics& statistics() const override { return base_->statistics(); }
  std::vector<TermId> namedGraphs() const override;
  const text::TextSource* textSource() const override { return base_->textSource(); }

  // Number of pending added / removed quads (after folding bulk inserts).
  size_t pendingAdded() const;
  size_t pendingRemoved() const;

  ApplyResult commit();
  void rollback();
  bool active() const { return active_; }

  // Marks the current state; rollbackTo undoes changes made since (for one failed statement
  // inside a longer transaction).
  struct Savepoint {
    std::set<QuadIds> added, removed;
    std::map<std::string, std::string> prefixes;
  };
  Savepoint savepoint() const;
  void rollbackTo(const Savepoint& point);

 private:
  void foldBulk() const;
  void requireActive() const;
  void spillTerms();
  void discardSpilledTerms();
  Term decodeNew(TermId id) const;

  Store& store_;
  std::unique_lock<std::mutex> lock_;
  std::shared_ptr<ReadView> base_;
  bool active_ = true;
  uint64_t nextSequence_;
  uint64_t nextLoadNumber_;
  TermKeyMap idsByKey_;  // new terms and base lookups
  // New terms not yet spilled, in id order: the one with sequence number n is at
  // n - firstUnspilled_.
  std::vector<std::pair<TermId, std::string>> newTerms_;
  uint64_t firstUnspilled_;
  size_t termBytes_ = 0;        // approximate memory of the two above
  bool spilledTerms_ = false;   // some new terms are in the store already (uncommitted)
  size_t memoryBudget_ = size_t{1} << 30;
  mutable std::unique_ptr<RowSorter> bulk_;  // GSPO rows
  mutable std::set<QuadIds> added_;    // not in base
  mutable std::set<QuadIds> removed_;  // in base
  std::map<std::string, std::string> prefixes_;  // declared, new to the store
  std::map<std::string, std::string> storedPrefixes_;  // the store's, read on first use
  bool storedPrefixesRead_ = false;
};

}  // namespace kg::storage
