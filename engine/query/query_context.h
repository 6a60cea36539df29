// Per-query state: the data being read, terms computed during the query, cancellation and
// deadline, and the function context (NOW, RAND, BNODE).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "expr/functions.h"
#include "kg/query.h"
#include "kg/term.h"
#include "query/memory_budget.h"
#include "storage/store.h"

namespace kg::query {

using storage::TermId;
// A solution during execution: one id per variable slot, 0 = unbound.
using Row = std::vector<TermId>;
inline constexpr TermId kUnbound = 0;

// Terms computed during a query that the store does not know get ids with this tag.
inline constexpr uint8_t kTempTag = 0x7e;

class QueryContext {
 public:
  QueryContext(const storage::QuadReader& reader, const std::string& baseIri,
               std::chrono::milliseconds timeout, std::shared_ptr<CancelToken> cancel);

  const storage::QuadReader& reader() const { return reader_; }
  expr::FunctionContext& functions() { return functions_; }

  // The term of an id (store or temporary).
  Term decode(TermId id);
  // The terms of many ids (same positions), store terms read in one batch.
  void decodeMany(const std::vector<TermId>& ids, std::vector<Term>& out);
  // The id of a term: the store's when it knows the term, else a temporary one.
  TermId encode(const Term& term);
  // The store's id, if the store knows the term (temporaries excluded).
  std::optional<TermId> storeId(const Term& term) const { return reader_.lookup(term); }

  // Throws Error(kCancelled / kTimeout) when the query must stop. Cheap: call it often.
  void checkInterrupt() {
    if ((++ticks_ & 0x3ff) == 0) checkNow();
  }
  void checkNow();

  // The query's memory budget (QueryOptions::memoryLimit) and where spill files go.
  MemoryBudget& memory() { return memory_; }
  void setMemoryLimit(uint64_t bytes) { memory_ = MemoryBudget(bytes); }
  const std::string& spillDirectory() const { return spillDirectory_; }
  void setSpillDirectory(std::string directory) { spillDirectory_ = std::move(directory); }

 private:
  const storage::QuadReader& reader_;
  expr::FunctionContext functions_;
  std::vector<Term> temps_;
  std::unordered_map<Term, TermId, TermHash> tempIds_;
  std::optional<std::chrono::steady_clock::time_point> deadline_;
  std::chrono::milliseconds timeout_{0};
  std::shared_ptr<CancelToken> cancel_;
  uint64_t ticks_ = 0;
  MemoryBudget memory_{QueryOptions::kDefaultQueryMemoryLimit};
  std::string spillDirectory_;
};

}  // namespace kg::query
