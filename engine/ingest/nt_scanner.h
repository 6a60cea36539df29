// Internal: the N-Triples(-star) term scanner shared by the N-Triples/N-Quads parser and the
// TSV reader. Works on a buffer region that always ends with '\n', so scanning stops at the
// line end without bounds checks.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/utf8.h"
#include "ingest/ingest.h"

namespace kg::ingest::detail {

// Decodes one UTF-8 sequence at p (the region must end with an ASCII byte, so the decoder stops
// on it before running out). Returns its length, or 0 for an invalid sequence.
inline int decodeUtf8(const char* p, uint32_t* cp) {
  return static_cast<int>(kg::decodeUtf8(p, p + 4, cp));
}
// Column (1-based, in characters) of `at` in the line starting at lineStart.
uint64_t columnOf(const char* lineStart, const char* at);
// Quotes a character for a message: 'x', or U+XXXX for control/non-ASCII characters.
std::string describeChar(const char* p);

class NtScanner {
 public:
  explicit NtScanner(std::string fileName) : fileName_(std::move(fileName)) {}

  // Region state, set by the driver.
  const char* p = nullptr;
  const char* lineStart = nullptr;
  uint64_t line = 1;

  // TSV extensions: relative IRIs resolved against base (N-Triples requires absolute IRIs),
  // and prefixed-name datatypes (^^xsd:int) expanded through this hook.
  bool allowRelativeIris = false;
  std::string base;
  std::function<bool(std::string_view pname, std::string& iri)> expandPrefixedName;

  [[noreturn]] void fail(const char* at, std::string message) const;
  const std::string& fileName() const { return fileName_; }

  static bool isEol(char c) { return c == '\n' || c == '\r'; }
  void skipWs() {
    while (*p == ' ' || *p == '\t') ++p;
  }

  // Term readers; each expects the cursor on the term's first character and leaves it right
  // after the term. `what` names the position for messages ("subject", "object", ...).
  void readIri(std::string& out);
  void readBlankLabel(std::string& out);
  // An IRI, a quoted triple ('<<') or a blank node at p: false (nothing read) for anything else.
  bool readResource(Term& t);
  void readSubject(Term& t);
  void readPredicate(Term& t);
  void readObject(Term& t);
  void readGraph(Term& t);
  void readQuotedTriple(Term& t);
  void readLiteral(Term& t);

 private:
  void readUchar(std::string& out, int digits);
  [[noreturn]] void failUnexpected(const char* what);

  std::string fileName_;
  int quoteDepth_ = 0;
};

}  // namespace kg::ingest::detail
