// A reference for the full-text index, written from its definitions (ICU word boundaries,
// NFKC_Casefold, Snowball stems by language tag) independently of storage/text/: the tests
// compare the index's answers with what this says.
#pragma once

#include <libstemmer.h>
#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>

#include <cctype>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kg/term.h"

namespace kg::testing {

inline std::string referenceFold(const icu::UnicodeString& s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkcCf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  std::string out;
  nfkcCf->normalize(s, status).toUTF8String(out);
  return out;
}

// The words of a text, folded.
inline std::vector<std::string> referenceTokens(const std::string& text) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  it->setText(u);
  std::vector<std::string> out;
  int32_t start = it->first();
  for (int32_t end = it->next(); end != icu::BreakIterator::DONE; start = end, end = it->next()) {
    if (it->getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;
    std::string w = referenceFold(u.tempSubString(start, end - start));
    if (!w.empty()) out.push_back(w);
  }
  return out;
}

// The Snowball stem of a folded word for a language tag (English without a tag; no stemming
// for a language Snowball does not know).
inline std::string referenceStem(const std::string& language, const std::string& word) {
  static std::map<std::pair<std::string, std::string>, std::string> cache;
  auto cached = cache.find({language, word});
  if (cached != cache.end()) return cached->second;
  std::string& slot = cache[{language, word}];
  std::string code = language.empty() ? "en" : language.substr(0, language.find('-'));
  for (char& c : code) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (code == "nb" || code == "nn") code = "no";
  sb_stemmer* s = code.size() >= 2 && code.size() <= 3 ? sb_stemmer_new(code.c_str(), "UTF_8") : nullptr;
  if (!s) return slot = word;
  const sb_symbol* r = sb_stemmer_stem(s, reinterpret_cast<const sb_symbol*>(word.data()), static_cast<int>(word.size()));
  std::string out(reinterpret_cast<const char*>(r), sb_stemmer_length(s));
  sb_stemmer_delete(s);
  return slot = out;
}

// Whether a literal holds the words of `phrase` (one word: anywhere) at consecutive
// positions: the same stems, or with `prefix`, folded words starting with the given ones.
inline bool referenceMatchesTokens(const Term& literal, const std::vector<std::string>& tokens,
                                   const std::vector<std::string>& phrase, bool prefix) {
  std::vector<std::string> wanted;
  for (const auto& w : phrase) wanted.push_back(prefix ? w : referenceStem(literal.language, w));
  for (size_t start = 0; start + wanted.size() <= tokens.size(); ++start) {
    bool all = true;
    for (size_t k = 0; k < wanted.size() && all; ++k) {
      const std::string& t = tokens[start + k];
      all = prefix ? t.compare(0, wanted[k].size(), wanted[k]) == 0
                   : referenceStem(literal.language, t) == wanted[k];
    }
    if (all) return true;
  }
  return false;
}

inline bool referenceMatches(const Term& literal, const std::vector<std::string>& phrase, bool prefix) {
  return referenceMatchesTokens(literal, referenceTokens(literal.value), phrase, prefix);
}

}  // namespace kg::testing
