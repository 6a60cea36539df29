// A query that finds nothing because of a misspelled predicate (rdfs:lable) gets a hint: the
// IRI is not a predicate of the store, and the closest one that is.
#pragma once

#include <string>
#include <vector>

#include "shell/prefixes.h"

namespace kg::cli::shell {

// One line per IRI of the query that is not among `predicates` (the store's) while one of
// them is a likely spelling of it: "rdfs:lable is not a predicate in the store (did you mean
// rdfs:label?)". The query's own PREFIX declarations are read from its text.
std::vector<std::string> unknownPredicateHints(const std::string& queryText, const PrefixTable& prefixes,
                                               const std::vector<std::string>& predicates);

}  // namespace kg::cli::shell
