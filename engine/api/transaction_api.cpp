// kg::Transaction, kg::Snapshot and kg::PreparedQuery (kg/transaction.h), and the Database
// calls that create them.
#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

#include "api/database_state.h"
#include "api/loader.h"
#include "api/result_cursor.h"
#include "api/statements.h"
#include "kg/database.h"
#include "kg/error.h"
#include "kg/transaction.h"
#include "sparql/parser.h"
#include "storage/transaction.h"

namespace kg {
namespace detail {

struct PreparedQueryState {
  DatabaseState* db = nullptr;
  std::string text;
  std::string baseIri;
  std::shared_ptr<const sparql::Query> query;
  QueryForm form = QueryForm::kSelect;
};

// Which thread holds the open kg::Transaction of each store, so that a second begin() on the
// same thread fails instead of deadlocking on the writer mutex.
class WriterRegistry {
 public:
  static WriterRegistry& instance() {
    static WriterRegistry registry;
    return registry;
  }
  bool heldByThisThread(const storage::Store* store) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = holders_.find(store);
    return found != holders_.end() && found->second == std::this_thread::get_id();
  }
  void acquire(const storage::Store* store) {
    std::lock_guard<std::mutex> lock(mutex_);
    holders_[store] = std::this_thread::get_id();
  }
  void release(const storage::Store* store) {
    std::lock_guard<std::mutex> lock(mutex_);
    holders_.erase(store);
  }

 private:
  std::mutex mutex_;
  std::map<const storage::Store*, std::thread::id> holders_;
};

void refuseNestedWrite(const storage::Store* store) {
  if (WriterRegistry::instance().heldByThisThread(store)) {
    throw Error(ErrorCode::kUsage,
                "this thread has an open transaction on this database: write through the "
                "transaction, or commit or roll it back first");
  }
}

struct TransactionImpl {
  DatabaseState* db = nullptr;
  // Shared with the QueryResults of query(), which read through it.
  std::shared_ptr<storage::Transaction> tx;
  bool registered = false;

  void end() {
    if (registered) {
      WriterRegistry::instance().release(db->store.get());
      registered = false;
    }
  }
  ~TransactionImpl() {
    if (tx && tx->active()) tx->rollback();
    end();
  }
};

}  // namespace detail

namespace {

using Clock = std::chrono::steady_clock;

QueryOptions withParameters(const QueryOptions& options,
                            const PreparedQuery::Parameters& parameters) {
  QueryOptions merged = options;
  for (const auto& [name, value] : parameters) {
    std::string bare = name;
    if (!bare.empty() && (bare[0] == '?' || bare[0] == '$')) bare.erase(0, 1);
    // A parameter given both ways: the explicit one wins.
    merged.parameters.erase("?" + bare);
    merged.parameters.erase("$" + bare);
    merged.parameters[bare] = value;
  }
  return merged;
}

// Statistics of one view, as Database::statistics() reports them.
StoreStatistics statisticsOf(const storage::ReadView& view, const storage::Store& store) {
  const storage::Statistics& stats = view.statistics();
  StoreStatistics out;
  out.quads = stats.quads;
  out.terms = stats.terms;
  for (const auto& [g, n] : stats.graphs) {
    out.graphs.push_back({g == storage::kDefaultGraph ? Term::iri("") : view.decode(g), n});
  }
  for (const auto& [p, ps] : stats.predicates) {
    out.predicates.push_back({view.decode(p), ps.quads, ps.distinctSubjects, ps.distinctObjects});
  }
  std::sort(out.predicates.begin(), out.predicates.end(), [](const auto& a, const auto& b) {
    return a.quads != b.quads ? a.quads > b.quads : a.predicate < b.predicate;
  });
  out.diskBytes = store.diskBytes();
  return out;
}

// Runs `body` on the transaction; when it throws, undoes what it did and rethrows.
template <typename Body>
auto atomically(storage::Transaction& tx, Body&& body) -> decltype(body()) {
  if (!tx.active()) throw Error(ErrorCode::kUsage, "the transaction has already ended");
  bool empty = tx.bulkSize() == 0 && tx.pendingAdded() == 0 && tx.pendingRemoved() == 0;
  storage::Transaction::Savepoint point;
  if (!empty) point = tx.savepoint();
  try {
    return body();
  } catch (...) {
    if (tx.active()) tx.rollbackTo(point);
    throw;
  }
}

}  // namespace

// ---- PreparedQuery ----

PreparedQuery::PreparedQuery(std::shared_ptr<const detail::PreparedQueryState> state)
    : state_(std::move(state)) {}

QueryForm PreparedQuery::form() const { return state_->form; }
const std::string& PreparedQuery::text() const { return state_->text; }

QueryResult PreparedQuery::run(const Parameters& parameters, const QueryOptions& options) const {
  QueryOptions merged = withParameters(options, parameters);
  if (merged.baseIri.empty()) merged.baseIri = state_->baseIri;
  auto view = state_->db->store->readView();
  return QueryResult(std::make_unique<detail::ResultCursor>(view, state_->query, merged));
}

PreparedQuery Database::prepare(std::string_view sparql, const std::string& baseIri) const {
  auto state = std::make_shared<detail::PreparedQueryState>();
  state->db = state_.get();
  state->text = std::string(sparql);
  state->baseIri = baseIri;
  state->query = detail::parseQueryOrThrow(sparql, baseIri);
  switch (state->query->form) {
    case sparql::QueryForm::kSelect: state->form = QueryForm::kSelect; break;
    case sparql::QueryForm::kAsk: state->form = QueryForm::kAsk; break;
    case sparql::QueryForm::kConstruct: state->form = QueryForm::kConstruct; break;
    case sparql::QueryForm::kDescribe: state->form = QueryForm::kDescribe; break;
  }
  return PreparedQuery(std::move(state));
}

// ---- Snapshot ----

struct Snapshot::State {
  detail::DatabaseState* db = nullptr;
  std::shared_ptr<storage::ReadView> view;
};

Snapshot::Snapshot(std::shared_ptr<const State> state) : state_(std::move(state)) {}

Snapshot Database::snapshot() const {
  auto state = std::make_shared<Snapshot::State>();
  state->db = state_.get();
  state->view = state_->store->readView();
  return Snapshot(std::move(state));
}

QueryResult Snapshot::query(std::string_view sparql, const QueryOptions& options) const {
  auto parsed = state_->db->parsedQueries.parse(sparql, options.baseIri);
  return QueryResult(std::make_unique<detail::ResultCursor>(state_->view, parsed, options));
}

QueryResult Snapshot::query(const PreparedQuery& prepared,
                            const PreparedQuery::Parameters& parameters,
                            const QueryOptions& options) const {
  if (prepared.state_->db != state_->db) {
    throw Error(ErrorCode::kUsage, "the prepared query belongs to another database");
  }
  QueryOptions merged = withParameters(options, parameters);
  if (merged.baseIri.empty()) merged.baseIri = prepared.state_->baseIri;
  return QueryResult(
      std::make_unique<detail::ResultCursor>(state_->view, prepared.state_->query, merged));
}

StoreStatistics Snapshot::statistics() const {
  return statisticsOf(*state_->view, *state_->db->store);
}

// ---- Transaction ----

Transaction Database::begin() {
  auto* store = state_->store.get();
  if (state_->options.readOnly) {
    throw Error(ErrorCode::kUsage, "the store '" + state_->path + "' is open read-only");
  }
  auto& registry = detail::WriterRegistry::instance();
  if (registry.heldByThisThread(store)) {
    throw Error(ErrorCode::kUsage,
                "this thread already has an open transaction on this database; commit or roll "
                "it back first");
  }
  auto impl = std::make_unique<detail::TransactionImpl>();
  impl->db = state_.get();
  impl->tx = std::make_shared<storage::Transaction>(*store);  // waits for the writer lock
  registry.acquire(store);
  impl->registered = true;
  return Transaction(std::move(impl));
}

Transaction::Transaction(std::unique_ptr<detail::TransactionImpl> impl) : impl_(std::move(impl)) {}
Transaction::Transaction(Transaction&&) noexcept = default;
Transaction& Transaction::operator=(Transaction&&) noexcept = default;
Transaction::~Transaction() = default;

bool Transaction::active() const { return impl_ && impl_->tx && impl_->tx->active(); }

LoadResult Transaction::load(const std::string& path, const LoadOptions& options) {
  return load(std::vector<std::string>{path}, options);
}

LoadResult Transaction::load(const std::vector<std::string>& paths, const LoadOptions& options) {
  if (!impl_) throw Error(ErrorCode::kUsage, "the transaction was moved from");
  auto start = Clock::now();
  LoadResult result;
  result.statements =
      atomically(*impl_->tx, [&] { return detail::loadInto(*impl_->tx, paths, options); });
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return result;
}

LoadResult Transaction::loadString(std::string_view text, const LoadOptions& options) {
  if (!impl_) throw Error(ErrorCode::kUsage, "the transaction was moved from");
  auto start = Clock::now();
  LoadResult result;
  result.statements =
      atomically(*impl_->tx, [&] { return detail::loadTextInto(*impl_->tx, text, options); });
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return result;
}

UpdateResult Transaction::update(std::string_view sparql, const UpdateOptions& options) {
  if (!impl_) throw Error(ErrorCode::kUsage, "the transaction was moved from");
  storage::Transaction& tx = *impl_->tx;
  return atomically(tx, [&] { return detail::runUpdate(tx, sparql, options); });
}

QueryResult Transaction::query(std::string_view sparql, const QueryOptions& options) const {
  if (!active()) throw Error(ErrorCode::kUsage, "the transaction has already ended");
  auto parsed = impl_->db->parsedQueries.parse(sparql, options.baseIri);
  return QueryResult(
      std::make_unique<detail::ResultCursor>(impl_->tx, *impl_->tx, parsed, options));
}

QueryResult Transaction::query(const PreparedQuery& prepared,
                               const PreparedQuery::Parameters& parameters,
                               const QueryOptions& options) const {
  if (!active()) throw Error(ErrorCode::kUsage, "the transaction has already ended");
  if (prepared.state_->db != impl_->db) {
    throw Error(ErrorCode::kUsage, "the prepared query belongs to another database");
  }
  QueryOptions merged = withParameters(options, parameters);
  if (merged.baseIri.empty()) merged.baseIri = prepared.state_->baseIri;
  return QueryResult(std::make_unique<detail::ResultCursor>(impl_->tx, *impl_->tx,
                                                            prepared.state_->query, merged));
}

Transaction::CommitResult Transaction::commit() {
  if (!active()) throw Error(ErrorCode::kUsage, "the transaction has already ended");
  CommitResult out;
  try {
    storage::ApplyResult applied = impl_->tx->commit();
    out.added = applied.added;
    out.removed = applied.removed;
  } catch (...) {
    impl_->tx->rollback();
    impl_->end();
    throw;
  }
  impl_->end();
  return out;
}

void Transaction::rollback() {
  if (!impl_ || !impl_->tx) return;
  impl_->tx->rollback();
  impl_->end();
}

}  // namespace kg
