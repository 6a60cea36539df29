// Database::query / update / explain / parse and QueryResult: the API side of the query
// engine.
#include <chrono>
#include <sstream>

#include "api/database_state.h"
#include "api/result_cursor.h"
#include "api/statements.h"
#include "kg/database.h"
#include "kg/error.h"
#include "query/prepared_query.h"
#include "sparql/parser.h"
#include "storage/transaction.h"

namespace kg {

QueryResult::QueryResult(std::unique_ptr<detail::ResultCursor> cursor) : cursor_(std::move(cursor)) {}
QueryResult::QueryResult(QueryResult&&) noexcept = default;
QueryResult& QueryResult::operator=(QueryResult&&) noexcept = default;
QueryResult::~QueryResult() = default;

QueryForm QueryResult::form() const { return cursor_->prepared().form(); }
const std::vector<std::string>& QueryResult::variables() const {
  return cursor_->prepared().variables();
}
bool QueryResult::next(Solution& row) { return cursor_->prepared().next(row); }
bool QueryResult::boolean() {
  query::Row row;
  return cursor_->prepared().nextRow(row);
}
uint64_t QueryResult::rowCount() const { return cursor_->prepared().rows(); }
const PrefixMap& QueryResult::prefixes() const { return cursor_->prepared().prefixes(); }

QueryResult Database::query(std::string_view sparql, const QueryOptions& options) const {
  auto parsed = state_->parsedQueries.parse(sparql, options.baseIri);
  auto view = state_->store->readView();
  return QueryResult(std::make_unique<detail::ResultCursor>(view, parsed, options));
}

std::string Database::explain(std::string_view sparql, bool analyze, const QueryOptions& options) const {
  auto parsed = state_->parsedQueries.parse(sparql, options.baseIri);
  auto view = state_->store->readView();
  query::PreparedQuery prepared(parsed, *view, options);
  if (!analyze) return prepared.explain(false);
  prepared.enableTiming();
  auto start = std::chrono::steady_clock::now();
  prepared.start();
  Solution row;
  if (prepared.form() == QueryForm::kAsk) {
    query::Row r;
    prepared.nextRow(r);
  } else {
    while (prepared.next(row)) {
    }
  }
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::ostringstream out;
  out << prepared.explain(true) << "total: " << prepared.rows() << " rows in " << ms << " ms\n";
  return out.str();
}

std::string Database::parse(std::string_view sparql, const std::string& baseIri) {
  try {
    auto statement = sparql::parseStatement(sparql, baseIri);
    if (auto* q = std::get_if<sparql::Query>(&statement)) return sparql::toSExpression(*q);
    return sparql::toSExpression(std::get<sparql::UpdateRequest>(statement));
  } catch (const sparql::SyntaxError& e) {
    throw detail::syntaxError(e);
  }
}

UpdateResult Database::update(std::string_view sparql, const UpdateOptions& options) {
  detail::refuseNestedWrite(state_->store.get());
  storage::Transaction tx(*state_->store);
  UpdateResult result = detail::runUpdate(tx, sparql, options, false);
  // The store's net change: a LOAD counts, a quad deleted then inserted again does not.
  storage::ApplyResult applied = tx.commit();
  result.inserted = applied.added;
  result.deleted = applied.removed;
  return result;
}

}  // namespace kg
