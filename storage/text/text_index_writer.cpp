#include "storage/text/text_index_writer.h"

#include <unordered_map>
#include <vector>

#include "storage/text/tokenizer.h"

namespace kg::storage::text {

bool isTextLiteral(const Term& term) {
  return term.isLiteral() && (term.isSimpleString() || !term.language.empty());
}

TextIndexWriter::TextIndexWriter(const TextSource& before, std::string scratchDir, size_t memoryBudget)
    : before_(before), runs_(std::move(scratchDir), memoryBudget) {}

void TextIndexWriter::indexLiteral(TermId id, const Term& literal) { postings(id, literal, true); }
void TextIndexWriter::unindexLiteral(TermId id, const Term& literal) { postings(id, literal, false); }
void TextIndexWriter::addLabel(TermId entity, TermId l, const Term& literal) { label(entity, l, literal, true); }
void TextIndexWriter::removeLabel(TermId entity, TermId l, const Term& literal) { label(entity, l, literal, false); }

void TextIndexWriter::postings(TermId id, const Term& literal, bool add) {
  std::vector<std::string> words = tokenize(literal.value);
  if (words.empty()) return;
  empty_ = false;
  std::string stemmer = stemmerFor(literal.language);
  // Positions per distinct word, in first-occurrence order.
  std::unordered_map<std::string, std::vector<uint32_t>> positions;
  for (uint32_t i = 0; i < words.size(); ++i) positions[words[i]].push_back(i);
  const int step = add ? 1 : -1;
  const auto length = static_cast<uint32_t>(words.size());
  for (const auto& [word, at] : positions) {
    std::string key = postingKey(word, stemmer, id);
    if (add) {
      runs_.put(std::move(key), encodePosting(length, at));
    } else {
      runs_.del(std::move(key));
    }
    counters_[frequencyKey(word)] += step;
    std::string cacheKey = stemmer + '\0' + word;
    auto cached = stemKeys_.find(cacheKey);
    if (cached == stemKeys_.end()) {
      cached = stemKeys_.emplace(std::move(cacheKey), stemKey(stemmer, stem(stemmer, word), word)).first;
    }
    counters_[cached->second] += step;
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
  if (empty_ && counters_.empty()) {
    runs_.drainTo(sink);
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
  for (const auto& [key, change] : counters_) {
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
  runs_.drainTo(sink);
}

}  // namespace kg::storage::text
