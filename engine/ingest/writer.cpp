// N-Triples / N-Quads (-star) writers with canonical escaping.
#include <ostream>

#include "ingest/ingest.h"

namespace kg::ingest {
namespace {

const char kHex[] = "0123456789ABCDEF";

void appendU4(std::string& out, unsigned char c) {
  out += "\\u00";
  out += kHex[c >> 4];
  out += kHex[c & 15];
}

void appendIri(std::string& out, const std::string& iri) {
  out += '<';
  for (char ch : iri) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' || c == '|' ||
        c == '^' || c == '`' || c == '\\') {
      appendU4(out, c);
    } else {
      out += ch;
    }
  }
  out += '>';
}

void appendString(std::string& out, const std::string& s) {
  out += '"';
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20 || c == 0x7F) {
          appendU4(out, c);
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

void appendStatement(std::string& out, const Quad& q, bool withGraph) {
  appendNTriplesTerm(out, q.subject);
  out += ' ';
  appendNTriplesTerm(out, q.predicate);
  out += ' ';
  appendNTriplesTerm(out, q.object);
  if (withGraph && !q.inDefaultGraph()) {
    out += ' ';
    appendNTriplesTerm(out, q.graph);
  }
  out += " .\n";
}

}  // namespace

void appendNTriplesTerm(std::string& out, const Term& t) {
  switch (t.kind) {
    case TermKind::kIri:
      appendIri(out, t.value);
      return;
    case TermKind::kBlank:
      out += "_:";
      out += t.value;
      return;
    case TermKind::kLiteral:
      appendString(out, t.value);
      if (!t.language.empty()) {
        out += '@';
        out += t.language;
      } else if (!t.datatype.empty() && t.datatype != vocab::kXsdString) {
        out += "^^";
        appendIri(out, t.datatype);
      }
      return;
    case TermKind::kTriple:
      out += "<< ";
      appendNTriplesTerm(out, t.triple->subject);
      out += ' ';
      appendNTriplesTerm(out, t.triple->predicate);
      out += ' ';
      appendNTriplesTerm(out, t.triple->object);
      out += " >>";
      return;
  }
}

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
