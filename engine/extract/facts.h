// Sentence-level fact building (internal to kg_extract): clauses from a link-grammar linkage,
// pattern fallback, quotes, appositions, lists and counts. Works on token indexes; the
// extractor turns them into public Facts with spans and entities.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "extract/extractor.h"
#include "extract/parser.h"
#include "extract/text.h"

namespace kg::extract {

struct ArgT {
  std::vector<int> toks;      // sorted token indexes
  std::vector<int> core;      // the noun-phrase core (for entity labels), sorted
  bool literal = false;       // clause content, quote, number, date
  std::string fixedText;      // overrides the rendered text (numbers)
  std::string datatype;       // xsd datatype for literals
  std::vector<std::vector<int>> members;  // coordinated noun phrases ("A, B and C")
  bool time = false;          // a time phrase ("on Monday")
  bool empty() const { return toks.empty() && fixedText.empty(); }
};

struct FactT {
  ArgT subj;
  std::vector<int> rel;       // relation tokens (sorted)
  std::string relText;        // when set, replaces the rendered relation
  ArgT obj;
  std::vector<ArgT> extras;
  FactKind kind = FactKind::kAction;
  double conf = 0.5;
  bool negated = false;
  bool carb = true;           // written to CaRB output
  bool graph = true;          // turned into triples
  bool fromParser = false;
  bool resolve = true;        // false: an open IE reading that must not move coreference
  int passive = -1;           // token of a passive participle in the relation ("was signed")
  bool previousSpeaker = false;  // a quotation that goes on from the sentence before: its
                                 // speaker is that sentence's (the subject is filled then)
};

struct SentenceFacts {
  std::vector<FactT> facts;
};

// Renders tokens with the sentence's original spacing (a space where the text had one or
// where tokens are not adjacent).
std::string renderTokens(const std::vector<text::Token>& toks, const std::vector<int>& idx,
                         std::string_view norm);

// Facts from a linkage. baseConf is the confidence of a clean parse.
std::vector<FactT> clauseFacts(const LgParse& p, const std::vector<text::Token>& toks,
                               std::string_view norm, double baseConf);

// Possessives as open IE "has" tuples ("The RSNO's base" -> "The RSNO | has | base"), CaRB
// only, at the lowest confidence.
std::vector<FactT> possessiveFacts(const LgParse& p, const std::vector<text::Token>& toks);

// Pattern facts for sentences without a linkage (verb guessed from word shapes).
std::vector<FactT> fallbackFacts(const std::vector<text::Token>& toks, std::string_view norm);

// Quotes attributed to speakers ("...," he said / X said: "...").
std::vector<FactT> quoteFacts(const std::vector<text::Token>& toks, std::string_view norm);

// A sentence that is all quotation, without an attribution ("It hurts small producers. Prices
// will fall." after '"We will not accept this deal," said Maria Santos.'): one statement per
// quoted sentence, marked previousSpeaker (graph only; the speaker is in another sentence).
std::vector<FactT> continuedQuoteFacts(const std::vector<text::Token>& toks);

// Appositions ("Michelle Bachelet, the UN High Commissioner,") and name-title pairs, counts
// ("22 countries"), lists with among/including.
// subs: link-grammar subscripts per token (may be empty); common(word): a capitalized word
// that is an ordinary dictionary word ("Later", "However").
std::vector<FactT> patternRoleFacts(const std::vector<text::Token>& toks, std::string_view norm,
                                   const std::vector<std::string>& subs,
                                   const std::function<bool(const std::string&)>& common);

bool isSpeechVerb(std::string_view lowerWord);
bool isPronoun(std::string_view lowerWord);

}  // namespace kg::extract
