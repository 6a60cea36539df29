// kg_extract: English news text -> facts with provenance -> kg::Quad.
//
// Pipeline (see engine/extract/README.md):
//   normalize (offsets kept to the original bytes) -> sentences -> tokens -> names
//   -> link-grammar linkage (time-capped) or pattern fallback -> clauses -> facts
//   -> quotes/reported speech, appositions (roles), lists (memberships), counts
//   -> simple coreference -> entities.
//
// Thread-safety: an Extractor is thread-compatible (use one per thread). The link-grammar
// English dictionary is loaded once per process and shared read-only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kg/term.h"

namespace kg::extract {

struct LgParse;
class AliasTable;
namespace text {
struct Token;
}

inline constexpr std::string_view kExtractorVersion = "kg-extract/0.1";

struct Options {
  // link-grammar caps. max_parse_time is whole seconds (link-grammar's granularity); a parse
  // that runs out of time falls back to the best linkage found or the pattern extractor.
  int parseTimeoutSeconds = 1;
  // Words the relaxed pass may leave unlinked. Each extra null word is one more counting
  // round; past 4 the linkages are rarely usable (10 parsed 23 more of CaRB's 1,282 sentences
  // for no F1, at a tenth of the run time).
  int maxNullCount = 4;
  int shortLength = 8;         // link-grammar short_length (with all_short_connectors)
  // short_length of the strict pass: the longest link of connector types the dictionary does
  // not mark unlimited (subject, object and modifier connectors stay unlimited). 13 instead of
  // link-grammar's 16 saves about a tenth of the parse time with the same figures; 12 loses a
  // fact of the seed article.
  int strictShortLength = 13;
  bool allShortConnectors = true;
  double disjunctCost = 2.7;
  // The strict pass looks for a linkage among disjuncts of at most this cost first, and with
  // all of them (disjunctCost) when there is none (0: off). A sentence often has more linkages
  // than linkageLimit, and link-grammar then ranks a random sample of them by cost; the cheap
  // ones are fewer, so they are ranked in full more often (CaRB dev F1 +.003, AUC +.003).
  double cheapDisjunctCost = 1.0;
  // Longer sentences skip the cheap attempt. A short sentence with a cheap linkage is parsed
  // faster than with all disjuncts; a long one seldom has one (on CaRB dev 55 of 196 from 30
  // tokens up), and the failed attempts cost a fifth of the run. Same dev F1 as 50 or no cap,
  // and faster than one full parse per sentence.
  size_t cheapMaxTokens = 30;
  // Linkages sorted to pick the best one (relaxed pass / strict pass). Most of a parse's time
  // after counting goes to post-processing these; when a sentence has more, link-grammar
  // samples this many at random, so the figures move a little either way with the limit
  // (400: CaRB dev F1 -0.001, test +0.003 against 600, a tenth faster).
  int linkageLimit = 100;
  int strictLinkageLimit = 400;
  int wideLinkageLimit = 0;  // 0: off (it did not help on CaRB dev)
  // Parse the sentence without its parenthetical comma segments first (they are read by the
  // apposition patterns); the whole sentence is parsed when the reduced one fails.
  bool preferReduced = false;
  // Sentences longer than this (tokens) skip the parser and use the pattern extractor.
  size_t maxParseTokens = 90;
  // Treat each input line as exactly one sentence (CaRB/BenchIE style input).
  bool sentencePerLine = false;
  // Disable link-grammar entirely (pattern extractor only); useful for tests and fallback.
  bool useParser = true;
  // Facts below this confidence are dropped.
  double minConfidence = 0.0;
  // Facts below this confidence stay out of the graph (they are still in the CaRB output).
  double minGraphConfidence = 0.3;
  // Sentences are cut at this many bytes (a 1 MB line becomes many pieces).
  size_t maxSentenceBytes = 2000;
  // A user alias table (entity label <- alias) applied before the built-in canonical names.
  std::shared_ptr<const AliasTable> aliases;
};

// A [begin, end) byte span in the ORIGINAL text given to extract().
struct Span {
  size_t begin = 0;
  size_t end = 0;
};

struct Sentence {
  size_t index = 0;     // 0-based within the document
  Span span;            // in the original text
  std::string text;     // original text of the sentence (invalid UTF-8 replaced by U+FFFD)
  bool parsed = false;  // a link-grammar linkage was used
  int nullCount = -1;   // words the linkage left out (-1: not parsed)
  double seconds = 0;   // time spent on the sentence
};

enum class EntityType { kUnknown, kPerson, kCountry, kOrganization, kPlace };
std::string_view entityTypeName(EntityType t);

struct Entity {
  std::string iri;                   // http://kg.local/ns#e.<slug>
  std::string label;                 // canonical label
  std::vector<std::string> aliases;  // other surfaces seen (excluding label), sorted
  EntityType type = EntityType::kUnknown;
  std::vector<size_t> sentences;     // where it is mentioned
};

enum class FactKind { kAction, kRole, kStatement, kAttribute, kMembership };
std::string_view factKindName(FactKind k);

struct Argument {
  std::string text;       // surface text (as in the sentence)
  std::string entityIri;  // chosen entity, empty when the argument is a literal
  std::string resolved;   // label of the entity (coreference applied) or the text
  Span span;              // in the original text
  bool isLiteral = false; // statements, dates, counts, clauses
  std::string datatype;   // for literals: empty (string) or an xsd IRI (e.g. integer)
  bool time = false;      // a time phrase ("on Monday"): kept on the evidence, not a triple
};

struct Fact {
  Argument subject;
  std::string relation;           // surface phrase, e.g. "drew attention to"
  std::string relationIri;        // http://kg.local/ns#r.<slug>
  Argument object;                // may be empty (text empty) for intransitive facts
  std::vector<Argument> extras;   // further arguments (prepositional phrases, time, place)
  std::vector<Argument> places;   // where it happened ("met Bob in Paris" -> Paris): entities,
                                  // kept on the evidence in the graph (kg:place)
  FactKind kind = FactKind::kAction;
  size_t sentence = 0;
  Span span;                      // the fact's character span in the original text
  double confidence = 0.5;
  bool negated = false;
  bool fromParser = false;
  bool carb = true;   // written by toCarb (derived facts such as distributed lists are not)
  bool graph = true;  // turned into triples by toQuads
};

struct ExtractionResult {
  std::string documentIri;
  std::vector<Sentence> sentences;
  std::vector<Fact> facts;
  std::vector<Entity> entities;
  // The document's date (YYYY-MM-DD) when known: time phrases are resolved against it.
  // Date, title and URL, when set, are also written about the document node by toQuads.
  std::string documentDate;
  std::string documentTitle;
  std::string documentUrl;
  // Where the story was written, from its dateline ("ROTTERDAM, Netherlands — ..."): the place
  // entity and the dateline as written. Empty when the text has none.
  std::string placeIri;
  std::string dateline;
  // Non-fatal notes about the input ("input is binary", "invalid UTF-8 replaced", ...).
  std::vector<std::string> warnings;
};

class Extractor {
 public:
  explicit Extractor(Options options = {});
  ~Extractor();
  Extractor(const Extractor&) = delete;
  Extractor& operator=(const Extractor&) = delete;

  // Never throws on bad text: binary or non-English input gives an empty result with a
  // warning. documentIri names the source document in the provenance.
  ExtractionResult extract(std::string_view text, std::string_view documentIri);

  const Options& options() const { return options_; }
  // True when the link-grammar English dictionary could be loaded.
  bool parserAvailable() const;

 private:
  struct Impl;
  LgParse parseUnit(const std::vector<text::Token>& toks, const std::vector<int>& unit);
  static std::vector<std::pair<int, int>> quoteSpans(const std::vector<text::Token>& toks);
  Options options_;
  bool debug_ = false;  // KG_EXTRACT_DEBUG=1 prints linkages to stderr
  std::unique_ptr<Impl> impl_;
};

// The graph (see README.md): fact triples in `graph` (default graph when empty), entity
// labels/aliases/types, relation labels, and provenance about each quoted triple.
struct QuadOptions {
  kg::Term graph = kg::Term::iri("");  // where facts and provenance go
  bool entityTriples = true;           // rdfs:label, kg:alias, rdf:type for entities
};
std::vector<kg::Quad> toQuads(const ExtractionResult& result, const QuadOptions& opts = {});

// CaRB tab format, one line per tuple:
//   sentence \t confidence \t relation \t arg1 \t arg2 ...
// `sentenceKeys`, when given (one per sentence), replaces the sentence column (CaRB wants its
// input line echoed unchanged).
std::string toCarb(const ExtractionResult& result,
                   const std::vector<std::string>* sentenceKeys = nullptr);

// Tuples in CaRB shape for one fact: relation, then args.
std::vector<std::string> carbTuple(const Fact& f);

// Deterministic IRIs: http://kg.local/ns#e.<slug> for entities, #r.<slug> for relations.
std::string entityIri(std::string_view label);
std::string relationIri(std::string_view relation);
std::string slug(std::string_view s);

}  // namespace kg::extract
