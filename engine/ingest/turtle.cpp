// Turtle / TriG via serd 0.30, with RDF-star quoted triples added by a streaming pre-pass.
//
// Serd does not know `<< s p o >>`. A small lexer (TurtlePrePass) runs in front of serd: it
// tracks IRIs, strings, comments and names, cuts every quoted triple out of the text and puts
// a placeholder IRI <urn:x-kg-qt:N> in its place (followed by the newlines the quoted text
// held, so line numbers stay right). When serd emits a placeholder, the quoted text is parsed
// on its own (with serd, as "s p o .") and becomes a Term::quoted.
//
// The same pre-pass prefixes every explicit blank node label with 'x' so that serd never
// renames or rejects labels such as b1/B1 (serd 0.30 renames _:b1 to B1 to keep it apart from
// its generated b1, and then merges an explicit _:B1 with it). Labels are mapped back on
// output: explicit labels keep their text (an extra '_' is put before labels that start
// with '_'), generated ones become "_anon<N>". So [] never collides with any explicit label.
//
// Annotations (`s p o {| q r |}`): the pre-pass rewrites `{|` to `, [ <urn:x-kg-ann> "" ;` and
// `|}` to ` ]`, so serd reads the annotation as one more object of the same predicate: a blank
// node whose first statement is the marker. The reader drops that object and the marker, takes
// the triple the marker follows (the last one serd emitted with that subject and predicate) as
// a quoted triple, and gives the blank node's statements that quoted triple as their subject.
//
// Positions: serd reports 1-based byte columns of the text it read; the pre-pass keeps
// anchors where it changed the text and maps serd's positions back to the original, then
// turns byte columns into character columns. Prefixed names whose prefix was never declared
// are reported (serd does not check) at the first use of the prefix.
#include <serd/serd.h>

#include <cctype>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "ingest/language_tag.h"
#include "ingest/nt_scanner.h"
#include "ingest/parsers.h"

namespace kg::ingest::detail {
namespace {

// Quoted triples are replaced by placeholder IRIs for serd: this prefix, a nonce drawn per
// parse (so that no IRI of the input can pass for one), ':' and the quoted triple's number.
constexpr std::string_view kPlaceholder = "urn:x-kg-qt:";

std::string placeholderPrefix() {
  std::random_device rd;
  char nonce[40];
  std::snprintf(nonce, sizeof nonce, "%08x%08x:", static_cast<unsigned>(rd()), static_cast<unsigned>(rd()));
  return std::string(kPlaceholder) + nonce;
}
constexpr std::string_view kAnnotationMarker = "urn:x-kg-ann";
constexpr std::string_view kRdfRest = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest";
// What `{|` becomes for serd: one more object of the current predicate, marked as an annotation.
constexpr std::string_view kAnnotationOpen = ", [ <urn:x-kg-ann> \"\" ; ";
constexpr std::string_view kAnnotationClose = " ]";

bool isNameByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.' || c == ':' || c == '%' || c >= 0x80;
}

struct Pos {
  uint64_t line = 1, col = 1;  // col in bytes
};

class TurtlePrePass {
 public:
  struct Quoted {
    std::string text;
    Pos pos;  // of "<<" in the original text
    std::shared_ptr<const Term> term;  // parsed on first use
  };

  TurtlePrePass(InputSource& in, const ProgressCallback& progress, const std::string& fileName)
      : in_(in), progress_(progress), fileName_(fileName), placeholder_(placeholderPrefix()) {
    lineStarts_.push_back(0);
  }

  const std::string& placeholder() const { return placeholder_; }

  // Transformed text for serd: fills buf completely except at the end (serd 0.30 treats a
  // short page as the last one); 0 at the end.
  size_t read(char* buf, size_t n) {
    size_t total = 0;
    while (total < n) {
      if (outPos_ == out_.size()) {
        out_.clear();
        outPos_ = 0;
        if (!produce()) break;
      }
      size_t k = std::min(n - total, out_.size() - outPos_);
      std::memcpy(buf + total, out_.data() + outPos_, k);
      outPos_ += k;
      total += k;
    }
    return total;
  }

  std::vector<Quoted>& quoted() { return quoted_; }

  // Original position (column in characters) of a transformed position (column in bytes).
  Pos toOriginal(Pos t) const {
    Pos o = t;
    auto it = anchors_.find(t.line);
    if (it != anchors_.end()) {
      for (const Anchor& a : it->second) {
        if (a.tCol <= t.col) o = Pos{a.o.line, a.o.col + (t.col - a.tCol)};
      }
    }
    return charColumn(o);
  }
  // If a transformed position lies in the text `{|` was rewritten to, the original position of
  // that `{|` (serd reports a misplaced annotation there).
  bool annotationAt(Pos t, Pos* at) const {
    for (auto it = annotationMarks_.rbegin(); it != annotationMarks_.rend(); ++it) {
      // serd points at the blank before the token it could not use, hence the one column before.
      if (it->tLine == t.line && t.col + 1 >= it->tStart && t.col <= it->tEnd) {
        *at = charColumn(it->at);
        return true;
      }
    }
    return false;
  }
  // About where serd is reading now (serd reads ahead by a page, so this may be a little
  // further on).
  Pos current() const { return charColumn(o_); }
  // First relative IRI reference in the text, if any.
  bool firstRelative(Pos* pos) const {
    if (!sawRelative_) return false;
    *pos = charColumn(firstRelative_);
    return true;
  }
  // First place the prefix was used, if seen.
  bool firstUse(const std::string& prefix, Pos* pos) const {
    auto it = firstUse_.find(prefix);
    if (it == firstUse_.end()) return false;
    *pos = charColumn(it->second);
    return true;
  }
  Pos charColumn(Pos byteCol) const {
    // lineStarts_ holds the start offsets of consecutive lines ending with the current one.
    uint64_t first = o_.line + 1 - lineStarts_.size();
    if (byteCol.line < first || byteCol.line > o_.line) return byteCol;
    uint64_t start = lineStarts_[byteCol.line - first];
    if (start < bufBase_) return byteCol;
    uint64_t col = 1;
    size_t i = static_cast<size_t>(start - bufBase_);
    for (uint64_t k = 1; k < byteCol.col; ++k, ++i) {
      if (i >= in_buf_.size() || in_buf_[i] == '\n') {
        col += byteCol.col - k;
        break;
      }
      if ((static_cast<unsigned char>(in_buf_[i]) & 0xC0) != 0x80) ++col;
    }
    return Pos{byteCol.line, col};
  }

 private:
  struct Anchor {
    uint64_t tCol;
    Pos o;
  };
  enum class State { kNormal, kIri, kShort, kLong, kComment };

  // Input access with lookahead.
  bool avail(size_t k) {
    if (inPos_ + k <= in_buf_.size()) return true;
    if (eof_) return false;
    // Keep some text already read, for turning byte columns into character columns.
    constexpr size_t kHistory = 1 << 18;
    if (inPos_ > kHistory) {
      size_t drop = inPos_ - kHistory;
      in_buf_.erase(0, drop);
      inPos_ -= drop;
      bufBase_ += drop;
    }
    while (!eof_ && in_buf_.size() < inPos_ + k) {
      size_t old = in_buf_.size();
      in_buf_.resize(old + (1 << 18));
      size_t got = in_.read(&in_buf_[old], 1 << 18);
      in_buf_.resize(old + got);
      if (got == 0) eof_ = true;
      if (progress_ && in_.bytesConsumed() - lastProgress_ >= (1u << 20)) {
        lastProgress_ = in_.bytesConsumed();
        progress_(lastProgress_);
      }
    }
    return inPos_ + k <= in_buf_.size();
  }
  char peek(size_t i = 0) const { return in_buf_[inPos_ + i]; }
  char take() {
    char c = in_buf_[inPos_++];
    if (c == '\n') {
      ++o_.line;
      o_.col = 1;
      lineStarts_.push_back(bufBase_ + inPos_);
      if (lineStarts_.size() > 100000) lineStarts_.pop_front();
    } else {
      ++o_.col;
    }
    return c;
  }
  void emit(char c) {
    if (!frames_.empty()) {
      frames_.back().text += c;
      return;
    }
    out_ += c;
    if (c == '\n') {
      ++t_.line;
      t_.col = 1;
    } else {
      ++t_.col;
    }
  }
  void copy() { emit(take()); }
  void anchor() {
    if (!frames_.empty()) return;
    anchors_[t_.line].push_back(Anchor{t_.col, o_});
    if (anchors_.size() > 200000) anchors_.erase(anchors_.begin());
  }
  void recordPrefixUse(const std::string& prefix, Pos at) {
    if (lastWord_ == "prefix" || lastWord_ == "PREFIX" || lastWord_ == "Prefix") return;
    firstUse_.emplace(prefix, at);
  }

  // Transforms input until some output is ready; false at the end.
  bool produce() {
    if (finished_) return false;
    while (out_.size() < 4096) {
      if (!avail(1)) {
        finished_ = true;
        if (!frames_.empty()) failAt(frames_.front().pos, "unterminated quoted triple (missing '>>')");
        if (!annotations_.empty()) failAt(annotations_.back().at, "unterminated annotation (missing '|}')");
        break;
      }
      step();
    }
    if (finished_ && progress_) progress_(in_.bytesConsumed());
    return !out_.empty();
  }

  [[noreturn]] void failAt(Pos at, const std::string& message) const {
    Pos p = charColumn(at);
    throw ParseError(fileName_, p.line, p.col, message);
  }

  // Checks a UTF-8 sequence starting at the cursor (once per sequence).
  void checkByte(unsigned char u) {
    if (u < 0x80) return;
    if (pendingContinuation_ > 0) {
      --pendingContinuation_;
      return;
    }
    char tmp[5] = {0, 0, 0, 0, 0};
    for (size_t i = 0; i < 4 && avail(i + 1); ++i) tmp[i] = peek(i);
    uint32_t cp;
    int n = decodeUtf8(tmp, &cp);
    if (n == 0) failAt(o_, "invalid UTF-8 byte sequence");
    pendingContinuation_ = n - 1;
  }

  static int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }
  bool hexAt(size_t offset, int digits, uint32_t* v) {
    if (!avail(offset + digits)) return false;
    *v = 0;
    for (int i = 0; i < digits; ++i) {
      int h = hexValue(peek(offset + i));
      if (h < 0) return false;
      *v = (*v << 4) | static_cast<uint32_t>(h);
    }
    return true;
  }

  // A backslash inside a string or IRI: checks \u / \U escapes (serd would let surrogates
  // through), turns a surrogate pair into one \U escape, copies the rest.
  void escape() {
    Pos at = o_;
    if (avail(2) && (peek(1) == 'u' || peek(1) == 'U')) {
      int digits = peek(1) == 'u' ? 4 : 8;
      uint32_t cp;
      if (hexAt(2, digits, &cp)) {
        if (cp >= 0xD800 && cp <= 0xDFFF) {
          uint32_t low;
          if (cp <= 0xDBFF && digits == 4 && avail(8) && peek(6) == '\\' && peek(7) == 'u' &&
              hexAt(8, 4, &low) && low >= 0xDC00 && low <= 0xDFFF) {
            uint32_t full = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            for (int i = 0; i < 12; ++i) take();
            char buf[16];
            std::snprintf(buf, sizeof buf, "\\U%08X", full);
            for (const char* q = buf; *q; ++q) emit(*q);
            anchor();
            return;
          }
          failAt(at, "invalid escape: unpaired UTF-16 surrogate");
        }
      }
    }
    copy();
    if (avail(1)) {
      checkByte(static_cast<unsigned char>(peek()));
      copy();
    }
  }

  void step() {
    char c = peek();
    checkByte(static_cast<unsigned char>(c));
    switch (state_) {
      case State::kComment:
        if (c == '\n') state_ = State::kNormal;
        copy();
        return;
      case State::kIri:
        if (c == '\\') {
          escape();
          return;
        }
        if (c == '>' || c == '\n') state_ = State::kNormal;
        copy();
        return;
      case State::kShort:
        if (c == '\\') {
          escape();
          return;
        }
        if (c == quote_ || c == '\n') state_ = State::kNormal;
        copy();
        return;
      case State::kLong:
        if (c == '\\') {
          escape();
          return;
        }
        if (c == quote_ && avail(3) && peek(1) == quote_ && peek(2) == quote_) {
          copy();
          copy();
          copy();
          state_ = State::kNormal;
          return;
        }
        copy();
        return;
      case State::kNormal:
        normal(c);
        return;
    }
  }

  void normal(char c) {
    unsigned char u = static_cast<unsigned char>(c);
    bool name = isNameByte(u);
    if (c != ' ' && c != '\n' && c != '\t' && c != '\r' && c != '#') {
      bool opens = c == '{' && avail(2) && peek(1) == '|';
      if (opens && afterAnnotation_) failAt(o_, "a triple has at most one annotation {| ... |}: merge the two");
      bool closes = c == '|' && avail(2) && peek(1) == '}';
      if (!annotations_.empty() && !closes) annotations_.back().empty = false;
      afterAnnotation_ = false;
    }
    if (!name) {
      if (inToken_ && !tokenHasColon_) lastWord_ = token_;
      if (inToken_ && tokenHasColon_) lastWord_.clear();
      inToken_ = false;
    }
    switch (c) {
      case '#':
        state_ = State::kComment;
        copy();
        return;
      case '[':
      case '(':
        // serd reads property lists and collections recursively: bound the depth first.
        if (++nesting_ > kMaxRdfNesting) {
          failAt(o_, nestingLimitMessage("blank-node property lists, collections, quoted triples and annotations are"));
        }
        copy();
        return;
      case ']':
      case ')':
        if (nesting_ > 0) --nesting_;
        copy();
        return;
      case '<':
        if (avail(2) && peek(1) == '<') {
          if (++nesting_ > kMaxRdfNesting) {
            failAt(o_, nestingLimitMessage("blank-node property lists, collections, quoted triples and annotations are"));
          }
          frames_.push_back(Frame{std::string(), o_});
          take();
          take();
          return;
        }
        if (!sawRelative_) noteRelative();
        state_ = State::kIri;
        copy();
        return;
      case '>':
        if (!frames_.empty() && avail(2) && peek(1) == '>') {
          if (nesting_ > 0) --nesting_;
          take();
          take();
          closeQuoted();
          return;
        }
        copy();
        return;
      case '.':
      case '}':
        // A triple or graph ends inside an annotation: say so before serd's less direct error.
        if (!annotations_.empty() && (c == '}' || !avail(2) || !isNameByte(static_cast<unsigned char>(peek(1))))) {
          Pos open = charColumn(annotations_.back().at);
          failAt(o_, std::string("'") + c + "' inside the annotation {| opened at line " + std::to_string(open.line) +
                         ", column " + std::to_string(open.col) + ": '|}' is missing");
        }
        break;
      case '{':
        if (avail(2) && peek(1) == '|') {
          openAnnotation();
          return;
        }
        break;
      case '|':
        if (avail(2) && peek(1) == '}') {
          closeAnnotation();
          return;
        }
        break;
      case '"':
      case '\'':
        quote_ = c;
        if (avail(3) && peek(1) == c && peek(2) == c) {
          copy();
          copy();
          copy();
          state_ = State::kLong;
        } else {
          copy();
          state_ = State::kShort;
        }
        return;
      case '\\':
        // Escape in a local name (ex:a\#b): copy it and the escaped character.
        copy();
        if (avail(1)) {
          checkByte(static_cast<unsigned char>(peek()));
          copy();
        }
        return;
      default:
        break;
    }
    if (!name) {
      copy();
      return;
    }
    if (!inToken_) {
      if (c == '_' && avail(2) && peek(1) == ':') {
        // A label starts with a letter, digit, '_' or a non-ASCII character; serd would take
        // the 'x' below as the whole label of a bare "_:", and kg would keep an empty one.
        unsigned char first = avail(3) ? static_cast<unsigned char>(peek(2)) : 0;
        if (!(std::isalnum(first) || first == '_' || first >= 0x80)) {
          failAt(o_, "expected a blank node label after '_:'");
        }
        // Explicit blank node label: mark it so serd leaves it alone.
        copy();
        copy();
        emit('x');
        anchor();
        inToken_ = true;
        tokenHasColon_ = true;
        return;
      }
      inToken_ = true;
      tokenHasColon_ = false;
      token_.clear();
      tokenStart_ = o_;
    }
    if (c == ':' && !tokenHasColon_) {
      tokenHasColon_ = true;
      if (token_.empty() || std::isalpha(static_cast<unsigned char>(token_[0])) || u >= 0x80 ||
          static_cast<unsigned char>(token_[0]) >= 0x80) {
        recordPrefixUse(token_, frames_.empty() ? tokenStart_ : frames_.front().pos);
      }
    } else if (!tokenHasColon_) {
      token_ += c;
    }
    copy();
  }

  // At '<' starting an IRI: remembers where the first relative reference is.
  void noteRelative() {
    for (size_t i = 1; avail(i + 1); ++i) {
      char c = peek(i);
      if (c == ':') {
        if (i > 1 && std::isalpha(static_cast<unsigned char>(peek(1)))) return;
        break;
      }
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.')) break;
    }
    sawRelative_ = true;
    firstRelative_ = frames_.empty() ? o_ : frames_.front().pos;
  }

  void openAnnotation() {
    Pos at = o_;
    if (!frames_.empty()) failAt(at, "an annotation {| ... |} cannot be inside a quoted triple << ... >>");
    if (++nesting_ > kMaxRdfNesting) {
      failAt(at, nestingLimitMessage("blank-node property lists, collections, quoted triples and annotations are"));
    }
    anchor();
    uint64_t line = t_.line, start = t_.col;
    take();
    take();
    for (char ch : kAnnotationOpen) emit(ch);
    annotationMarks_.push_back(AnnotationMark{line, start, t_.col, at});
    if (annotationMarks_.size() > 4096) annotationMarks_.pop_front();
    anchor();
    annotations_.push_back(OpenAnnotation{at, true});
  }

  void closeAnnotation() {
    Pos at = o_;
    if (!frames_.empty()) failAt(frames_.back().pos, "unterminated quoted triple (missing '>>')");
    if (annotations_.empty()) failAt(at, "'|}' without an annotation '{|' to close");
    if (annotations_.back().empty) {
      failAt(annotations_.back().at, "empty annotation: '{|' must be followed by a predicate and an object");
    }
    annotations_.pop_back();
    if (nesting_ > 0) --nesting_;
    anchor();
    take();
    take();
    for (char ch : kAnnotationClose) emit(ch);
    anchor();
    afterAnnotation_ = true;
  }

  void closeQuoted() {
    Frame f = std::move(frames_.back());
    frames_.pop_back();
    size_t id = quoted_.size();
    size_t newlines = 0;
    for (char ch : f.text) newlines += ch == '\n';
    quoted_.push_back(Quoted{std::move(f.text), f.pos, nullptr});
    if (frames_.empty()) anchors_[t_.line].push_back(Anchor{t_.col, f.pos});
    std::string ph = "<" + placeholder_ + std::to_string(id) + ">";
    for (char ch : ph) emit(ch);
    for (size_t i = 0; i < newlines; ++i) emit('\n');
    emit(' ');
    anchor();
  }

  struct Frame {
    std::string text;
    Pos pos;
  };
  struct OpenAnnotation {
    Pos at;  // of "{|"
    bool empty;  // nothing but white space and comments yet
  };
  struct AnnotationMark {
    uint64_t tLine, tStart, tEnd;  // the rewritten text, in transformed columns
    Pos at;  // of "{|" in the original
  };

  InputSource& in_;
  const ProgressCallback& progress_;
  const std::string& fileName_;
  const std::string placeholder_;  // of this parse: placeholderPrefix()
  int pendingContinuation_ = 0;
  uint64_t lastProgress_ = 0;
  std::string in_buf_;
  size_t inPos_ = 0;
  bool eof_ = false;
  bool finished_ = false;
  std::string out_;
  size_t outPos_ = 0;
  State state_ = State::kNormal;
  char quote_ = '"';
  Pos o_, t_;
  bool sawRelative_ = false;
  Pos firstRelative_;
  bool inToken_ = false, tokenHasColon_ = false;
  std::string token_, lastWord_;
  Pos tokenStart_;
  std::vector<Frame> frames_;
  int nesting_ = 0;  // open '[', '(', '<<' and '{|' (bounded by kMaxRdfNesting)
  std::vector<OpenAnnotation> annotations_;
  bool afterAnnotation_ = false;  // nothing but white space and comments since the last '|}'
  std::deque<AnnotationMark> annotationMarks_;
  std::vector<Quoted> quoted_;
  std::map<uint64_t, std::vector<Anchor>> anchors_;
  std::unordered_map<std::string, Pos> firstUse_;
  std::deque<uint64_t> lineStarts_;
  uint64_t bufBase_ = 0;  // offset of in_buf_[0] in the input
};

std::string cleanSerdMessage(const SerdError* e) {
  char buf[512];
  va_list args;
  va_copy(args, *e->args);
  std::vsnprintf(buf, sizeof buf, e->fmt, args);
  va_end(args);
  std::string m = buf;
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  for (char& c : m) {
    if (c == '`') c = '\'';
  }
  // "invalid IRI character (escape %20)" -> "invalid IRI character ' '"
  size_t esc = m.find("(escape %");
  if (esc != std::string::npos) {
    unsigned long v = std::strtoul(m.c_str() + esc + 9, nullptr, 16);
    std::string what;
    if (v > 0x20 && v < 0x7F) {
      what = std::string("'") + static_cast<char>(v) + "'";
    } else if (v == 0x20) {
      what = "' '";
    } else if (v == 0xFFFFFFFFul) {
      what = "(end of input)";
    } else {
      char buf[16];
      std::snprintf(buf, sizeof buf, "U+%04lX", v);
      what = buf;
    }
    m = m.substr(0, esc) + what;
  }
  return m;
}

class TurtleReader {
 public:
  TurtleReader(InputSource& in, bool trig, const ParseOptions& options, const std::string& fileName,
               const QuadSink& sink, const ProgressCallback& progress)
      : trig_(trig), options_(options), fileName_(fileName), sink_(sink), pre_(in, progress, fileName),
        base_(options.baseIri) {
    if (options_.defaultGraph) defaultGraph_ = *options_.defaultGraph;
  }

  uint64_t run() {
    SerdReader* reader = serd_reader_new(trig_ ? SERD_TRIG : SERD_TURTLE, this, nullptr, &onBase,
                                         &onPrefix, &onStatement, &onEnd);
    serd_reader_set_strict(reader, true);
    serd_reader_set_error_sink(reader, &onError, this);
    SerdStatus st = serd_reader_read_source(reader, &onRead, &onReadError, this,
                                            reinterpret_cast<const uint8_t*>(fileName_.c_str()), 4096);
    serd_reader_free(reader);
    if (exception_) std::rethrow_exception(exception_);
    if (error_) throw *error_;
    if (st != SERD_SUCCESS && st != SERD_FAILURE) {
      Pos p = pre_.current();
      throw ParseError(fileName_, p.line, p.col, "invalid Turtle syntax");
    }
    if (pending_) emit(pending_->raw.view(), std::move(pending_->quad));
    return count_;
  }

 private:
  struct InnerResult {
    TurtleReader* self;
    std::string bprefix;
    std::vector<Term> terms;
    int statements = 0;
    std::string error;
  };

  [[noreturn]] void failRelative(const std::string& iri) {
    Pos p;
    if (!pre_.firstRelative(&p)) p = pre_.current();
    throw ParseError(fileName_, p.line, p.col,
                     "relative IRI <" + iri + "> and no base IRI to resolve it against");
  }

  [[noreturn]] void failHere(const std::string& message) {
    Pos p = pre_.current();
    throw ParseError(fileName_, p.line, p.col, message);
  }

  void fail(ParseError e) {
    if (!error_ && !exception_) error_ = std::move(e);
  }

  static size_t onRead(void* buf, size_t, size_t n, void* handle) {
    auto* self = static_cast<TurtleReader*>(handle);
    if (self->error_ || self->exception_) return 0;
    try {
      return self->pre_.read(static_cast<char*>(buf), n);
    } catch (...) {
      self->exception_ = std::current_exception();
      return 0;
    }
  }
  static int onReadError(void* handle) {
    auto* self = static_cast<TurtleReader*>(handle);
    return self->exception_ ? 1 : 0;
  }

  static SerdStatus onError(void* handle, const SerdError* e) {
    auto* self = static_cast<TurtleReader*>(handle);
    Pos t{e->line, e->col == 0 ? 1 : e->col};
    Pos at;
    if (self->pre_.annotationAt(t, &at)) {
      // serd choked on the text `{|` became: the annotation follows something that is not an object.
      self->fail(ParseError(self->fileName_, at.line, at.col,
                            "an annotation {| ... |} must follow the object of a triple (subject predicate "
                            "object {| predicate object |})"));
      return SERD_SUCCESS;
    }
    Pos p = self->pre_.toOriginal(t);
    self->fail(ParseError(self->fileName_, p.line, p.col, cleanSerdMessage(e)));
    return SERD_SUCCESS;
  }

  // End of a blank node property list: an annotation's blank node is never seen again.
  static SerdStatus onEnd(void* handle, const SerdNode* node) {
    auto* self = static_cast<TurtleReader*>(handle);
    if (!self->annotated_.empty()) self->annotated_.erase(std::string(nodeBytes(node)));
    return SERD_SUCCESS;
  }

  static SerdStatus onBase(void* handle, const SerdNode* uri) {
    auto* self = static_cast<TurtleReader*>(handle);
    if (self->error_ || self->exception_) return SERD_ERR_UNKNOWN;
    std::string iri(reinterpret_cast<const char*>(uri->buf), uri->n_bytes);
    self->base_ = resolveIri(self->base_, iri);
    if (!isAbsoluteIri(self->base_)) {
      try {
        self->failRelative(iri);
      } catch (const ParseError& e) {
        self->fail(e);
      }
      return SERD_ERR_UNKNOWN;
    }
    return SERD_SUCCESS;
  }

  static SerdStatus onPrefix(void* handle, const SerdNode* name, const SerdNode* uri) {
    auto* self = static_cast<TurtleReader*>(handle);
    if (self->error_ || self->exception_) return SERD_ERR_UNKNOWN;
    std::string iri(reinterpret_cast<const char*>(uri->buf), uri->n_bytes);
    std::string prefix(reinterpret_cast<const char*>(name->buf), name->n_bytes);
    std::string resolved = resolveIri(self->base_, iri);
    if (self->options_.prefixSink) {
      try {
        self->options_.prefixSink(prefix, resolved);
      } catch (...) {
        self->exception_ = std::current_exception();
        return SERD_ERR_UNKNOWN;
      }
    }
    self->prefixes_[prefix] = std::move(resolved);
    return SERD_SUCCESS;
  }

  static SerdStatus onStatement(void* handle, SerdStatementFlags flags, const SerdNode* graph,
                                const SerdNode* subject, const SerdNode* predicate,
                                const SerdNode* object, const SerdNode* datatype,
                                const SerdNode* lang) {
    auto* self = static_cast<TurtleReader*>(handle);
    if (self->error_ || self->exception_) return SERD_ERR_UNKNOWN;
    try {
      RawTriple raw = RawTriple::of(subject, predicate, object, datatype, lang);
      if (self->pending_) {
        if (raw.sType == SERD_BLANK && raw.s == self->pending_->raw.o && isAnnotationMarker(predicate)) {
          self->startAnnotation(std::string(raw.s));
          return SERD_SUCCESS;
        }
        Pending held = std::move(*self->pending_);
        self->pending_.reset();
        self->emit(held.raw.view(), std::move(held.quad));
      }
      Quad& q = self->quad_;
      self->checkNotQuoted(predicate, "a quoted triple cannot be a predicate");
      if (graph) self->checkNotQuoted(graph, "a quoted triple cannot be a graph name");
      self->convertSubject(subject, q.subject);
      self->convert(predicate, nullptr, nullptr, "", q.predicate);
      self->convert(object, datatype, lang, "", q.object);
      self->checkTriple(q.subject, q.predicate, q.object);
      if (graph) {
        self->convert(graph, nullptr, nullptr, "", q.graph);
        if (q.graph.isTriple()) self->failHere("a quoted triple cannot be a graph name");
      } else {
        q.graph = self->defaultGraph_;
      }
      if (flags & SERD_ANON_O_BEGIN) {
        // A blank node property list as object: it may be an annotation, which the next
        // statement tells (its marker). Hold the statement until then.
        self->pending_ = Pending{OwnedTriple(raw), std::move(q)};
        return SERD_SUCCESS;
      }
      self->emit(raw, std::move(q));
    } catch (const ParseError& e) {
      self->fail(e);
      return SERD_ERR_UNKNOWN;
    } catch (...) {
      self->exception_ = std::current_exception();
      return SERD_ERR_UNKNOWN;
    }
    return SERD_SUCCESS;
  }

  static std::string_view nodeBytes(const SerdNode* n) {
    return n ? std::string_view(reinterpret_cast<const char*>(n->buf), n->n_bytes) : std::string_view();
  }
  // The serd nodes of a statement, unconverted: kept for annotations, which need the last
  // triple of a subject, at the cost of a few string copies into reused buffers (converting
  // every triple ahead of an annotation that rarely comes would double the parse time).
  struct RawTriple {
    SerdType sType, pType, oType, dType;
    std::string_view s, p, o, datatype, lang;
    static RawTriple of(const SerdNode* s, const SerdNode* p, const SerdNode* o, const SerdNode* d,
                        const SerdNode* l) {
      return RawTriple{s->type, p->type, o->type, d ? d->type : SERD_NOTHING, nodeBytes(s), nodeBytes(p),
                       nodeBytes(o), nodeBytes(d), nodeBytes(l)};
    }
  };
  struct OwnedTriple {
    SerdType sType = SERD_NOTHING, pType = SERD_NOTHING, oType = SERD_NOTHING, dType = SERD_NOTHING;
    std::string s, p, o, datatype, lang;
    OwnedTriple() = default;
    explicit OwnedTriple(const RawTriple& r) { assign(r); }
    void assign(const RawTriple& r) {
      sType = r.sType;
      s.assign(r.s);
      assignObject(r);
    }
    void assignObject(const RawTriple& r) {
      pType = r.pType;
      oType = r.oType;
      dType = r.dType;
      p.assign(r.p);
      o.assign(r.o);
      datatype.assign(r.datatype);
      lang.assign(r.lang);
    }
    RawTriple view() const { return RawTriple{sType, pType, oType, dType, s, p, o, datatype, lang}; }
  };
  struct Pending {
    OwnedTriple raw;
    Quad quad;
  };

  static SerdNode node(SerdType type, std::string_view bytes) {
    SerdNode n{};
    n.buf = reinterpret_cast<const uint8_t*>(bytes.data());
    n.n_bytes = bytes.size();
    n.n_chars = bytes.size();
    n.type = type;
    return n;
  }
  static bool isAnnotationMarker(const SerdNode* n) {
    return n->type == SERD_URI && nodeBytes(n) == kAnnotationMarker;
  }
  // Blank nodes serd made up for [ ] and ( ) (explicit labels were given an 'x' by the pre-pass).
  static bool isGenerated(SerdType type, std::string_view label) {
    return type == SERD_BLANK && !label.empty() && label[0] == 'b';
  }

  void convertSubject(const SerdNode* subject, Term& t) {
    if (subject->type == SERD_BLANK && !annotated_.empty()) {
      auto it = annotated_.find(std::string(nodeBytes(subject)));
      if (it != annotated_.end()) {
        t = it->second;
        return;
      }
    }
    convert(subject, nullptr, nullptr, "", t);
  }

  void emit(const RawTriple& raw, Quad&& quad) {
    noteTriple(raw);
    ++count_;
    sink_(std::move(quad));
  }

  // Keeps the open subjects up to date: statements of a subject interleave only with those of
  // the blank nodes and collections nested in it, so the subjects form a stack.
  void noteTriple(const RawTriple& raw) {
    size_t at = open_;
    while (at > 0 && !(openSubjects_[at - 1].sType == raw.sType && openSubjects_[at - 1].s == raw.s)) --at;
    if (at > 0) {
      open_ = at;
      openSubjects_[at - 1].assignObject(raw);
    } else {
      // Only serd's blank nodes nest; any other new subject starts a new sentence.
      if (!isGenerated(raw.sType, raw.s)) open_ = 0;
      if (open_ >= kMaxOpenSubjects) {
        std::rotate(openSubjects_.begin(), openSubjects_.begin() + kMaxOpenSubjects / 2,
                    openSubjects_.begin() + static_cast<long>(open_));
        open_ -= kMaxOpenSubjects / 2;
      }
      if (open_ == openSubjects_.size()) openSubjects_.emplace_back();
      openSubjects_[open_++].assign(raw);
    }
    // A collection goes on with its next node: one entry serves the whole collection.
    OwnedTriple& top = openSubjects_[open_ - 1];
    if (isGenerated(raw.sType, raw.s) && isGenerated(raw.oType, raw.o) && raw.pType == SERD_URI && raw.p == kRdfRest) {
      top.sType = raw.oType;
      top.s.assign(raw.o);
    }
  }

  // The marker statement of an annotation: its blank node stands for the triple the annotation
  // follows, which is the last one emitted with the held statement's subject and predicate.
  void startAnnotation(std::string blankLabel) {
    Pending held = std::move(*pending_);
    pending_.reset();
    size_t at = open_;
    while (at > 0 && !(openSubjects_[at - 1].sType == held.raw.sType && openSubjects_[at - 1].s == held.raw.s)) --at;
    if (at == 0 || openSubjects_[at - 1].p != held.raw.p) {
      failHere("an annotation {| ... |} must follow the object of a triple");
    }
    open_ = at;
    const OwnedTriple& t = openSubjects_[at - 1];
    SerdNode s = node(t.sType, t.s), p = node(t.pType, t.p), o = node(t.oType, t.o);
    SerdNode d = node(t.dType, t.datatype), l = node(SERD_LITERAL, t.lang);
    Term subject, predicate, object;
    convertSubject(&s, subject);
    convert(&p, nullptr, nullptr, "", predicate);
    convert(&o, t.dType == SERD_NOTHING ? nullptr : &d, t.lang.empty() ? nullptr : &l, "", object);
    annotated_[std::move(blankLabel)] = Term::quoted(std::move(subject), std::move(predicate), std::move(object));
  }

  // The quoted triple a placeholder IRI of this parse stands for; nothing for any other IRI.
  std::optional<size_t> placeholderId(std::string_view iri) {
    const std::string& prefix = pre_.placeholder();
    if (iri.size() <= prefix.size() || iri.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
    size_t id = 0;
    for (char c : iri.substr(prefix.size())) {
      if (c < '0' || c > '9' || id > (SIZE_MAX - 9) / 10) return std::nullopt;
      id = id * 10 + static_cast<size_t>(c - '0');
    }
    if (id >= pre_.quoted().size()) return std::nullopt;
    return id;
  }

  void checkNotQuoted(const SerdNode* n, const char* message) {
    std::string_view v(reinterpret_cast<const char*>(n->buf), n->n_bytes);
    if (n->type != SERD_URI) return;
    std::optional<size_t> id = placeholderId(v);
    if (!id) return;
    Pos p = pre_.charColumn(pre_.quoted()[*id].pos);
    throw ParseError(fileName_, p.line, p.col, message);
  }

  void checkTriple(const Term& s, const Term& p, const Term& o) {
    (void)o;
    if (s.isLiteral()) failHere("a literal cannot be a subject");
    if (p.isTriple()) failHere("a quoted triple cannot be a predicate");
    if (!p.isIri()) failHere("the predicate must be an IRI");
  }

  std::string expandIri(const SerdNode* n) {
    std::string s(reinterpret_cast<const char*>(n->buf), n->n_bytes);
    if (n->type == SERD_CURIE) {
      size_t colon = s.find(':');
      std::string prefix = s.substr(0, colon);
      auto it = prefixes_.find(prefix);
      if (it == prefixes_.end()) {
        Pos p;
        if (!pre_.firstUse(prefix, &p)) p = pre_.current();
        throw ParseError(fileName_, p.line, p.col, "undefined prefix '" + prefix + ":'");
      }
      return it->second + s.substr(colon + 1);
    }
    if (isAbsoluteIri(s)) return s;
    if (base_.empty()) failRelative(s);
    return resolveIri(base_, s);
  }

  std::string mapBlank(std::string_view label, const std::string& bprefix) {
    label.remove_prefix(std::min(bprefix.size(), label.size()));
    if (!label.empty() && label[0] == 'x') {
      label.remove_prefix(1);
      if (!label.empty() && label[0] == '_') return "_" + std::string(label);
      return std::string(label);
    }
    if (!label.empty() && label[0] == 'b') label.remove_prefix(1);
    return "_anon" + bprefix + std::string(label);
  }

  void convert(const SerdNode* n, const SerdNode* datatype, const SerdNode* lang,
               const std::string& bprefix, Term& t) {
    switch (n->type) {
      case SERD_URI:
      case SERD_CURIE: {
        std::string iri = expandIri(n);
        if (std::optional<size_t> id = placeholderId(iri)) {
          t = quotedTerm(*id);
          return;
        }
        t.kind = TermKind::kIri;
        t.value = std::move(iri);
        t.datatype.clear();
        t.language.clear();
        t.triple.reset();
        return;
      }
      case SERD_BLANK:
        t.kind = TermKind::kBlank;
        t.value = mapBlank(std::string_view(reinterpret_cast<const char*>(n->buf), n->n_bytes), bprefix);
        t.datatype.clear();
        t.language.clear();
        t.triple.reset();
        return;
      case SERD_LITERAL:
        t.kind = TermKind::kLiteral;
        t.value.assign(reinterpret_cast<const char*>(n->buf), n->n_bytes);
        t.triple.reset();
        if (lang && lang->n_bytes > 0) {
          t.language.assign(reinterpret_cast<const char*>(lang->buf), lang->n_bytes);
          if (!isLanguageTag(t.language)) {
            failHere("invalid language tag '@" + t.language + "' (letters, then '-' and letters or digits)");
          }
          t.datatype.assign(vocab::kRdfLangString);
        } else {
          t.language.clear();
          if (datatype) {
            t.datatype = expandIri(datatype);
          } else {
            t.datatype.assign(vocab::kXsdString);
          }
        }
        return;
      default:
        failHere("unexpected node in serd output");
    }
  }

  Term quotedTerm(size_t id) {
    auto& all = pre_.quoted();
    if (id >= all.size()) failHere("unknown quoted triple placeholder");
    if (all[id].term) return *all[id].term;
    std::string text = all[id].text + " .";
    Pos pos = pre_.charColumn(all[id].pos);
    InnerResult r{this, "q" + std::to_string(id) + "_", {}, 0, {}};
    SerdReader* reader = serd_reader_new(SERD_TURTLE, &r, nullptr, nullptr, nullptr, &onInnerStatement, nullptr);
    serd_reader_set_strict(reader, true);
    serd_reader_set_error_sink(reader, &onInnerError, &r);
    serd_reader_add_blank_prefix(reader, reinterpret_cast<const uint8_t*>(r.bprefix.c_str()));
    serd_reader_read_string(reader, reinterpret_cast<const uint8_t*>(text.c_str()));
    serd_reader_free(reader);
    if (!r.error.empty()) throw ParseError(fileName_, pos.line, pos.col, "invalid quoted triple: " + r.error);
    if (r.statements != 1 || r.terms.size() != 3) {
      throw ParseError(fileName_, pos.line, pos.col,
                       "a quoted triple must hold exactly one triple (subject predicate object)");
    }
    if (r.terms[0].isLiteral()) throw ParseError(fileName_, pos.line, pos.col, "a literal cannot be a subject");
    if (!r.terms[1].isIri()) throw ParseError(fileName_, pos.line, pos.col, "the predicate must be an IRI");
    Term t = Term::quoted(std::move(r.terms[0]), std::move(r.terms[1]), std::move(r.terms[2]));
    all[id].term = std::make_shared<const Term>(t);
    std::string().swap(all[id].text);
    return t;
  }

  static SerdStatus onInnerStatement(void* handle, SerdStatementFlags, const SerdNode*,
                                     const SerdNode* subject, const SerdNode* predicate,
                                     const SerdNode* object, const SerdNode* datatype,
                                     const SerdNode* lang) {
    auto* r = static_cast<InnerResult*>(handle);
    if (++r->statements > 1) return SERD_ERR_UNKNOWN;
    r->terms.resize(3);
    try {
      r->self->convert(subject, nullptr, nullptr, r->bprefix, r->terms[0]);
      r->self->convert(predicate, nullptr, nullptr, r->bprefix, r->terms[1]);
      r->self->convert(object, datatype, lang, r->bprefix, r->terms[2]);
    } catch (const ParseError& e) {
      if (r->error.empty()) r->error = e.message;
      return SERD_ERR_UNKNOWN;
    }
    return SERD_SUCCESS;
  }
  static SerdStatus onInnerError(void* handle, const SerdError* e) {
    auto* r = static_cast<InnerResult*>(handle);
    if (r->error.empty()) r->error = cleanSerdMessage(e);
    return SERD_SUCCESS;
  }

  bool trig_;
  const ParseOptions& options_;
  const std::string& fileName_;
  const QuadSink& sink_;
  TurtlePrePass pre_;
  std::string base_;
  std::unordered_map<std::string, std::string> prefixes_;
  Term defaultGraph_ = Term::iri("");
  Quad quad_;
  static constexpr size_t kMaxOpenSubjects = 1024;
  std::vector<OwnedTriple> openSubjects_;  // the first open_ are open, innermost last
  size_t open_ = 0;
  std::optional<Pending> pending_;  // a statement whose object may be an annotation
  std::unordered_map<std::string, Term> annotated_;  // annotation blank node -> the quoted triple
  uint64_t count_ = 0;
  std::optional<ParseError> error_;
  std::exception_ptr exception_;
};

}  // namespace

uint64_t parseTurtleOrTrig(InputSource& in, bool trig, const ParseOptions& options,
                           const std::string& fileName, const QuadSink& sink,
                           const ProgressCallback& progress) {
  TurtleReader reader(in, trig, options, fileName, sink, progress);
  return reader.run();
}

}  // namespace kg::ingest::detail
