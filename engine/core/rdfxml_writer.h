// RDF/XML output of a graph (CONSTRUCT, DESCRIBE, the Graph Store), written as statements
// arrive: consecutive statements with the same subject share one rdf:Description. RDF/XML
// cannot hold everything RDF can, so write() throws kg::Error (kQuery) for a quoted triple, a
// predicate IRI that does not end in an XML name (http://example.org/1), or text XML 1.0 has
// no form for (most control characters); Turtle and N-Triples hold all of them.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include "kg/query.h"
#include "kg/term.h"

namespace kg {

class RdfXmlWriter {
 public:
  // Prefixes whose names are XML names are declared on rdf:RDF and used for predicates.
  RdfXmlWriter(std::ostream& out, PrefixMap prefixes);
  // The graph of `quad` is ignored: RDF/XML holds one graph.
  void write(const Quad& quad);
  // Closes the last rdf:Description and rdf:RDF. Call once at the end.
  void finish();

 private:
  void start();
  std::string nodeAttribute(const Term& node, const char* iriAttribute) const;
  std::string propertyElement(const Term& predicate, const Term& object) const;
  std::ostream& out_;
  PrefixMap prefixes_;
  bool started_ = false;
  std::optional<Term> subject_;  // of the open rdf:Description
  std::string buffer_;
};

}  // namespace kg
