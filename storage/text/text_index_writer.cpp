#include "storage/text/text_index_writer.h"

#include <algorithm>
#include <unordered_map>
#include <vector>

#include "storage/text/tokenizer.h"

namespace kg::storage::text {

bool isTextLiteral(const Term& term) {
  return term.isLiteral() && (term.isSimpleString() || !term.language.empty());
}

TextIndexWriter::TextIndexWriter(const TextSource& before, std::string scratchDir, size_t memoryBudget)
    : before_(before), runs_(std::move(scratchDir), memoryBudget / 4), postings_(memoryBudget - memoryBudget / 4) {}

void TextIndexWriter::indexLiteral(TermId id, const Term& literal) { postings(id, literal, true); }
void TextIndexWriter::unindexLiteral(TermId id, const Term& literal) { postings(id, literal, false); }
void TextIndexWriter::addLabel(TermId entity, TermId l, const Term& literal) { label(entity, l, literal, true); }
void TextIndexWriter::removeLabel(TermId entity, TermId l, const Term& literal) { label(entity, l, literal, false); }

void TextIndexWriter::postings(TermId id, const Term& literal, bool add) {
  std::vector<std::string> words = tokenize(literal.value);
  if (words.empty()) return;
  empty_ = false;
  std::string stemmer = stemmerFor(literal.language);
  // Positions grouped by word: word indexes sorted by (word, position).
  order_.resize(words.size());
  for (uint32_t i = 0; i < order_.size(); ++i) order_[i] = i;
  std::sort(order_.begin(), order_.end(), [&](uint32_t a, uint32_t b) {
    int c = words[a].compare(words[b]);
    return c != 0 ? c < 0 : a < b;
  });
  const int step = add ? 1 : -1;
  const auto length = static_cast<uint32_t>(words.size());
  for (size_t i = 0; i < order_.size();) {
    const std::string& word = words[order_[i]];
    positions_.clear();
    for (; i < order_.size() && words[order_[i]] == word; ++i) positions_.push_back(order_[i]);
    // One counter per (stemmer, word): its word's and its stem's counts follow from it.
    uint32_t group = postings_.group(stemmer, word);
    if (group >= groupCounts_.size()) groupCounts_.resize(group + 1, 0);
    groupCounts_[group] += step;
    if (add) {
      writePosting(length, positions_, &value_);
      postings_.add(group, id, value_, runs_);
    } else {
      writePostingKey(word, stemmer, id, &key_);
      runs_.del(key_);
    }
  }
  literals_ += step;
  words_ += step * static_cast<int64_t>(length);
  if (add) ++indexed_;
}

void TextIndexWriter::label(TermId entity, TermId l, const Term& literal, bool add) {
  size_t words = 0;
  std::vector<std::string> suffixes = labelSuffixes(literal.value, &words);
  if (suffixes.empty()) return;
  empty_ = false;
  for (size_t i = 0; i < suffixes.size(); ++i) {
    std::string key = labelKey(suffixes[i], l, entity);
    if (add) {
      std::string value(1, i == 0 ? '1' : '0');
      value.push_back(static_cast<char>(std::min<size_t>(words, 255)));
      runs_.put(std::move(key), std::move(value));
    } else {
      runs_.del(std::move(key));
    }
  }
}

void TextIndexWriter::finish(WriteSink& sink) {
  if (empty_ && groupCounts_.empty()) {
    postings_.drainMerged(runs_, sink);
    return;
  }
  // An empty index has no counts to read (the first load of a store skips every lookup).
  if (!fromZero_) {
    auto n = before_.get(kLiteralCountKey);
    fromZero_ = !n || decodeCount(*n) == 0;
  }
  // Counters: the stored value plus this commit's change; a word no literal holds goes.
  auto stored = [&](const std::string& key) -> int64_t {
    if (fromZero_) return 0;
    auto bytes = before_.get(key);
    return bytes ? static_cast<int64_t>(decodeCount(*bytes)) : 0;
  };
  // Per word (whichever stemmer) and per (stemmer, stem, word).
  std::unordered_map<std::string, int64_t> counters;
  for (uint32_t group = 0; group < groupCounts_.size(); ++group) {
    int64_t change = groupCounts_[group];
    if (change == 0) continue;
    std::string_view stemmer = postings_.stemmerOf(group);
    std::string_view word = postings_.wordOf(group);
    counters[frequencyKey(word)] += change;
    counters[stemKey(stemmer, stem(stemmer, word), word)] += change;
  }
  for (const auto& [key, change] : counters) {
    if (change == 0) continue;
    int64_t now = stored(key) + change;
    if (now <= 0) {
      runs_.del(key);
    } else {
      runs_.put(key, encodeCount(static_cast<uint64_t>(now)));
    }
  }
  auto total = [&](const char* key, int64_t change) {
    int64_t now = std::max<int64_t>(0, stored(key) + change);
    runs_.put(key, encodeCount(static_cast<uint64_t>(now)));
  };
  total(kLiteralCountKey, literals_);
  total(kWordCountKey, words_);
  postings_.drainMerged(runs_, sink);
}

}  // namespace kg::storage::text
