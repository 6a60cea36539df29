#include "storage/text/text_match.h"

#include <string>
#include <vector>

#include "storage/text/tokenizer.h"

namespace kg::storage::text {
namespace {

struct Words {
  std::string stemmer;
  std::vector<std::string> folded, stems;
};

bool unitMatches(const Words& words, const TextUnit& unit, const std::string& unitStem, size_t at) {
  if (unit.prefix) return words.folded[at].compare(0, unit.word.size(), unit.word) == 0;
  return words.stems[at] == unitStem;
}

bool alternativeMatches(const Words& words, const TextAlternative& alt) {
  std::vector<std::string> unitStems;
  for (const auto& u : alt.units) unitStems.push_back(u.prefix ? u.word : stem(words.stemmer, u.word));
  size_t n = alt.units.size();
  for (size_t start = 0; start + n <= words.folded.size(); ++start) {
    bool all = true;
    for (size_t k = 0; k < n && all; ++k) all = unitMatches(words, alt.units[k], unitStems[k], start + k);
    if (all) return true;
  }
  return false;
}

}  // namespace

bool matchesText(const TextQuery& query, std::string_view text, std::string_view language) {
  Words words;
  words.stemmer = stemmerFor(language);
  words.folded = tokenize(text);
  for (const auto& w : words.folded) words.stems.push_back(stem(words.stemmer, w));
  for (const auto& clause : query.clauses) {
    bool any = false;
    for (const auto& alt : clause.alternatives) {
      if (alternativeMatches(words, alt)) {
        any = true;
        break;
      }
    }
    if (any == clause.excluded) return false;
  }
  return true;
}

}  // namespace kg::storage::text
