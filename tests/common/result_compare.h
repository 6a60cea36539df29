// Comparing SPARQL results the W3C way, for tests: result sets as bags (blank nodes matched by
// one consistent bijection, isomorphism.h), ordered comparison on sort keys, REDUCED's lax
// cardinality, graphs by isomorphism; plus readers for SPARQL CSV/TSV results and for single
// terms written in Turtle/N-Triples(-star) syntax. Header-only.
//
// Every compare function returns an empty string when the results agree and otherwise a
// one-line reason ("expected 3 rows, got 2; missing: ...").
#pragma once

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "isomorphism.h"
#include "json_results.h"
#include "suite_index.h"
#include "kg/term.h"

namespace kg::testing {

// ---------------------------------------------------------------------------------------
// Normalisation and rendering

inline std::string asciiLower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Language tags compare case-insensitively: lower-case them (recursively in quoted triples).
inline Term normalizeTerm(const Term& t) {
  if (t.isLiteral() && !t.language.empty()) {
    Term out = t;
    out.language = asciiLower(t.language);
    return out;
  }
  if (t.isTriple()) {
    return Term::quoted(normalizeTerm(t.triple->subject), normalizeTerm(t.triple->predicate),
                        normalizeTerm(t.triple->object));
  }
  return t;
}

// True for xsd numeric datatypes (integer and its derived types, decimal, float, double).
inline bool isNumericDatatype(const std::string& dt) {
  static const std::set<std::string> kTypes = {
      "integer", "decimal", "float", "double", "nonPositiveInteger", "negativeInteger", "long",
      "int", "short", "byte", "nonNegativeInteger", "unsignedLong", "unsignedInt",
      "unsignedShort", "unsignedByte", "positiveInteger"};
  return dt.size() > vocab::kXsd.size() && dt.compare(0, vocab::kXsd.size(), vocab::kXsd) == 0 &&
         kTypes.count(dt.substr(vocab::kXsd.size()));
}

// Canonical lexical form of an xsd integer or decimal lexical form, exact at any length
// ("+007" -> "7", "-0.50" -> "-0.5", "3" -> "3.0" for decimals); nullopt if ill-formed.
inline std::optional<std::string> canonicalExactNumber(const std::string& v, bool isDecimal) {
  size_t i = 0;
  bool negative = false;
  if (i < v.size() && (v[i] == '+' || v[i] == '-')) negative = v[i++] == '-';
  std::string whole, fraction;
  while (i < v.size() && std::isdigit(static_cast<unsigned char>(v[i]))) whole += v[i++];
  if (isDecimal && i < v.size() && v[i] == '.') {
    ++i;
    while (i < v.size() && std::isdigit(static_cast<unsigned char>(v[i]))) fraction += v[i++];
  }
  if (i != v.size() || (whole.empty() && fraction.empty())) return std::nullopt;
  whole.erase(0, std::min(whole.find_first_not_of('0'), whole.size()));
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  if (whole.empty()) whole = "0";
  bool zero = whole == "0" && fraction.empty();
  std::string out = (negative && !zero ? "-" : "") + whole;
  if (isDecimal) out += "." + (fraction.empty() ? std::string("0") : fraction);
  return out;
}

// Canonical form of an xsd:float / xsd:double lexical form: the shortest text that reads back
// as the same binary value at that precision; nullopt if ill-formed.
inline std::optional<std::string> canonicalFloating(const std::string& v, bool isFloat) {
  if (v == "NaN") return v;
  if (v == "INF" || v == "+INF") return std::string("INF");
  if (v == "-INF") return v;
  // XSD lexical space: sign? (digits (. digits?)? | . digits) ([eE] sign? digits)?
  size_t i = 0;
  if (i < v.size() && (v[i] == '+' || v[i] == '-')) ++i;
  size_t digits = 0;
  while (i < v.size() && std::isdigit(static_cast<unsigned char>(v[i]))) ++i, ++digits;
  if (i < v.size() && v[i] == '.') {
    ++i;
    while (i < v.size() && std::isdigit(static_cast<unsigned char>(v[i]))) ++i, ++digits;
  }
  if (digits == 0) return std::nullopt;
  if (i < v.size() && (v[i] == 'e' || v[i] == 'E')) {
    ++i;
    if (i < v.size() && (v[i] == '+' || v[i] == '-')) ++i;
    size_t expDigits = 0;
    while (i < v.size() && std::isdigit(static_cast<unsigned char>(v[i]))) ++i, ++expDigits;
    if (expDigits == 0) return std::nullopt;
  }
  if (i != v.size()) return std::nullopt;
  char buf[64];
  if (isFloat) {
    std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(std::strtof(v.c_str(), nullptr)));
  } else {
    std::snprintf(buf, sizeof buf, "%.17g", std::strtod(v.c_str(), nullptr));
  }
  return std::string(buf);
}

// A numeric literal rewritten to one canonical lexical form of its value, datatype kept: two
// numeric literals then compare equal exactly when they have the same datatype and the same
// value in that datatype's value space ("2.0"^^xsd:decimal = "2"^^xsd:decimal, but
// "2"^^xsd:decimal != "2"^^xsd:integer and "0.1"^^xsd:decimal != "0.10000001"^^xsd:decimal).
// Ill-formed numbers stay as they are, so they match only themselves.
inline Term numericByValue(const Term& t) {
  if (!t.isLiteral() || !isNumericDatatype(t.datatype)) return t;
  std::string local = t.datatype.substr(vocab::kXsd.size());
  std::optional<std::string> canonical;
  if (local == "float" || local == "double") {
    canonical = canonicalFloating(t.value, local == "float");
  } else {
    canonical = canonicalExactNumber(t.value, local == "decimal");
  }
  return canonical ? Term::literal(*canonical, t.datatype) : t;
}

inline Row normalizeRow(const Row& row, bool byValue = false) {
  Row out;
  out.reserve(row.size());
  for (const auto& c : row) {
    if (!c) {
      out.emplace_back();
    } else {
      Term t = normalizeTerm(*c);
      out.emplace_back(byValue ? numericByValue(t) : t);
    }
  }
  return out;
}

inline std::string renderCell(const Cell& c) { return c ? c->toNTriples() : "UNDEF"; }

inline std::string renderRowText(const Row& row, const std::vector<std::string>* vars = nullptr) {
  std::string out = "(";
  for (size_t i = 0; i < row.size(); ++i) {
    if (i) out += " ";
    if (vars && i < vars->size()) out += "?" + (*vars)[i] + "=";
    out += renderCell(row[i]);
  }
  return out + ")";
}

// A row with every blank node shown as "_:" (for diffs that ignore blank node labels).
inline std::string blankAgnosticKey(const Row& row) {
  return detail::renderRow(row, nullptr, nullptr);
}

inline bool hasBlanks(const std::vector<Row>& rows) {
  std::set<std::string> b;
  for (const auto& r : rows) {
    for (const auto& c : r) {
      if (c) detail::collectBlanks(*c, b);
    }
  }
  return !b.empty();
}

// Describes how two bags differ, ignoring blank node labels: "expected N rows, got M;
// missing: (...); unexpected: (...)".
inline std::string describeBagDifference(const std::vector<Row>& expected,
                                         const std::vector<Row>& actual,
                                         const std::vector<std::string>* vars,
                                         const char* noun = "rows") {
  std::map<std::string, std::pair<int, const Row*>> counts;
  for (const auto& r : expected) {
    auto& e = counts[blankAgnosticKey(r)];
    e.first++;
    e.second = &r;
  }
  std::map<std::string, std::pair<int, const Row*>> extra;
  for (const auto& r : actual) {
    auto it = counts.find(blankAgnosticKey(r));
    if (it != counts.end() && it->second.first > 0) {
      it->second.first--;
    } else {
      auto& e = extra[blankAgnosticKey(r)];
      e.first++;
      e.second = &r;
    }
  }
  std::string out;
  if (expected.size() != actual.size()) {
    out = "expected " + std::to_string(expected.size()) + " " + noun + ", got " +
          std::to_string(actual.size());
  }
  size_t missing = 0;
  const Row* firstMissing = nullptr;
  for (const auto& [k, e] : counts) {
    if (e.first > 0) {
      missing += static_cast<size_t>(e.first);
      if (!firstMissing) firstMissing = e.second;
    }
  }
  size_t unexpected = 0;
  const Row* firstExtra = nullptr;
  for (const auto& [k, e] : extra) {
    unexpected += static_cast<size_t>(e.first);
    if (!firstExtra) firstExtra = e.second;
  }
  auto add = [&](const std::string& s) { out += (out.empty() ? "" : "; ") + s; };
  if (firstMissing) {
    add("missing " + std::to_string(missing) + ", e.g. " + renderRowText(*firstMissing, vars));
  }
  if (firstExtra) {
    add("unexpected " + std::to_string(unexpected) + ", e.g. " +
        renderRowText(*firstExtra, vars));
  }
  if (out.empty()) out = "blank nodes are connected differently";
  return out;
}

// ---------------------------------------------------------------------------------------
// Result sets

struct CompareOptions {
  bool ordered = false;  // the row order matters (top-level ORDER BY)
  bool lax = false;      // REDUCED: each distinct row at least once, at most as often as expected
  // With `ordered`: the projected variables that are the ORDER BY keys, in key order. Rows are
  // then compared position by position on these columns only (ties may come in any order).
  // Empty with `ordered`: the whole rows are compared position by position.
  std::vector<std::string> sortKeys;
  // Compare numeric literals by value in their datatype's value space (numericByValue above)
  // instead of by lexical form.
  bool numericByValue = false;
};

// Compares `actual` against `expected`. Variables must be the same set (order free).
inline std::string compareResultSets(const ResultSet& expected, const ResultSet& actual,
                                     const CompareOptions& options = {}) {
  if (expected.isBoolean != actual.isBoolean) {
    return expected.isBoolean ? "expected a boolean (ASK) result, got a solution sequence"
                              : "expected a solution sequence, got a boolean";
  }
  if (expected.isBoolean) {
    if (expected.boolean == actual.boolean) return "";
    return std::string("expected ") + (expected.boolean ? "true" : "false") + ", got " +
           (actual.boolean ? "true" : "false");
  }
  auto joinVars = [](const std::vector<std::string>& v) {
    std::vector<std::string> s = v;
    std::sort(s.begin(), s.end());
    std::string out;
    for (const auto& x : s) out += (out.empty() ? "?" : " ?") + x;
    return "[" + out + "]";
  };
  std::set<std::string> ev(expected.variables.begin(), expected.variables.end());
  std::set<std::string> av(actual.variables.begin(), actual.variables.end());
  if (ev != av || ev.size() != expected.variables.size() ||
      av.size() != actual.variables.size()) {
    return "variables differ: expected " + joinVars(expected.variables) + ", got " +
           joinVars(actual.variables);
  }
  // Put the actual columns in the expected order.
  std::vector<size_t> perm;
  for (const auto& v : expected.variables) {
    perm.push_back(static_cast<size_t>(
        std::find(actual.variables.begin(), actual.variables.end(), v) -
        actual.variables.begin()));
  }
  std::vector<Row> exp, act;
  for (const auto& r : expected.rows) {
    Row row = normalizeRow(r, options.numericByValue);
    row.resize(expected.variables.size());
    exp.push_back(std::move(row));
  }
  for (const auto& r : actual.rows) {
    Row row;
    for (size_t p : perm) {
      if (p < r.size() && r[p]) {
        Term t = normalizeTerm(*r[p]);
        row.emplace_back(options.numericByValue ? numericByValue(t) : t);
      } else {
        row.emplace_back();
      }
    }
    act.push_back(std::move(row));
  }
  const auto* vars = &expected.variables;

  if (options.lax) {
    // Distinct rows must be the same; multiplicities between 1 and the expected count.
    std::map<std::string, int> ec, ac;
    for (const auto& r : exp) ec[blankAgnosticKey(r)]++;
    for (const auto& r : act) ac[blankAgnosticKey(r)]++;
    for (const auto& [k, n] : ac) {
      auto it = ec.find(k);
      if (it == ec.end()) return "unexpected row " + k;
      if (n > it->second) {
        return "row occurs " + std::to_string(n) + " times, at most " +
               std::to_string(it->second) + " allowed: " + k;
      }
    }
    for (const auto& [k, n] : ec) {
      if (!ac.count(k)) return "missing row " + k;
    }
    return "";
  }

  if (!isomorphic(exp, act)) return describeBagDifference(exp, act, vars);

  if (options.ordered) {
    std::vector<size_t> keyCols;
    for (const auto& k : options.sortKeys) {
      auto it = std::find(expected.variables.begin(), expected.variables.end(), k);
      if (it == expected.variables.end()) {
        keyCols.clear();
        break;
      }
      keyCols.push_back(static_cast<size_t>(it - expected.variables.begin()));
    }
    bool whole = options.sortKeys.empty() || keyCols.size() != options.sortKeys.size();
    for (size_t i = 0; i < exp.size(); ++i) {
      Row e, a;
      if (whole) {
        e = exp[i];
        a = act[i];
      } else {
        for (size_t c : keyCols) {
          e.push_back(exp[i][c]);
          a.push_back(act[i][c]);
        }
      }
      if (blankAgnosticKey(e) != blankAgnosticKey(a)) {
        return "order differs at row " + std::to_string(i + 1) + ": expected " +
               renderRowText(exp[i], vars) + ", got " + renderRowText(act[i], vars);
      }
    }
  }
  return "";
}

// ---------------------------------------------------------------------------------------
// Graphs and datasets (graph = nullopt/default for triples)

inline std::string compareQuads(const std::vector<Quad>& expected, const std::vector<Quad>& actual,
                                const char* noun = "triples") {
  std::vector<Row> e, a;
  for (const auto& r : quadsToRows(expected)) e.push_back(normalizeRow(r));
  for (const auto& r : quadsToRows(actual)) a.push_back(normalizeRow(r));
  // RDF graphs are sets: drop duplicates (a CONSTRUCT may deliver a triple twice).
  auto dedupe = [](std::vector<Row>& rows) {
    std::set<std::string> seen;
    std::vector<Row> out;
    for (auto& r : rows) {
      if (seen.insert(detail::renderRow(r, nullptr, nullptr) + renderRowText(r)).second) {
        out.push_back(std::move(r));
      }
    }
    rows = std::move(out);
  };
  dedupe(e);
  dedupe(a);
  if (isomorphic(e, a)) return "";
  return describeBagDifference(e, a, nullptr, noun);
}

// ---------------------------------------------------------------------------------------
// Terms in Turtle / N-Triples(-star) syntax

// Parses one term at `pos` of `s` (leading spaces skipped), advancing pos. Accepts <iri>,
// prefixed names (with `prefixes`; "a" is rdf:type), _:label, "..." / '...' / """...""" with
// escapes and @lang or ^^<dt> / ^^p:dt, numbers (integer, decimal, double), true/false, and
// << s p o >> quoted triples. Relative IRIs stay as written. Throws std::runtime_error.
class TermReader {
 public:
  explicit TermReader(const std::map<std::string, std::string>* prefixes = nullptr)
      : prefixes_(prefixes) {}

  Term read(std::string_view s, size_t& pos) const {
    skip(s, pos);
    if (pos >= s.size()) throw std::runtime_error("expected a term, found the end");
    char c = s[pos];
    if (c == '<' && s.substr(pos, 2) == "<<") {
      pos += 2;
      Term subj = read(s, pos);
      Term pred = read(s, pos);
      Term obj = read(s, pos);
      skip(s, pos);
      if (s.substr(pos, 2) != ">>") throw std::runtime_error("expected '>>' after quoted triple");
      pos += 2;
      return Term::quoted(std::move(subj), std::move(pred), std::move(obj));
    }
    if (c == '<') {
      size_t end = s.find('>', pos);
      if (end == std::string_view::npos) throw std::runtime_error("unterminated IRI");
      std::string iri = unescape(s.substr(pos + 1, end - pos - 1));
      pos = end + 1;
      return Term::iri(iri);
    }
    if (c == '_' && s.substr(pos, 2) == "_:") {
      size_t end = pos + 2;
      while (end < s.size() && isNameChar(s[end])) ++end;
      while (end > pos + 2 && s[end - 1] == '.') --end;
      std::string label(s.substr(pos + 2, end - pos - 2));
      pos = end;
      return Term::blank(label);
    }
    if (c == '"' || c == '\'') return readLiteral(s, pos);
    if (c == '+' || c == '-' || c == '.' || std::isdigit(static_cast<unsigned char>(c))) {
      return readNumber(s, pos);
    }
    // Keyword or prefixed name.
    size_t end = pos;
    while (end < s.size() && (isNameChar(s[end]) || s[end] == ':' || s[end] == '%' ||
                              (s[end] == '\\' && end + 1 < s.size()))) {
      if (s[end] == '\\') ++end;
      ++end;
    }
    while (end > pos && s[end - 1] == '.') --end;
    std::string word(s.substr(pos, end - pos));
    if (word.empty()) {
      throw std::runtime_error(std::string("unexpected character '") + c + "'");
    }
    pos = end;
    if (word == "true" || word == "false") {
      return Term::literal(word, std::string(vocab::kXsdBoolean));
    }
    if (word == "a") return Term::iri(std::string(vocab::kRdf) + "type");
    return Term::iri(expand(word));
  }

  // The whole of `s` must be one term.
  Term readAll(std::string_view s) const {
    size_t pos = 0;
    Term t = read(s, pos);
    skip(s, pos);
    if (pos != s.size()) {
      throw std::runtime_error("unexpected text after term: '" + std::string(s.substr(pos)) + "'");
    }
    return t;
  }

  std::string expand(const std::string& pname) const {
    auto colon = pname.find(':');
    if (colon == std::string::npos) throw std::runtime_error("unknown word '" + pname + "'");
    std::string prefix = pname.substr(0, colon);
    if (!prefixes_ || !prefixes_->count(prefix)) {
      static const std::map<std::string, std::string> builtin = {
          {"xsd", std::string(vocab::kXsd)},
          {"rdf", std::string(vocab::kRdf)},
          {"rdfs", std::string(vocab::kRdfs)},
          {"owl", std::string(vocab::kOwl)}};
      auto it = builtin.find(prefix);
      if (it == builtin.end()) throw std::runtime_error("undeclared prefix '" + prefix + ":'");
      return it->second + unescapeLocal(pname.substr(colon + 1));
    }
    return prefixes_->at(prefix) + unescapeLocal(pname.substr(colon + 1));
  }

 private:
  static void skip(std::string_view s, size_t& pos) {
    while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\r' || s[pos] == '\n')) {
      ++pos;
    }
  }
  static bool isNameChar(char c) {
    unsigned char u = static_cast<unsigned char>(c);
    return std::isalnum(u) || c == '_' || c == '-' || c == '.' || u >= 0x80;
  }
  static std::string unescapeLocal(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '\\' && i + 1 < s.size()) {
        out += s[++i];
      } else {
        out += s[i];
      }
    }
    return out;
  }

  static std::string unescape(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] != '\\' || i + 1 >= s.size()) {
        out += s[i];
        continue;
      }
      char e = s[++i];
      switch (e) {
        case 't': out += '\t'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case '"': out += '"'; break;
        case '\'': out += '\''; break;
        case '\\': out += '\\'; break;
        case 'u':
        case 'U': {
          size_t n = e == 'u' ? 4 : 8;
          if (i + n >= s.size()) throw std::runtime_error("truncated \\u escape");
          uint32_t cp = static_cast<uint32_t>(std::stoul(std::string(s.substr(i + 1, n)), nullptr, 16));
          appendUtf8(out, cp);
          i += n;
          break;
        }
        default: out += '\\'; out += e;
      }
    }
    return out;
  }

  Term readLiteral(std::string_view s, size_t& pos) const {
    char q = s[pos];
    bool longForm = s.substr(pos, 3) == std::string(3, q);
    size_t start = pos + (longForm ? 3 : 1);
    size_t i = start;
    while (true) {
      if (i >= s.size()) throw std::runtime_error("unterminated string literal");
      if (s[i] == '\\') {
        i += 2;
        continue;
      }
      if (longForm ? s.substr(i, 3) == std::string(3, q) : s[i] == q) break;
      ++i;
    }
    std::string lexical = unescape(s.substr(start, i - start));
    pos = i + (longForm ? 3 : 1);
    if (pos < s.size() && s[pos] == '@') {
      size_t end = pos + 1;
      while (end < s.size() &&
             (std::isalnum(static_cast<unsigned char>(s[end])) || s[end] == '-')) {
        ++end;
      }
      std::string lang(s.substr(pos + 1, end - pos - 1));
      pos = end;
      return Term::literal(lexical, "", lang);
    }
    if (s.substr(pos, 2) == "^^") {
      pos += 2;
      Term dt = read(s, pos);
      if (!dt.isIri()) throw std::runtime_error("datatype is not an IRI");
      return Term::literal(lexical, dt.value);
    }
    return Term::literal(lexical);
  }

  static Term readNumber(std::string_view s, size_t& pos) {
    size_t end = pos;
    if (end < s.size() && (s[end] == '+' || s[end] == '-')) ++end;
    bool dot = false, exp = false;
    while (end < s.size()) {
      char c = s[end];
      if (std::isdigit(static_cast<unsigned char>(c))) {
        ++end;
      } else if (c == '.' && !dot && !exp && end + 1 < s.size() &&
                 std::isdigit(static_cast<unsigned char>(s[end + 1]))) {
        dot = true;
        ++end;
      } else if ((c == 'e' || c == 'E') && !exp) {
        exp = true;
        ++end;
        if (end < s.size() && (s[end] == '+' || s[end] == '-')) ++end;
      } else {
        break;
      }
    }
    std::string lexical(s.substr(pos, end - pos));
    if (lexical.empty() || lexical == "+" || lexical == "-") {
      throw std::runtime_error("bad number");
    }
    pos = end;
    std::string_view dt = exp ? vocab::kXsdDouble : dot ? vocab::kXsdDecimal : vocab::kXsdInteger;
    return Term::literal(lexical, std::string(dt));
  }

  const std::map<std::string, std::string>* prefixes_;
};

// ---------------------------------------------------------------------------------------
// SPARQL 1.1 CSV / TSV results

inline std::vector<std::string> splitLines(std::string_view text) {
  std::vector<std::string> lines;
  std::string cur;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      if (!cur.empty() && cur.back() == '\r') cur.pop_back();
      lines.push_back(cur);
      cur.clear();
    } else {
      cur += text[i];
    }
  }
  if (!cur.empty()) {
    if (cur.back() == '\r') cur.pop_back();
    lines.push_back(cur);
  }
  return lines;
}

// CSV results: every cell becomes a plain literal of its text, except "_:x" (a blank node)
// and an empty cell (unbound). Quoted cells may contain commas, quotes ("") and newlines.
inline ResultSet parseCsvResults(std::string_view text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> rec;
  std::string cell;
  bool quoted = false, any = false, wasQuoted = false;
  std::vector<std::vector<bool>> quotedFlags;
  std::vector<bool> recQuoted;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    any = true;
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = true;
      wasQuoted = true;
    } else if (c == ',') {
      rec.push_back(cell);
      recQuoted.push_back(wasQuoted);
      cell.clear();
      wasQuoted = false;
    } else if (c == '\r') {
      // part of CRLF
    } else if (c == '\n') {
      rec.push_back(cell);
      recQuoted.push_back(wasQuoted);
      records.push_back(rec);
      quotedFlags.push_back(recQuoted);
      rec.clear();
      recQuoted.clear();
      cell.clear();
      wasQuoted = false;
      any = false;
    } else {
      cell += c;
    }
  }
  if (any) {
    rec.push_back(cell);
    recQuoted.push_back(wasQuoted);
    records.push_back(rec);
    quotedFlags.push_back(recQuoted);
  }
  ResultSet out;
  if (records.empty()) return out;
  out.variables = records[0];
  for (size_t r = 1; r < records.size(); ++r) {
    Row row;
    for (size_t i = 0; i < records[r].size(); ++i) {
      const std::string& v = records[r][i];
      if (v.empty() && !quotedFlags[r][i]) {
        row.emplace_back();
      } else if (v.rfind("_:", 0) == 0 && !quotedFlags[r][i]) {
        row.emplace_back(Term::blank(v.substr(2)));
      } else {
        row.emplace_back(Term::literal(v));
      }
    }
    row.resize(out.variables.size());
    out.rows.push_back(std::move(row));
  }
  return out;
}

// Doubles: compare the exponent letter case-insensitively (TSV writes 1.0e6 for "1.0E6").
inline Term normalizeDoubleExponent(const Term& t) {
  if (t.isLiteral() && t.datatype == vocab::kXsdDouble) {
    Term out = t;
    for (auto& c : out.value) {
      if (c == 'E') c = 'e';
    }
    return out;
  }
  return t;
}

// TSV results: header "?x\t?y", cells are terms in Turtle syntax (bare numbers allowed),
// empty = unbound.
inline ResultSet parseTsvResults(std::string_view text) {
  ResultSet out;
  auto lines = splitLines(text);
  if (lines.empty()) return out;
  for (auto& v : splitOn(lines[0], '\t')) {
    out.variables.push_back(!v.empty() && (v[0] == '?' || v[0] == '$') ? v.substr(1) : v);
  }
  TermReader reader;
  for (size_t l = 1; l < lines.size(); ++l) {
    Row row;
    for (auto& cell : splitOn(lines[l], '\t')) {
      if (cell.empty()) {
        row.emplace_back();
      } else {
        row.emplace_back(normalizeDoubleExponent(reader.readAll(cell)));
      }
    }
    row.resize(out.variables.size());
    out.rows.push_back(std::move(row));
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// ORDER BY keys of a query text

// The top-level ORDER BY conditions of a query, as the projected variables they sort on, or
// nullopt when there is no top-level ORDER BY or a condition is not a plain (ASC/DESC)
// variable (the rows must then be compared position by position).
inline std::optional<std::vector<std::string>> topLevelOrderKeys(std::string_view q) {
  // Blank out comments, strings and IRIs; track brace depth.
  std::string clean(q);
  for (size_t i = 0; i < clean.size(); ++i) {
    char c = clean[i];
    if (c == '#') {
      while (i < clean.size() && clean[i] != '\n') clean[i++] = ' ';
    } else if (c == '"' || c == '\'') {
      bool longForm = clean.compare(i, 3, std::string(3, c)) == 0;
      size_t j = i + (longForm ? 3 : 1);
      while (j < clean.size()) {
        if (clean[j] == '\\') {
          j += 2;
          continue;
        }
        if (longForm ? clean.compare(j, 3, std::string(3, c)) == 0 : clean[j] == c) break;
        ++j;
      }
      size_t end = std::min(clean.size(), j + (longForm ? 3 : 1));
      for (size_t k = i; k < end; ++k) clean[k] = ' ';
      i = end ? end - 1 : 0;
    } else if (c == '<') {
      size_t j = i + 1;
      while (j < clean.size() && clean[j] != '>' && clean[j] != ' ' && clean[j] != '\n' &&
             clean[j] != '<')
        ++j;
      if (j < clean.size() && clean[j] == '>') {
        for (size_t k = i; k <= j; ++k) clean[k] = ' ';
        i = j;
      }
    }
  }
  std::string upper = clean;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  int depth = 0;
  size_t found = std::string::npos;
  for (size_t i = 0; i < upper.size(); ++i) {
    if (upper[i] == '{') depth++;
    if (upper[i] == '}') depth--;
    if (depth == 0 && upper.compare(i, 5, "ORDER") == 0 &&
        (i == 0 || !std::isalnum(static_cast<unsigned char>(upper[i - 1])))) {
      size_t j = i + 5;
      while (j < upper.size() && std::isspace(static_cast<unsigned char>(upper[j]))) ++j;
      if (upper.compare(j, 2, "BY") == 0) found = j + 2;
    }
  }
  if (found == std::string::npos) return std::nullopt;
  std::vector<std::string> keys;
  size_t i = found;
  auto skipWs = [&] {
    while (i < clean.size() && std::isspace(static_cast<unsigned char>(clean[i]))) ++i;
  };
  while (true) {
    skipWs();
    if (i >= clean.size()) break;
    if (upper.compare(i, 5, "LIMIT") == 0 || upper.compare(i, 6, "OFFSET") == 0 ||
        upper.compare(i, 6, "VALUES") == 0) {
      break;
    }
    bool wrapped = false;
    if (upper.compare(i, 3, "ASC") == 0 || upper.compare(i, 4, "DESC") == 0) {
      i += upper.compare(i, 3, "ASC") == 0 ? 3 : 4;
      skipWs();
      if (i >= clean.size() || clean[i] != '(') return std::nullopt;
      ++i;
      skipWs();
      wrapped = true;
    }
    if (i < clean.size() && (clean[i] == '?' || clean[i] == '$')) {
      size_t j = i + 1;
      while (j < clean.size() &&
             (std::isalnum(static_cast<unsigned char>(clean[j])) || clean[j] == '_' ||
              static_cast<unsigned char>(clean[j]) >= 0x80))
        ++j;
      keys.push_back(clean.substr(i + 1, j - i - 1));
      i = j;
    } else {
      return std::nullopt;  // an expression
    }
    if (wrapped) {
      skipWs();
      if (i >= clean.size() || clean[i] != ')') return std::nullopt;
      ++i;
    }
  }
  if (keys.empty()) return std::nullopt;
  return keys;
}

}  // namespace kg::testing
