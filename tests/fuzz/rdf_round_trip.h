// The property the RDF parser targets check: a document either parses or fails with a
// ParseError that has a position; what parses, written as N-Quads, reads back as the same
// statements (the writers and the N-Quads parser agree).
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "fuzz_support.h"
#include "ingest/ingest.h"

namespace kg::fuzz {

inline void checkRdfRoundTrip(std::string_view text, ingest::RdfFormat format) {
  ingest::ParseOptions options;
  options.baseIri = "http://base.example/dir/";
  options.fileName = "input";
  std::vector<Quad> quads;
  try {
    ingest::parseRdfString(text, format, options, [&](Quad&& q) { quads.push_back(std::move(q)); });
  } catch (const ingest::ParseError& e) {
    if (e.line == 0 || e.column == 0) broken(std::string("parse error without a position: ") + e.what());
    return;
  }
  std::ostringstream written;
  for (const Quad& q : quads) ingest::writeNQuads(written, q);
  std::vector<Quad> again;
  try {
    ingest::parseRdfString(written.str(), ingest::RdfFormat::kNQuads, options,
                           [&](Quad&& q) { again.push_back(std::move(q)); });
  } catch (const ingest::ParseError& e) {
    broken(std::string("N-Quads written by kg do not parse: ") + e.what() + "\n" + written.str());
  }
  if (again.size() != quads.size()) broken("N-Quads round trip changed the statement count");
  for (size_t i = 0; i < quads.size(); ++i) {
    const Quad& a = quads[i];
    const Quad& b = again[i];
    bool sameGraph = a.inDefaultGraph() ? b.inDefaultGraph() : a.graph == b.graph;
    if (!(a.subject == b.subject && a.predicate == b.predicate && a.object == b.object && sameGraph)) {
      broken("N-Quads round trip changed a statement: " + a.toNQuads() + " became " + b.toNQuads());
    }
  }
}

}  // namespace kg::fuzz
