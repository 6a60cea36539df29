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

// Cancels running operations from another thread (Ctrl-C, a UI button).
class CancelToken {
 public:
  void cancel() { cancelled_.store(true); }
  void reset() { cancelled_.store(false); }
  bool cancelled() const { return cancelled_.load(std::memory_order_relaxed); }

 private:
  std::atomic<bool> cancelled_{false};
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

 private:
  std::unique_ptr<detail::ResultCursor> cursor_;
};

enum class ResultFormat {
  kTable,     // aligned text for people
  kJson,      // SPARQL 1.1 Query Results JSON (CONSTRUCT/DESCRIBE: N-Triples)
  kCsv,       // SPARQL 1.1 Query Results CSV
  kTsv,       // SPARQL 1.1 Query Results TSV
  kNTriples,  // CONSTRUCT/DESCRIBE (SELECT: rejected)
};

// Writes a whole result. Returns the number of rows (or triples) written.
uint64_t writeResult(QueryResult& result, std::ostream& out, ResultFormat format);

struct UpdateOptions {
  std::string baseIri;
  std::chrono::milliseconds timeout{0};
  std::shared_ptr<CancelToken> cancel;
  // Directories LOAD may read from (file: IRIs only). Empty = the current directory.
  std::vector<std::string> allowedLoadDirectories;
};

struct UpdateResult {
  uint64_t inserted = 0;
  uint64_t deleted = 0;
  uint64_t operations = 0;
};

}  // namespace kg
