// What a kg::Database holds. Internal: the query engine and the bindings reach the store here.
#pragma once

#include <memory>
#include <string>

#include "api/parse_cache.h"
#include "kg/database.h"
#include "storage/store.h"

namespace kg::detail {

struct DatabaseState {
  std::string path;
  OpenOptions options;
  std::unique_ptr<storage::Store> store;
  ParseCache parsedQueries;
};

// Throws Error(kUsage) when the calling thread holds an open kg::Transaction on this store:
// a second writer on the same thread would wait for itself forever.
void refuseNestedWrite(const storage::Store* store);

}  // namespace kg::detail
