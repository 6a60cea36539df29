// Transactions, read snapshots and prepared queries of a kg::Database.
//
//   kg::Transaction   groups loads and updates; commit() applies them all atomically,
//                     rollback() (or the destructor) discards them. Queries inside it see its
//                     own pending writes.
//   kg::Snapshot      a frozen, consistent view of the store: every query run on it sees the
//                     same state, whatever other threads write meanwhile.
//   kg::PreparedQuery a query parsed once and run many times with different parameter values
//                     bound to its variables by name (no string splicing).
//
// Errors: like kg::Database, every call throws kg::Error (kg/error.h), or kg::PositionedError
// for errors at a position in a query or input.
//
// Lifetime: each of these objects refers to its Database, which must outlive it, and so must
// every QueryResult obtained from them (a QueryResult from a Transaction must also not outlive
// the Transaction).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kg/database.h"
#include "kg/query.h"
#include "kg/term.h"

namespace kg {

namespace detail {
struct TransactionImpl;
struct PreparedQueryState;
}  // namespace detail

// A query parsed once, run many times. Obtained from Database::prepare().
//
// Parameters are values for the query's variables, bound before evaluation as if the variable
// had that value in every solution (like QueryOptions::parameters): a name not used in the
// query is a kUsage error. Values are Terms, so no text is ever spliced into the query.
// Current limit of the engine: the variable must occur in a graph pattern (a triple pattern,
// VALUES, BIND target...); one used only inside FILTER or an expression is reported as not
// occurring in the query.
//
// Thread-safety: immutable; one PreparedQuery may be run from several threads at once.
// Copying is cheap (the parsed query is shared).
class PreparedQuery {
 public:
  using Parameters = std::map<std::string, Term>;

  // The query form (SELECT, ASK, CONSTRUCT, DESCRIBE).
  QueryForm form() const;
  // The text it was prepared from.
  const std::string& text() const;

  // Runs the query on a fresh snapshot of the database it was prepared on. `parameters` are
  // added to (and override) options.parameters; names may be written with or without '?'.
  QueryResult run(const Parameters& parameters = {}, const QueryOptions& options = {}) const;

 private:
  friend class Database;
  friend class Snapshot;
  friend class Transaction;
  explicit PreparedQuery(std::shared_ptr<const detail::PreparedQueryState> state);
  std::shared_ptr<const detail::PreparedQueryState> state_;
};

// A consistent read-only view of the store at the moment Database::snapshot() was called.
// Writes committed later (by any thread) are not visible through it. It keeps old data
// reachable while it lives, so do not keep snapshots open for hours on a busy store.
//
// Thread-safety: a Snapshot may be queried from several threads at once; each QueryResult
// is used by one thread at a time. Copies share the same view.
class Snapshot {
 public:
  QueryResult query(std::string_view sparql, const QueryOptions& options = {}) const;
  QueryResult query(const PreparedQuery& prepared, const PreparedQuery::Parameters& parameters = {},
                    const QueryOptions& options = {}) const;
  // Statistics of the store as of the snapshot (diskBytes is the current size).
  StoreStatistics statistics() const;

 private:
  friend class Database;
  struct State;
  explicit Snapshot(std::shared_ptr<const State> state);
  std::shared_ptr<const State> state_;
};

// A write transaction. Obtained from Database::begin().
//
// Holds the database's writer lock from begin() to commit()/rollback()/destruction: while it
// is open, another thread's begin(), load() or update() on the same Database waits (readers
// never wait). Calling begin() again on the same thread while one is open throws kUsage
// (instead of deadlocking); calling Database::load()/update() from the thread that holds an
// open Transaction deadlocks — write through the Transaction instead.
//
// Each load()/update() is atomic within the transaction: when one fails (bad input, bad
// update) it throws and leaves the transaction as it was before that call, still open.
// commit() applies everything at once; nothing is visible to other readers before.
//
// Thread-safety: one thread at a time; its QueryResults belong to the same thread. Results of
// query() read the transaction's pending state as it changes: finish them before the next
// load()/update() if they must not see it (doing so is safe, only the rows are unspecified).
// After commit()/rollback() they can no longer decode the transaction's new terms and may
// throw kStorage.
class Transaction {
 public:
  Transaction(Transaction&&) noexcept;
  Transaction& operator=(Transaction&&) noexcept;
  // Rolls back when neither committed nor rolled back.
  ~Transaction();

  // Like Database::load, into the transaction. LoadResult::added is 0 here: how many quads
  // are new is known at commit (CommitResult::added). Each call after the first copies the
  // pending changes once (for its savepoint): load many files in one call when they are big.
  LoadResult load(const std::vector<std::string>& paths, const LoadOptions& options = {});
  LoadResult load(const std::string& path, const LoadOptions& options = {});
  // Loads RDF text; options.format is required.
  LoadResult loadString(std::string_view text, const LoadOptions& options);
  // Runs a SPARQL Update inside the transaction; later calls and queries see its effects.
  UpdateResult update(std::string_view sparql, const UpdateOptions& options = {});

  // Queries the store as it would be after commit (this transaction's writes included).
  QueryResult query(std::string_view sparql, const QueryOptions& options = {}) const;
  QueryResult query(const PreparedQuery& prepared, const PreparedQuery::Parameters& parameters = {},
                    const QueryOptions& options = {}) const;

  struct CommitResult {
    uint64_t added = 0;    // quads new to the store
    uint64_t removed = 0;  // quads deleted from the store
  };
  // Applies every change atomically and releases the writer lock. Afterwards the transaction
  // is inactive: further calls throw kUsage.
  CommitResult commit();
  // Discards every change and releases the writer lock. No-op when already ended.
  void rollback();
  // True until commit() or rollback().
  bool active() const;

 private:
  friend class Database;
  explicit Transaction(std::unique_ptr<detail::TransactionImpl> impl);
  std::unique_ptr<detail::TransactionImpl> impl_;
};

}  // namespace kg
