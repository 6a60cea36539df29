// Database::check: the store's self-check (storage/store_check.h) behind the public API.
#include "api/database_state.h"
#include "kg/database.h"
#include "storage/store_check.h"

namespace kg {

CheckResult Database::check() {
  detail::refuseNestedWrite(state_->store.get());
  storage::Store& store = *state_->store;
  auto lock = store.lockWriter();  // writers of this process wait; other processes cannot write
  storage::CheckReport report = storage::checkStore(store);
  CheckResult result;
  result.quads = report.quads;
  result.blocks = report.blocks;
  result.terms = report.terms;
  result.problems = std::move(report.problems);
  return result;
}

}  // namespace kg
