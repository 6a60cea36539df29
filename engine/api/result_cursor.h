// The engine side of a kg::QueryResult: a compiled query running over one QuadReader (a
// ReadView snapshot, or a write transaction's view of its own writes).
#pragma once

#include <memory>

#include "kg/query.h"
#include "query/prepared_query.h"
#include "sparql/ast.h"
#include "storage/store.h"

namespace kg::detail {

class ResultCursor {
 public:
  // Runs `query` over `reader`. `keepAlive` owns what `reader` needs to stay valid (the
  // ReadView itself, or a guard of the transaction); it is released after the query.
  ResultCursor(std::shared_ptr<const void> keepAlive, const storage::QuadReader& reader,
               std::shared_ptr<const sparql::Query> query, const QueryOptions& options)
      : keepAlive_(std::move(keepAlive)), prepared_(std::move(query), reader, options) {
    prepared_.start();
  }
  ResultCursor(std::shared_ptr<storage::ReadView> view, std::shared_ptr<const sparql::Query> query,
               const QueryOptions& options)
      : ResultCursor(view, *view, std::move(query), options) {}

  query::PreparedQuery& prepared() { return prepared_; }

 private:
  std::shared_ptr<const void> keepAlive_;  // declared first: destroyed after prepared_
  query::PreparedQuery prepared_;
};

}  // namespace kg::detail
