// SPARQL 1.1 Update against a write transaction. Each operation sees the effects of the
// ones before it; the caller commits the transaction only when every operation succeeded.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "kg/query.h"
#include "sparql/ast.h"
#include "storage/transaction.h"

namespace kg::query {

// Runs every operation of the request. Throws kg::Error on the first failure (the caller then
// rolls the transaction back). `loadFile` loads a local file into a graph (empty = default).
struct UpdateEnvironment {
  UpdateOptions options;
  std::function<void(storage::Transaction&, const std::string& path, const std::string& graph)> loadFile;
  // Count the quads a LOAD adds (this folds the load's bulk buffer into the transaction's
  // change set; a caller that takes the counts from the commit leaves it off).
  bool countLoadedQuads = true;
};

UpdateResult executeUpdate(const sparql::UpdateRequest& request, storage::Transaction& tx,
                           const UpdateEnvironment& env);

}  // namespace kg::query
