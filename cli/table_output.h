// kg query's table: the REPL's display (prefixed names with the query's own prefixes, plain
// literals, numbers right-aligned), ASCII when piped and box-drawn on a terminal.
#pragma once

#include <ostream>
#include <string>

#include "kg/database.h"
#include "kg/query.h"

namespace kg::cli {

// Writes every row of `result` (ASK: true or false) and a row count; returns the count.
uint64_t writeTable(QueryResult& result, const std::string& queryText, std::ostream& out);

// Hints on stderr for a query that found nothing: IRIs that are not predicates of the store
// but close to one (a misspelled rdfs:lable).
void hintUnknownPredicates(const Database& db, const std::string& queryText);

}  // namespace kg::cli
