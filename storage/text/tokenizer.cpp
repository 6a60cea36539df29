#include "storage/text/tokenizer.h"

#include <libstemmer.h>
#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/utext.h>

#include <map>
#include <memory>
#include <stdexcept>

namespace kg::storage::text {
namespace {

icu::BreakIterator& wordBreaker() {
  // Creating a break iterator loads rules: keep one per thread.
  thread_local std::unique_ptr<icu::BreakIterator> breaker = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> it(
        icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) it.reset();
    return it;
  }();
  if (!breaker) throw std::runtime_error("ICU word break rules are not available");
  return *breaker;
}

bool isAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

struct StemmerDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};
using StemmerPtr = std::unique_ptr<sb_stemmer, StemmerDeleter>;

sb_stemmer* stemmerNamed(std::string_view name) {
  thread_local std::map<std::string, StemmerPtr, std::less<>> stemmers;
  auto found = stemmers.find(name);
  if (found != stemmers.end()) return found->second.get();
  std::string key(name);
  StemmerPtr created(sb_stemmer_new(key.c_str(), "UTF_8"));
  sb_stemmer* raw = created.get();
  stemmers.emplace(std::move(key), std::move(created));
  return raw;
}

}  // namespace

std::string fold(std::string_view utf8) {
  if (isAscii(utf8)) {
    std::string out(utf8);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* folder = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU case folding is not available");
  icu::UnicodeString folded = folder->normalize(
      icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size()))),
      status);
  std::string out;
  if (U_FAILURE(status)) return out;
  folded.toUTF8String(out);
  return out;
}

std::vector<std::string> tokenize(std::string_view utf8) {
  std::vector<std::string> words;
  if (utf8.empty()) return words;
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, utf8.data(), static_cast<int64_t>(utf8.size()), &status);
  if (U_FAILURE(status)) return words;
  icu::BreakIterator& breaker = wordBreaker();
  breaker.setText(ut, status);
  if (U_SUCCESS(status)) {
    int32_t start = breaker.first();
    for (int32_t end = breaker.next(); end != icu::BreakIterator::DONE; start = end, end = breaker.next()) {
      if (breaker.getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;
      std::string word = fold(utf8.substr(start, end - start));
      if (!word.empty() && word.find('\0') == std::string::npos) words.push_back(std::move(word));
    }
  }
  // The iterator must not keep a pointer to the closed UText.
  breaker.setText(icu::UnicodeString());
  utext_close(ut);
  return words;
}

std::string stemmerFor(std::string_view languageTag) {
  if (languageTag.empty()) return "en";
  std::string primary(languageTag.substr(0, languageTag.find('-')));
  for (char& c : primary) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (primary == "nb" || primary == "nn") primary = "no";
  if (primary.size() < 2 || primary.size() > 3) return "";
  return stemmerNamed(primary) ? primary : "";
}

std::string stem(std::string_view stemmer, std::string_view folded) {
  if (stemmer.empty()) return std::string(folded);
  sb_stemmer* s = stemmerNamed(stemmer);
  if (!s) return std::string(folded);
  const sb_symbol* out = sb_stemmer_stem(s, reinterpret_cast<const sb_symbol*>(folded.data()),
                                         static_cast<int>(folded.size()));
  if (!out) return std::string(folded);
  return std::string(reinterpret_cast<const char*>(out), static_cast<size_t>(sb_stemmer_length(s)));
}

}  // namespace kg::storage::text
