// Finds the kg:matches and kg:labelPrefix patterns of a basic graph pattern, with the collections (lists) that
// carry a score variable or a top-k limit, and takes them (and those lists' rdf:first /
// rdf:rest triples) out of the pattern.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sparql/ast.h"

namespace kg::query {

inline constexpr const char* kMatchesIri = "http://kg.local/ns#matches";
inline constexpr const char* kLabelPrefixIri = "http://kg.local/ns#labelPrefix";

// `?text kg:matches "search"` or `?entity kg:labelPrefix "Bache"` (lists as documented in
// text_op.h and label_op.h).
struct TextPattern {
  bool labels = false;                        // kg:labelPrefix: text is the entity, score the label
  sparql::TermPattern text;                   // variable or literal
  std::optional<sparql::TermPattern> score;   // a variable
  std::string search;                         // the search string
  std::optional<size_t> top;                  // keep the k best
  sparql::Pos pos;
};

// Throws Error(kQuery) naming the position for a malformed kg:matches pattern.
std::vector<TextPattern> takeTextPatterns(std::vector<const sparql::TriplePattern*>& triples);

}  // namespace kg::query
