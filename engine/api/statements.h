// Parsing and running SPARQL statements for the API's entry points (Database, Transaction,
// prepared queries): the one place that turns parser errors into kg errors and wires LOAD to
// the loader.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "kg/database.h"
#include "kg/error.h"
#include "sparql/parser.h"
#include "storage/transaction.h"

namespace kg::detail {

// The parser's syntax error as the API's PositionedError (kSyntax, line, column).
PositionedError syntaxError(const sparql::SyntaxError& e);

// Parses a query; throws PositionedError on a syntax error.
std::shared_ptr<const sparql::Query> parseQueryOrThrow(std::string_view text,
                                                       const std::string& baseIri);

// Parses an update request and runs it in tx (LOAD goes through the loader). Throws
// PositionedError on a syntax error and whatever the execution throws; commit or roll back is
// the caller's.
// `countLoadedQuads` = false leaves LOAD's quads out of the counts (for a caller that takes
// them from the commit, which is exact and cheaper for large loads).
UpdateResult runUpdate(storage::Transaction& tx, std::string_view sparql,
                       const UpdateOptions& options, bool countLoadedQuads = true);

}  // namespace kg::detail
