// A small JSON reader and a reader for SPARQL 1.1 Query Results JSON (.srj), including the
// RDF-star "triple" term type. Header-only; for tests. Throws std::runtime_error on malformed
// input, with the byte offset.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/utf8.h"
#include "kg/term.h"

namespace kg::testing {

struct JsonValue {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  bool boolean = false;
  std::string text;  // string value, or the number as written
  std::vector<JsonValue> items;
  std::vector<std::pair<std::string, JsonValue>> members;  // in document order

  bool isObject() const { return kind == Kind::kObject; }
  bool isArray() const { return kind == Kind::kArray; }
  bool isString() const { return kind == Kind::kString; }
  // Member by key, or nullptr.
  const JsonValue* get(std::string_view key) const {
    for (const auto& m : members) {
      if (m.first == key) return &m.second;
    }
    return nullptr;
  }
};

namespace detail {

class JsonParser {
 public:
  explicit JsonParser(std::string_view text) : s_(text) {}

  JsonValue parseDocument() {
    JsonValue v = parseValue(0);
    skipSpace();
    if (pos_ != s_.size()) fail("trailing characters after the JSON value");
    return v;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error("JSON: " + what + " at byte " + std::to_string(pos_));
  }
  void skipSpace() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool consume(char c) {
    skipSpace();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!consume(c)) fail(std::string("expected '") + c + "'");
  }
  bool literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) == word) {
      pos_ += word.size();
      return true;
    }
    return false;
  }

  uint32_t hex4() {
    if (pos_ + 4 > s_.size()) fail("truncated \\u escape");
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      char c = s_[pos_++];
      v <<= 4;
      if (c >= '0' && c <= '9') {
        v |= static_cast<uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        v |= static_cast<uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        v |= static_cast<uint32_t>(c - 'A' + 10);
      } else {
        fail("bad hex digit in \\u escape");
      }
    }
    return v;
  }

  std::string parseString() {
    // pos_ is just after the opening quote.
    std::string out;
    while (true) {
      if (pos_ >= s_.size()) fail("unterminated string");
      char c = s_[pos_++];
      if (c == '"') break;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= s_.size()) fail("unterminated escape");
      char e = s_[pos_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          uint32_t cp = hex4();
          if (cp >= 0xD800 && cp <= 0xDBFF && s_.substr(pos_, 2) == "\\u") {
            pos_ += 2;
            uint32_t lo = hex4();
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else {
              appendUtf8(out, cp);
              cp = lo;
            }
          }
          appendUtf8(out, cp);
          break;
        }
        default: fail(std::string("bad escape \\") + e);
      }
    }
    return out;
  }

  JsonValue parseValue(int depth) {
    if (depth > 200) fail("nesting too deep");
    skipSpace();
    if (pos_ >= s_.size()) fail("unexpected end of input");
    JsonValue v;
    char c = s_[pos_];
    if (c == '{') {
      ++pos_;
      v.kind = JsonValue::Kind::kObject;
      if (consume('}')) return v;
      do {
        skipSpace();
        if (pos_ >= s_.size() || s_[pos_] != '"') fail("expected a member name");
        ++pos_;
        std::string key = parseString();
        expect(':');
        JsonValue member = parseValue(depth + 1);
        v.members.emplace_back(std::move(key), std::move(member));
      } while (consume(','));
      expect('}');
    } else if (c == '[') {
      ++pos_;
      v.kind = JsonValue::Kind::kArray;
      if (consume(']')) return v;
      do {
        v.items.push_back(parseValue(depth + 1));
      } while (consume(','));
      expect(']');
    } else if (c == '"') {
      ++pos_;
      v.kind = JsonValue::Kind::kString;
      v.text = parseString();
    } else if (literal("true")) {
      v.kind = JsonValue::Kind::kBool;
      v.boolean = true;
    } else if (literal("false")) {
      v.kind = JsonValue::Kind::kBool;
    } else if (literal("null")) {
      v.kind = JsonValue::Kind::kNull;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      size_t start = pos_;
      ++pos_;
      while (pos_ < s_.size() && (std::string_view("0123456789.eE+-").find(s_[pos_]) !=
                                  std::string_view::npos)) {
        ++pos_;
      }
      v.kind = JsonValue::Kind::kNumber;
      v.text = std::string(s_.substr(start, pos_ - start));
    } else {
      fail(std::string("unexpected character '") + c + "'");
    }
    return v;
  }

  std::string_view s_;
  size_t pos_ = 0;
};

}  // namespace detail

inline JsonValue parseJson(std::string_view text) {
  return detail::JsonParser(text).parseDocument();
}

// A SPARQL result: SELECT (variables + rows, unbound = nullopt) or ASK (boolean).
struct ResultSet {
  bool isBoolean = false;
  bool boolean = false;
  std::vector<std::string> variables;  // without '?'
  std::vector<std::vector<std::optional<Term>>> rows;
};

// One RDF term in SPARQL JSON results form: {"type": "uri"|"bnode"|"literal"|"typed-literal"
// |"triple", "value": ..., "datatype": ..., "xml:lang": ...}.
inline Term termFromJson(const JsonValue& v) {
  if (!v.isObject()) throw std::runtime_error("SRJ: a term is not an object");
  const JsonValue* type = v.get("type");
  const JsonValue* value = v.get("value");
  if (!type || !type->isString()) throw std::runtime_error("SRJ: term without \"type\"");
  const std::string& t = type->text;
  if (t == "triple") {
    if (!value || !value->isObject()) throw std::runtime_error("SRJ: triple without value");
    const JsonValue* s = value->get("subject");
    const JsonValue* p = value->get("predicate");
    const JsonValue* o = value->get("object");
    if (!s || !p || !o) throw std::runtime_error("SRJ: triple lacks subject/predicate/object");
    return Term::quoted(termFromJson(*s), termFromJson(*p), termFromJson(*o));
  }
  if (!value || !value->isString()) throw std::runtime_error("SRJ: term without \"value\"");
  if (t == "uri") return Term::iri(value->text);
  if (t == "bnode") return Term::blank(value->text);
  if (t == "literal" || t == "typed-literal") {
    const JsonValue* dt = v.get("datatype");
    const JsonValue* lang = v.get("xml:lang");
    return Term::literal(value->text, dt && dt->isString() ? dt->text : std::string(),
                         lang && lang->isString() ? lang->text : std::string());
  }
  throw std::runtime_error("SRJ: unknown term type \"" + t + "\"");
}

// Parses a SPARQL 1.1 Query Results JSON document. Variables come from head.vars; a binding
// for a variable not listed there is added to the variable list.
inline ResultSet parseSrj(std::string_view text) {
  JsonValue doc = parseJson(text);
  if (!doc.isObject()) throw std::runtime_error("SRJ: the document is not an object");
  ResultSet out;
  if (const JsonValue* b = doc.get("boolean")) {
    out.isBoolean = true;
    out.boolean = b->kind == JsonValue::Kind::kBool && b->boolean;
    return out;
  }
  if (const JsonValue* head = doc.get("head")) {
    if (const JsonValue* vars = head->get("vars")) {
      for (const auto& v : vars->items) out.variables.push_back(v.text);
    }
  }
  const JsonValue* results = doc.get("results");
  const JsonValue* bindings = results ? results->get("bindings") : nullptr;
  if (!bindings) return out;
  std::map<std::string, size_t> column;
  for (size_t i = 0; i < out.variables.size(); ++i) column[out.variables[i]] = i;
  for (const auto& solution : bindings->items) {
    std::vector<std::optional<Term>> row(out.variables.size());
    for (const auto& [name, term] : solution.members) {
      auto it = column.find(name);
      if (it == column.end()) {
        it = column.emplace(name, out.variables.size()).first;
        out.variables.push_back(name);
        for (auto& r : out.rows) r.emplace_back();
        row.emplace_back();
      }
      row[it->second] = termFromJson(term);
    }
    out.rows.push_back(std::move(row));
  }
  return out;
}

}  // namespace kg::testing
