// link-grammar wrapper: one shared English dictionary per process, time-capped parses, and a
// plain copy of the best linkage (words mapped back to our tokens, links).
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "extract/extractor.h"
#include "extract/text.h"

namespace kg::extract {

struct LgWord {
  int token = -1;          // index into the sentence's tokens (-1: walls / unmapped)
  int tokenLast = -1;      // last token the word covers ("flex-time" from "flex - time")
  std::string base;        // word without subscript
  std::string subscript;   // "v-d", "n", "l", ... (empty when none)
  bool isNull = false;     // left out of the linkage
  bool guessed = false;    // unknown word guessed by the parser ([!...])
};

struct LgLink {
  int left = 0, right = 0;  // word indexes
  std::string label;
};

struct LgParse {
  bool ok = false;
  bool timedOut = false;
  int nullCount = 0;
  double cost = 0;
  std::vector<LgWord> words;
  std::vector<LgLink> links;
  std::string diagram;  // only when requested
};

class LgParser {
 public:
  // minNullCount: the fewest null words a linkage may have. A pass that runs only after a
  // complete parse failed starts at 1, so link-grammar does not count the null-free case again.
  explicit LgParser(const Options& o, int minNullCount = 0);
  ~LgParser();
  LgParser(const LgParser&) = delete;
  LgParser& operator=(const LgParser&) = delete;
  bool available() const { return dict_ != nullptr; }
  // The word has an entry of its own in the English dictionary (no regex guessing).
  bool inDictionary(const std::string& word) const;
  LgParse parse(const std::vector<text::Token>& toks, bool wantDiagram = false);

 private:
  void* dict_ = nullptr;  // Dictionary (shared, never freed)
  // inDictionary answers: the language check and the parser input ask about the same words
  // again and again, and each link-grammar lookup builds and frees a list.
  mutable std::unordered_map<std::string, bool> known_;
  void* opts_ = nullptr;  // Parse_Options
  double cheapCost_ = 0;  // disjunct cost of the first attempt (0: one attempt)
  size_t cheapMaxTokens_ = 0;  // longest sentence (tokens) given the first attempt
};

}  // namespace kg::extract
