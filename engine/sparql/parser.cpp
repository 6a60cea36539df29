// SPARQL text -> parse tree (ANTLR, generated from grammar/Sparql.g4) -> AST (sparql/ast.h).
//
// Steps: (1) validate UTF-8; (2) lex everything and bound the bracket nesting depth (the
// generated parser is recursive); (3) parse, first with the fast SLL prediction mode, then
// with full LL and a throwing error listener for the message; (4) walk the parse tree
// (AstBuilder) normalising terms and checking the static rules SPARQL imposes.
#include "sparql/parser.h"

#include <cctype>
#include <algorithm>
#include <cstring>
#include <functional>
#include <limits>
#include <set>
#include <unordered_set>

#include "SparqlLexer.h"
#include "SparqlParser.h"
#include "antlr4-runtime.h"
#include "core/iri.h"
#include "core/utf8.h"

namespace kg::sparql {

using kgsparqlgen::SparqlLexer;
using P = kgsparqlgen::SparqlParser;
using antlr4::ParserRuleContext;
using antlr4::Token;
using antlr4::tree::ParseTree;
using antlr4::tree::TerminalNode;

// ------------------------------------------------------------------------ SyntaxError

SyntaxError::SyntaxError(uint64_t line, uint64_t column, std::string message)
    : kg::PositionedError(kg::ErrorCode::kSyntax, "", line, column, std::move(message)) {}

namespace {

// Number of UTF-8 code points in s (s is valid UTF-8 or close to it).
size_t codePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

}  // namespace

std::string SyntaxError::render(std::string_view source) const {
  const int wantLine = static_cast<int>(line());
  const int wantColumn = static_cast<int>(column());
  std::string out = "line " + std::to_string(line()) + ", column " + std::to_string(column()) +
                    ": " + message();
  // Find the line.
  int line = 1;
  size_t start = 0;
  for (size_t i = 0; i < source.size() && line < wantLine; ++i) {
    if (source[i] == '\n') {
      ++line;
      start = i + 1;
    }
  }
  if (line != wantLine || wantLine <= 0) return out;
  size_t end = source.find('\n', start);
  if (end == std::string_view::npos) end = source.size();
  std::string text(source.substr(start, end - start));
  if (!text.empty() && text.back() == '\r') text.pop_back();
  // Keep the displayed line printable and reasonably short.
  std::string shown;
  size_t col = 0, caret = 0;
  size_t target = wantColumn > 0 ? static_cast<size_t>(wantColumn - 1) : 0;
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    uint32_t cp;
    size_t len = decodeUtf8(text.data() + i, text.data() + text.size(), &cp);
    bool valid = len > 0;
    if (!valid) len = 1;
    if (col == target) caret = codePoints(shown);
    if (c == '\t') {
      shown += ' ';
    } else if (c < 0x20 || c == 0x7F || !valid) {
      shown += '?';
    } else {
      shown.append(text, i, len);
    }
    i += len;
    ++col;
  }
  if (target >= col) caret = codePoints(shown);
  // Trim very long lines around the caret.
  if (codePoints(shown) > 160 && caret > 80) {
    size_t skip = caret - 60, bytes = 0, cp = 0;
    while (bytes < shown.size() && cp < skip) {
      ++bytes;
      while (bytes < shown.size() && (static_cast<unsigned char>(shown[bytes]) & 0xC0) == 0x80)
        ++bytes;
      ++cp;
    }
    shown = "..." + shown.substr(bytes);
    caret = caret - skip + 3;
  }
  out += '\n';
  out += shown;
  out += '\n';
  out += std::string(caret, ' ');
  out += '^';
  return out;
}

namespace {

[[noreturn]] void fail(const Pos& pos, std::string message) {
  throw SyntaxError(static_cast<uint64_t>(pos.line > 0 ? pos.line : 1),
                    static_cast<uint64_t>(pos.column > 0 ? pos.column : 1), std::move(message));
}

Pos posOf(const Token* t) {
  if (!t) return {};
  return Pos{static_cast<int>(t->getLine()), static_cast<int>(t->getCharPositionInLine()) + 1};
}
Pos posOf(ParserRuleContext* ctx) { return ctx ? posOf(ctx->getStart()) : Pos{}; }
Pos posOf(TerminalNode* n) { return n ? posOf(n->getSymbol()) : Pos{}; }

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// Checks UTF-8; throws at the first bad byte.
void validateUtf8(std::string_view s) {
  int line = 1, col = 1;
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    uint32_t cp = 0;
    size_t len = decodeUtf8(s.data() + i, s.data() + s.size(), &cp);
    if (len == 0) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "the text is not valid UTF-8 (byte 0x%02X)", c);
      throw SyntaxError(static_cast<uint64_t>(line), static_cast<uint64_t>(col), buf);
    }
    if (c == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
    i += len;
  }
}

uint32_t hexValue(std::string_view h) {
  uint32_t v = 0;
  for (char c : h) {
    v <<= 4;
    if (c >= '0' && c <= '9') v |= static_cast<uint32_t>(c - '0');
    else if (c >= 'a' && c <= 'f') v |= static_cast<uint32_t>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= static_cast<uint32_t>(c - 'A' + 10);
  }
  return v;
}

// Unescapes \t \n ... and \uXXXX \UXXXXXXXX (strings) or only \u \U (IRIs).
std::string unescape(std::string_view s, const Pos& pos, bool stringEscapes) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c != '\\' || i + 1 >= s.size()) {
      out += c;
      continue;
    }
    char e = s[i + 1];
    if (e == 'u' || e == 'U') {
      size_t n = e == 'u' ? 4 : 8;
      uint32_t cp = hexValue(s.substr(i + 2, n));
      if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        char buf[80];
        std::snprintf(buf, sizeof buf, "the escape \\%c%s is not a valid code point", e,
                      std::string(s.substr(i + 2, n)).c_str());
        fail(pos, buf);
      }
      appendUtf8(out, cp);
      i += 1 + n;
      continue;
    }
    if (!stringEscapes) {
      out += c;
      continue;
    }
    switch (e) {
      case 't': out += '\t'; break;
      case 'b': out += '\b'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 'f': out += '\f'; break;
      case '"': out += '"'; break;
      case '\'': out += '\''; break;
      case '\\': out += '\\'; break;
      default: out += c; out += e; break;
    }
    ++i;
  }
  return out;
}

// ------------------------------------------------------------------------ error messages

std::string tokenDisplay(const Token* t) {
  if (!t || t->getType() == Token::EOF) return "end of input";
  std::string text = t->getText();
  if (text.size() == 1 && (static_cast<unsigned char>(text[0]) < 0x20 || text[0] == 0x7F)) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned char>(text[0]));
    return buf;
  }
  for (char& c : text)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  if (codePoints(text) > 30) {
    size_t bytes = 0, cp = 0;
    while (bytes < text.size() && cp < 27) {
      ++bytes;
      while (bytes < text.size() && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80)
        ++bytes;
      ++cp;
    }
    text = text.substr(0, bytes) + "...";
  }
  return "'" + text + "'";
}

bool isBuiltinKeyword(size_t t) {
  switch (t) {
    case P::STR: case P::LANG: case P::LANGMATCHES: case P::DATATYPE: case P::BOUND:
    case P::IRI: case P::URI: case P::BNODE: case P::RAND: case P::ABS: case P::CEIL:
    case P::FLOOR: case P::ROUND: case P::CONCAT: case P::STRLEN: case P::UCASE:
    case P::LCASE: case P::ENCODE_FOR_URI: case P::CONTAINS: case P::STRSTARTS:
    case P::STRENDS: case P::STRBEFORE: case P::STRAFTER: case P::YEAR: case P::MONTH:
    case P::DAY: case P::HOURS: case P::MINUTES: case P::SECONDS: case P::TIMEZONE:
    case P::TZ: case P::NOW: case P::UUID: case P::STRUUID: case P::MD5: case P::SHA1:
    case P::SHA256: case P::SHA384: case P::SHA512: case P::COALESCE: case P::IF:
    case P::STRLANG: case P::STRDT: case P::SAMETERM: case P::ISIRI: case P::ISURI:
    case P::ISBLANK: case P::ISLITERAL: case P::ISNUMERIC: case P::REGEX: case P::SUBSTR:
    case P::REPLACE: case P::EXISTS: case P::COUNT: case P::SUM: case P::MIN: case P::MAX:
    case P::AVG: case P::SAMPLE: case P::GROUP_CONCAT: case P::TRIPLE: case P::SUBJECT:
    case P::PREDICATE: case P::OBJECT: case P::ISTRIPLE:
      return true;
    default:
      return false;
  }
}

std::string joinAlternatives(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " or " : ", ";
    out += items[i];
  }
  return out;
}

// Words for the set of tokens the parser would have accepted.
std::string describeExpected(const antlr4::misc::IntervalSet& set, const antlr4::dfa::Vocabulary& vocab) {
  std::vector<std::string> items;
  auto add = [&](const std::string& s) {
    if (std::find(items.begin(), items.end(), s) == items.end()) items.push_back(s);
  };
  bool expression = set.contains(static_cast<size_t>(P::STR));
  bool sawVar = false, sawIri = false, sawLiteral = false;
  for (size_t t : set.toList()) {
    if (t == P::VAR1 || t == P::VAR2) sawVar = true;
    if (t == P::IRIREF || t == P::PNAME_LN || t == P::PNAME_NS) sawIri = true;
    if (t == P::STRING_LITERAL1 || t == P::STRING_LITERAL2 || t == P::STRING_LITERAL_LONG1 ||
        t == P::STRING_LITERAL_LONG2 || t == P::INTEGER || t == P::DECIMAL || t == P::DOUBLE ||
        t == P::INTEGER_POSITIVE || t == P::DECIMAL_POSITIVE || t == P::DOUBLE_POSITIVE ||
        t == P::INTEGER_NEGATIVE || t == P::DECIMAL_NEGATIVE || t == P::DOUBLE_NEGATIVE ||
        t == P::TRUE || t == P::FALSE)
      sawLiteral = true;
  }
  bool sawString = set.contains(static_cast<size_t>(P::STRING_LITERAL2));
  bool onlyPrefix = set.contains(static_cast<size_t>(P::PNAME_NS)) &&
                    !set.contains(static_cast<size_t>(P::PNAME_LN));
  if (expression) {
    add("an expression");
  } else {
    if (sawVar) add("a variable");
    if (onlyPrefix) add("a prefix name such as 'ex:'");
    else if (sawIri) add("an IRI");
    if (sawLiteral) {
      if (sawString) add("a literal");
      else if (set.contains(static_cast<size_t>(P::DECIMAL))) add("a number");
      else add("an integer");
    }
  }
  for (size_t t : set.toList()) {
    if (t == P::VAR1 || t == P::VAR2 || t == P::IRIREF || t == P::PNAME_LN || t == P::PNAME_NS)
      continue;
    if (t == P::STRING_LITERAL1 || t == P::STRING_LITERAL2 || t == P::STRING_LITERAL_LONG1 ||
        t == P::STRING_LITERAL_LONG2) {
      if (!sawLiteral) add("a string");
      continue;
    }
    if (t == P::INTEGER || t == P::DECIMAL || t == P::DOUBLE || t == P::INTEGER_POSITIVE ||
        t == P::DECIMAL_POSITIVE || t == P::DOUBLE_POSITIVE || t == P::INTEGER_NEGATIVE ||
        t == P::DECIMAL_NEGATIVE || t == P::DOUBLE_NEGATIVE || t == P::TRUE || t == P::FALSE)
      continue;
    if (expression && (isBuiltinKeyword(t) || t == P::NOT || t == P::NIL)) continue;
    std::string lit = vocab.getLiteralName(t);
    if (expression && (lit == "'('" || lit == "'!'" || lit == "'+'" || lit == "'-'" ||
                       lit == "'<<'"))
      continue;
    if (t == P::BLANK_NODE_LABEL || t == P::ANON) {
      add("a blank node");
    } else if (t == P::NIL) {
      add("'()'");
    } else if (t == P::LANGTAG) {
      add("a language tag");
    } else if (t == Token::EOF) {
      add("the end of input");
    } else if (!lit.empty()) {
      add(lit);
    } else if (isBuiltinKeyword(t)) {
      add("a function call");
    } else {
      std::string sym = vocab.getSymbolicName(t);
      if (!sym.empty()) add(sym);
    }
  }
  if (items.size() > 8) {
    items.resize(6);
    std::string out;
    for (const std::string& i : items) out += i + ", ";
    return out + "...";
  }
  return joinAlternatives(items);
}

// The next `n` characters of the input after a token.
std::string textAfter(Token* t, size_t n) {
  antlr4::CharStream* cs = t->getInputStream();
  if (!cs) return {};
  size_t from = t->getStopIndex() + 1;
  if (from >= cs->size()) return {};
  size_t to = std::min(cs->size() - 1, from + n - 1);
  return cs->getText(antlr4::misc::Interval(from, to));
}
std::string charAfter(Token* t) { return textAfter(t, 1); }

// Edits (insert, delete, replace, swap two neighbours) between two words.
size_t editDistance(const std::string& a, const std::string& b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

// For a misspelled keyword or function name (WEHRE, LIMT, CONTIANS): the expected keyword
// it is closest to, if it is close enough to be a typo; else empty.
std::string nearestKeyword(const std::string& word, const antlr4::misc::IntervalSet& expected,
                           const antlr4::dfa::Vocabulary& vocab) {
  if (word.size() < 2 || !std::all_of(word.begin(), word.end(), [](char c) {
        return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
      })) {
    return {};
  }
  std::string upper;
  for (char c : word) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string best;
  size_t bestDistance = std::max<size_t>(1, upper.size() / 3) + 1;
  for (size_t t : expected.toList()) {
    std::string name = vocab.getSymbolicName(t);
    // Keyword tokens are named as written (WHERE, LIMIT, CONTAINS); the others are not words.
    if (name.empty() || name == "IRIREF" || name == "ANON" || name == "NIL" ||
        !std::all_of(name.begin(), name.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
      continue;
    }
    size_t distance = editDistance(upper, name);
    if (distance > 0 && distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}

class ThrowingErrorListener : public antlr4::BaseErrorListener {
 public:
  explicit ThrowingErrorListener(const char* what) : what_(what) {}

  void syntaxError(antlr4::Recognizer* recognizer, Token* offending, size_t line,
                   size_t charPositionInLine, const std::string& /*msg*/,
                   std::exception_ptr e) override {
    Pos pos{static_cast<int>(line), static_cast<int>(charPositionInLine) + 1};
    // A decision that failed some tokens after its start: the expected set would describe
    // the start, so only name the token and what precedes it.
    Token* decisionStart = nullptr;
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (antlr4::NoViableAltException& nva) {
        decisionStart = nva.getStartToken();
      } catch (...) {
      }
    }
    if (offending) {
      switch (offending->getType()) {
        case P::UNTERMINATED_STRING1:
        case P::UNTERMINATED_STRING2: {
          std::string next = charAfter(offending);
          if (next == "\\") {
            std::string seq = textAfter(offending, 2);
            Pos at{pos.line, pos.column + static_cast<int>(codePoints(offending->getText()))};
            fail(at, "invalid escape sequence '" + seq + "' in a string");
          }
          fail(pos, "unterminated string");
        }
        case P::UNTERMINATED_LONG_STRING1:
        case P::UNTERMINATED_LONG_STRING2:
          fail(pos, "unterminated string (a long string opened with three quotes is not closed)");
        case P::ERROR_CHAR: {
          std::string text = offending->getText();
          if (text == "<") fail(pos, "unexpected '<' (an IRI must be written <...> without spaces)");
          fail(pos, "unexpected character " + tokenDisplay(offending));
        }
        default:
          break;
      }
    }
    auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
    if (offending && offending->getText() == "<") {
      std::string next = charAfter(offending);
      if (!next.empty() && next != " " && next != "\t" && next != "\n" && next != "\r" &&
          next != "<" && next != "=" && next != "?" && next != "$")
        fail(pos, "invalid IRI: an IRI is written <...> and cannot contain spaces or any of <>\"{}|^`\\");
    }
    if (parser && decisionStart && offending &&
        decisionStart->getTokenIndex() < offending->getTokenIndex() &&
        offending->getType() != Token::EOF) {
      Token* previous = parser->getTokenStream()->get(offending->getTokenIndex() - 1);
      fail(pos, "unexpected " + tokenDisplay(offending) + " after " + tokenDisplay(previous));
    }
    std::string expected, suggestion;
    if (parser) {
      try {
        antlr4::misc::IntervalSet set = parser->getExpectedTokens();
        expected = describeExpected(set, parser->getVocabulary());
        if (offending && offending->getType() != Token::EOF) {
          suggestion = nearestKeyword(offending->getText(), set, parser->getVocabulary());
        }
      } catch (...) {
        expected.clear();
      }
    }
    if (offending && offending->getType() != Token::EOF && !suggestion.empty()) {
      fail(pos, "expected " + expected + ", found " + tokenDisplay(offending) + " (did you mean " +
                    suggestion + "?)");
    }
    // A call of a function kg does not know: say so rather than "expected an expression".
    std::string text = offending && offending->getType() != Token::EOF ? offending->getText() : "";
    bool word = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
    if (word && expected == "an expression" && charAfter(offending) == "(") {
      fail(pos, "unknown function " + tokenDisplay(offending) +
                    " (functions from other vocabularies are called by IRI, e.g. <http://...>(...))");
    }
    if (!offending || offending->getType() == Token::EOF) {
      std::string m = std::string("unexpected end of ") + what_;
      if (!expected.empty()) m += " (expected " + expected + ")";
      fail(pos, m);
    }
    if (expected.empty()) fail(pos, "unexpected " + tokenDisplay(offending));
    fail(pos, "expected " + expected + ", found " + tokenDisplay(offending));
  }

 private:
  const char* what_;
};

// ------------------------------------------------------------------------ AST builder

template <class T>
T* as(ParseTree* t) {
  return dynamic_cast<T*>(t);
}

bool isTerminal(ParseTree* t, const char* text) {
  auto* n = dynamic_cast<TerminalNode*>(t);
  return n && n->getText() == text;
}

size_t terminalType(ParseTree* t) {
  auto* n = dynamic_cast<TerminalNode*>(t);
  return n ? n->getSymbol()->getType() : 0;
}

std::string varName(const std::string& tokenText) { return tokenText.substr(1); }

bool containsAggregate(const Expr& e) {
  if (e.kind == Expr::Kind::kAggregate) return true;
  for (const Expr& a : e.args)
    if (containsAggregate(a)) return true;
  return false;
}

// Variables of an expression outside aggregates (and outside EXISTS patterns).
void varsOutsideAggregates(const Expr& e, std::vector<const Var*>& out) {
  if (e.kind == Expr::Kind::kAggregate) return;
  if (e.kind == Expr::Kind::kVar) out.push_back(&e.var);
  for (const Expr& a : e.args) varsOutsideAggregates(a, out);
}

void termPatternVars(const TermPattern& t, std::set<std::string>& out) {
  if (t.kind == TermPattern::Kind::kVar) {
    if (!t.var.isBlank) out.insert(t.var.name);
  } else if (t.kind == TermPattern::Kind::kQuoted) {
    for (const TermPattern& q : t.quoted) termPatternVars(q, out);
  }
}

void inScopeVars(const GroupPattern& g, std::set<std::string>& out);

void inScopeOfElement(const PatternElement& e, std::set<std::string>& out) {
  using K = PatternElement::Kind;
  switch (e.kind) {
    case K::kTriples:
      for (const TriplePattern& t : e.triples) {
        termPatternVars(t.subject, out);
        if (!t.isPath) termPatternVars(t.predicate, out);
        termPatternVars(t.object, out);
      }
      break;
    case K::kOptional:
    case K::kUnion:
    case K::kGroup:
      for (const GroupPattern& g : e.groups) inScopeVars(g, out);
      break;
    case K::kGraph:
    case K::kService:
      termPatternVars(e.graph, out);
      for (const GroupPattern& g : e.groups) inScopeVars(g, out);
      break;
    case K::kBind:
      out.insert(e.var.name);
      break;
    case K::kValues:
      for (const Var& v : e.values.vars) out.insert(v.name);
      break;
    case K::kSubSelect: {
      const Query& q = e.subquery.front();
      if (q.selectAll) {
        inScopeVars(q.where, out);
      } else {
        for (const Projection& p : q.projections) out.insert(p.var.name);
      }
      break;
    }
    case K::kFilter:
    case K::kMinus:
      break;
  }
}

void inScopeVars(const GroupPattern& g, std::set<std::string>& out) {
  for (const PatternElement& e : g.elements) inScopeOfElement(e, out);
}

class AstBuilder {
 public:
  AstBuilder(std::string_view base, std::set<std::string> usedLabels)
      : base_(base), usedLabels_(std::move(usedLabels)) {
    prefixes_["rdf"] = std::string(kg::vocab::kRdf);
    prefixes_["rdfs"] = std::string(kg::vocab::kRdfs);
    prefixes_["xsd"] = std::string(kg::vocab::kXsd);
    prefixes_["owl"] = std::string(kg::vocab::kOwl);
    prefixes_["kg"] = std::string(kg::vocab::kKg);
  }

  Query query(P::QueryContext* ctx) {
    prologue(ctx->prologue());
    Query q;
    q.pos = posOf(ctx);
    if (auto* s = ctx->selectQuery()) {
      q.form = QueryForm::kSelect;
      for (auto* d : s->datasetClause()) dataset(d, q);
      whereClause(s->whereClause(), q);
      selectClause(s->selectClause(), q);
      solutionModifier(s->solutionModifier(), q);
      checkSelect(q, s->selectClause());
    } else if (auto* c = ctx->constructQuery()) {
      q.form = QueryForm::kConstruct;
      for (auto* d : c->datasetClause()) dataset(d, q);
      if (auto* t = c->constructTemplate()) {
        if (auto* triples = t->constructTriples()) {
          Mode m;
          m.blankAsVar = false;
          ModeScope scope(*this, m);
          for (auto* tss : triples->triplesSameSubject()) triplesSameSubject(tss, q.constructTemplate);
        }
        whereClause(c->whereClause(), q);
      } else {
        q.constructWhere = true;
        GroupPattern g;
        g.pos = posOf(c->WHERE());
        if (auto* tt = c->triplesTemplate()) {
          {
            Mode m;
            m.blankAsVar = false;
            ModeScope scope(*this, m);
            for (auto* tss : tt->triplesSameSubject()) triplesSameSubject(tss, q.constructTemplate);
          }
          PatternElement e;
          e.kind = PatternElement::Kind::kTriples;
          e.pos = posOf(tt);
          int saved = curBgp_;
          curBgp_ = ++bgpCounter_;
          for (auto* tss : tt->triplesSameSubject()) triplesSameSubject(tss, e.triples);
          curBgp_ = saved;
          g.elements.push_back(std::move(e));
        }
        q.where = std::move(g);
      }
      solutionModifier(c->solutionModifier(), q);
      checkAggregation(q, nullptr);
    } else if (auto* d = ctx->describeQuery()) {
      q.form = QueryForm::kDescribe;
      if (d->varOrIri().empty()) q.describeAll = true;
      for (auto* v : d->varOrIri()) q.describeTargets.push_back(varOrIri(v));
      for (auto* ds : d->datasetClause()) dataset(ds, q);
      if (d->whereClause()) {
        whereClause(d->whereClause(), q);
      } else {
        q.hasWhere = false;
      }
      solutionModifier(d->solutionModifier(), q);
      checkAggregation(q, nullptr);
    } else if (auto* a = ctx->askQuery()) {
      q.form = QueryForm::kAsk;
      for (auto* ds : a->datasetClause()) dataset(ds, q);
      whereClause(a->whereClause(), q);
      solutionModifier(a->solutionModifier(), q);
      checkAggregation(q, nullptr);
    }
    if (auto* dbk = ctx->valuesClause()->dataBlock()) {
      q.hasValues = true;
      q.values = dataBlock(dbk);
    }
    q.baseIri = base_;
    q.prefixes = prefixes_;
    return q;
  }

  UpdateRequest update(P::UpdateContext* ctx) {
    UpdateRequest req;
    req.pos = posOf(ctx);
    inUpdate_ = true;
    for (ParseTree* child : ctx->children) {
      if (auto* pro = as<P::PrologueContext>(child)) {
        prologue(pro);
      } else if (auto* u = as<P::Update1Context>(child)) {
        ++opIndex_;
        labelBgp_.clear();  // pattern blank nodes are scoped to their operation
        UpdateOperation op = update1(u);
        op.baseIri = base_;
        op.prefixes = prefixes_;
        req.operations.push_back(std::move(op));
      }
    }
    req.baseIri = base_;
    req.prefixes = prefixes_;
    return req;
  }

 private:
  // How blank nodes and variables are treated while building triples.
  struct Mode {
    bool blankAsVar = true;                 // pattern (variables) vs template (terms)
    const char* blankForbidden = nullptr;   // message context, e.g. "DELETE DATA"
    const char* varForbidden = nullptr;     // e.g. "INSERT DATA"
    bool requestScopedLabels = false;       // INSERT DATA: a label names one node per request
  };
  struct ModeScope {
    ModeScope(AstBuilder& b, const Mode& m) : b_(b), saved_(b.mode_) { b.mode_ = m; }
    ~ModeScope() { b_.mode_ = saved_; }
    AstBuilder& b_;
    Mode saved_;
  };
  struct AggScope {
    AggScope(AstBuilder& b, bool allowed) : b_(b), saved_(b.aggAllowed_) { b.aggAllowed_ = allowed; }
    ~AggScope() { b_.aggAllowed_ = saved_; }
    AstBuilder& b_;
    bool saved_;
  };

  // ---------------------------------------------------------------- prologue and IRIs

  void prologue(P::PrologueContext* ctx) {
    if (!ctx) return;
    for (ParseTree* child : ctx->children) {
      if (auto* b = as<P::BaseDeclContext>(child)) {
        base_ = resolveIri(base_, iriRefText(b->IRIREF()));
      } else if (auto* p = as<P::PrefixDeclContext>(child)) {
        std::string ns = p->PNAME_NS()->getText();
        ns.pop_back();  // ':'
        prefixes_[ns] = resolveReference(iriRefText(p->IRIREF()));
      }
    }
  }

  std::string iriRefText(TerminalNode* node) {
    std::string text = node->getText();
    std::string body = text.substr(1, text.size() - 2);
    if (body.find('\\') != std::string::npos) {
      body = unescape(body, posOf(node), false);
      for (unsigned char c : body) {
        if (c <= 0x20 || std::strchr("<>\"{}|^`\\", c)) {
          fail(posOf(node), "the IRI " + tokenDisplay(node->getSymbol()) + " contains an escaped character that is not allowed in IRIs");
        }
      }
    }
    return body;
  }

  std::string iri(P::IriContext* ctx) {
    std::string resolved = unrefusedIri(ctx);
    // A query may name a relative IRI (it matches nothing), but an update would store it, and
    // RDF holds absolute IRIs only: the store's dump could not be loaded again.
    if (inUpdate_ && !hasScheme(resolved)) {
      fail(posOf(ctx), "relative IRI <" + resolved + "> in an update with no base: write an absolute IRI "
                       "(with a scheme such as http:) or declare BASE");
    }
    return resolved;
  }

  std::string unrefusedIri(P::IriContext* ctx) {
    if (auto* ref = ctx->IRIREF()) return resolveReference(iriRefText(ref));
    auto* pn = ctx->prefixedName();
    std::string text = pn->getText();
    size_t colon = text.find(':');
    std::string prefix = text.substr(0, colon);
    auto it = prefixes_.find(prefix);
    if (it == prefixes_.end()) fail(posOf(pn), "unknown prefix '" + prefix + ":'");
    std::string local;
    for (size_t i = colon + 1; i < text.size(); ++i) {
      if (text[i] == '\\' && i + 1 < text.size()) {
        local += text[++i];
      } else {
        local += text[i];
      }
    }
    return it->second + local;
  }

  // ---------------------------------------------------------------- terms

  kg::Term rdfLiteral(P::RdfLiteralContext* ctx) {
    std::string lex = stringValue(ctx->string());
    if (auto* lang = ctx->LANGTAG()) return kg::Term::literal(lex, "", lang->getText().substr(1));
    if (auto* dt = ctx->iri()) return kg::Term::literal(lex, iri(dt));
    return kg::Term::literal(lex);
  }

  std::string stringValue(P::StringContext* ctx) {
    Token* t = ctx->getStart();
    std::string text = t->getText();
    size_t q = (t->getType() == P::STRING_LITERAL_LONG1 || t->getType() == P::STRING_LITERAL_LONG2) ? 3 : 1;
    return unescape(std::string_view(text).substr(q, text.size() - 2 * q), posOf(t), true);
  }

  kg::Term numericLiteral(P::NumericLiteralContext* ctx) {
    Token* t = ctx->getStart();
    return numericToken(t);
  }

  static kg::Term numericToken(Token* t, bool stripSign = false) {
    std::string text = t->getText();
    if (stripSign && !text.empty() && (text[0] == '+' || text[0] == '-')) text.erase(0, 1);
    std::string_view dt;
    switch (t->getType()) {
      case P::INTEGER: case P::INTEGER_POSITIVE: case P::INTEGER_NEGATIVE:
        dt = kg::vocab::kXsdInteger;
        break;
      case P::DECIMAL: case P::DECIMAL_POSITIVE: case P::DECIMAL_NEGATIVE:
        dt = kg::vocab::kXsdDecimal;
        break;
      default:
        dt = kg::vocab::kXsdDouble;
        break;
    }
    return kg::Term::literal(text, std::string(dt));
  }

  static kg::Term booleanLiteral(P::BooleanLiteralContext* ctx) {
    return kg::Term::literal(ctx->TRUE() ? "true" : "false", std::string(kg::vocab::kXsdBoolean));
  }

  TermPattern termOf(kg::Term t, Pos pos) {
    TermPattern p;
    p.kind = TermPattern::Kind::kTerm;
    p.term = std::move(t);
    p.pos = pos;
    return p;
  }

  TermPattern var(P::VarContext* ctx) {
    if (mode_.varForbidden)
      fail(posOf(ctx), std::string("variables are not allowed in ") + mode_.varForbidden);
    TermPattern p;
    p.kind = TermPattern::Kind::kVar;
    p.var.name = varName(ctx->getText());
    p.var.pos = posOf(ctx);
    p.pos = p.var.pos;
    return p;
  }

  Var plainVar(P::VarContext* ctx) {
    Var v;
    v.name = varName(ctx->getText());
    v.pos = posOf(ctx);
    return v;
  }

  std::string freshLabel() {
    for (;;) {
      std::string label = "b" + std::to_string(freshCounter_++);
      if (!usedLabels_.count(label)) return label;
    }
  }

  TermPattern blankLabel(const std::string& label, Pos pos, bool fresh) {
    if (mode_.blankForbidden)
      fail(pos, std::string("blank nodes are not allowed in ") + mode_.blankForbidden);
    if (!fresh) {
      if (inUpdate_ && mode_.requestScopedLabels) {
        auto [it, inserted] = labelOp_.emplace(label, opIndex_);
        if (!inserted && it->second != opIndex_)
          fail(pos, "blank node label '_:" + label + "' is already used in another INSERT DATA of this request");
      }
      if (mode_.blankAsVar) {
        auto [it, inserted] = labelBgp_.emplace(label, curBgp_);
        if (!inserted && it->second != curBgp_)
          fail(pos, "blank node label '_:" + label + "' is used in two different graph patterns");
      }
    }
    TermPattern p;
    p.pos = pos;
    if (mode_.blankAsVar) {
      p.kind = TermPattern::Kind::kVar;
      p.var.name = "_:" + label;
      p.var.isBlank = true;
      p.var.pos = pos;
    } else {
      p.kind = TermPattern::Kind::kTerm;
      p.term = kg::Term::blank(label);
    }
    return p;
  }

  TermPattern freshBlank(Pos pos) { return blankLabel(freshLabel(), pos, true); }

  TermPattern blankNode(P::BlankNodeContext* ctx) {
    if (auto* l = ctx->BLANK_NODE_LABEL()) return blankLabel(l->getText().substr(2), posOf(ctx), false);
    return freshBlank(posOf(ctx));
  }

  TermPattern graphTerm(P::GraphTermContext* ctx) {
    Pos pos = posOf(ctx);
    if (auto* i = ctx->iri()) return termOf(kg::Term::iri(iri(i)), pos);
    if (auto* l = ctx->rdfLiteral()) return termOf(rdfLiteral(l), pos);
    if (auto* n = ctx->numericLiteral()) return termOf(numericLiteral(n), pos);
    if (auto* b = ctx->booleanLiteral()) return termOf(booleanLiteral(b), pos);
    if (auto* bn = ctx->blankNode()) return blankNode(bn);
    return termOf(kg::Term::iri(std::string(kg::vocab::kRdf) + "nil"), pos);  // NIL
  }

  TermPattern varOrTerm(P::VarOrTermContext* ctx) {
    if (auto* v = ctx->var()) return var(v);
    if (auto* g = ctx->graphTerm()) return graphTerm(g);
    return quotedTP(ctx->quotedTP());
  }

  TermPattern varOrIri(P::VarOrIriContext* ctx) {
    if (auto* v = ctx->var()) return var(v);
    return termOf(kg::Term::iri(iri(ctx->iri())), posOf(ctx));
  }

  TermPattern verb(P::VerbContext* ctx) {
    if (auto* v = ctx->varOrIri()) return varOrIri(v);
    return termOf(kg::Term::iri(std::string(kg::vocab::kRdf) + "type"), posOf(ctx));
  }

  static TermPattern quotedOf(const TermPattern& s, const TermPattern& p, const TermPattern& o, Pos pos) {
    TermPattern q;
    q.kind = TermPattern::Kind::kQuoted;
    q.pos = pos;
    q.quoted = {s, p, o};
    return q;
  }

  TermPattern quotedTP(P::QuotedTPContext* ctx) {
    TermPattern p;
    p.kind = TermPattern::Kind::kQuoted;
    p.pos = posOf(ctx);
    p.quoted.push_back(qtSubjectOrObject(ctx->qtSubjectOrObject(0)));
    p.quoted.push_back(verb(ctx->verb()));
    p.quoted.push_back(qtSubjectOrObject(ctx->qtSubjectOrObject(1)));
    return p;
  }

  TermPattern qtSubjectOrObject(P::QtSubjectOrObjectContext* ctx) {
    Pos pos = posOf(ctx);
    if (auto* v = ctx->var()) return var(v);
    if (auto* b = ctx->blankNode()) return blankNode(b);
    if (auto* i = ctx->iri()) return termOf(kg::Term::iri(iri(i)), pos);
    if (auto* l = ctx->rdfLiteral()) return termOf(rdfLiteral(l), pos);
    if (auto* n = ctx->numericLiteral()) return termOf(numericLiteral(n), pos);
    if (auto* bl = ctx->booleanLiteral()) return termOf(booleanLiteral(bl), pos);
    return quotedTP(ctx->quotedTP());
  }

  kg::Term dataValueTerm(P::DataValueTermContext* ctx) {
    if (auto* i = ctx->iri()) return kg::Term::iri(iri(i));
    if (auto* l = ctx->rdfLiteral()) return rdfLiteral(l);
    if (auto* n = ctx->numericLiteral()) return numericLiteral(n);
    if (auto* b = ctx->booleanLiteral()) return booleanLiteral(b);
    return quotedTripleData(ctx->quotedTripleData());
  }

  kg::Term quotedTripleData(P::QuotedTripleDataContext* ctx) {
    kg::Term s = dataValueTerm(ctx->dataValueTerm(0));
    kg::Term p = ctx->iri() ? kg::Term::iri(iri(ctx->iri()))
                            : kg::Term::iri(std::string(kg::vocab::kRdf) + "type");
    kg::Term o = dataValueTerm(ctx->dataValueTerm(1));
    return kg::Term::quoted(std::move(s), std::move(p), std::move(o));
  }

  // ---------------------------------------------------------------- triples (templates)

  TriplePattern makeTriple(const TermPattern& s, const TermPattern& p, const TermPattern& o, Pos pos) {
    TriplePattern t;
    t.subject = s;
    t.predicate = p;
    t.object = o;
    t.pos = pos;
    return t;
  }

  void triplesSameSubject(P::TriplesSameSubjectContext* ctx, std::vector<TriplePattern>& out) {
    if (auto* vt = ctx->varOrTerm()) {
      TermPattern s = varOrTerm(vt);
      propertyListNotEmpty(s, ctx->propertyListNotEmpty(), out);
    } else {
      TermPattern s = triplesNode(ctx->triplesNode(), out);
      if (auto* pl = ctx->propertyList()->propertyListNotEmpty()) propertyListNotEmpty(s, pl, out);
    }
  }

  void propertyListNotEmpty(const TermPattern& s, P::PropertyListNotEmptyContext* ctx,
                            std::vector<TriplePattern>& out) {
    auto verbs = ctx->verb();
    auto lists = ctx->objectList();
    for (size_t i = 0; i < verbs.size() && i < lists.size(); ++i) {
      TermPattern p = verb(verbs[i]);
      for (auto* o : lists[i]->object()) {
        TermPattern obj = graphNode(o->graphNode(), out);
        out.push_back(makeTriple(s, p, obj, s.pos));
        if (auto* ann = o->annotationPattern())
          propertyListNotEmpty(quotedOf(s, p, obj, posOf(ann)), ann->propertyListNotEmpty(), out);
      }
    }
  }

  TermPattern graphNode(P::GraphNodeContext* ctx, std::vector<TriplePattern>& out) {
    if (auto* vt = ctx->varOrTerm()) return varOrTerm(vt);
    return triplesNode(ctx->triplesNode(), out);
  }

  TermPattern triplesNode(P::TriplesNodeContext* ctx, std::vector<TriplePattern>& out) {
    if (auto* bl = ctx->blankNodePropertyList()) {
      TermPattern b = freshBlank(posOf(bl));
      propertyListNotEmpty(b, bl->propertyListNotEmpty(), out);
      return b;
    }
    std::vector<TermPattern> items;
    for (auto* g : ctx->collection()->graphNode()) items.push_back(graphNode(g, out));
    return collection(items, posOf(ctx), out);
  }

  TermPattern collection(const std::vector<TermPattern>& items, Pos pos, std::vector<TriplePattern>& out) {
    std::string rdf(kg::vocab::kRdf);
    TermPattern first = termOf(kg::Term::iri(rdf + "first"), pos);
    TermPattern rest = termOf(kg::Term::iri(rdf + "rest"), pos);
    TermPattern nil = termOf(kg::Term::iri(rdf + "nil"), pos);
    std::vector<TermPattern> nodes;
    for (size_t i = 0; i < items.size(); ++i) nodes.push_back(freshBlank(items[i].pos));
    for (size_t i = 0; i < items.size(); ++i) {
      out.push_back(makeTriple(nodes[i], first, items[i], items[i].pos));
      out.push_back(makeTriple(nodes[i], rest, i + 1 < items.size() ? nodes[i + 1] : nil, items[i].pos));
    }
    return nodes.empty() ? nil : nodes.front();
  }

  // ---------------------------------------------------------------- triples with paths

  void triplesSameSubjectPath(P::TriplesSameSubjectPathContext* ctx, std::vector<TriplePattern>& out) {
    if (auto* vt = ctx->varOrTerm()) {
      TermPattern s = varOrTerm(vt);
      propertyListPathNotEmpty(s, ctx->propertyListPathNotEmpty(), out);
    } else {
      TermPattern s = triplesNodePath(ctx->triplesNodePath(), out);
      if (auto* pl = ctx->propertyListPath()->propertyListPathNotEmpty())
        propertyListPathNotEmpty(s, pl, out);
    }
  }

  struct Pred {
    bool isPath = false;
    TermPattern term;
    Path path;
  };

  Pred verbPathOrSimple(P::VerbPathOrSimpleContext* ctx) {
    Pred p;
    if (auto* vs = ctx->verbSimple()) {
      p.term = var(vs->var());
      return p;
    }
    Path path = pathOf(ctx->verbPath()->path());
    if (path.kind == Path::Kind::kIri) {
      p.term = termOf(kg::Term::iri(path.iri), path.pos);
    } else {
      p.isPath = true;
      p.path = std::move(path);
    }
    return p;
  }

  void emit(const TermPattern& s, const Pred& p, const TermPattern& o, std::vector<TriplePattern>& out) {
    TriplePattern t;
    t.subject = s;
    t.object = o;
    t.pos = s.pos;
    if (p.isPath) {
      t.isPath = true;
      t.path = p.path;
      t.predicate.pos = p.path.pos;
    } else {
      t.predicate = p.term;
    }
    out.push_back(std::move(t));
  }

  void propertyListPathNotEmpty(const TermPattern& s, P::PropertyListPathNotEmptyContext* ctx,
                                std::vector<TriplePattern>& out) {
    Pred current;
    for (ParseTree* child : ctx->children) {
      if (auto* v = as<P::VerbPathOrSimpleContext>(child)) {
        current = verbPathOrSimple(v);
      } else if (auto* olp = as<P::ObjectListPathContext>(child)) {
        for (auto* op : olp->objectPath()) {
          TermPattern o = graphNodePath(op->graphNodePath(), out);
          emit(s, current, o, out);
          if (auto* ann = op->annotationPatternPath()) {
            if (current.isPath) fail(posOf(ann), "an annotation {| ... |} needs a plain predicate, not a property path");
            propertyListPathNotEmpty(quotedOf(s, current.term, o, posOf(ann)), ann->propertyListPathNotEmpty(), out);
          }
        }
      } else if (auto* ol = as<P::ObjectListContext>(child)) {
        for (auto* o : ol->object()) {
          TermPattern obj = graphNode(o->graphNode(), out);
          emit(s, current, obj, out);
          if (auto* ann = o->annotationPattern()) {
            if (current.isPath) fail(posOf(ann), "an annotation {| ... |} needs a plain predicate, not a property path");
            propertyListNotEmpty(quotedOf(s, current.term, obj, posOf(ann)), ann->propertyListNotEmpty(), out);
          }
        }
      }
    }
  }

  TermPattern graphNodePath(P::GraphNodePathContext* ctx, std::vector<TriplePattern>& out) {
    if (auto* vt = ctx->varOrTerm()) return varOrTerm(vt);
    return triplesNodePath(ctx->triplesNodePath(), out);
  }

  TermPattern triplesNodePath(P::TriplesNodePathContext* ctx, std::vector<TriplePattern>& out) {
    if (auto* bl = ctx->blankNodePropertyListPath()) {
      TermPattern b = freshBlank(posOf(bl));
      propertyListPathNotEmpty(b, bl->propertyListPathNotEmpty(), out);
      return b;
    }
    std::vector<TermPattern> items;
    for (auto* g : ctx->collectionPath()->graphNodePath()) items.push_back(graphNodePath(g, out));
    return collection(items, posOf(ctx), out);
  }

  Path iriPath(std::string value, Pos pos) {
    Path p;
    p.kind = Path::Kind::kIri;
    p.iri = std::move(value);
    p.pos = pos;
    return p;
  }

  Path pathOf(P::PathContext* ctx) {
    auto* alt = ctx->pathAlternative();
    auto seqs = alt->pathSequence();
    if (seqs.size() == 1) return pathSequence(seqs[0]);
    Path p;
    p.kind = Path::Kind::kAlternative;
    p.pos = posOf(alt);
    for (auto* s : seqs) p.args.push_back(pathSequence(s));
    return p;
  }

  Path pathSequence(P::PathSequenceContext* ctx) {
    auto elts = ctx->pathEltOrInverse();
    if (elts.size() == 1) return pathEltOrInverse(elts[0]);
    Path p;
    p.kind = Path::Kind::kSequence;
    p.pos = posOf(ctx);
    for (auto* e : elts) p.args.push_back(pathEltOrInverse(e));
    return p;
  }

  Path pathEltOrInverse(P::PathEltOrInverseContext* ctx) {
    Path elt = pathElt(ctx->pathElt());
    if (!isTerminal(ctx->children[0], "^")) return elt;
    Path p;
    p.kind = Path::Kind::kInverse;
    p.pos = posOf(ctx);
    p.args.push_back(std::move(elt));
    return p;
  }

  Path pathElt(P::PathEltContext* ctx) {
    Path prim = pathPrimary(ctx->pathPrimary());
    auto* mod = ctx->pathMod();
    if (!mod) return prim;
    Path p;
    std::string m = mod->getText();
    p.kind = m == "*" ? Path::Kind::kZeroOrMore : m == "+" ? Path::Kind::kOneOrMore : Path::Kind::kZeroOrOne;
    p.pos = posOf(ctx);
    p.args.push_back(std::move(prim));
    return p;
  }

  Path pathPrimary(P::PathPrimaryContext* ctx) {
    Pos pos = posOf(ctx);
    if (auto* i = ctx->iri()) return iriPath(iri(i), pos);
    if (auto* inner = ctx->path()) {
      Path p = pathOf(inner);
      // Keep parenthesised simple IRIs as IRIs: (:p) is the same path as :p.
      return p;
    }
    if (auto* neg = ctx->pathNegatedPropertySet()) {
      Path p;
      p.kind = Path::Kind::kNegated;
      p.pos = pos;
      for (auto* one : neg->pathOneInPropertySet()) {
        Pos opos = posOf(one);
        std::string value = one->iri() ? iri(one->iri()) : std::string(kg::vocab::kRdf) + "type";
        Path member = iriPath(value, opos);
        if (isTerminal(one->children[0], "^")) {
          Path inv;
          inv.kind = Path::Kind::kInverse;
          inv.pos = opos;
          inv.args.push_back(std::move(member));
          p.args.push_back(std::move(inv));
        } else {
          p.args.push_back(std::move(member));
        }
      }
      return p;
    }
    return iriPath(std::string(kg::vocab::kRdf) + "type", pos);  // 'a'
  }

  // ---------------------------------------------------------------- graph patterns

  void dataset(P::DatasetClauseContext* ctx, Query& q) {
    if (auto* d = ctx->defaultGraphClause()) {
      q.from.push_back(iri(d->sourceSelector()->iri()));
    } else {
      q.fromNamed.push_back(iri(ctx->namedGraphClause()->sourceSelector()->iri()));
    }
  }

  void whereClause(P::WhereClauseContext* ctx, Query& q) {
    q.hasWhere = true;
    q.where = groupGraphPattern(ctx->groupGraphPattern());
  }

  GroupPattern groupGraphPattern(P::GroupGraphPatternContext* ctx) {
    AggScope noAgg(*this, false);
    Mode m;  // patterns: blank nodes are variables
    m.blankForbidden = mode_.blankForbidden;
    ModeScope scope(*this, m);
    int savedBgp = curBgp_;
    curBgp_ = ++bgpCounter_;
    GroupPattern g;
    g.pos = posOf(ctx);
    if (auto* sub = ctx->subSelect()) {
      PatternElement e;
      e.kind = PatternElement::Kind::kSubSelect;
      e.pos = posOf(sub);
      e.subquery.push_back(subSelect(sub));
      g.elements.push_back(std::move(e));
    } else {
      std::set<std::string> inScope;
      for (ParseTree* child : ctx->groupGraphPatternSub()->children) {
        if (auto* tb = as<P::TriplesBlockContext>(child)) {
          PatternElement e;
          e.kind = PatternElement::Kind::kTriples;
          e.pos = posOf(tb);
          for (auto* t : tb->triplesSameSubjectPath()) triplesSameSubjectPath(t, e.triples);
          inScopeOfElement(e, inScope);
          g.elements.push_back(std::move(e));
        } else if (auto* gp = as<P::GraphPatternNotTriplesContext>(child)) {
          PatternElement e = graphPatternNotTriples(gp, inScope);
          if (e.kind != PatternElement::Kind::kFilter) curBgp_ = ++bgpCounter_;
          inScopeOfElement(e, inScope);
          g.elements.push_back(std::move(e));
        }
      }
    }
    curBgp_ = savedBgp;
    return g;
  }

  PatternElement graphPatternNotTriples(P::GraphPatternNotTriplesContext* ctx,
                                        const std::set<std::string>& inScope) {
    PatternElement e;
    e.pos = posOf(ctx);
    using K = PatternElement::Kind;
    if (auto* u = ctx->groupOrUnionGraphPattern()) {
      auto groups = u->groupGraphPattern();
      e.kind = groups.size() == 1 ? K::kGroup : K::kUnion;
      for (auto* g : groups) e.groups.push_back(groupGraphPattern(g));
    } else if (auto* o = ctx->optionalGraphPattern()) {
      e.kind = K::kOptional;
      e.groups.push_back(groupGraphPattern(o->groupGraphPattern()));
    } else if (auto* m = ctx->minusGraphPattern()) {
      e.kind = K::kMinus;
      e.groups.push_back(groupGraphPattern(m->groupGraphPattern()));
    } else if (auto* g = ctx->graphGraphPattern()) {
      e.kind = K::kGraph;
      e.graph = varOrIri(g->varOrIri());
      e.groups.push_back(groupGraphPattern(g->groupGraphPattern()));
    } else if (auto* s = ctx->serviceGraphPattern()) {
      e.kind = K::kService;
      e.silent = s->SILENT() != nullptr;
      e.graph = varOrIri(s->varOrIri());
      e.groups.push_back(groupGraphPattern(s->groupGraphPattern()));
    } else if (auto* f = ctx->filter()) {
      e.kind = K::kFilter;
      e.expr = constraint(f->constraint());
    } else if (auto* b = ctx->bind()) {
      e.kind = K::kBind;
      e.expr = expression(b->expression());
      e.var = plainVar(b->var());
      if (inScope.count(e.var.name))
        fail(e.var.pos, "BIND assigns ?" + e.var.name + ", which is already in use in this group");
    } else if (auto* v = ctx->inlineData()) {
      e.kind = K::kValues;
      e.values = dataBlock(v->dataBlock());
    }
    return e;
  }

  InlineData dataBlock(P::DataBlockContext* ctx) {
    InlineData d;
    d.pos = posOf(ctx);
    if (auto* one = ctx->inlineDataOneVar()) {
      d.vars.push_back(plainVar(one->var()));
      for (auto* v : one->dataBlockValue()) d.rows.push_back({dataBlockValue(v)});
      return d;
    }
    auto* full = ctx->inlineDataFull();
    for (auto* v : full->var()) d.vars.push_back(plainVar(v));
    for (auto* row : full->dataBlockRow()) {
      std::vector<std::optional<kg::Term>> values;
      for (auto* v : row->dataBlockValue()) values.push_back(dataBlockValue(v));
      if (values.size() != d.vars.size()) {
        fail(posOf(row), "this VALUES row has " + std::to_string(values.size()) + " value" +
                             (values.size() == 1 ? "" : "s") + " but there " +
                             (d.vars.size() == 1 ? "is " : "are ") + std::to_string(d.vars.size()) +
                             " variable" + (d.vars.size() == 1 ? "" : "s"));
      }
      d.rows.push_back(std::move(values));
    }
    return d;
  }

  std::optional<kg::Term> dataBlockValue(P::DataBlockValueContext* ctx) {
    if (auto* i = ctx->iri()) return kg::Term::iri(iri(i));
    if (auto* l = ctx->rdfLiteral()) return rdfLiteral(l);
    if (auto* n = ctx->numericLiteral()) return numericLiteral(n);
    if (auto* b = ctx->booleanLiteral()) return booleanLiteral(b);
    if (auto* q = ctx->quotedTripleData()) return quotedTripleData(q);
    return std::nullopt;  // UNDEF
  }

  // ---------------------------------------------------------------- SELECT

  Query subSelect(P::SubSelectContext* ctx) {
    Query q;
    q.form = QueryForm::kSelect;
    q.pos = posOf(ctx);
    whereClause(ctx->whereClause(), q);
    selectClause(ctx->selectClause(), q);
    solutionModifier(ctx->solutionModifier(), q);
    if (auto* dbk = ctx->valuesClause()->dataBlock()) {
      q.hasValues = true;
      q.values = dataBlock(dbk);
    }
    checkSelect(q, ctx->selectClause());
    return q;
  }

  void selectClause(P::SelectClauseContext* ctx, Query& q) {
    q.distinct = ctx->DISTINCT() != nullptr;
    q.reduced = ctx->REDUCED() != nullptr;
    if (ctx->selectVar().empty()) q.selectAll = true;
    std::set<std::string> whereVars;
    inScopeVars(q.where, whereVars);
    std::set<std::string> projected;
    for (auto* sv : ctx->selectVar()) {
      Projection p;
      p.pos = posOf(sv);
      p.var = plainVar(sv->var());
      if (auto* e = sv->expression()) {
        AggScope agg(*this, true);
        p.hasExpr = true;
        p.expr = expression(e);
        if (whereVars.count(p.var.name))
          fail(p.var.pos, "?" + p.var.name + " is already bound in the WHERE clause; choose another name after AS");
        if (projected.count(p.var.name))
          fail(p.var.pos, "?" + p.var.name + " is already used in this SELECT clause");
      }
      projected.insert(p.var.name);
      q.projections.push_back(std::move(p));
    }
  }

  void solutionModifier(P::SolutionModifierContext* ctx, Query& q) {
    if (auto* g = ctx->groupClause()) {
      for (auto* c : g->groupCondition()) {
        GroupCondition gc;
        gc.pos = posOf(c);
        if (auto* b = c->builtInCall()) {
          gc.expr = builtInCall(b);
        } else if (auto* f = c->functionCall()) {
          gc.expr = functionCall(f);
        } else if (auto* e = c->expression()) {
          gc.expr = expression(e);
          if (auto* v = c->var()) {
            gc.hasVar = true;
            gc.var = plainVar(v);
            std::set<std::string> whereVars;
            inScopeVars(q.where, whereVars);
            if (whereVars.count(gc.var.name))
              fail(gc.var.pos, "?" + gc.var.name + " is already bound in the WHERE clause; choose another name after AS");
          }
        } else {
          gc.expr = varExpr(c->var());
        }
        q.groupBy.push_back(std::move(gc));
      }
    }
    if (auto* h = ctx->havingClause()) {
      AggScope agg(*this, true);
      for (auto* c : h->havingCondition()) q.having.push_back(constraint(c->constraint()));
    }
    if (auto* o = ctx->orderClause()) {
      AggScope agg(*this, true);
      for (auto* c : o->orderCondition()) {
        OrderCondition oc;
        oc.pos = posOf(c);
        if (c->DESC()) oc.descending = true;
        if (auto* b = c->brackettedExpression()) {
          oc.expr = expression(b->expression());
        } else if (auto* k = c->constraint()) {
          oc.expr = constraint(k);
        } else {
          oc.expr = varExpr(c->var());
        }
        q.orderBy.push_back(std::move(oc));
      }
    }
    if (auto* lo = ctx->limitOffsetClauses()) {
      if (auto* l = lo->limitClause()) q.limit = parseCount(l->INTEGER());
      if (auto* o = lo->offsetClause()) q.offset = parseCount(o->INTEGER());
    }
  }

  static uint64_t parseCount(TerminalNode* n) {
    uint64_t v = 0;
    for (char c : n->getText()) {
      uint64_t d = static_cast<uint64_t>(c - '0');
      if (v > (std::numeric_limits<uint64_t>::max() - d) / 10) return std::numeric_limits<uint64_t>::max();
      v = v * 10 + d;
    }
    return v;
  }

  // Rules of SELECT with grouping (SPARQL 1.1 section 11.4 and 18.2.4.1).
  void checkSelect(const Query& q, P::SelectClauseContext* sel) {
    checkAggregation(q, sel);
  }

  void checkAggregation(const Query& q, P::SelectClauseContext* sel) {
    bool grouped = !q.groupBy.empty();
    for (const Projection& p : q.projections)
      if (p.hasExpr && containsAggregate(p.expr)) grouped = true;
    for (const Expr& h : q.having)
      if (containsAggregate(h)) grouped = true;
    for (const OrderCondition& o : q.orderBy)
      if (containsAggregate(o.expr)) grouped = true;
    if (!grouped || q.form != QueryForm::kSelect) return;
    if (q.selectAll)
      fail(sel ? posOf(sel) : q.pos, "SELECT * cannot be used with GROUP BY or aggregates; list the variables");
    std::set<std::string> groupVars;
    for (const GroupCondition& g : q.groupBy) {
      if (g.hasVar) groupVars.insert(g.var.name);
      else if (g.expr.kind == Expr::Kind::kVar) groupVars.insert(g.expr.var.name);
    }
    for (const Projection& p : q.projections) {
      if (!p.hasExpr) {
        if (!groupVars.count(p.var.name))
          fail(p.var.pos, "?" + p.var.name + " is neither grouped (GROUP BY) nor aggregated");
        continue;
      }
      std::vector<const Var*> vars;
      varsOutsideAggregates(p.expr, vars);
      for (const Var* v : vars)
        if (!groupVars.count(v->name))
          fail(v->pos, "?" + v->name + " is used outside an aggregate but is not a GROUP BY variable");
      groupVars.insert(p.var.name);
    }
  }

  // ---------------------------------------------------------------- expressions

  Expr varExpr(P::VarContext* ctx) {
    Expr e;
    e.kind = Expr::Kind::kVar;
    e.var = plainVar(ctx);
    e.pos = e.var.pos;
    return e;
  }

  static Expr termExpr(kg::Term t, Pos pos) {
    Expr e;
    e.kind = Expr::Kind::kTerm;
    e.term = std::move(t);
    e.pos = pos;
    return e;
  }

  static Expr binary(std::string op, Expr a, Expr b, Pos pos) {
    Expr e;
    e.kind = Expr::Kind::kBinary;
    e.op = std::move(op);
    e.pos = pos;
    e.args.reserve(2);
    e.args.push_back(std::move(a));
    e.args.push_back(std::move(b));
    return e;
  }

  Expr constraint(P::ConstraintContext* ctx) {
    if (auto* b = ctx->brackettedExpression()) return expression(b->expression());
    if (auto* c = ctx->builtInCall()) return builtInCall(c);
    return functionCall(ctx->functionCall());
  }

  Expr functionCall(P::FunctionCallContext* ctx) {
    Expr e;
    e.kind = Expr::Kind::kFunction;
    e.pos = posOf(ctx);
    e.op = iri(ctx->iri());
    argList(ctx->argList(), e);
    return e;
  }

  void argList(P::ArgListContext* ctx, Expr& e) {
    e.distinct = ctx->DISTINCT() != nullptr;
    for (auto* x : ctx->expression()) e.args.push_back(expression(x));
  }

  // Joins operands [lo, hi) of a chain `a op b op c ...` into a balanced tree, built left to
  // right. || and && are associative under SPARQL's error rules, so the shape does not change
  // the value; a tree as deep as the chain is long would make every recursive walker of it
  // (planner, evaluator, destructor) overflow the stack on a FILTER of 100,000 terms.
  template <class Item, class Operand>
  Expr balancedChain(const char* op, const std::vector<Item*>& items, size_t lo, size_t hi,
                     Operand operand) {
    if (hi - lo == 1) return operand(items[lo]);
    size_t mid = lo + (hi - lo + 1) / 2;  // three operands: ((a b) c), as written
    Expr left = balancedChain(op, items, lo, mid, operand);
    Expr right = balancedChain(op, items, mid, hi, operand);
    return binary(op, std::move(left), std::move(right), posOf(items[mid]));
  }

  Expr expression(P::ExpressionContext* ctx) {
    auto ands = ctx->conditionalOrExpression()->conditionalAndExpression();
    Expr e = balancedChain("||", ands, 0, ands.size(),
                           [this](P::ConditionalAndExpressionContext* a) { return conditionalAnd(a); });
    checkExpressionDepth(e, posOf(ctx));
    return e;
  }

  static std::string expressionDepthMessage() {
    return "expression nested too deeply (more than " + std::to_string(kMaxExpressionDepth) +
           " levels of operators and brackets; kMaxExpressionDepth in engine/sparql/parser.h): split a "
           "long chain of + - * / with brackets or BIND";
  }

  // One operator more in a left-deep chain of + - * /: refused past the depth limit before the
  // tree gets deeper still.
  void countChainOperator(size_t* operators, const Pos& pos) {
    if (++*operators >= static_cast<size_t>(kMaxExpressionDepth)) fail(pos, expressionDepthMessage());
  }

  // An expression (bracketed parts included) must be at most kMaxExpressionDepth deep. Checked
  // at every bracket level, so no tree deeper than that is ever built; measured without
  // recursion, and a tree that is too deep is taken apart the same way, since its destructor
  // would recurse as deep as the tree.
  static void checkExpressionDepth(Expr& e, const Pos& pos) {
    std::vector<std::pair<const Expr*, int>> work{{&e, 1}};
    int deepest = 0;
    while (!work.empty()) {
      auto [x, depth] = work.back();
      work.pop_back();
      deepest = std::max(deepest, depth);
      for (const Expr& a : x->args) work.emplace_back(&a, depth + 1);
    }
    if (deepest <= kMaxExpressionDepth) return;
    std::vector<Expr> parts;
    parts.push_back(std::move(e));
    while (!parts.empty()) {
      Expr x = std::move(parts.back());
      parts.pop_back();
      for (Expr& a : x.args) parts.push_back(std::move(a));
    }
    fail(pos, expressionDepthMessage());
  }

  Expr conditionalAnd(P::ConditionalAndExpressionContext* ctx) {
    auto vals = ctx->valueLogical();
    return balancedChain("&&", vals, 0, vals.size(), [this](P::ValueLogicalContext* v) {
      return relational(v->relationalExpression());
    });
  }

  Expr relational(P::RelationalExpressionContext* ctx) {
    auto nums = ctx->numericExpression();
    Expr left = additive(nums[0]->additiveExpression());
    if (auto* op = ctx->relOp()) return binary(op->getText(), std::move(left), additive(nums[1]->additiveExpression()), posOf(op));
    if (auto* list = ctx->expressionList()) {
      Expr e;
      e.kind = ctx->NOT() ? Expr::Kind::kNotIn : Expr::Kind::kIn;
      e.pos = posOf(ctx->NOT() ? ctx->NOT() : ctx->IN());
      e.args.push_back(std::move(left));
      for (auto* x : list->expression()) e.args.push_back(expression(x));
      return e;
    }
    return left;
  }

  // + - and * / chains are left-deep trees (not associative for decimals and doubles, so they
  // cannot be balanced like || and &&): their length is bounded by kMaxExpressionDepth.
  Expr additive(P::AdditiveExpressionContext* ctx) {
    Expr acc = multiplicative(ctx->multiplicativeExpression());
    size_t operators = 0;
    for (auto* tail : ctx->additiveTail()) {
      if (auto* op = tail->addOp()) {
        countChainOperator(&operators, posOf(op));
        acc = binary(op->getText(), std::move(acc), multiplicative(tail->multiplicativeExpression()), posOf(op));
        continue;
      }
      // "?a +2 * ?b": the sign of the literal is the operator.
      Token* t = tail->getStart();
      countChainOperator(&operators, posOf(t));
      std::string op(1, t->getText()[0]);
      Expr rhs = termExpr(numericToken(t, true), posOf(t));
      size_t products = 0;
      for (auto* mt : tail->multiplicativeTail()) {
        countChainOperator(&products, posOf(mt));
        rhs = binary(mt->mulOp()->getText(), std::move(rhs), unary(mt->unaryExpression()), posOf(mt));
      }
      acc = binary(op, std::move(acc), std::move(rhs), posOf(t));
    }
    return acc;
  }

  Expr multiplicative(P::MultiplicativeExpressionContext* ctx) {
    Expr acc = unary(ctx->unaryExpression());
    size_t operators = 0;
    for (auto* mt : ctx->multiplicativeTail()) {
      countChainOperator(&operators, posOf(mt));
      acc = binary(mt->mulOp()->getText(), std::move(acc), unary(mt->unaryExpression()), posOf(mt));
    }
    return acc;
  }

  Expr unary(P::UnaryExpressionContext* ctx) {
    Expr inner = primary(ctx->primaryExpression());
    if (ctx->children.size() < 2) return inner;
    Expr e;
    e.kind = Expr::Kind::kUnary;
    e.op = ctx->children[0]->getText();
    e.pos = posOf(ctx);
    e.args.push_back(std::move(inner));
    return e;
  }

  Expr primary(P::PrimaryExpressionContext* ctx) {
    Pos pos = posOf(ctx);
    if (auto* b = ctx->brackettedExpression()) return expression(b->expression());
    if (auto* c = ctx->builtInCall()) return builtInCall(c);
    if (auto* f = ctx->iriOrFunction()) {
      std::string name = iri(f->iri());
      if (!f->argList()) return termExpr(kg::Term::iri(name), pos);
      Expr e;
      e.kind = Expr::Kind::kFunction;
      e.op = name;
      e.pos = pos;
      argList(f->argList(), e);
      return e;
    }
    if (auto* l = ctx->rdfLiteral()) return termExpr(rdfLiteral(l), pos);
    if (auto* n = ctx->numericLiteral()) return termExpr(numericLiteral(n), pos);
    if (auto* bl = ctx->booleanLiteral()) return termExpr(booleanLiteral(bl), pos);
    if (auto* v = ctx->var()) return varExpr(v);
    return exprQuotedTP(ctx->exprQuotedTP());
  }

  Expr exprQuotedTP(P::ExprQuotedTPContext* ctx) {
    Expr e;
    e.kind = Expr::Kind::kQuotedTriple;
    e.pos = posOf(ctx);
    e.args.push_back(exprVarOrTerm(ctx->exprVarOrTerm(0)));
    TermPattern p = verb(ctx->verb());
    if (p.isVar()) {
      Expr v;
      v.kind = Expr::Kind::kVar;
      v.var = p.var;
      v.pos = p.pos;
      e.args.push_back(std::move(v));
    } else {
      e.args.push_back(termExpr(p.term, p.pos));
    }
    e.args.push_back(exprVarOrTerm(ctx->exprVarOrTerm(1)));
    return e;
  }

  Expr exprVarOrTerm(P::ExprVarOrTermContext* ctx) {
    Pos pos = posOf(ctx);
    if (auto* i = ctx->iri()) return termExpr(kg::Term::iri(iri(i)), pos);
    if (auto* l = ctx->rdfLiteral()) return termExpr(rdfLiteral(l), pos);
    if (auto* n = ctx->numericLiteral()) return termExpr(numericLiteral(n), pos);
    if (auto* b = ctx->booleanLiteral()) return termExpr(booleanLiteral(b), pos);
    if (auto* v = ctx->var()) return varExpr(v);
    return exprQuotedTP(ctx->exprQuotedTP());
  }

  Expr builtInCall(P::BuiltInCallContext* ctx) {
    if (auto* a = ctx->aggregate()) return aggregate(a);
    Expr e;
    e.pos = posOf(ctx);
    size_t first = terminalType(ctx->children[0]);
    if (first == P::EXISTS || first == P::NOT) {
      e.kind = first == P::EXISTS ? Expr::Kind::kExists : Expr::Kind::kNotExists;
      e.op = first == P::EXISTS ? "EXISTS" : "NOT EXISTS";
      e.pattern.push_back(groupGraphPattern(ctx->groupGraphPattern()));
      return e;
    }
    e.kind = Expr::Kind::kBuiltin;
    e.op = upper(ctx->children[0]->getText());
    if (first == P::BOUND) {
      e.args.push_back(varExpr(ctx->var()));
      return e;
    }
    for (ParseTree* child : ctx->children) {
      if (auto* x = as<P::ExpressionContext>(child)) {
        e.args.push_back(expression(x));
      } else if (auto* list = as<P::ExpressionListContext>(child)) {
        for (auto* x : list->expression()) e.args.push_back(expression(x));
      }
    }
    return e;
  }

  Expr aggregate(P::AggregateContext* ctx) {
    Expr e;
    e.kind = Expr::Kind::kAggregate;
    e.pos = posOf(ctx);
    e.op = upper(ctx->children[0]->getText());
    if (inAggregate_) fail(e.pos, "aggregates cannot be nested (" + e.op + " inside another aggregate)");
    if (!aggAllowed_)
      fail(e.pos, "the aggregate " + e.op + " is only allowed in SELECT, HAVING and ORDER BY");
    inAggregate_ = true;
    struct Reset {
      bool& flag;
      ~Reset() { flag = false; }
    } reset{inAggregate_};
    e.distinct = ctx->DISTINCT() != nullptr;
    AggScope noNested(*this, false);
    if (auto* x = ctx->expression()) {
      e.args.push_back(expression(x));
    } else {
      e.star = true;
    }
    if (auto* s = ctx->string()) {
      e.hasSeparator = true;
      e.separator = stringValue(s);
    }
    return e;
  }

  // ---------------------------------------------------------------- update

  UpdateOperation update1(P::Update1Context* ctx) {
    UpdateOperation op;
    op.pos = posOf(ctx);
    if (auto* l = ctx->load()) {
      op.kind = UpdateKind::kLoad;
      op.silent = l->SILENT() != nullptr;
      op.source = iri(l->iri());
      if (auto* g = l->graphRef()) {
        op.hasInto = true;
        op.into = graphRef(g);
      }
    } else if (auto* c = ctx->clear()) {
      op.kind = UpdateKind::kClear;
      op.silent = c->SILENT() != nullptr;
      op.target = graphRefAll(c->graphRefAll());
    } else if (auto* d = ctx->drop()) {
      op.kind = UpdateKind::kDrop;
      op.silent = d->SILENT() != nullptr;
      op.target = graphRefAll(d->graphRefAll());
    } else if (auto* cr = ctx->create()) {
      op.kind = UpdateKind::kCreate;
      op.silent = cr->SILENT() != nullptr;
      op.target = graphRef(cr->graphRef());
    } else if (auto* a = ctx->add()) {
      op.kind = UpdateKind::kAdd;
      op.silent = a->SILENT() != nullptr;
      op.from = graphOrDefault(a->graphOrDefault(0));
      op.target = graphOrDefault(a->graphOrDefault(1));
    } else if (auto* m = ctx->move()) {
      op.kind = UpdateKind::kMove;
      op.silent = m->SILENT() != nullptr;
      op.from = graphOrDefault(m->graphOrDefault(0));
      op.target = graphOrDefault(m->graphOrDefault(1));
    } else if (auto* cp = ctx->copy()) {
      op.kind = UpdateKind::kCopy;
      op.silent = cp->SILENT() != nullptr;
      op.from = graphOrDefault(cp->graphOrDefault(0));
      op.target = graphOrDefault(cp->graphOrDefault(1));
    } else if (auto* id = ctx->insertData()) {
      op.kind = UpdateKind::kInsertData;
      Mode md;
      md.blankAsVar = false;
      md.varForbidden = "INSERT DATA";
      md.requestScopedLabels = true;
      ModeScope scope(*this, md);
      quads(id->quadData()->quads(), op.quads);
    } else if (auto* dd = ctx->deleteData()) {
      op.kind = UpdateKind::kDeleteData;
      Mode md;
      md.blankAsVar = false;
      md.varForbidden = "DELETE DATA";
      md.blankForbidden = "DELETE DATA";
      ModeScope scope(*this, md);
      quads(dd->quadData()->quads(), op.quads);
    } else if (auto* dw = ctx->deleteWhere()) {
      op.kind = UpdateKind::kDeleteWhere;
      Mode md;
      md.blankAsVar = false;
      md.blankForbidden = "DELETE WHERE";
      ModeScope scope(*this, md);
      quads(dw->quadPattern()->quads(), op.quads);
    } else if (auto* mo = ctx->modify()) {
      op.kind = UpdateKind::kModify;
      if (auto* w = mo->iri()) op.with = iri(w);
      if (auto* del = mo->deleteClause()) {
        op.hasDelete = true;
        Mode md;
        md.blankAsVar = false;
        md.blankForbidden = "a DELETE template";
        ModeScope scope(*this, md);
        quads(del->quadPattern()->quads(), op.deleteTemplate);
      }
      if (auto* ins = mo->insertClause()) {
        op.hasInsert = true;
        Mode md;
        md.blankAsVar = false;
        ModeScope scope(*this, md);
        quads(ins->quadPattern()->quads(), op.insertTemplate);
      }
      for (auto* u : mo->usingClause()) {
        if (u->NAMED()) op.usingNamed.push_back(iri(u->iri()));
        else op.usingDefault.push_back(iri(u->iri()));
      }
      op.where = groupGraphPattern(mo->groupGraphPattern());
    }
    return op;
  }

  void quads(P::QuadsContext* ctx, std::vector<QuadPattern>& out) {
    for (ParseTree* child : ctx->children) {
      if (auto* tt = as<P::TriplesTemplateContext>(child)) {
        triplesTemplate(tt, std::nullopt, out);
      } else if (auto* qn = as<P::QuadsNotTriplesContext>(child)) {
        TermPattern g = varOrIri(qn->varOrIri());
        if (auto* tt2 = qn->triplesTemplate()) triplesTemplate(tt2, g, out);
      }
    }
  }

  void triplesTemplate(P::TriplesTemplateContext* ctx, const std::optional<TermPattern>& graph,
                       std::vector<QuadPattern>& out) {
    std::vector<TriplePattern> triples;
    for (auto* t : ctx->triplesSameSubject()) triplesSameSubject(t, triples);
    for (TriplePattern& t : triples) {
      QuadPattern q;
      q.pos = t.pos;
      q.triple = std::move(t);
      q.graph = graph;
      out.push_back(std::move(q));
    }
  }

  GraphTarget graphRef(P::GraphRefContext* ctx) {
    GraphTarget g;
    g.kind = GraphTarget::Kind::kGraph;
    g.iri = iri(ctx->iri());
    g.pos = posOf(ctx);
    return g;
  }

  GraphTarget graphRefAll(P::GraphRefAllContext* ctx) {
    if (auto* g = ctx->graphRef()) return graphRef(g);
    GraphTarget t;
    t.pos = posOf(ctx);
    if (ctx->DEFAULT()) t.kind = GraphTarget::Kind::kDefault;
    else if (ctx->NAMED()) t.kind = GraphTarget::Kind::kNamed;
    else t.kind = GraphTarget::Kind::kAll;
    return t;
  }

  GraphTarget graphOrDefault(P::GraphOrDefaultContext* ctx) {
    GraphTarget t;
    t.pos = posOf(ctx);
    if (ctx->DEFAULT()) {
      t.kind = GraphTarget::Kind::kDefault;
    } else {
      t.kind = GraphTarget::Kind::kGraph;
      t.iri = iri(ctx->iri());
    }
    return t;
  }

  std::string base_;

  // An IRI reference as written in the query: absolute IRIs are taken as they are (the same
  // text in data and query is the same term, W3C i18n/normalization-2); relative ones are
  // resolved against the base (RFC 3986 section 5).
  std::string resolveReference(const std::string& ref) const {
    if (hasScheme(ref)) return ref;
    return resolveIri(base_, ref);
  }
  std::map<std::string, std::string> prefixes_;
  std::set<std::string> usedLabels_;
  int freshCounter_ = 0;
  Mode mode_;
  bool aggAllowed_ = false;
  bool inAggregate_ = false;
  int curBgp_ = 0;
  int bgpCounter_ = 0;
  std::map<std::string, int> labelBgp_;
  bool inUpdate_ = false;
  int opIndex_ = 0;
  std::map<std::string, int> labelOp_;
};

// ------------------------------------------------------------------------ driver

struct Lexed {
  std::unique_ptr<antlr4::ANTLRInputStream> input;
  std::unique_ptr<SparqlLexer> lexer;
  std::unique_ptr<antlr4::CommonTokenStream> tokens;
  std::set<std::string> labels;
};

void lex(std::string_view text, Lexed& out) {
  if (text.size() > kMaxInputBytes) {
    throw SyntaxError(1, 1, "the text is too large to parse (" + std::to_string(text.size()) +
                                " bytes; the limit is " + std::to_string(kMaxInputBytes) +
                                "); load bulk data from a file instead");
  }
  validateUtf8(text);
  out.input = std::make_unique<antlr4::ANTLRInputStream>(std::string(text));
  out.lexer = std::make_unique<SparqlLexer>(out.input.get());
  out.lexer->removeErrorListeners();
  out.tokens = std::make_unique<antlr4::CommonTokenStream>(out.lexer.get());
  out.tokens->fill();
  // Bound the nesting depth: the generated parser and the builder are recursive.
  int depth = 0;
  for (Token* t : out.tokens->getTokens()) {
    size_t type = t->getType();
    if (type == P::BLANK_NODE_LABEL) out.labels.insert(t->getText().substr(2));
    if (type == Token::EOF) break;
    if (t->getStopIndex() - t->getStartIndex() > 1) continue;  // brackets are 1 or 2 characters
    const std::string text1 = t->getText();
    if (text1 == "(" || text1 == "[" || text1 == "{" || text1 == "<<" || text1 == "{|") {
      if (++depth > kMaxNesting)
        fail(posOf(t), "brackets are nested too deeply (more than " + std::to_string(kMaxNesting) + " levels)");
    } else if (text1 == ")" || text1 == "]" || text1 == "}" || text1 == ">>" || text1 == "|}") {
      if (depth > 0) --depth;
    }
  }
}

template <class Tree>
Tree* parseWith(Lexed& lx, P& parser, Tree* (P::*rule)(), const char* what) {
  // Stage 1: SLL, bail out on the first error.
  parser.removeErrorListeners();
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
      antlr4::atn::PredictionMode::SLL);
  try {
    return (parser.*rule)();
  } catch (antlr4::ParseCancellationException&) {
  } catch (antlr4::RecognitionException&) {
  }
  // Stage 2: full LL with the error listener that turns the first error into a SyntaxError.
  lx.tokens->seek(0);
  parser.reset();
  parser.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
      antlr4::atn::PredictionMode::LL);
  ThrowingErrorListener listener(what);
  parser.addErrorListener(&listener);
  Tree* tree = (parser.*rule)();
  parser.removeErrorListeners();
  if (parser.getNumberOfSyntaxErrors() > 0) fail(Pos{1, 1}, std::string("invalid ") + what);
  return tree;
}

}  // namespace

Query parseQuery(std::string_view text, std::string_view baseIri) {
  Lexed lx;
  lex(text, lx);
  P parser(lx.tokens.get());
  auto* tree = parseWith(lx, parser, &P::queryUnit, "query");
  AstBuilder builder(baseIri, lx.labels);
  return builder.query(tree->query());
}

UpdateRequest parseUpdate(std::string_view text, std::string_view baseIri) {
  Lexed lx;
  lex(text, lx);
  P parser(lx.tokens.get());
  auto* tree = parseWith(lx, parser, &P::updateUnit, "update");
  AstBuilder builder(baseIri, lx.labels);
  return builder.update(tree->update());
}

namespace {

// The first token after the prologue (its type), or EOF.
size_t firstStatementToken(std::string_view text) {
  antlr4::ANTLRInputStream input{std::string(text)};
  SparqlLexer lexer(&input);
  lexer.removeErrorListeners();
  // Skip the prologue: (BASE IRIREF | PREFIX PNAME_NS IRIREF)*.
  for (;;) {
    std::unique_ptr<Token> t = lexer.nextToken();
    size_t type = t->getType();
    if (type == P::BASE || type == P::PREFIX || type == P::IRIREF || type == P::PNAME_NS) continue;
    return type;
  }
}

bool isQueryKeyword(size_t type) {
  return type == P::SELECT || type == P::CONSTRUCT || type == P::DESCRIBE || type == P::ASK;
}

bool isUpdateKeyword(size_t type) {
  switch (type) {
    case P::LOAD: case P::CLEAR: case P::DROP: case P::CREATE: case P::ADD: case P::MOVE:
    case P::COPY: case P::INSERT: case P::DELETE: case P::WITH: case Token::EOF:
      return true;
    default:
      return false;
  }
}

}  // namespace

bool looksLikeQuery(std::string_view text) {
  if (text.size() > kMaxInputBytes) return true;
  try {
    validateUtf8(text);
  } catch (const SyntaxError&) {
    return true;
  }
  return isQueryKeyword(firstStatementToken(text));
}

ParsedStatement parseStatement(std::string_view text, std::string_view baseIri) {
  size_t first = Token::EOF;
  if (text.size() <= kMaxInputBytes) {
    try {
      validateUtf8(text);
      first = firstStatementToken(text);
    } catch (const SyntaxError&) {
      first = P::SELECT;  // let parseQuery report it
    }
  } else {
    first = P::SELECT;
  }
  if (isUpdateKeyword(first)) return parseUpdate(text, baseIri);
  try {
    return parseQuery(text, baseIri);
  } catch (const SyntaxError& e) {
    const std::string prefix = "expected SELECT, CONSTRUCT, DESCRIBE or ASK";
    if (!isQueryKeyword(first) && e.message().compare(0, prefix.size(), prefix) == 0) {
      std::string found = e.message().substr(prefix.size());  // ", found 'X'"
      throw SyntaxError(e.line(), e.column(),
                        "expected a query (SELECT, CONSTRUCT, DESCRIBE, ASK) or an update "
                        "(INSERT, DELETE, LOAD, CLEAR, ...)" + found);
    }
    throw;
  }
}

}  // namespace kg::sparql
