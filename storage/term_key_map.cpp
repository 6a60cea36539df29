#include "storage/term_key_map.h"

#include <cstring>
#include <functional>

namespace kg::storage {
namespace {

constexpr size_t kChunkBytes = size_t{1} << 20;

}  // namespace

uint64_t TermKeyMap::hashOf(std::string_view key) {
  uint64_t h = std::hash<std::string_view>{}(key);
  // Spread the bits: slots take the low bits, the tag the high ones.
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

std::optional<TermId> TermKeyMap::find(std::string_view key) const {
  if (slots_.empty()) return std::nullopt;
  uint64_t h = hashOf(key);
  uint64_t tag = h >> 32;
  size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    uint64_t slot = slots_[i];
    if (slot == 0) return std::nullopt;
    if ((slot >> 32) != tag) continue;
    const Entry& e = entries_[(slot & 0xffffffffULL) - 1];
    if (e.length == key.size() && std::memcmp(e.key, key.data(), key.size()) == 0) return e.id;
  }
}

const char* TermKeyMap::store(std::string_view key) {
  if (key.size() > kChunkBytes / 4) {
    // A long key gets a chunk of its own; the current chunk stays open.
    auto own = std::make_unique<char[]>(key.size() ? key.size() : 1);
    std::memcpy(own.get(), key.data(), key.size());
    const char* p = own.get();
    chunks_.insert(chunks_.end() - (chunks_.empty() ? 0 : 1), std::move(own));
    arenaBytes_ += key.size();
    return p;
  }
  if (chunks_.empty() || chunkUsed_ + key.size() > chunkSize_) {
    chunks_.push_back(std::make_unique<char[]>(kChunkBytes));
    chunkSize_ = kChunkBytes;
    chunkUsed_ = 0;
    arenaBytes_ += kChunkBytes;
  }
  char* p = chunks_.back().get() + chunkUsed_;
  std::memcpy(p, key.data(), key.size());
  chunkUsed_ += key.size();
  return p;
}

void TermKeyMap::grow() {
  size_t size = slots_.empty() ? 1024 : slots_.size() * 2;
  std::vector<uint64_t> slots(size, 0);
  size_t mask = size - 1;
  for (size_t index = 0; index < entries_.size(); ++index) {
    const Entry& e = entries_[index];
    uint64_t h = hashOf(std::string_view(e.key, e.length));
    size_t i = h & mask;
    while (slots[i] != 0) i = (i + 1) & mask;
    slots[i] = ((h >> 32) << 32) | (index + 1);
  }
  slots_.swap(slots);
}

void TermKeyMap::insert(std::string_view key, TermId id) {
  // At most 70% full, so that probe sequences stay short.
  if ((entries_.size() + 1) * 10 > slots_.size() * 7) grow();
  uint64_t h = hashOf(key);
  size_t mask = slots_.size() - 1;
  size_t i = h & mask;
  while (slots_[i] != 0) i = (i + 1) & mask;
  entries_.push_back({store(key), static_cast<uint32_t>(key.size()), id});
  slots_[i] = ((h >> 32) << 32) | entries_.size();
}

size_t TermKeyMap::memoryBytes() const {
  return slots_.capacity() * sizeof(uint64_t) + entries_.capacity() * sizeof(Entry) + arenaBytes_;
}

void TermKeyMap::clear() {
  slots_ = {};
  entries_ = {};
  chunks_.clear();
  chunkUsed_ = chunkSize_ = arenaBytes_ = 0;
}

}  // namespace kg::storage
