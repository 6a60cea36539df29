// N-Triples / N-Quads (-star) parser: strict RDF 1.1 grammar plus `<< s p o >>` quoted triples.
//
// The driver reads the input in large chunks and hands the scanner regions made of whole lines
// (each region ends with '\n'), so the scanner needs no bounds checks: every loop stops at a
// line end. The statement's Quad is reused from line to line so that, when the sink does not
// keep the strings, parsing allocates nothing in the steady state.
#include <cstdio>
#include <cstring>
#include <vector>

#include "ingest/ingest.h"
#include "ingest/nt_scanner.h"
#include "ingest/parsers.h"

namespace kg::ingest {
namespace detail {
namespace {

// Byte classes.
struct Tables {
  bool iriOk[256];    // may appear unescaped in an IRI (ASCII only; >= 0x80 checked apart)
  bool strOk[256];    // may appear unescaped in a string (ASCII only)
  bool labelAscii[256];  // ASCII PN_CHARS plus '.'
  Tables() {
    for (int c = 0; c < 256; ++c) {
      iriOk[c] = c > 0x20 && c < 0x80 && !std::strchr("<>\"{}|^`\\", c);
      strOk[c] = c < 0x80 && c != '"' && c != '\\' && c != '\n' && c != '\r';
      labelAscii[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '-' || c == '.';
    }
  }
};
const Tables kTables;

bool isPnCharsBase(uint32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c <= 0xD6) ||
         (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) || (c >= 0x370 && c <= 0x37D) ||
         (c >= 0x37F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D) ||
         (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) ||
         (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) ||
         (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
}
bool isPnCharsU(uint32_t c) { return isPnCharsBase(c) || c == '_'; }
bool isPnChars(uint32_t c) {
  return isPnCharsU(c) || c == '-' || (c >= '0' && c <= '9') || c == 0xB7 ||
         (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void setIri(Term& t) {
  t.kind = TermKind::kIri;
  t.datatype.clear();
  t.language.clear();
  t.triple.reset();
}
void setBlank(Term& t) {
  t.kind = TermKind::kBlank;
  t.datatype.clear();
  t.language.clear();
  t.triple.reset();
}

}  // namespace

uint64_t columnOf(const char* lineStart, const char* at) {
  uint64_t col = 1;
  for (const char* q = lineStart; q < at; ++q) {
    if ((static_cast<unsigned char>(*q) & 0xC0) != 0x80) ++col;
  }
  return col;
}

std::string describeChar(const char* p) {
  unsigned char c = static_cast<unsigned char>(*p);
  if (c == '\n' || c == '\r') return "end of line";
  if (c >= 0x21 && c < 0x7F) return std::string("'") + static_cast<char>(c) + "'";
  if (c == ' ') return "' '";
  uint32_t cp = c;
  if (c >= 0x80 && decodeUtf8(p, &cp) == 0) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "byte 0x%02X", c);
    return buf;
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", cp);
  if (cp >= 0xA0) return std::string(buf) + " '" + std::string(p, decodeUtf8(p, &cp)) + "'";
  return buf;
}

void NtScanner::fail(const char* at, std::string message) const {
  throw ParseError(fileName_, line, columnOf(lineStart, at), std::move(message));
}

void NtScanner::failUnexpected(const char* what) {
  fail(p, std::string("expected ") + what + ", found " + describeChar(p));
}

void NtScanner::readUchar(std::string& out, int digits) {
  const char* start = p;
  auto hex = [&](const char* q, int n, uint32_t* v) {
    *v = 0;
    for (int i = 0; i < n; ++i) {
      int h = hexValue(q[i]);
      if (h < 0) return false;
      *v = (*v << 4) | static_cast<uint32_t>(h);
    }
    return true;
  };
  uint32_t cp;
  if (!hex(p + 2, digits, &cp)) {
    fail(start, std::string("invalid escape: \\") + p[1] + " must be followed by " +
                    std::to_string(digits) + " hexadecimal digits");
  }
  p += 2 + digits;
  if (cp > 0x10FFFF) fail(start, "invalid escape: code point beyond U+10FFFF");
  if (cp >= 0xD800 && cp <= 0xDFFF) {
    // A UTF-16 surrogate pair written as two escapes stands for one character.
    uint32_t low;
    if (cp <= 0xDBFF && p[0] == '\\' && p[1] == 'u' && hex(p + 2, 4, &low) && low >= 0xDC00 &&
        low <= 0xDFFF) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
      p += 6;
    } else {
      fail(start, "invalid escape: unpaired UTF-16 surrogate " + std::string(start, p - start));
    }
  }
  appendUtf8(out, cp);
}

void NtScanner::readIri(std::string& out) {
  const char* start = p;
  ++p;
  out.clear();
  for (;;) {
    const char* run = p;
    while (kTables.iriOk[static_cast<unsigned char>(*p)]) ++p;
    out.append(run, p - run);
    char c = *p;
    if (c == '>') {
      ++p;
      break;
    }
    if (c == '\\') {
      if (p[1] == 'u') {
        readUchar(out, 4);
      } else if (p[1] == 'U') {
        readUchar(out, 8);
      } else {
        fail(p, "invalid escape in IRI (only \\uXXXX and \\UXXXXXXXX are allowed)");
      }
      continue;
    }
    if (static_cast<unsigned char>(c) >= 0x80) {
      uint32_t cp;
      int n = decodeUtf8(p, &cp);
      if (n == 0) fail(p, "invalid UTF-8 byte sequence");
      out.append(p, n);
      p += n;
      continue;
    }
    if (isEol(c)) fail(start, "unterminated IRI (missing '>')");
    fail(p, "invalid IRI character " + describeChar(p));
  }
  if (!isAbsoluteIri(out)) {
    if (allowRelativeIris && !base.empty()) {
      out = resolveIri(base, out);
    } else {
      fail(start, "relative IRI <" + out + "> (IRIs must be absolute, with a scheme such as http:)");
    }
  }
}

void NtScanner::readBlankLabel(std::string& out) {
  const char* start = p;
  if (p[1] != ':') fail(p, "expected ':' after '_' (blank node labels start with '_:')");
  p += 2;
  out.clear();
  // First character: PN_CHARS_U or a digit.
  uint32_t cp;
  int n = decodeUtf8(p, &cp);
  if (n == 0) fail(p, "invalid UTF-8 byte sequence");
  if (!(isPnCharsU(cp) || (cp >= '0' && cp <= '9'))) {
    if (isEol(*p) || *p == ' ' || *p == '\t') fail(start, "empty blank node label after '_:'");
    fail(p, "invalid blank node label: " + describeChar(p) +
                " cannot start a label (use letters, digits or '_')");
  }
  const char* labelStart = p;
  p += n;
  for (;;) {
    if (kTables.labelAscii[static_cast<unsigned char>(*p)]) {
      ++p;
      continue;
    }
    if (static_cast<unsigned char>(*p) >= 0x80) {
      n = decodeUtf8(p, &cp);
      if (n == 0) fail(p, "invalid UTF-8 byte sequence");
      if (isPnChars(cp)) {
        p += n;
        continue;
      }
    }
    break;
  }
  while (p[-1] == '.') --p;  // a label cannot end with '.'
  if (*p == ':') fail(p, "invalid character ':' in blank node label");
  out.assign(labelStart, p - labelStart);
}

void NtScanner::readLiteral(Term& t) {
  const char* start = p;
  ++p;
  std::string& v = t.value;
  v.clear();
  for (;;) {
    const char* run = p;
    while (kTables.strOk[static_cast<unsigned char>(*p)]) ++p;
    v.append(run, p - run);
    char c = *p;
    if (c == '"') {
      ++p;
      break;
    }
    if (c == '\\') {
      char e = p[1];
      switch (e) {
        case 't': v += '\t'; break;
        case 'b': v += '\b'; break;
        case 'n': v += '\n'; break;
        case 'r': v += '\r'; break;
        case 'f': v += '\f'; break;
        case '"': v += '"'; break;
        case '\'': v += '\''; break;
        case '\\': v += '\\'; break;
        case 'u': readUchar(v, 4); continue;
        case 'U': readUchar(v, 8); continue;
        default:
          if (isEol(e)) fail(start, "unterminated string (missing closing '\"')");
          fail(p, "invalid escape sequence '\\" + std::string(1, e) +
                      "' in string (allowed: \\t \\b \\n \\r \\f \\\" \\' \\\\ \\uXXXX \\UXXXXXXXX)");
      }
      p += 2;
      continue;
    }
    if (isEol(c)) fail(start, "unterminated string (missing closing '\"')");
    uint32_t cp;
    int n = decodeUtf8(p, &cp);
    if (n == 0) fail(p, "invalid UTF-8 byte sequence");
    v.append(p, n);
    p += n;
  }
  t.kind = TermKind::kLiteral;
  t.triple.reset();
  const char* afterString = p;
  skipWs();
  if (*p == '@') {
    const char* at = p;
    ++p;
    const char* tag = p;
    while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) ++p;
    if (p == tag) fail(at, "invalid language tag: expected letters after '@'");
    while (*p == '-') {
      const char* sub = ++p;
      while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')) ++p;
      if (p == sub) fail(at, "invalid language tag: expected letters or digits after '-'");
    }
    if (kTables.labelAscii[static_cast<unsigned char>(*p)] && *p != '.') {
      fail(p, "invalid language tag character " + describeChar(p));
    }
    t.language.assign(tag, p - tag);
    t.datatype.assign(vocab::kRdfLangString);
  } else if (*p == '^') {
    if (p[1] != '^') fail(p, "expected '^^' before the datatype IRI");
    p += 2;
    skipWs();
    t.language.clear();
    if (*p == '<' && p[1] != '<') {
      readIri(t.datatype);
    } else if (expandPrefixedName) {
      const char* q = p;
      while (!isEol(*q) && *q != ' ' && *q != '\t') ++q;
      std::string_view pname(p, q - p);
      if (pname.empty() || !expandPrefixedName(pname, t.datatype)) {
        failUnexpected("datatype IRI after '^^'");
      }
      p = q;
    } else {
      failUnexpected("datatype IRI after '^^'");
    }
  } else {
    p = afterString;
    t.language.clear();
    t.datatype.assign(vocab::kXsdString);
  }
}

void NtScanner::readQuotedTriple(Term& t) {
  const char* start = p;
  if (++quoteDepth_ > kMaxRdfNesting) fail(start, nestingLimitMessage("quoted triples are"));
  p += 2;
  skipWs();
  Term s, pr, o;
  readSubject(s);
  skipWs();
  readPredicate(pr);
  skipWs();
  readObject(o);
  skipWs();
  if (p[0] == '>' && p[1] == '>') {
    p += 2;
  } else if (isEol(*p)) {
    fail(start, "unterminated quoted triple (missing '>>')");
  } else {
    fail(p, "expected '>>' to close the quoted triple, found " + describeChar(p));
  }
  --quoteDepth_;
  t.kind = TermKind::kTriple;
  t.value.clear();
  t.datatype.clear();
  t.language.clear();
  t.triple = std::make_shared<const QuotedTriple>(
      QuotedTriple{std::move(s), std::move(pr), std::move(o)});
}

bool NtScanner::readResource(Term& t) {
  if (*p == '<') {
    if (p[1] == '<') {
      readQuotedTriple(t);
    } else {
      setIri(t);
      readIri(t.value);
    }
    return true;
  }
  if (*p == '_') {
    setBlank(t);
    readBlankLabel(t.value);
    return true;
  }
  return false;
}

void NtScanner::readSubject(Term& t) {
  if (readResource(t)) return;
  if (*p == '"') fail(p, "a literal cannot be a subject");
  if (isEol(*p)) fail(p, "expected subject, found end of line");
  failUnexpected("subject (IRI, blank node or quoted triple)");
}

void NtScanner::readPredicate(Term& t) {
  if (*p == '<' && p[1] != '<') {
    setIri(t);
    readIri(t.value);
    return;
  }
  if (*p == '_') fail(p, "a blank node cannot be a predicate");
  if (*p == '"') fail(p, "a literal cannot be a predicate");
  if (*p == '<') fail(p, "a quoted triple cannot be a predicate");
  if (isEol(*p)) fail(p, "expected predicate, found end of line");
  failUnexpected("predicate (an IRI in <...>)");
}

void NtScanner::readObject(Term& t) {
  if (readResource(t)) return;
  if (*p == '"') {
    readLiteral(t);
    return;
  }
  if (*p == '\'') fail(p, "strings must be in double quotes \"...\"");
  if (isEol(*p)) fail(p, "expected object, found end of line");
  // "<s> <p> ." : the '.' ends the statement, so the object is missing (not a bare number).
  bool endsStatement = *p == '.' && !(p[1] >= '0' && p[1] <= '9');
  if (endsStatement) fail(p, "the object is missing: a statement is subject, predicate, object, then '.'");
  if ((*p >= '0' && *p <= '9') || *p == '-' || *p == '+' || *p == '.') {
    fail(p, "bare numbers are not allowed here; write \"1\"^^<http://www.w3.org/2001/XMLSchema#integer>");
  }
  failUnexpected("object (IRI, blank node, literal or quoted triple)");
}

void NtScanner::readGraph(Term& t) {
  if (*p == '<' && p[1] != '<') {
    setIri(t);
    readIri(t.value);
    return;
  }
  if (*p == '_') {
    setBlank(t);
    readBlankLabel(t.value);
    return;
  }
  if (*p == '"') fail(p, "a literal cannot be a graph name");
  if (*p == '<') fail(p, "a quoted triple cannot be a graph name");
  failUnexpected("graph name or '.'");
}

}  // namespace detail

namespace {

using detail::NtScanner;

class NtParser {
 public:
  NtParser(bool quads, const ParseOptions& options, std::string fileName, const QuadSink& sink)
      : quads_(quads), options_(options), scan_(std::move(fileName)), sink_(sink) {
    if (options_.defaultGraph) defaultGraph_ = *options_.defaultGraph;
  }

  uint64_t count() const { return count_; }

  // Parses [begin, end); end[-1] must be '\n'.
  void parseRegion(const char* begin, const char* end) {
    NtScanner& s = scan_;
    s.p = begin;
    s.lineStart = begin;
    Quad& q = quad_;
    while (s.p < end) {
      s.skipWs();
      char c = *s.p;
      if (c == '\n') {
        newline(++s.p);
        continue;
      }
      if (c == '\r') {
        ++s.p;
        if (*s.p == '\n') ++s.p;
        newline(s.p);
        continue;
      }
      if (c == '#') {
        skipComment();
        continue;
      }
      if (c == '@') s.fail(s.p, "directives such as @prefix and @base are not allowed in N-Triples/N-Quads");
      s.readSubject(q.subject);
      s.skipWs();
      s.readPredicate(q.predicate);
      s.skipWs();
      s.readObject(q.object);
      s.skipWs();
      if (quads_ && (*s.p == '<' || *s.p == '_' || *s.p == '"')) {
        s.readGraph(q.graph);
        s.skipWs();
      } else {
        q.graph = defaultGraph_;
      }
      if (*s.p != '.') {
        const char* what = quads_ ? "quad" : "triple";
        if (NtScanner::isEol(*s.p)) {
          s.fail(s.p, std::string("expected '.' at end of ") + what + ", found end of line");
        }
        if (!quads_ && (*s.p == '<' || *s.p == '_')) {
          s.fail(s.p, "expected '.' at end of triple (a fourth term, the graph, is only allowed in N-Quads)");
        }
        if (quads_ && (*s.p == '<' || *s.p == '_' || *s.p == '"')) {
          s.fail(s.p, "expected '.' at end of quad (a quad has at most four terms)");
        }
        s.fail(s.p, std::string("expected '.' at end of ") + what + ", found " +
                        detail::describeChar(s.p));
      }
      ++s.p;
      s.skipWs();
      if (*s.p == '#') {
        skipComment();
      } else if (!NtScanner::isEol(*s.p)) {
        s.fail(s.p, "unexpected " + detail::describeChar(s.p) +
                        " after '.' (one statement per line)");
      }
      ++count_;
      sink_(std::move(q));
    }
  }

 private:
  void newline(const char* next) {
    ++scan_.line;
    scan_.lineStart = next;
  }
  void skipComment() {
    NtScanner& s = scan_;
    while (!NtScanner::isEol(*s.p)) {
      if (static_cast<unsigned char>(*s.p) >= 0x80) {
        uint32_t cp;
        int n = detail::decodeUtf8(s.p, &cp);
        if (n == 0) s.fail(s.p, "invalid UTF-8 byte sequence in comment");
        s.p += n;
      } else {
        ++s.p;
      }
    }
  }

  bool quads_;
  const ParseOptions& options_;
  NtScanner scan_;
  const QuadSink& sink_;
  Term defaultGraph_ = Term::iri("");
  Quad quad_;
  uint64_t count_ = 0;
};

}  // namespace

namespace detail {

void forEachLineRegion(InputSource& in, const ProgressCallback& progress,
                       const std::function<void(const char*, const char*)>& region) {
  std::vector<char> buf(1 << 20);
  size_t have = 0;
  bool eof = false;
  bool first = true;
  uint64_t lastProgress = 0;
  for (;;) {
    if (!eof) {
      if (have == buf.size()) buf.resize(buf.size() * 2);
      size_t got = in.read(buf.data() + have, buf.size() - have);
      if (got == 0) eof = true;
      have += got;
    }
    size_t regionEnd;
    if (eof) {
      if (have == 0) break;
      if (buf[have - 1] != '\n') {
        if (have == buf.size()) buf.resize(buf.size() + 1);
        buf[have++] = '\n';
      }
      regionEnd = have;
    } else {
      const char* nl = static_cast<const char*>(memrchr(buf.data(), '\n', have));
      if (!nl) continue;
      regionEnd = static_cast<size_t>(nl - buf.data()) + 1;
    }
    size_t skip = 0;
    if (first) {
      first = false;
      if (regionEnd >= 3 && std::memcmp(buf.data(), "\xEF\xBB\xBF", 3) == 0) skip = 3;  // BOM
    }
    region(buf.data() + skip, buf.data() + regionEnd);
    std::memmove(buf.data(), buf.data() + regionEnd, have - regionEnd);
    have -= regionEnd;
    if (progress && in.bytesConsumed() - lastProgress >= (1u << 20)) {
      lastProgress = in.bytesConsumed();
      progress(lastProgress);
    }
    if (eof && have == 0) break;
  }
  if (progress) progress(in.bytesConsumed());
}

uint64_t parseNTriplesOrNQuads(InputSource& in, bool quads, const ParseOptions& options,
                               const std::string& fileName, const QuadSink& sink,
                               const ProgressCallback& progress) {
  NtParser parser(quads, options, fileName, sink);
  forEachLineRegion(in, progress,
                    [&parser](const char* b, const char* e) { parser.parseRegion(b, e); });
  return parser.count();
}

}  // namespace detail
}  // namespace kg::ingest
