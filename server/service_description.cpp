// The SPARQL 1.1 Service Description of the endpoint, and the store's prefixes as JSON.
#include <sstream>

#include "core/turtle_writer.h"
#include "server/server_state.h"

namespace kg::server {
namespace {

std::string jsonString(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

}  // namespace

std::string serviceDescription(ServerState& state, const std::string& endpointIri) {
  StoreStatistics stats = state.db.statistics();
  std::ostringstream out;
  out << "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n"
         "@prefix formats: <http://www.w3.org/ns/formats/> .\n"
         "@prefix void: <http://rdfs.org/ns/void#> .\n\n"
      << "[] a sd:Service ;\n"
      << "  sd:endpoint <" << escapeNTriplesIri(endpointIri) << "> ;\n"
      << "  sd:supportedLanguage sd:SPARQL11Query";
  if (!state.options.updateToken.empty()) out << " , sd:SPARQL11Update";
  out << " ;\n"
      << "  sd:resultFormat formats:SPARQL_Results_JSON , formats:SPARQL_Results_XML ,\n"
      << "    formats:SPARQL_Results_CSV , formats:SPARQL_Results_TSV , formats:Turtle ,\n"
      << "    formats:N-Triples , formats:N-Quads , formats:TriG , formats:RDF_XML , formats:JSON-LD ;\n"
      << "  sd:inputFormat formats:Turtle , formats:N-Triples , formats:N-Quads , formats:TriG ,\n"
      << "    formats:RDF_XML ;\n"
      << "  sd:defaultDataset [\n"
      << "    a sd:Dataset ;\n";
  uint64_t defaultQuads = 0;
  for (const auto& g : stats.graphs) {
    if (g.graph.value.empty()) defaultQuads = g.quads;
  }
  out << "    sd:defaultGraph [ a sd:Graph ; void:triples " << defaultQuads << " ]";
  for (const auto& g : stats.graphs) {
    if (g.graph.value.empty()) continue;
    out << " ;\n    sd:namedGraph [ a sd:NamedGraph ; sd:name " << turtleTerm(g.graph, {})
        << " ;\n      sd:graph [ a sd:Graph ; void:triples " << g.quads << " ] ]";
  }
  out << "\n  ] .\n";
  return out.str();
}

void handlePrefixes(ServerState& state, HttpExchange& exchange) {
  std::string body = "{";
  bool first = true;
  for (const auto& [name, iri] : state.db.prefixes()) {
    body += (first ? "" : ",") + jsonString(name) + ":" + jsonString(iri);
    first = false;
  }
  body += "}\n";
  exchange.send(http::status::ok, "application/json", body);
}

}  // namespace kg::server
