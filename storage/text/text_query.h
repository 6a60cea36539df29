// The search syntax of kg:matches: words (all must match), "exact phrases", prefix*,
// -excluded and OR.
//
//   detention camp*          literals with a word matching "detention" and a word starting
//                            with "camp"
//   "forced labour" -report  the phrase, and not the word "report"
//   camp OR prison detention (camp or prison) and detention: OR binds its two neighbours
//
// A word matches the words of a literal with the same stem in the literal's language
// (storage/text/tokenizer.h); a prefix matches folded words that start with it; a phrase
// matches consecutive words. A bare piece that splits into several words ("e-mail",
// "U.N.-backed") is a phrase.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kg::storage::text {

struct TextUnit {
  std::string word;     // folded, not stemmed
  bool prefix = false;  // matches every word starting with `word`
};

// One word or prefix (one unit), or a phrase (several units at consecutive positions).
struct TextAlternative {
  std::vector<TextUnit> units;
  bool isPhrase() const { return units.size() > 1; }
};

// Matches when any alternative matches; an excluded clause must not match.
struct TextClause {
  bool excluded = false;
  std::vector<TextAlternative> alternatives;
};

struct TextQuery {
  std::vector<TextClause> clauses;  // all must hold; at least one is not excluded
  std::string toString() const;     // normalized, for plans
};

// Parses a search. Throws Error(kQuery) naming the 1-based character column of the problem
// (an unclosed quote, OR without a neighbour, nothing to search for).
TextQuery parseTextQuery(std::string_view text);

}  // namespace kg::storage::text
