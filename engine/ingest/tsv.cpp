// TSV input for hand-written samples: `subject<TAB>predicate<TAB>object` per line.
// The rules are documented at parseRdf in ingest.h.
#include <cctype>
#include <cstring>
#include <unordered_map>

#include "ingest/nt_scanner.h"
#include "ingest/parsers.h"

namespace kg::ingest::detail {
namespace {

bool isSpace(char c) { return c == ' '; }

bool matchesNumber(std::string_view s, const char** datatype) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  size_t intStart = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  size_t intDigits = i - intStart;
  size_t fracDigits = 0;
  bool dot = false;
  if (i < s.size() && s[i] == '.') {
    dot = true;
    ++i;
    size_t fs = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    fracDigits = i - fs;
  }
  if (intDigits + fracDigits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t es = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == es || i != s.size()) return false;
    *datatype = vocab::kXsdDouble.data();
    return true;
  }
  if (i != s.size()) return false;
  if (dot) {
    if (fracDigits == 0) return false;  // "1." is not a Turtle decimal
    *datatype = vocab::kXsdDecimal.data();
  } else {
    *datatype = vocab::kXsdInteger.data();
  }
  return true;
}

// kg:<text>: spaces become '_', characters an IRI cannot hold are percent-encoded.
std::string kgIri(std::string_view text) {
  std::string out(vocab::kKg);
  static const char kHex[] = "0123456789ABCDEF";
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c == ' ') {
      out += '_';
    } else if (c < 0x20 || c == 0x7F || std::strchr("<>\"{}|^`\\#%", c) != nullptr) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += ch;
    }
  }
  return out;
}

enum class Position { kSubject, kPredicate, kObject };
const char* positionName(Position p) {
  switch (p) {
    case Position::kSubject: return "subject";
    case Position::kPredicate: return "predicate";
    case Position::kObject: return "object";
  }
  return "";
}

class TsvParser {
 public:
  TsvParser(const ParseOptions& options, const std::string& fileName, const QuadSink& sink)
      : options_(options), scan_(fileName), sink_(sink), base_(options.baseIri) {
    prefixes_["rdf"] = std::string(vocab::kRdf);
    prefixes_["rdfs"] = std::string(vocab::kRdfs);
    prefixes_["xsd"] = std::string(vocab::kXsd);
    prefixes_["owl"] = std::string(vocab::kOwl);
    prefixes_["kg"] = std::string(vocab::kKg);
    if (options_.defaultGraph) defaultGraph_ = *options_.defaultGraph;
    scan_.allowRelativeIris = true;
    scan_.base = base_;
    scan_.expandPrefixedName = [this](std::string_view pname, std::string& iri) {
      return expand(pname, iri);
    };
  }

  uint64_t count() const { return count_; }

  void parseRegion(const char* begin, const char* end) {
    const char* p = begin;
    while (p < end) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', end - p));
      scan_.lineStart = p;
      scan_.p = p;
      parseLine();
      p = nl + 1;
      ++scan_.line;
    }
  }

 private:
  bool expand(std::string_view pname, std::string& iri) {
    size_t colon = pname.find(':');
    if (colon == std::string_view::npos) return false;
    auto it = prefixes_.find(std::string(pname.substr(0, colon)));
    if (it == prefixes_.end()) return false;
    iri = it->second;
    iri.append(pname.substr(colon + 1));
    return true;
  }

  static bool isEol(char c) { return c == '\n' || c == '\r'; }

  void skipSpaces() {
    while (isSpace(*scan_.p)) ++scan_.p;
  }

  bool keyword(const char* word, bool caseInsensitive) {
    size_t n = std::strlen(word);
    for (size_t i = 0; i < n; ++i) {
      char c = scan_.p[i];
      if (isEol(c)) return false;
      if (caseInsensitive ? std::tolower(static_cast<unsigned char>(c)) != word[i] : c != word[i]) {
        return false;
      }
    }
    if (scan_.p[n] != ' ') return false;
    scan_.p += n;
    return true;
  }

  void directiveEnd(bool dotRequired) {
    scan_.skipWs();
    if (*scan_.p == '.') {
      ++scan_.p;
    } else if (dotRequired) {
      scan_.fail(scan_.p, "expected '.' at end of the directive");
    }
    scan_.skipWs();
    if (!isEol(*scan_.p)) scan_.fail(scan_.p, "unexpected " + describeChar(scan_.p) + " after the directive");
  }

  void parseLine() {
    while (*scan_.p == ' ' || *scan_.p == '\t') ++scan_.p;
    char c = *scan_.p;
    if (isEol(c) || c == '#') return;
    bool at = c == '@';
    if (at) ++scan_.p;
    // SPARQL-style PREFIX/BASE only on lines without tabs (a subject may be the word "base").
    bool hasTab = false;
    for (const char* q = scan_.p; !isEol(*q); ++q) hasTab = hasTab || *q == '\t';
    if (!at && hasTab) {
      parseStatement();
      return;
    }
    if (at ? keyword("prefix", false) : keyword("prefix", true)) {
      scan_.skipWs();
      const char* nameStart = scan_.p;
      while (!isEol(*scan_.p) && *scan_.p != ':' && *scan_.p != ' ' && *scan_.p != '\t') ++scan_.p;
      if (*scan_.p != ':') scan_.fail(scan_.p, "expected ':' after the prefix name");
      std::string name(nameStart, scan_.p - nameStart);
      ++scan_.p;
      scan_.skipWs();
      if (*scan_.p != '<') scan_.fail(scan_.p, "expected <namespace IRI> after the prefix name");
      std::string iri;
      scan_.readIri(iri);
      directiveEnd(at);
      prefixes_[name] = iri;
      return;
    }
    if (at ? keyword("base", false) : keyword("base", true)) {
      scan_.skipWs();
      if (*scan_.p != '<') scan_.fail(scan_.p, "expected <IRI> after base");
      std::string iri;
      scan_.readIri(iri);
      directiveEnd(at);
      base_ = iri;
      scan_.base = base_;
      return;
    }
    if (at) scan_.fail(scan_.p - 1, "unknown directive (expected @prefix or @base)");
    parseStatement();
  }

  void parseStatement() {
    Quad& q = quad_;
    cell(q.subject, Position::kSubject);
    separator(Position::kSubject);
    cell(q.predicate, Position::kPredicate);
    separator(Position::kPredicate);
    cell(q.object, Position::kObject);
    skipSpaces();
    if (*scan_.p == '\t') {
      scan_.fail(scan_.p, "too many cells: a line holds subject, predicate and object separated by tabs");
    }
    if (!isEol(*scan_.p)) scan_.fail(scan_.p, "unexpected " + describeChar(scan_.p) + " after the object");
    q.graph = defaultGraph_;
    ++count_;
    sink_(std::move(q));
  }

  void separator(Position after) {
    skipSpaces();
    if (*scan_.p == '\t') {
      ++scan_.p;
      return;
    }
    if (isEol(*scan_.p)) {
      scan_.fail(scan_.p, std::string("expected a tab and the ") +
                              (after == Position::kSubject ? "predicate" : "object") +
                              " after the " + positionName(after) +
                              " (cells are separated by tabs)");
    }
    scan_.fail(scan_.p, std::string("expected a tab after the ") + positionName(after) + ", found " +
                            describeChar(scan_.p));
  }

  void cell(Term& t, Position pos) {
    skipSpaces();
    const char* start = scan_.p;
    char c = *start;
    if (isEol(c) || c == '\t') scan_.fail(start, std::string("empty ") + positionName(pos) + " cell");
    bool termSyntax = c == '<' || c == '"' || (c == '_' && start[1] == ':');
    if (termSyntax) {
      switch (pos) {
        case Position::kSubject: scan_.readSubject(t); break;
        case Position::kPredicate: scan_.readPredicate(t); break;
        case Position::kObject: scan_.readObject(t); break;
      }
      skipSpaces();
      if (!isEol(*scan_.p) && *scan_.p != '\t') {
        scan_.fail(scan_.p, "unexpected " + describeChar(scan_.p) + " after the " + positionName(pos));
      }
      return;
    }
    // Bare text up to the next tab.
    const char* end = start;
    while (!isEol(*end) && *end != '\t') {
      if (static_cast<unsigned char>(*end) >= 0x80) {
        uint32_t cp;
        int n = decodeUtf8(end, &cp);
        if (n == 0) scan_.fail(end, "invalid UTF-8 byte sequence");
        end += n;
      } else {
        ++end;
      }
    }
    const char* textEnd = end;
    while (textEnd > start && isSpace(textEnd[-1])) --textEnd;
    std::string_view text(start, textEnd - start);
    scan_.p = end;
    std::string iri;
    bool isIri = false;
    if (text.find(' ') == std::string_view::npos) {
      if (expand(text, iri)) {
        isIri = true;
      } else if ((text.rfind("http://", 0) == 0 || text.rfind("https://", 0) == 0 ||
                  text.rfind("urn:", 0) == 0) &&
                 text.find_first_of("<>\"{}|^`\\") == std::string_view::npos) {
        iri = std::string(text);
        isIri = true;
      }
    }
    t.triple.reset();
    if (isIri) {
      t.kind = TermKind::kIri;
      t.value = std::move(iri);
      t.datatype.clear();
      t.language.clear();
      return;
    }
    if (pos == Position::kObject) {
      const char* datatype = nullptr;
      t.kind = TermKind::kLiteral;
      t.value.assign(text);
      t.language.clear();
      if (text == "true" || text == "false") {
        t.datatype.assign(vocab::kXsdBoolean);
      } else if (matchesNumber(text, &datatype)) {
        t.datatype.assign(datatype);
      } else {
        t.datatype.assign(vocab::kXsdString);
      }
      return;
    }
    t.kind = TermKind::kIri;
    t.value = kgIri(text);
    t.datatype.clear();
    t.language.clear();
  }

  const ParseOptions& options_;
  NtScanner scan_;
  const QuadSink& sink_;
  std::string base_;
  std::unordered_map<std::string, std::string> prefixes_;
  Term defaultGraph_ = Term::iri("");
  Quad quad_;
  uint64_t count_ = 0;
};

}  // namespace

uint64_t parseTsv(InputSource& in, const ParseOptions& options, const std::string& fileName,
                  const QuadSink& sink, const ProgressCallback& progress) {
  TsvParser parser(options, fileName, sink);
  forEachLineRegion(in, progress,
                    [&parser](const char* b, const char* e) { parser.parseRegion(b, e); });
  return parser.count();
}

}  // namespace kg::ingest::detail
