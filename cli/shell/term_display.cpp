#include "shell/term_display.h"

#include <set>

namespace kg::cli::shell {
namespace {

// Line breaks and tabs would break a table's rows: show them as escapes.
std::string visible(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
          out += '?';
        } else {
          out += c;
        }
    }
  }
  return out;
}

bool isNumericType(const std::string& datatype) {
  static const std::set<std::string> kNumeric = {
      "integer", "decimal", "double", "float", "int", "long", "short", "byte",
      "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger",
      "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte"};
  return datatype.compare(0, vocab::kXsd.size(), vocab::kXsd) == 0 &&
         kNumeric.count(datatype.substr(vocab::kXsd.size())) > 0;
}

// Types whose values read unambiguously without the type name.
bool isSelfEvidentType(const std::string& datatype) {
  static const std::set<std::string> kPlain = {"boolean", "date", "dateTime", "time", "gYear"};
  return datatype.compare(0, vocab::kXsd.size(), vocab::kXsd) == 0 &&
         kPlain.count(datatype.substr(vocab::kXsd.size())) > 0;
}

std::string inlineTerm(const Term& t, const PrefixTable& prefixes) {
  switch (t.kind) {
    case TermKind::kIri: return displayIri(t.value, prefixes);
    case TermKind::kBlank: return "_:" + t.value;
    case TermKind::kTriple:
      return "<< " + inlineTerm(t.triple->subject, prefixes) + " " +
             inlineTerm(t.triple->predicate, prefixes) + " " + inlineTerm(t.triple->object, prefixes) + " >>";
    case TermKind::kLiteral:
      if (isNumericType(t.datatype) || t.datatype == std::string(vocab::kXsdBoolean)) return t.value;
      if (!t.language.empty()) return "\"" + visible(t.value) + "\"@" + t.language;
      if (t.isSimpleString()) return "\"" + visible(t.value) + "\"";
      return "\"" + visible(t.value) + "\"^^" + displayIri(t.datatype, prefixes);
  }
  return {};
}

}  // namespace

std::string displayIri(const std::string& iri, const PrefixTable& prefixes) {
  std::string name = prefixes.compact(iri);
  return name.empty() ? "<" + iri + ">" : name;
}

Cell displayCell(const std::optional<Term>& term, const PrefixTable& prefixes) {
  Cell cell;
  if (!term) return cell;
  const Term& t = *term;
  switch (t.kind) {
    case TermKind::kIri:
      cell.style = CellStyle::kIri;
      cell.text = displayIri(t.value, prefixes);
      break;
    case TermKind::kBlank:
      cell.style = CellStyle::kBlank;
      cell.text = "_:" + t.value;
      break;
    case TermKind::kTriple:
      cell.style = CellStyle::kTriple;
      cell.text = inlineTerm(t, prefixes);
      break;
    case TermKind::kLiteral:
      if (isNumericType(t.datatype)) {
        cell.style = CellStyle::kNumber;
        cell.text = t.value;
      } else if (t.isSimpleString() || t.datatype == std::string(vocab::kXsdString)) {
        cell.style = CellStyle::kString;
        cell.text = visible(t.value);
      } else if (!t.language.empty()) {
        cell.style = CellStyle::kString;
        cell.text = visible(t.value) + " @" + t.language;
      } else if (isSelfEvidentType(t.datatype)) {
        cell.style = CellStyle::kOther;
        cell.text = visible(t.value);
      } else {
        cell.style = CellStyle::kOther;
        cell.text = visible(t.value) + " ^^" + displayIri(t.datatype, prefixes);
      }
      break;
  }
  return cell;
}

}  // namespace kg::cli::shell
