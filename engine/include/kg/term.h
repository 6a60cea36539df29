// RDF 1.1 terms plus RDF-star quoted triples: the values kg stores, queries and returns.
//
// A Term is a plain value type: copyable, comparable, hashable. It owns its strings.
// Thread-safety: a Term may be read from several threads at once; it is never mutated
// behind the caller's back (quoted triples are shared immutable).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace kg {

namespace vocab {
inline constexpr std::string_view kXsd = "http://www.w3.org/2001/XMLSchema#";
inline constexpr std::string_view kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
inline constexpr std::string_view kRdfs = "http://www.w3.org/2000/01/rdf-schema#";
inline constexpr std::string_view kOwl = "http://www.w3.org/2002/07/owl#";
// The project's own namespace (entities and relations kg extracts, provenance vocabulary).
inline constexpr std::string_view kKg = "http://kg.local/ns#";

inline constexpr std::string_view kXsdString = "http://www.w3.org/2001/XMLSchema#string";
inline constexpr std::string_view kXsdBoolean = "http://www.w3.org/2001/XMLSchema#boolean";
inline constexpr std::string_view kXsdInteger = "http://www.w3.org/2001/XMLSchema#integer";
inline constexpr std::string_view kXsdDecimal = "http://www.w3.org/2001/XMLSchema#decimal";
inline constexpr std::string_view kXsdDouble = "http://www.w3.org/2001/XMLSchema#double";
inline constexpr std::string_view kXsdFloat = "http://www.w3.org/2001/XMLSchema#float";
inline constexpr std::string_view kXsdDateTime = "http://www.w3.org/2001/XMLSchema#dateTime";
inline constexpr std::string_view kRdfLangString =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";
}  // namespace vocab

enum class TermKind : uint8_t { kIri = 1, kBlank = 2, kLiteral = 3, kTriple = 4 };

struct QuotedTriple;

// One RDF term.
//  - kIri:     value = the absolute IRI (no angle brackets).
//  - kBlank:   value = the label (no "_:").
//  - kLiteral: value = the lexical form (unescaped, UTF-8); datatype = datatype IRI, always
//              set (xsd:string for simple literals, rdf:langString when language is set);
//              language = the tag as written (compare case-insensitively).
//  - kTriple:  triple = the quoted triple (subject, predicate, object).
struct Term {
  TermKind kind = TermKind::kIri;
  std::string value;
  std::string datatype;
  std::string language;
  std::shared_ptr<const QuotedTriple> triple;

  static Term iri(std::string iri);
  static Term blank(std::string label);
  // A literal; an empty datatype means xsd:string (or rdf:langString with a language).
  static Term literal(std::string lexical, std::string datatype = {}, std::string language = {});
  static Term quoted(Term subject, Term predicate, Term object);

  bool isIri() const { return kind == TermKind::kIri; }
  bool isBlank() const { return kind == TermKind::kBlank; }
  bool isLiteral() const { return kind == TermKind::kLiteral; }
  bool isTriple() const { return kind == TermKind::kTriple; }
  // A literal without language whose datatype is xsd:string.
  bool isSimpleString() const;

  // N-Triples (-star) syntax of the term, e.g. <http://a>, _:b0, "x"@en, << <s> <p> <o> >>.
  std::string toNTriples() const;

  friend bool operator==(const Term& a, const Term& b);
  friend bool operator!=(const Term& a, const Term& b) { return !(a == b); }
  // A total order used for sorting and maps (not SPARQL's ORDER BY order).
  friend bool operator<(const Term& a, const Term& b);
};

struct QuotedTriple {
  Term subject, predicate, object;
};

// A statement in a graph. An empty graph (kind kIri with empty value) is the default graph.
struct Quad {
  Term subject, predicate, object, graph;
  bool inDefaultGraph() const { return graph.isIri() && graph.value.empty(); }
  // N-Quads line without the trailing newline (graph omitted for the default graph).
  std::string toNQuads() const;
};

// Escapes a string for use inside "..." in N-Triples/Turtle.
std::string escapeNTriplesString(std::string_view s);
// Escapes an IRI for use inside <...> in N-Triples.
std::string escapeNTriplesIri(std::string_view s);
// Appends the N-Triples(-star) form of a term (Term::toNTriples without a new string): ECHAR
// for \b \t \n \f \r \" \\, \uXXXX for other control characters and for characters
// N-Triples forbids in IRIs, UTF-8 otherwise, quoted triples as `<< s p o >>`.
void appendNTriples(std::string& out, const Term& term);

struct TermHash {
  size_t operator()(const Term& t) const;
};

}  // namespace kg
