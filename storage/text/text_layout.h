// Internal to storage/: the keys and values of the full-text index's column family ("text").
//
//   'w' word 0x00 stemmer 0x00 literal(8) -> posting: varint length of the literal in words,
//                                      varint count, then the word's positions as varint deltas
//                                      (the stemmer of the literal's language: a word matches a
//                                      query word when their stems agree in that language)
//   'f' word                        -> u64 number of indexed literals holding the word
//   'v' stemmer 0x00 stem 0x00 word -> u64 number of literals of that stemmer's languages
//                                      holding the word (the stem -> words map of a language)
//   'l' folded-label-suffix 0x00 label(8) entity(8) -> one byte: 1 when the suffix is the
//                                      whole label (entity lookup by label prefix)
//   'N' -> u64 indexed literals      'T' -> u64 words in them      'c' -> configuration
//
// Words are folded surface forms (storage/text/tokenizer.h) and never contain 0x00, so a
// word's postings are one key range and a prefix's words another.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "storage/term_id.h"

namespace kg::storage::text {

inline constexpr char kPostingTag = 'w';
inline constexpr char kFrequencyTag = 'f';
inline constexpr char kStemTag = 'v';
inline constexpr char kLabelTag = 'l';
inline constexpr const char* kLiteralCountKey = "N";
inline constexpr const char* kWordCountKey = "T";
inline constexpr const char* kConfigKey = "c";

std::string postingKey(std::string_view word, std::string_view stemmer, TermId literal);
// The same into a reused buffer (the bulk path writes one per word and literal).
void writePostingKey(std::string_view word, std::string_view stemmer, TermId literal, std::string* out);
// [begin, end) of one word's postings in literals of one stemmer; of one word; and of every
// word starting with `prefix` (whose begin is kPostingTag + prefix).
std::string postingStemmerBegin(std::string_view word, std::string_view stemmer);
std::string postingWordBegin(std::string_view word);
std::string postingPrefixEnd(std::string_view prefix);
// Splits a posting key; false when it is not one.
bool parsePostingKey(std::string_view key, std::string_view* word, std::string_view* stemmer,
                     TermId* literal);

std::string frequencyKey(std::string_view word);
std::string stemKey(std::string_view stemmer, std::string_view stem, std::string_view word);
std::string stemRangeBegin(std::string_view stemmer, std::string_view stem);
std::string labelKey(std::string_view suffix, TermId label, TermId entity);

// The smallest string greater than every string starting with `prefix`.
std::string prefixEnd(std::string prefix);

struct Posting {
  TermId literal = 0;
  uint32_t length = 0;                // words in the literal
  std::vector<uint32_t> positions;    // increasing
};
std::string encodePosting(uint32_t length, const std::vector<uint32_t>& positions);
void writePosting(uint32_t length, const std::vector<uint32_t>& positions, std::string* out);
// False when the bytes are not a posting.
bool decodePosting(std::string_view bytes, Posting* out);

std::string encodeCount(uint64_t n);
uint64_t decodeCount(std::string_view bytes);

// Which literals are indexed: every string and language-tagged literal in the object of a
// quad, or only those of the listed predicates; or none.
struct TextConfig {
  bool enabled = true;
  std::vector<std::string> predicates;  // IRIs; empty = every predicate
  std::string encode() const;
  static TextConfig decode(std::string_view bytes);
  friend bool operator==(const TextConfig& a, const TextConfig& b) {
    return a.enabled == b.enabled && a.predicates == b.predicates;
  }
};

}  // namespace kg::storage::text
