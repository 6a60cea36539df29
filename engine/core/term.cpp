#include "kg/term.h"

#include <cstdio>

namespace kg {

Term Term::iri(std::string iri) {
  Term t;
  t.kind = TermKind::kIri;
  t.value = std::move(iri);
  return t;
}

Term Term::blank(std::string label) {
  Term t;
  t.kind = TermKind::kBlank;
  t.value = std::move(label);
  return t;
}

Term Term::literal(std::string lexical, std::string datatype, std::string language) {
  Term t;
  t.kind = TermKind::kLiteral;
  t.value = std::move(lexical);
  t.language = std::move(language);
  if (!t.language.empty()) {
    t.datatype = std::string(vocab::kRdfLangString);
  } else if (datatype.empty()) {
    t.datatype = std::string(vocab::kXsdString);
  } else {
    t.datatype = std::move(datatype);
  }
  return t;
}

Term Term::quoted(Term subject, Term predicate, Term object) {
  Term t;
  t.kind = TermKind::kTriple;
  t.triple = std::make_shared<const QuotedTriple>(
      QuotedTriple{std::move(subject), std::move(predicate), std::move(object)});
  return t;
}

bool Term::isSimpleString() const {
  return kind == TermKind::kLiteral && language.empty() && datatype == vocab::kXsdString;
}

std::string escapeNTriplesString(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04X", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

std::string escapeNTriplesIri(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (c <= 0x20 || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' || c == '|' ||
        c == '^' || c == '`' || c == '\\') {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04X", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string Term::toNTriples() const {
  switch (kind) {
    case TermKind::kIri:
      return "<" + escapeNTriplesIri(value) + ">";
    case TermKind::kBlank:
      return "_:" + value;
    case TermKind::kLiteral: {
      std::string out = "\"" + escapeNTriplesString(value) + "\"";
      if (!language.empty()) {
        out += "@" + language;
      } else if (datatype != vocab::kXsdString && !datatype.empty()) {
        out += "^^<" + escapeNTriplesIri(datatype) + ">";
      }
      return out;
    }
    case TermKind::kTriple:
      return "<< " + triple->subject.toNTriples() + " " + triple->predicate.toNTriples() + " " +
             triple->object.toNTriples() + " >>";
  }
  return {};
}

std::string Quad::toNQuads() const {
  std::string out = subject.toNTriples() + " " + predicate.toNTriples() + " " +
                    object.toNTriples();
  if (!inDefaultGraph()) out += " " + graph.toNTriples();
  out += " .";
  return out;
}

bool operator==(const Term& a, const Term& b) {
  if (a.kind != b.kind) return false;
  if (a.kind == TermKind::kTriple) {
    if (a.triple == b.triple) return true;
    if (!a.triple || !b.triple) return false;
    return a.triple->subject == b.triple->subject &&
           a.triple->predicate == b.triple->predicate && a.triple->object == b.triple->object;
  }
  return a.value == b.value && a.datatype == b.datatype && a.language == b.language;
}

bool operator<(const Term& a, const Term& b) {
  if (a.kind != b.kind) return a.kind < b.kind;
  if (a.kind == TermKind::kTriple) {
    const QuotedTriple& x = *a.triple;
    const QuotedTriple& y = *b.triple;
    if (x.subject != y.subject) return x.subject < y.subject;
    if (x.predicate != y.predicate) return x.predicate < y.predicate;
    return x.object < y.object;
  }
  if (a.value != b.value) return a.value < b.value;
  if (a.datatype != b.datatype) return a.datatype < b.datatype;
  return a.language < b.language;
}

size_t TermHash::operator()(const Term& t) const {
  std::hash<std::string> h;
  size_t seed = static_cast<size_t>(t.kind);
  auto mix = [&seed](size_t v) { seed ^= v + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2); };
  if (t.kind == TermKind::kTriple) {
    mix(operator()(t.triple->subject));
    mix(operator()(t.triple->predicate));
    mix(operator()(t.triple->object));
  } else {
    mix(h(t.value));
    mix(h(t.datatype));
    mix(h(t.language));
  }
  return seed;
}

}  // namespace kg
