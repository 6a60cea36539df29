// /sparql: the SPARQL 1.1 Protocol. Queries by GET ?query=, POST form (query=) and POST
// application/sparql-query; updates by POST form (update=) and application/sparql-update;
// the dataset parameters; content negotiation; a service description for a bare GET.
#include <ostream>

#include "server/content_negotiation.h"
#include "server/server_state.h"

namespace kg::server {
namespace {

using Params = std::multimap<std::string, std::string>;

std::vector<std::string> allOf(const Params& params, const std::string& name) {
  std::vector<std::string> out;
  auto range = params.equal_range(name);
  for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
  return out;
}

std::optional<DatasetSpec> datasetOf(const Params& params, const char* defaultName, const char* namedName) {
  DatasetSpec spec;
  spec.defaultGraphs = allOf(params, defaultName);
  spec.namedGraphs = allOf(params, namedName);
  if (spec.defaultGraphs.empty() && spec.namedGraphs.empty()) return std::nullopt;
  return spec;
}

std::string offeredTypes(const std::vector<MediaFormat>& offered) {
  std::string out;
  for (const auto& f : offered) {
    out += (out.empty() ? "" : ", ") + bareMediaType(f.mediaType);
  }
  return out;
}

std::string requestHeader(const HttpExchange& exchange, http::field field) {
  auto value = exchange.request()[field];
  return std::string(value.data(), value.size());
}

// The endpoint's own IRI, from the Host header (for the service description).
std::string endpointIri(const HttpExchange& exchange) {
  std::string host = requestHeader(exchange, http::field::host);
  return "http://" + (host.empty() ? std::string("localhost") : host) + "/sparql";
}

void runQuery(ServerState& state, HttpExchange& exchange, const std::string& text, const Params& params) {
  QueryOptions options;
  options.timeout = state.options.timeout;
  try {
    options.dataset = datasetOf(params, "default-graph-uri", "named-graph-uri");
  } catch (const Error& e) {
    return sendEngineError(exchange, e);
  }
  QuerySlot slot(state);
  if (!slot.held()) {
    return exchange.sendError(http::status::service_unavailable,
                              "the server is busy (" + std::to_string(state.options.maxQueries) +
                                  " queries running); try again", {{"Retry-After", "1"}});
  }
  std::optional<QueryResult> result;
  try {
    result.emplace(state.db.query(text, options));
  } catch (const Error& e) {
    return sendEngineError(exchange, e);
  }
  bool graph = result->form() == QueryForm::kConstruct || result->form() == QueryForm::kDescribe;
  const auto& offered = graph ? graphFormats() : solutionFormats();
  std::optional<MediaFormat> chosen;
  auto named = params.find("format");
  if (named == params.end()) named = params.find("output");
  if (named != params.end()) {
    chosen = formatByName(named->second, offered);
    if (!chosen) {
      return exchange.sendError(http::status::not_acceptable,
                                "format '" + named->second + "' is not available for this query; " +
                                    "use one of: " + offeredTypes(offered));
    }
  } else {
    chosen = negotiate(requestHeader(exchange, http::field::accept), offered);
    if (!chosen) {
      return exchange.sendError(http::status::not_acceptable,
                                "none of the accepted types can be written for this query; kg writes " +
                                    offeredTypes(offered));
    }
  }
  auto body = exchange.stream(http::status::ok, chosen->mediaType);
  std::ostream out(body.get());
  try {
    writeResult(*result, out, chosen->format, graph ? state.db.prefixes() : PrefixMap{});
    body->finish();
  } catch (const Error& e) {
    if (body->committed()) {
      body->abort();
    } else {
      body->discard();
      sendEngineError(exchange, e);
    }
  }
}

void runUpdate(ServerState& state, HttpExchange& exchange, const std::string& text, const Params& params) {
  if (!authorizeWrite(state, exchange)) return;
  UpdateOptions options;
  options.timeout = state.options.timeout;
  options.usingDataset = datasetOf(params, "using-graph-uri", "using-named-graph-uri");
  std::unique_lock<std::timed_mutex> lock(state.writer, std::defer_lock);
  if (!lock.try_lock_for(state.queueWait())) {
    return exchange.sendError(http::status::service_unavailable,
                              "another update is running; try again", {{"Retry-After", "1"}});
  }
  try {
    UpdateResult result = state.db.update(text, options);
    exchange.send(http::status::ok, "text/plain; charset=utf-8",
                  std::to_string(result.inserted) + " inserted, " + std::to_string(result.deleted) +
                      " deleted\n");
  } catch (const Error& e) {
    sendEngineError(exchange, e);
  }
}

}  // namespace

void handleSparql(ServerState& state, HttpExchange& exchange) {
  const auto& request = exchange.request();
  Params params = exchange.query();
  std::optional<std::string> query, update;
  auto single = [&](const Params& from, const char* name, std::optional<std::string>& into) {
    auto count = from.count(name);
    if (count > 1) throw std::invalid_argument(std::string("give one '") + name + "' parameter, not " + std::to_string(count));
    if (count == 1) into = from.find(name)->second;
  };
  try {
    if (request.method() == http::verb::get || request.method() == http::verb::head) {
      if (params.count("update")) {
        return exchange.sendError(http::status::bad_request, "updates must be sent with POST");
      }
      single(params, "query", query);
      if (!query) {
        return exchange.send(http::status::ok, "text/turtle; charset=utf-8",
                             serviceDescription(state, endpointIri(exchange)));
      }
    } else if (request.method() == http::verb::post) {
      std::string type = bareMediaType(requestHeader(exchange, http::field::content_type));
      if (type == "application/x-www-form-urlencoded") {
        for (auto& entry : parseForm(request.body())) params.insert(entry);
        single(params, "query", query);
        single(params, "update", update);
        if (query && update) throw std::invalid_argument("give 'query' or 'update', not both");
      } else if (type == "application/sparql-query") {
        query = request.body();
      } else if (type == "application/sparql-update") {
        update = request.body();
      } else {
        return exchange.sendError(http::status::unsupported_media_type,
                                  "POST a query as application/sparql-query, an update as "
                                  "application/sparql-update, or either as an "
                                  "application/x-www-form-urlencoded form");
      }
      if (!query && !update) throw std::invalid_argument("the form has no 'query' or 'update'");
    } else {
      return exchange.sendError(http::status::method_not_allowed, "use GET or POST",
                                {{"Allow", "GET, HEAD, POST, OPTIONS"}});
    }
  } catch (const std::invalid_argument& e) {
    return exchange.sendError(http::status::bad_request, e.what());
  }
  if (query) return runQuery(state, exchange, *query, params);
  runUpdate(state, exchange, *update, params);
}

}  // namespace kg::server
