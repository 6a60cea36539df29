#include "core/rdfxml_writer.h"

#include <ostream>

#include "core/markup_escape.h"
#include "kg/error.h"

namespace kg {
namespace {

bool isNameStart(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool isNameChar(unsigned char c) {
  return isNameStart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

// An XML NCName in ASCII (a stricter rule than XML's, so that every reader agrees).
bool isXmlName(std::string_view s) {
  if (s.empty() || !isNameStart(static_cast<unsigned char>(s[0]))) return false;
  for (unsigned char c : s) {
    if (!isNameChar(c)) return false;
  }
  return true;
}

// Where a predicate IRI splits into a namespace and a local XML name: the longest suffix of
// name characters, starting at its first name-start character. npos when there is none.
size_t localNameStart(std::string_view iri) {
  size_t start = iri.size();
  while (start > 0 && isNameChar(static_cast<unsigned char>(iri[start - 1]))) --start;
  while (start < iri.size() && !isNameStart(static_cast<unsigned char>(iri[start]))) ++start;
  return start < iri.size() ? start : std::string_view::npos;
}

// rdf:nodeID must be an XML name: a label that is one keeps it behind "b", any other is
// written in hex behind "h", so distinct blank nodes stay distinct.
std::string nodeId(std::string_view label) {
  bool plain = !label.empty();
  for (unsigned char c : label) plain = plain && isNameChar(c);
  if (plain) return "b" + std::string(label);
  static const char* kHex = "0123456789abcdef";
  std::string out = "h";
  for (unsigned char c : label) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

std::string checkedText(std::string_view text, const char* what) {
  if (!xmlCanHold(text)) {
    throw Error(ErrorCode::kQuery, std::string("RDF/XML cannot hold this ") + what +
                                       ": it contains a control character that XML 1.0 has no form "
                                       "for; ask for Turtle or N-Triples");
  }
  return xmlEscape(text);
}

[[noreturn]] void refuseQuotedTriple() {
  throw Error(ErrorCode::kQuery,
              "RDF/XML cannot hold quoted triples (RDF-star); ask for Turtle or N-Triples");
}

}  // namespace

RdfXmlWriter::RdfXmlWriter(std::ostream& out, PrefixMap prefixes) : out_(out) {
  for (auto& [name, iri] : prefixes) {
    // "rdf" is declared by the writer; names starting with "xml" are reserved by XML.
    if (isXmlName(name) && name != "rdf" && name.rfind("xml", 0) != 0 && !iri.empty()) {
      prefixes_.emplace(name, iri);
    }
  }
}

void RdfXmlWriter::start() {
  if (started_) return;
  started_ = true;
  out_ << "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rdf:RDF xmlns:rdf=\"" << vocab::kRdf << '"';
  for (const auto& [name, iri] : prefixes_) out_ << "\n    xmlns:" << name << "=\"" << xmlEscape(iri) << '"';
  out_ << ">\n";
}

std::string RdfXmlWriter::nodeAttribute(const Term& node, const char* iriAttribute) const {
  if (node.isBlank()) return " rdf:nodeID=\"" + nodeId(node.value) + "\"";
  if (node.isTriple()) refuseQuotedTriple();
  return std::string(" ") + iriAttribute + "=\"" + checkedText(node.value, "IRI") + "\"";
}

std::string RdfXmlWriter::propertyElement(const Term& predicate, const Term& object) const {
  const std::string& iri = predicate.value;
  size_t split = localNameStart(iri);
  if (split == std::string::npos || split == 0) {
    throw Error(ErrorCode::kQuery, "RDF/XML cannot write the predicate <" + iri +
                                       ">: it does not end in an XML name; ask for Turtle or "
                                       "N-Triples");
  }
  std::string_view ns(iri.data(), split);
  std::string local = iri.substr(split);
  // A declared prefix when one names exactly this namespace, else a declaration on the element.
  std::string name, declaration;
  if (ns == vocab::kRdf) name = "rdf:" + local;
  for (const auto& [prefix, prefixIri] : prefixes_) {
    if (name.empty() && prefixIri == ns) name = prefix + ":" + local;
  }
  if (name.empty()) {
    name = "ns:" + local;
    declaration = " xmlns:ns=\"" + checkedText(ns, "IRI") + "\"";
  }
  std::string element = "    <" + name + declaration;
  switch (object.kind) {
    case TermKind::kIri:
    case TermKind::kBlank:
      return element + nodeAttribute(object, "rdf:resource") + "/>\n";
    case TermKind::kTriple:
      refuseQuotedTriple();
    case TermKind::kLiteral:
      break;
  }
  if (!object.language.empty()) {
    element += " xml:lang=\"" + xmlEscape(object.language) + "\"";
  } else if (!object.datatype.empty() && object.datatype != vocab::kXsdString) {
    element += " rdf:datatype=\"" + checkedText(object.datatype, "IRI") + "\"";
  }
  return element + ">" + checkedText(object.value, "literal") + "</" + name + ">\n";
}

void RdfXmlWriter::write(const Quad& quad) {
  if (!quad.predicate.isIri()) {
    throw Error(ErrorCode::kQuery, "RDF/XML cannot write a predicate that is not an IRI: " +
                                       quad.predicate.toNTriples());
  }
  // Build the statement first, so that a refused one leaves no half-written element.
  buffer_.clear();
  if (!subject_ || *subject_ != quad.subject) {
    std::string open = "  <rdf:Description" + nodeAttribute(quad.subject, "rdf:about") + ">\n";
    buffer_ = subject_ ? "  </rdf:Description>\n" + open : open;
  }
  buffer_ += propertyElement(quad.predicate, quad.object);
  start();
  out_ << buffer_;
  subject_ = quad.subject;
}

void RdfXmlWriter::finish() {
  start();
  if (subject_) out_ << "  </rdf:Description>\n";
  out_ << "</rdf:RDF>\n";
  subject_.reset();
}

}  // namespace kg
