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

namespace {

const char kHex[] = "0123456789ABCDEF";

void appendU4(std::string& out, unsigned char c) {
  out += "\\u00";
  out += kHex[c >> 4];
  out += kHex[c & 15];
}

void appendEscapedString(std::string& out, std::string_view s) {
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
}

void appendEscapedIri(std::string& out, std::string_view s) {
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' || c == '|' ||
        c == '^' || c == '`' || c == '\\') {
      appendU4(out, c);
    } else {
      out += ch;
    }
  }
}

}  // namespace

std::string escapeNTriplesString(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  appendEscapedString(out, s);
  return out;
}

std::string escapeNTriplesIri(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  appendEscapedIri(out, s);
  return out;
}

void appendNTriples(std::string& out, const Term& t) {
  switch (t.kind) {
    case TermKind::kIri:
      out += '<';
      appendEscapedIri(out, t.value);
      out += '>';
      return;
    case TermKind::kBlank:
      out += "_:";
      out += t.value;
      return;
    case TermKind::kLiteral:
      out += '"';
      appendEscapedString(out, t.value);
      out += '"';
      if (!t.language.empty()) {
        out += '@';
        out += t.language;
      } else if (!t.datatype.empty() && t.datatype != vocab::kXsdString) {
        out += "^^<";
        appendEscapedIri(out, t.datatype);
        out += '>';
      }
      return;
    case TermKind::kTriple:
      out += "<< ";
      appendNTriples(out, t.triple->subject);
      out += ' ';
      appendNTriples(out, t.triple->predicate);
      out += ' ';
      appendNTriples(out, t.triple->object);
      out += " >>";
      return;
  }
}

std::string Term::toNTriples() const {
  std::string out;
  appendNTriples(out, *this);
  return out;
}

std::string Quad::toNQuads() const {
  std::string out;
  for (const Term* t : {&subject, &predicate, &object}) {
    appendNTriples(out, *t);
    out += ' ';
  }
  if (!inDefaultGraph()) {
    appendNTriples(out, graph);
    out += ' ';
  }
  out += '.';
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
