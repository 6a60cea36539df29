// N-Triples / N-Quads (-star) writers with canonical escaping.
#include <ostream>

#include "ingest/ingest.h"

namespace kg::ingest {
namespace {

void appendStatement(std::string& out, const Quad& q, bool withGraph) {
  appendNTriples(out, q.subject);
  out += ' ';
  appendNTriples(out, q.predicate);
  out += ' ';
  appendNTriples(out, q.object);
  if (withGraph && !q.inDefaultGraph()) {
    out += ' ';
    appendNTriples(out, q.graph);
  }
  out += " .\n";
}

}  // namespace

void writeNTriples(std::ostream& out, const Quad& quad) {
  std::string line;
  appendStatement(line, quad, false);
  out.write(line.data(), static_cast<std::streamsize>(line.size()));
}

void writeNQuads(std::ostream& out, const Quad& quad) {
  std::string line;
  appendStatement(line, quad, true);
  out.write(line.data(), static_cast<std::streamsize>(line.size()));
}

}  // namespace kg::ingest
