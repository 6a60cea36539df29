#include "query/query_context.h"

#include <algorithm>
#include <cstdio>

#include "kg/error.h"

namespace kg::query {

QueryContext::QueryContext(const storage::QuadReader& reader, const std::string& baseIri,
                           std::chrono::milliseconds timeout, std::shared_ptr<CancelToken> cancel)
    : reader_(reader), functions_(baseIri), cancel_(std::move(cancel)) {
  if (timeout.count() > 0) deadline_ = std::chrono::steady_clock::now() + timeout;
  timeout_ = timeout;
}

Term QueryContext::decode(TermId id) {
  if (storage::tagOf(id) == static_cast<storage::IdTag>(kTempTag)) {
    return temps_.at(storage::payloadOf(id));
  }
  return reader_.decode(id);  // the store keeps a cache of decoded terms
}

void QueryContext::decodeMany(const std::vector<TermId>& ids, std::vector<Term>& out) {
  auto isTemp = [](TermId id) { return storage::tagOf(id) == static_cast<storage::IdTag>(kTempTag); };
  if (std::none_of(ids.begin(), ids.end(), isTemp)) {
    reader_.decodeMany(ids, out);
    return;
  }
  // Computed terms are not the store's: rows holding them decode one id at a time.
  out.resize(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) out[i] = decode(ids[i]);
}

TermId QueryContext::encode(const Term& term) {
  if (auto id = reader_.lookup(term)) return *id;
  auto it = tempIds_.find(term);
  if (it != tempIds_.end()) return it->second;
  // Computed terms live until the query ends: they count against its budget (a BIND over
  // millions of rows making new strings must not take the machine's memory).
  memory_.reserve(sizeof(Term) * 2 + 32 + term.value.capacity() + term.datatype.size() +
                  term.language.size());
  TermId id = storage::makeId(static_cast<storage::IdTag>(kTempTag), temps_.size());
  temps_.push_back(term);
  tempIds_.emplace(term, id);
  return id;
}

void QueryContext::checkNow() {
  if (cancel_ && cancel_->cancelled()) throw Error(ErrorCode::kCancelled, "the query was cancelled");
  if (deadline_ && std::chrono::steady_clock::now() > *deadline_) {
    char limit[32];
    std::snprintf(limit, sizeof limit, "%g s", static_cast<double>(timeout_.count()) / 1000.0);
    throw Error(ErrorCode::kTimeout, std::string("the query ran past its time limit (") + limit +
                                         "; raise it with --timeout or the timeout option)");
  }
}

}  // namespace kg::query
