#include "core/turtle_writer.h"

#include <ostream>

namespace kg {
namespace {

bool isAsciiAlnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// A local name every Turtle reader accepts: ASCII letters, digits, '_', '-' and inner '.';
// not starting with '-' or '.'. Stricter than PN_LOCAL on purpose (no escapes needed).
bool plainLocalName(std::string_view s) {
  if (s.empty()) return true;
  for (unsigned char c : s) {
    if (!(isAsciiAlnum(c) || c == '_' || c == '-' || c == '.')) return false;
  }
  return s.front() != '-' && s.front() != '.' && s.back() != '.';
}

bool plainBlankLabel(std::string_view s) {
  return !s.empty() && plainLocalName(s) && s.rfind("x_", 0) != 0;
}

bool matchesInteger(std::string_view s) {
  size_t i = (!s.empty() && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
  if (i >= s.size()) return false;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

bool matchesDecimal(std::string_view s) {
  size_t dot = s.find('.');
  if (dot == std::string_view::npos || dot + 1 >= s.size()) return false;
  std::string_view whole = s.substr(0, dot);
  std::string_view fraction = s.substr(dot + 1);
  if (!(whole.empty() || whole == "+" || whole == "-" || matchesInteger(whole))) return false;
  for (char c : fraction) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool matchesDouble(std::string_view s) {
  size_t e = s.find_first_of("eE");
  if (e == std::string_view::npos) return false;
  std::string_view mantissa = s.substr(0, e);
  std::string_view exponent = s.substr(e + 1);
  bool mantissaOk = matchesInteger(mantissa) || matchesDecimal(mantissa) ||
                    (!mantissa.empty() && mantissa.back() == '.' &&
                     matchesInteger(mantissa.substr(0, mantissa.size() - 1)));
  return mantissaOk && matchesInteger(exponent);
}

std::string iriTerm(std::string_view iri, const PrefixMap& prefixes) {
  const std::pair<const std::string, std::string>* best = nullptr;
  for (const auto& entry : prefixes) {
    const std::string& ns = entry.second;
    if (ns.empty() || iri.size() < ns.size() || iri.compare(0, ns.size(), ns) != 0) continue;
    if (!plainLocalName(iri.substr(ns.size()))) continue;
    if (!best || ns.size() > best->second.size()) best = &entry;
  }
  if (best) return best->first + ":" + std::string(iri.substr(best->second.size()));
  return "<" + escapeNTriplesIri(iri) + ">";
}

std::string blankTerm(std::string_view label) {
  if (plainBlankLabel(label)) return "_:" + std::string(label);
  static const char* kHex = "0123456789abcdef";
  std::string out = "_:x_";
  for (unsigned char c : label) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

std::string literalTerm(const Term& t, const PrefixMap& prefixes) {
  std::string_view dt = t.datatype;
  if (dt == vocab::kXsdInteger && matchesInteger(t.value)) return t.value;
  if (dt == vocab::kXsdDecimal && matchesDecimal(t.value)) return t.value;
  if (dt == vocab::kXsdDouble && matchesDouble(t.value)) return t.value;
  if (dt == vocab::kXsdBoolean && (t.value == "true" || t.value == "false")) return t.value;
  std::string out = "\"" + escapeNTriplesString(t.value) + "\"";
  if (!t.language.empty()) return out + "@" + t.language;
  if (dt.empty() || dt == vocab::kXsdString) return out;
  return out + "^^" + iriTerm(dt, prefixes);
}

}  // namespace

std::string turtleTerm(const Term& term, const PrefixMap& prefixes) {
  switch (term.kind) {
    case TermKind::kIri: return iriTerm(term.value, prefixes);
    case TermKind::kBlank: return blankTerm(term.value);
    case TermKind::kLiteral: return literalTerm(term, prefixes);
    case TermKind::kTriple:
      return "<< " + turtleTerm(term.triple->subject, prefixes) + " " +
             turtleTerm(term.triple->predicate, prefixes) + " " +
             turtleTerm(term.triple->object, prefixes) + " >>";
  }
  return {};
}

TurtleWriter::TurtleWriter(std::ostream& out, PrefixMap prefixes, bool trig)
    : out_(out), prefixes_(std::move(prefixes)), trig_(trig), graph_(Term::iri("")) {}

void TurtleWriter::start() {
  if (started_) return;
  started_ = true;
  for (const auto& [name, iri] : prefixes_) {
    out_ << "@prefix " << name << ": <" << escapeNTriplesIri(iri) << "> .\n";
  }
  if (!prefixes_.empty()) out_ << "\n";
}

void TurtleWriter::closeStatement() {
  if (subject_) out_ << " .\n";
  subject_.reset();
  predicate_.reset();
}

void TurtleWriter::write(const Quad& quad) {
  start();
  const char* indent = inGraph_ ? "  " : "";
  if (trig_ && quad.graph != graph_) {
    closeStatement();
    if (inGraph_) out_ << "}\n";
    graph_ = quad.graph;
    inGraph_ = !quad.inDefaultGraph();
    if (inGraph_) out_ << "\n" << turtleTerm(graph_, prefixes_) << " {\n";
    indent = inGraph_ ? "  " : "";
  }
  buffer_.clear();
  static const std::string kRdfType = std::string(vocab::kRdf) + "type";
  bool isType = quad.predicate.isIri() && quad.predicate.value == kRdfType;
  std::string predicate = isType ? "a" : turtleTerm(quad.predicate, prefixes_);
  if (subject_ && *subject_ == quad.subject) {
    if (*predicate_ == quad.predicate) {
      buffer_ += " ,\n";
      buffer_ += indent;
      buffer_ += "        ";
    } else {
      buffer_ += " ;\n";
      buffer_ += indent;
      buffer_ += "    " + predicate + " ";
      predicate_ = quad.predicate;
    }
  } else {
    if (subject_) buffer_ += " .\n";
    buffer_ += indent;
    buffer_ += turtleTerm(quad.subject, prefixes_) + " " + predicate + " ";
    subject_ = quad.subject;
    predicate_ = quad.predicate;
  }
  buffer_ += turtleTerm(quad.object, prefixes_);
  out_ << buffer_;
}

void TurtleWriter::finish() {
  start();
  closeStatement();
  if (inGraph_) out_ << "}\n";
  inGraph_ = false;
}

}  // namespace kg
