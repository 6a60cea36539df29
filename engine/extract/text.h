// Text layer of kg_extract: normalization with offsets, sentence splitting, tokens.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace kg::extract::text {

// Normalized text: ASCII quotes/dashes, control characters as spaces, invalid UTF-8 as U+FFFD.
// origin[i] is the byte offset in the original text of normalized byte i; origin has
// norm.size() + 1 entries (the last one is the original size).
struct Normalized {
  std::string norm;
  std::vector<size_t> origin;
  size_t invalidBytes = 0;
  size_t controlBytes = 0;
  size_t nulBytes = 0;
  size_t toOriginal(size_t normOffset) const {
    return normOffset < origin.size() ? origin[normOffset] : origin.back();
  }
};

Normalized normalize(std::string_view original);

// True when the input looks binary (NUL bytes or many control characters).
bool looksBinary(const Normalized& n, size_t originalSize);

struct SentenceSpan {
  size_t begin = 0;  // normalized offsets
  size_t end = 0;
};

// Splits normalized text into sentences. Abbreviations (Mr., U.S., initials), decimal numbers
// and quotes ("...?" he said) do not end a sentence; a newline after terminal punctuation or a
// blank line does. Pieces longer than maxBytes are cut at whitespace.
std::vector<SentenceSpan> splitSentences(std::string_view norm, bool perLine, size_t maxBytes);

struct Token {
  size_t begin = 0;  // normalized offsets
  size_t end = 0;
  std::string text;  // as in the normalized text
  std::string lg;    // form given to the parser (PTB brackets and quotes mapped back)
  bool attach = false;  // clitic ('s, n't): no space before it in the parser input
};

std::vector<Token> tokenize(std::string_view norm, size_t begin, size_t end);

bool isAbbreviation(std::string_view wordWithDot);
bool isUpperInitial(std::string_view w);
bool isPunct(std::string_view w);
std::string lower(std::string_view s);

// English function words (for the language check and for stopwords).
bool isFunctionWord(std::string_view lowerWord);
// A sentence whose words are mostly not English (or not Latin script).
// `known`, when given, tells whether a lower-case word is in an English dictionary.
bool looksNonEnglish(const std::vector<Token>& toks,
                     const std::function<bool(const std::string&)>& known = {});

}  // namespace kg::extract::text
