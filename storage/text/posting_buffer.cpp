#include "storage/text/posting_buffer.h"

#include <algorithm>
#include <numeric>

#include "storage/text/text_layout.h"

namespace kg::storage::text {

uint32_t PostingBuffer::group(std::string_view stemmer, std::string_view word, bool* isNew) {
  lookup_.assign(stemmer);
  lookup_.push_back('\0');
  lookup_.append(word);
  auto found = groupIndex_.find(lookup_);
  if (isNew) *isNew = !found;
  if (found) return static_cast<uint32_t>(*found);
  auto id = static_cast<uint32_t>(prefixes_.size());
  std::string key;
  writePostingKey(word, stemmer, 0, &key);
  key.resize(key.size() - 8);  // the prefix: without the literal
  prefixes_.push_back(std::move(key));
  lookups_.push_back(lookup_);
  groupIndex_.insert(lookup_, id);
  return id;
}

std::string_view PostingBuffer::stemmerOf(uint32_t group) const {
  std::string_view lookup = lookups_[group];
  return lookup.substr(0, lookup.find('\0'));
}

std::string_view PostingBuffer::wordOf(uint32_t group) const {
  std::string_view lookup = lookups_[group];
  return lookup.substr(lookup.find('\0') + 1);
}

void PostingBuffer::add(uint32_t group, TermId literal, std::string_view value, SortedRuns& overflow) {
  entries_.push_back({group, static_cast<uint32_t>(value.size()), literal, values_.size()});
  values_.insert(values_.end(), value.begin(), value.end());
  if (values_.size() + entries_.size() * sizeof(Entry) <= budget_) return;
  // Full: the buffer becomes a sorted run of the writer's runs.
  spillTo(overflow);
}

void PostingBuffer::spillTo(SortedRuns& runs) {
  sortEntries();
  size_t i = 0;
  runs.addSortedRun([&](std::string_view* key, std::string_view* value) {
    while (i < entries_.size() && shadowed(i)) ++i;
    if (i == entries_.size()) return false;
    const Entry& e = entries_[i++];
    *key = keyOf(e);
    *value = valueOf(e);
    return true;
  });
  entries_.clear();
  values_.clear();
}

void PostingBuffer::sortEntries() {
  // Prefixes order their keys: no prefix is a proper prefix of another (words and stemmers
  // hold no 0x00), so the keys of two groups compare as their prefixes do.
  groupOfRank_.resize(prefixes_.size());
  std::iota(groupOfRank_.begin(), groupOfRank_.end(), 0u);
  std::sort(groupOfRank_.begin(), groupOfRank_.end(),
            [&](uint32_t a, uint32_t b) { return prefixes_[a] < prefixes_[b]; });
  std::vector<uint32_t> rankOf(prefixes_.size());
  for (uint32_t r = 0; r < groupOfRank_.size(); ++r) rankOf[groupOfRank_[r]] = r;
  for (Entry& e : entries_) e.rank = rankOf[e.rank];
  std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
    if (a.rank != b.rank) return a.rank < b.rank;
    if (a.literal != b.literal) return a.literal < b.literal;
    return a.valueOffset < b.valueOffset;
  });
}

std::string_view PostingBuffer::keyOf(const Entry& e) {
  key_.assign(prefixes_[groupOfRank_[e.rank]]);
  key_.resize(key_.size() + 8);
  putBigEndian64(&key_[key_.size() - 8], e.literal);
  return key_;
}

void PostingBuffer::drainMerged(SortedRuns& others, WriteSink& sink) {
  if (others.spilled() && !entries_.empty()) {
    // Runs are on disk already: the rest of the postings join them as one more run.
    spillTo(others);
  }
  sortEntries();
  // Both in order: each key of `others` lets the postings below it go first.
  class Merge final : public WriteSink {
   public:
    Merge(PostingBuffer& buffer, WriteSink& out) : b_(buffer), out_(out) {}
    void put(const rocksdb::Slice& key, const rocksdb::Slice& value) override {
      if (postingsUpTo(key)) return;
      out_.put(key, value);
    }
    void del(const rocksdb::Slice& key) override {
      if (postingsUpTo(key)) return;
      out_.del(key);
    }
    // Writes the postings with keys up to `key`; true when one has that very key.
    bool postingsUpTo(const rocksdb::Slice& key) {
      bool same = false;
      while (next_ < b_.entries_.size()) {
        if (b_.shadowed(next_)) {
          ++next_;
          continue;
        }
        const Entry& e = b_.entries_[next_];
        std::string_view k = b_.keyOf(e);
        int c = rocksdb::Slice(k.data(), k.size()).compare(key);
        if (c > 0) break;
        same = same || c == 0;
        std::string_view v = b_.valueOf(e);
        out_.put(rocksdb::Slice(k.data(), k.size()), rocksdb::Slice(v.data(), v.size()));
        ++next_;
      }
      return same;
    }
    void rest() {
      for (; next_ < b_.entries_.size(); ++next_) {
        if (b_.shadowed(next_)) continue;
        const Entry& e = b_.entries_[next_];
        std::string_view k = b_.keyOf(e);
        std::string_view v = b_.valueOf(e);
        out_.put(rocksdb::Slice(k.data(), k.size()), rocksdb::Slice(v.data(), v.size()));
      }
    }

   private:
    PostingBuffer& b_;
    WriteSink& out_;
    size_t next_ = 0;
  } merge(*this, sink);
  others.drainTo(merge);
  merge.rest();
  entries_ = {};
  values_ = {};
}

}  // namespace kg::storage::text
