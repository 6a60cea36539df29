// Words of a text for the full-text index: ICU word boundaries (Unicode UAX #29), each word
// normalized with NFKC_Casefold (Unicode case folding plus compatibility forms), and Snowball
// stems chosen by a literal's language tag.
//
// Thread-safety: free functions; each thread keeps its own ICU break iterator and stemmers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kg::storage::text {

// The words of `utf8` in order, folded. Only segments ICU classes as words (letters, numbers,
// kana, ideographs) count; spaces and punctuation separate them. A word's position is its
// index in the returned vector. Invalid UTF-8 is read as U+FFFD, never a failure.
std::vector<std::string> tokenize(std::string_view utf8);

// Folds one piece of text the way tokenize folds words (for prefixes in queries).
std::string fold(std::string_view utf8);

// The stemmer a language tag selects: its primary subtag when Snowball has an algorithm for
// it ("en-GB" -> "en", "nb" -> "no"), "en" for no tag, and "" (no stemming) otherwise.
std::string stemmerFor(std::string_view languageTag);

// The stem of a folded word with the named stemmer ("" returns the word).
std::string stem(std::string_view stemmer, std::string_view folded);

}  // namespace kg::storage::text
