// A small cache of values derived from one version of a graph's characteristic sets (and so of
// the graph's data: every commit that touches a graph gives it a new version of its sets).
// Entries die with their version; past kMaxEntries the least recently used goes. Shared by
// all queries of the process, so repeated and similar queries plan without repeating reads.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <utility>

#include "storage/characteristic_sets.h"

namespace kg::storage {

template <typename Key, typename Value>
class SetsVersionCache {
 public:
  using Version = std::shared_ptr<const GraphCharacteristicSets>;

  std::shared_ptr<const Value> find(const Version& version, const Key& key) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = entries_.find({version.get(), key});
    if (it == entries_.end()) return nullptr;
    // The same address may hold a later version once the first is gone.
    if (it->second.version.lock() != version) {
      entries_.erase(it);
      return nullptr;
    }
    it->second.used = ++clock_;
    return it->second.value;
  }

  void put(const Version& version, const Key& key, std::shared_ptr<const Value> value) {
    std::lock_guard<std::mutex> lock(mutex_);
    entries_[{version.get(), key}] = Entry{version, std::move(value), ++clock_};
    if (entries_.size() <= kMaxEntries) return;
    auto oldest = entries_.end();
    for (auto it = entries_.begin(); it != entries_.end();) {
      if (it->second.version.expired()) {
        it = entries_.erase(it);
        continue;
      }
      if (oldest == entries_.end() || it->second.used < oldest->second.used) oldest = it;
      ++it;
    }
    if (entries_.size() > kMaxEntries && oldest != entries_.end()) entries_.erase(oldest);
  }

 private:
  static constexpr size_t kMaxEntries = 256;
  struct Entry {
    std::weak_ptr<const GraphCharacteristicSets> version;
    std::shared_ptr<const Value> value;
    uint64_t used = 0;
  };
  std::mutex mutex_;
  std::map<std::pair<const void*, Key>, Entry> entries_;
  uint64_t clock_ = 0;
};

}  // namespace kg::storage
