// kg::Database's full-text index settings and entity lookup by label prefix.
#include "api/database_state.h"
#include "kg/database.h"
#include "kg/error.h"
#include "storage/text/text_search.h"

namespace kg {

TextIndexSettings Database::textIndex() const {
  storage::text::TextConfig config = state_->store->textConfig();
  return {config.enabled, config.predicates};
}

uint64_t Database::setTextIndex(const TextIndexSettings& settings) {
  if (readOnly()) throw Error(ErrorCode::kUsage, "the store '" + path() + "' is open read-only");
  for (const auto& p : settings.predicates) {
    if (p.find('\n') != std::string::npos || p.empty()) {
      throw Error(ErrorCode::kUsage, "not a predicate IRI: '" + p + "'");
    }
  }
  detail::refuseNestedWrite(state_->store.get());
  auto lock = state_->store->lockWriter();
  return state_->store->rebuildTextIndex({settings.enabled, settings.predicates});
}

uint64_t Database::rebuildTextIndex() { return setTextIndex(textIndex()); }

std::vector<LabelMatch> Database::lookupLabels(std::string_view prefix, size_t limit) const {
  auto view = state_->store->readView();
  std::vector<LabelMatch> out;
  for (const auto& m : storage::text::lookupLabels(*view->textSource(), prefix, limit)) {
    out.push_back({view->decode(m.entity), view->decode(m.label)});
  }
  return out;
}

}  // namespace kg
