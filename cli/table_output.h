// kg query's table: the REPL's display (prefixed names with the query's own prefixes, plain
// literals, numbers right-aligned), ASCII when piped and box-drawn on a terminal.
#pragma once

#include <ostream>
#include <string>

#include "kg/query.h"

namespace kg::cli {

// Writes every row of `result` (ASK: true or false) and a row count.
void writeTable(QueryResult& result, const std::string& queryText, std::ostream& out);

}  // namespace kg::cli
