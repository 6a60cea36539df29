#include "api/parse_cache.h"

#include "api/statements.h"

namespace kg::detail {

std::shared_ptr<const sparql::Query> ParseCache::parse(std::string_view text, const std::string& baseIri) {
  if (text.size() > kMaxTextBytes || capacity_ == 0) return parseQueryOrThrow(text, baseIri);
  std::string key;
  key.reserve(baseIri.size() + 1 + text.size());
  key.append(baseIri).push_back('\0');  // no IRI holds a NUL, so the split is unambiguous
  key.append(text);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = byKey_.find(key);
    if (found != byKey_.end()) {
      entries_.splice(entries_.begin(), entries_, found->second);
      return found->second->second;
    }
  }
  auto parsed = parseQueryOrThrow(text, baseIri);  // outside the lock: parsing is the slow part
  std::lock_guard<std::mutex> lock(mutex_);
  if (byKey_.count(key)) return parsed;  // another thread kept the same text meanwhile
  entries_.emplace_front(std::move(key), parsed);
  byKey_.emplace(entries_.front().first, entries_.begin());
  if (entries_.size() > capacity_) {
    byKey_.erase(entries_.back().first);
    entries_.pop_back();
  }
  return parsed;
}

size_t ParseCache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

}  // namespace kg::detail
