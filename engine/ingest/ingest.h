// RDF input (N-Triples, N-Quads, Turtle, TriG, TSV) and N-Triples/N-Quads output.
//
// Library kg_ingest; include as "ingest/ingest.h". Everything here streams: a parser reads its
// input in chunks and hands each statement to a sink as soon as it is complete, so memory use
// does not grow with the input.
//
// Formats:
//  - N-Triples / N-Quads: own parser (the bulk-load hot path), strict RDF 1.1 grammar plus the
//    N-Triples-star quoted triple term `<< s p o >>` (subject or object position, nested).
//  - Turtle / TriG: serd 0.30, plus `<< s p o >>` quoted triples (subject or object position,
//    nested) handled by a pre-pass. The annotation syntax `{| ... |}` is not supported.
//  - TSV: `subject<TAB>predicate<TAB>object` for hand-written samples; rules in parseRdf's
//    comment below.
//  - RDF/XML: Raptor 2. Errors carry Raptor's line (column 1 when Raptor gives none). The
//    document is never allowed to make the parser read the network or other files.
//
// Errors: malformed input throws ParseError (file, 1-based line, 1-based column counted in
// Unicode characters, plain-words message). Failing to open or read a file, or a corrupt gzip
// stream, throws IoError. Exceptions thrown by the sink propagate unchanged.
//
// Blank nodes: labels are unique within one document (Turtle's anonymous `[]` / collection
// nodes never collide with explicit `_:b1` labels). N-Triples/N-Quads/TSV labels are kept as
// written. Turtle/TriG: explicit labels are kept as written except that one starting with '_'
// gets another '_' in front; anonymous nodes are named "_anon<N>" (a form no explicit label
// maps to). Two documents may use the same label; the caller (the loader) makes them
// distinct per load.
//
// Positions: N-Triples/N-Quads/TSV positions are exact (the first character that is wrong,
// or the start of an unterminated string/IRI). Turtle/TriG positions come from serd (which
// sometimes points at the blank just before the offending token); an undefined prefix is
// reported where the prefix is first used, and an error inside `<< >>` at the `<<`.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/iri.h"
#include "kg/term.h"

namespace kg::ingest {

enum class RdfFormat { kNTriples, kNQuads, kTurtle, kTriG, kTsv, kRdfXml };

// From the file extension: .nt .nq .ttl .trig .tsv, .rdf .owl .xml (RDF/XML), each optionally
// followed by .gz (case-insensitive). nullopt when unknown (including "-").
std::optional<RdfFormat> formatFromPath(std::string_view path);
// From a user-given name: nt ntriples n-triples, nq nquads n-quads, ttl turtle, trig, tsv,
// rdf owl xml rdfxml rdf/xml (case-insensitive).
std::optional<RdfFormat> formatFromName(std::string_view name);
// Short name: "nt", "nq", "ttl", "trig", "tsv".
std::string_view formatName(RdfFormat format);
// True for N-Quads and TriG (statements may name a graph).
bool formatHasGraphs(RdfFormat format);

// Deepest nesting the RDF parsers accept: blank-node property lists `[ ]`, collections `( )` and
// quoted triples `<< >>` together (Turtle/TriG), quoted triples (N-Triples/N-Quads/TSV). The
// parsers underneath are recursive, so deeper input would overflow the stack; it is a
// ParseError that names this limit instead. Real data nests a few levels.
inline constexpr int kMaxRdfNesting = 256;
// The message for input nested past kMaxRdfNesting.
std::string nestingLimitMessage(std::string_view what);

// Malformed input. what() is "file:line:column: message".
struct ParseError : std::runtime_error {
  ParseError(std::string file, uint64_t line, uint64_t column, std::string message);
  std::string file;
  uint64_t line = 0;    // 1-based
  uint64_t column = 0;  // 1-based, in Unicode characters
  std::string message;  // without the position, e.g. "expected '.' at end of triple"
};

// Could not open or read an input (what() names the file), or corrupt compressed data.
struct IoError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A byte stream to parse. Implementations: files (optionally gzip), stdin, istreams, strings.
class InputSource {
 public:
  virtual ~InputSource() = default;
  // Reads up to n bytes into buf; returns 0 only at the end. Throws IoError.
  virtual size_t read(char* buf, size_t n) = 0;
  // Name for messages: the path, "<stdin>", or what the creator gave.
  const std::string& name() const { return name_; }
  // Size of the underlying data in bytes (for .gz: the compressed file size), if known.
  std::optional<uint64_t> totalBytes() const { return total_; }
  // Bytes of the underlying data consumed so far, in the same unit as totalBytes().
  uint64_t bytesConsumed() const { return consumed_; }

 protected:
  std::string name_;
  std::optional<uint64_t> total_;
  uint64_t consumed_ = 0;
};

// Opens a file for parsing. "-" means stdin. A path ending in ".gz" (any case) is decompressed
// (concatenated gzip members are read one after the other). Throws IoError.
std::unique_ptr<InputSource> openInput(const std::string& path);
// Wraps a stream the caller keeps alive (no decompression).
std::unique_ptr<InputSource> inputFromStream(std::istream& in, std::string name);
// Owns a copy of the text.
std::unique_ptr<InputSource> inputFromString(std::string text, std::string name = "<string>");

struct ParseOptions {
  // Used in error messages; empty means the input source's name.
  std::string fileName;
  // Base IRI for relative IRIs (Turtle, TriG). N-Triples/N-Quads require absolute IRIs.
  std::string baseIri;
  // Graph for statements that name no graph; unset means the default graph (Quad::graph
  // an IRI with empty value). For N-Triples, Turtle and TSV that is every statement.
  std::optional<Term> defaultGraph;
  // Called for each prefix a document declares (Turtle/TriG @prefix and PREFIX, RDF/XML
  // xmlns), with the namespace IRI resolved. May throw to abort the parse.
  std::function<void(const std::string& prefix, const std::string& iri)> prefixSink;
};

// Receives each statement; may move from it. May throw to abort the parse.
using QuadSink = std::function<void(Quad&&)>;
// Called now and then (about every megabyte and at the end) with
// InputSource::bytesConsumed().
using ProgressCallback = std::function<void(uint64_t bytesConsumed)>;

// Parses a whole document and returns the number of statements delivered to the sink.
//
// TSV rules (one statement per line, cells separated by one TAB; lines with 3 cells):
//  - Empty lines and lines whose first non-blank character is '#' are skipped.
//  - `@prefix p: <iri> .` lines declare prefixes (also `PREFIX p: <iri>`); rdf, rdfs, xsd,
//    owl and kg (http://kg.local/ns#) are predeclared.
//  - A cell is trimmed of surrounding spaces, then read as:
//      <iri>                      an IRI (relative ones resolved against baseIri)
//      _:label                    a blank node
//      "..."  "..."@lang  "..."^^<dt> / ^^p:dt   a literal (N-Triples escapes)
//      << s p o >>                a quoted triple (terms inside separated by spaces)
//      p:local                    a prefixed name, when p is a declared prefix
//      true / false               xsd:boolean (object position only)
//      123, -5                    xsd:integer; 1.5 -> xsd:decimal; 1e3 -> xsd:double
//                                 (object position only, Turtle number syntax)
//      anything else              object position: a plain string literal of the text;
//                                 subject/predicate: the IRI kg:<text> with spaces turned into
//                                 '_' and characters not allowed in an IRI percent-encoded
//                                 (e.g. "New York" -> <http://kg.local/ns#New_York>).
//  - A cell that starts like a term ('<', '"', '_:', '<<') but is malformed is an error, as is
//    an empty cell, a line with other than 3 cells, or a literal/quoted triple as predicate.
uint64_t parseRdf(InputSource& in, RdfFormat format, const ParseOptions& options,
                  const QuadSink& sink, const ProgressCallback& progress = {});
uint64_t parseRdf(std::istream& in, RdfFormat format, const ParseOptions& options,
                  const QuadSink& sink, const ProgressCallback& progress = {});
uint64_t parseRdfString(std::string_view text, RdfFormat format, const ParseOptions& options,
                        const QuadSink& sink);

// Writers. Output is one line per statement ending in '\n', canonical N-Triples escaping
// (ECHAR for \b \t \n \f \r \" \\, \uXXXX for other control characters, UTF-8 otherwise;
// in IRIs \uXXXX for characters N-Triples forbids), quoted triples as `<< s p o >>`.
// Everything written is read back unchanged by parseRdf.
void writeNTriples(std::ostream& out, const Quad& quad);  // graph ignored
void writeNQuads(std::ostream& out, const Quad& quad);    // graph omitted if default

// IRI resolution is kg's one RFC 3986 implementation (core/iri.h).
using kg::resolveIri;
// True if the IRI starts with a scheme ("[A-Za-z][A-Za-z0-9+.-]*:").
inline bool isAbsoluteIri(std::string_view iri) { return kg::hasScheme(iri); }

}  // namespace kg::ingest
