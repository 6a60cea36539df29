#include "api/statements.h"

#include "api/loader.h"
#include "query/update_executor.h"

namespace kg::detail {

PositionedError syntaxError(const sparql::SyntaxError& e) {
  return PositionedError(ErrorCode::kSyntax, "", static_cast<uint64_t>(e.line()),
                         static_cast<uint64_t>(e.column()), e.message());
}

std::shared_ptr<const sparql::Query> parseQueryOrThrow(std::string_view text,
                                                       const std::string& baseIri) {
  try {
    return std::make_shared<const sparql::Query>(sparql::parseQuery(text, baseIri));
  } catch (const sparql::SyntaxError& e) {
    throw syntaxError(e);
  }
}

UpdateResult runUpdate(storage::Transaction& tx, std::string_view sparql,
                       const UpdateOptions& options, bool countLoadedQuads) {
  sparql::UpdateRequest request;
  try {
    request = sparql::parseUpdate(sparql, options.baseIri);
  } catch (const sparql::SyntaxError& e) {
    throw syntaxError(e);
  }
  query::UpdateEnvironment env;
  env.options = options;
  env.countLoadedQuads = countLoadedQuads;
  env.loadFile = [](storage::Transaction& t, const std::string& path, const std::string& graph) {
    LoadOptions load;
    load.graph = graph;
    loadInto(t, {path}, load);
  };
  return query::executeUpdate(request, tx, env);
}

}  // namespace kg::detail
