// /store: the SPARQL 1.1 Graph Store HTTP Protocol, indirect identification (?default or
// ?graph=IRI). GET/HEAD read a graph, PUT replaces it, POST adds to it, DELETE drops it;
// every write is one transaction.
#include <ostream>

#include "server/content_negotiation.h"
#include "server/server_state.h"

namespace kg::server {
namespace {

struct Target {
  bool isDefault = true;
  std::string iri;
  std::string sparql() const { return isDefault ? "DEFAULT" : "GRAPH <" + iri + ">"; }
};

std::string header(const HttpExchange& exchange, http::field field) {
  auto value = exchange.request()[field];
  return std::string(value.data(), value.size());
}

bool graphExists(ServerState& state, const Target& target) {
  if (target.isDefault) return true;
  QueryOptions options;
  options.timeout = state.options.timeout;
  QueryResult result = state.db.query("ASK { GRAPH <" + target.iri + "> { ?s ?p ?o } }", options);
  return result.boolean();
}

void readGraph(ServerState& state, HttpExchange& exchange, const Target& target) {
  auto chosen = negotiate(header(exchange, http::field::accept), graphFormats());
  if (!chosen) {
    return exchange.sendError(http::status::not_acceptable,
                              "kg writes graphs as text/turtle, application/n-triples, "
                              "application/n-quads, application/trig, application/rdf+xml or "
                              "application/ld+json");
  }
  QuerySlot slot(state);
  if (!slot.held()) {
    return exchange.sendError(http::status::service_unavailable, "the server is busy; try again",
                              {{"Retry-After", "1"}});
  }
  try {
    if (!graphExists(state, target)) {
      return exchange.sendError(http::status::not_found, "no graph <" + target.iri + "> in the store");
    }
    QueryOptions options;
    options.timeout = state.options.timeout;
    std::string text = target.isDefault
                           ? "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
                           : "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <" + target.iri + "> { ?s ?p ?o } }";
    QueryResult result = state.db.query(text, options);
    auto body = exchange.stream(http::status::ok, chosen->mediaType);
    std::ostream out(body.get());
    try {
      writeResult(result, out, chosen->format, state.db.prefixes());
      body->finish();
    } catch (const Error&) {
      if (!body->committed()) {
        body->discard();
        throw;
      }
      body->abort();
    }
  } catch (const Error& e) {
    sendEngineError(exchange, e);
  }
}

void writeGraph(ServerState& state, HttpExchange& exchange, const Target& target, http::verb method) {
  if (!authorizeWrite(state, exchange)) return;
  std::string format;
  if (method != http::verb::delete_) {
    std::string type = header(exchange, http::field::content_type);
    format = inputFormatOf(type);
    if (format.empty()) {
      return exchange.sendError(http::status::unsupported_media_type,
                                "unknown Content-Type '" + type +
                                    "': send text/turtle, application/n-triples, application/n-quads, "
                                    "application/trig or application/rdf+xml");
    }
  }
  std::unique_lock<std::timed_mutex> lock(state.writer, std::defer_lock);
  if (!lock.try_lock_for(state.queueWait())) {
    return exchange.sendError(http::status::service_unavailable, "another write is running; try again",
                              {{"Retry-After", "1"}});
  }
  try {
    bool existed = graphExists(state, target);
    if (method == http::verb::delete_ && !existed) {
      return exchange.sendError(http::status::not_found, "no graph <" + target.iri + "> in the store");
    }
    Transaction tx = state.db.begin();
    if (method == http::verb::put || method == http::verb::delete_) {
      tx.update("DROP SILENT " + target.sparql());
    }
    if (method != http::verb::delete_) {
      LoadOptions load;
      load.format = format;
      load.graph = target.isDefault ? std::string() : target.iri;
      load.baseIri = target.isDefault ? "http://localhost/store" : target.iri;
      tx.loadString(exchange.request().body(), load);
    }
    tx.commit();
    exchange.send(existed ? http::status::no_content : http::status::created, "", "");
  } catch (const Error& e) {
    sendEngineError(exchange, e);
  }
}

}  // namespace

void handleGraphStore(ServerState& state, HttpExchange& exchange) {
  const auto& query = exchange.query();
  Target target;
  bool hasDefault = query.count("default") > 0;
  auto graph = query.find("graph");
  if (hasDefault == (graph != query.end()) || query.count("graph") > 1) {
    return exchange.sendError(http::status::bad_request,
                              "name the graph with ?default or ?graph=IRI (one of them)");
  }
  if (graph != query.end()) {
    target.isDefault = false;
    target.iri = graph->second;
    if (target.iri.empty() || target.iri.find_first_of("<>\" {}|\\^`") != std::string::npos) {
      return exchange.sendError(http::status::bad_request, "'" + target.iri + "' is not an IRI");
    }
  }
  switch (exchange.request().method()) {
    case http::verb::get:
    case http::verb::head:
      return readGraph(state, exchange, target);
    case http::verb::put:
    case http::verb::post:
    case http::verb::delete_:
      return writeGraph(state, exchange, target, exchange.request().method());
    default:
      return exchange.sendError(http::status::method_not_allowed, "use GET, HEAD, PUT, POST or DELETE",
                                {{"Allow", "GET, HEAD, PUT, POST, DELETE, OPTIONS"}});
  }
}

}  // namespace kg::server
