#include "shell/predicate_hints.h"

#include <algorithm>
#include <set>

#include "shell/sparql_scan.h"
#include "shell/term_display.h"

namespace kg::cli::shell {
namespace {

// Edits between two strings (insert, delete, replace).
size_t distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::vector<std::string> unknownPredicateHints(const std::string& queryText, const PrefixTable& prefixes,
                                               const std::vector<std::string>& predicates) {
  PrefixTable table = prefixes;
  for (const auto& [name, iri] : prefixesDeclaredIn(queryText)) table.declare(name, iri);
  std::set<std::string> known(predicates.begin(), predicates.end());
  std::vector<std::string> hints;
  std::set<std::string> seen;
  for (const std::string& token : iriTokensIn(queryText)) {
    std::string iri = token.front() == '<' ? token.substr(1, token.size() - 2) : table.expand(token);
    if (iri.empty() || known.count(iri) || !seen.insert(iri).second) continue;
    // The closest predicate, if it is close enough to be a slip of the keyboard.
    std::string best;
    size_t bestDistance = std::max<size_t>(1, std::min<size_t>(3, iri.size() / 8)) + 1;
    for (const auto& p : predicates) {
      size_t d = distance(iri, p);
      if (d < bestDistance) {
        best = p;
        bestDistance = d;
      }
    }
    if (best.empty()) continue;
    hints.push_back(token + " is not a predicate in the store (did you mean " + displayIri(best, table) + "?)");
  }
  return hints;
}

}  // namespace kg::cli::shell
