// Queries and updates: options, streaming results, result formats.
//
// A QueryResult pulls solutions from the engine one at a time: a result of ten million rows
// never sits in memory (except where the query itself needs it: ORDER BY, GROUP BY, DISTINCT).
// A QueryResult keeps its snapshot alive; it may outlive nothing but its Database.
// Thread-safety: one QueryResult is used by one thread at a time.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kg/term.h"

namespace kg {

// Prefix name (without ':') -> namespace IRI, for writing IRIs as prefixed names.
using PrefixMap = std::map<std::string, std::string>;

// The prefixes every kg store and query knows: rdf, rdfs, xsd, owl and kg.
const PrefixMap& builtinPrefixes();

// Cancels running operations from another thread (Ctrl-C, a UI button).
class CancelToken {
 public:
  void cancel() { cancelled_.store(true); }
  void reset() { cancelled_.store(false); }
  bool cancelled() const { return cancelled_.load(std::memory_order_relaxed); }

 private:
  std::atomic<bool> cancelled_{false};
};

// An RDF dataset named by IRIs: the graphs merged into the default graph, and the named
// graphs GRAPH can reach. Unknown graphs are empty.
struct DatasetSpec {
  std::vector<std::string> defaultGraphs;
  std::vector<std::string> namedGraphs;
};

struct QueryOptions {
  // Base IRI for relative IRIs in the query (a BASE in the query wins).
  std::string baseIri;
  // 0 = no limit. Past the deadline the query fails with ErrorCode::kTimeout.
  std::chrono::milliseconds timeout{0};
  // When set and cancelled, the query fails with ErrorCode::kCancelled.
  std::shared_ptr<CancelToken> cancel;
  // Values for variables, bound before evaluation (prepared queries; no string splicing).
  std::map<std::string, Term> parameters;
  // Values a variable must equal by value rather than be bound to, as FILTER(?var = value) on
  // the query's WHERE pattern would require: a number given as "0.9"^^xsd:double finds a
  // stored "0.900"^^xsd:decimal. The variable must occur in the query.
  std::map<std::string, Term> valueParameters;
  // When set, the query runs on this dataset instead of its FROM / FROM NAMED clauses (the
  // SPARQL protocol's default-graph-uri and named-graph-uri).
  std::optional<DatasetSpec> dataset;
  // Bytes the query's sorts, groups, DISTINCT and hash joins may hold. Past it they spill to
  // temporary files; what cannot spill fails with ErrorCode::kLimit ("query exceeded its
  // memory budget"). 0 = no limit.
  uint64_t memoryLimit = kDefaultQueryMemoryLimit;
  // Where spill files go (empty: $TMPDIR, else /tmp). They are unlinked as soon as they are
  // made, so nothing is left behind, even after a crash.
  std::string spillDirectory;
  // 0 = no cap. Past this many result rows the query fails with ErrorCode::kLimit.
  uint64_t maxRows = 0;

  static constexpr uint64_t kDefaultQueryMemoryLimit = uint64_t{1} << 30;  // 1 GiB
};

// The timeout the C API and the Python module give a query when the caller sets none, so that
// a program is never stuck in a runaway query (a cross product). Set 0 there for no limit.
inline constexpr std::chrono::milliseconds kDefaultEmbeddedTimeout{10 * 60 * 1000};

// "256M", "2G", "512k", "1000000" (bytes) -> bytes; nullopt when it does not parse.
std::optional<uint64_t> parseByteSize(std::string_view text);

enum class QueryForm { kSelect, kAsk, kConstruct, kDescribe };

// One solution: a cell per variable, nullopt where unbound.
using Solution = std::vector<std::optional<Term>>;

namespace detail {
class ResultCursor;
}

class QueryResult {
 public:
  explicit QueryResult(std::unique_ptr<detail::ResultCursor> cursor);
  QueryResult(QueryResult&&) noexcept;
  QueryResult& operator=(QueryResult&&) noexcept;
  ~QueryResult();

  QueryForm form() const;
  // SELECT: the projected variables (without '?'). CONSTRUCT/DESCRIBE: subject, predicate,
  // object (and graph where it matters). ASK: empty.
  const std::vector<std::string>& variables() const;
  // Next solution (SELECT) or triple (CONSTRUCT/DESCRIBE); false at the end.
  // Throws kg::Error (kTimeout, kCancelled, kQuery) if evaluation fails midway.
  bool next(Solution& row);
  // ASK: the answer.
  bool boolean();
  // Rows delivered so far.
  uint64_t rowCount() const;
  // The prefixes of the query's prologue, with the predeclared ones (for writing results).
  const PrefixMap& prefixes() const;

 private:
  std::unique_ptr<detail::ResultCursor> cursor_;
};

enum class ResultFormat {
  kTable,     // aligned text for people
  kJson,      // SPARQL 1.1 Query Results JSON (CONSTRUCT/DESCRIBE: N-Triples)
  kCsv,       // SPARQL 1.1 Query Results CSV
  kTsv,       // SPARQL 1.1 Query Results TSV
  kNTriples,  // CONSTRUCT/DESCRIBE (SELECT: rejected)
  kXml,       // SPARQL Query Results XML (CONSTRUCT/DESCRIBE: rejected)
  kTurtle,    // CONSTRUCT/DESCRIBE, with prefixes (SELECT: rejected)
  kTriG,      // CONSTRUCT/DESCRIBE, with prefixes (SELECT: rejected)
  kNQuads,    // CONSTRUCT/DESCRIBE (SELECT: rejected)
  kRdfXml,    // CONSTRUCT/DESCRIBE as RDF/XML (SELECT: rejected; quoted triples: an error)
  kJsonLd,    // CONSTRUCT/DESCRIBE as expanded JSON-LD (SELECT: rejected; quoted triples: an error)
};

// Writes a whole result, streaming. Returns the number of rows (or triples) written.
// Turtle and TriG use the query's own prefixes.
uint64_t writeResult(QueryResult& result, std::ostream& out, ResultFormat format);
// The same, with `prefixes` added to the query's own for Turtle and TriG (the query's win
// where both name the same prefix).
uint64_t writeResult(QueryResult& result, std::ostream& out, ResultFormat format,
                     const PrefixMap& prefixes);
// True for the formats of solutions (table, JSON, XML, CSV, TSV), false for graph formats.
bool isSolutionFormat(ResultFormat format);

struct UpdateOptions {
  std::string baseIri;
  std::chrono::milliseconds timeout{0};
  std::shared_ptr<CancelToken> cancel;
  // Directories LOAD may read from (file: IRIs only). Empty = the current directory.
  std::vector<std::string> allowedLoadDirectories;
  // When set, every DELETE/INSERT operation's WHERE runs on this dataset, as if written with
  // USING / USING NAMED (the protocol's using-graph-uri and using-named-graph-uri). An
  // operation that has its own USING or WITH is then a kUsage error.
  std::optional<DatasetSpec> usingDataset;
};

struct UpdateResult {
  uint64_t inserted = 0;
  uint64_t deleted = 0;
  uint64_t operations = 0;
};

}  // namespace kg
