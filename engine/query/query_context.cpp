#include "query/query_context.h"

#include "kg/error.h"

namespace kg::query {

QueryContext::QueryContext(const storage::QuadReader& reader, const std::string& baseIri,
                           std::chrono::milliseconds timeout, std::shared_ptr<CancelToken> cancel)
    : reader_(reader), functions_(baseIri), cancel_(std::move(cancel)) {
  if (timeout.count() > 0) deadline_ = std::chrono::steady_clock::now() + timeout;
}

Term QueryContext::decode(TermId id) {
  if (storage::tagOf(id) == static_cast<storage::IdTag>(kTempTag)) {
    return temps_.at(storage::payloadOf(id));
  }
  return reader_.decode(id);  // the store keeps a cache of decoded terms
}

TermId QueryContext::encode(const Term& term) {
  if (auto id = reader_.lookup(term)) return *id;
  auto it = tempIds_.find(term);
  if (it != tempIds_.end()) return it->second;
  TermId id = storage::makeId(static_cast<storage::IdTag>(kTempTag), temps_.size());
  temps_.push_back(term);
  tempIds_.emplace(term, id);
  return id;
}

void QueryContext::checkNow() {
  if (cancel_ && cancel_->cancelled()) throw Error(ErrorCode::kCancelled, "the query was cancelled");
  if (deadline_ && std::chrono::steady_clock::now() > *deadline_) {
    throw Error(ErrorCode::kTimeout, "the query ran past its time limit");
  }
}

}  // namespace kg::query
