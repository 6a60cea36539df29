// kg::Database: the embeddable engine. Open a store, load RDF, query and update it with
// SPARQL, dump it, read its statistics.
//
// Errors: every call reports failure by throwing kg::Error (kg/error.h); errors tied to a
// position in a query or input file are kg::PositionedError. A failed load or update changes
// nothing.
//
// Thread-safety: one Database may be used from several threads at once. Queries run on
// consistent snapshots and never block each other or writers; writes (load, update, commit)
// are serialized.
//
// Ownership: open() returns the only owner of the store handle. Every object obtained from a
// Database (QueryResult, Snapshot, Transaction, PreparedQuery) refers to it and must be
// destroyed before it. Closing = destroying the Database.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kg/error.h"
#include "kg/corpus.h"
#include "kg/extract.h"
#include "kg/query.h"
#include "kg/term.h"

namespace kg {

struct OpenOptions {
  // Read-only opens never take the writer lock, so they work beside a process that writes.
  bool readOnly = false;
  // Create an empty store when the directory does not exist (or is empty). Never for a
  // read-only open: that throws Error(kStorage, "no kg store at ...") instead.
  bool createIfMissing = true;
  // Block cache shared by all column families.
  size_t cacheBytes = size_t{256} << 20;
};

struct LoadProgress {
  uint64_t bytesRead = 0;    // of the input files (compressed bytes for .gz)
  uint64_t totalBytes = 0;   // 0 when unknown (stdin)
  uint64_t statements = 0;   // parsed so far
  double seconds = 0;        // since the load started
};

struct LoadOptions {
  // "nt", "nq", "ttl", "trig", "tsv" (also "ntriples", "nquads", "turtle"); empty = from the
  // file extension (each optionally followed by .gz).
  std::string format;
  // Load into this named graph instead of the default graph (statements that name their own
  // graph, in N-Quads/TriG, keep it).
  std::string graph;
  // Base IRI for relative IRIs; empty = the file's own file:// IRI (loadString: none).
  std::string baseIri;
  // Called now and then during the load.
  std::function<void(const LoadProgress&)> progress;
  // Bytes the load may hold in memory for its quads and new terms; past them it sorts through
  // run files beside the store. 0 = a quarter of the machine's memory, at most 2 GiB.
  size_t memoryBudget = 0;
};

struct LoadResult {
  uint64_t statements = 0;  // statements read from the input
  uint64_t added = 0;       // quads that were new to the store
  double seconds = 0;
};

struct PredicateStatistics {
  Term predicate;
  uint64_t quads = 0;
  uint64_t distinctSubjects = 0;
  uint64_t distinctObjects = 0;
};

struct GraphStatistics {
  Term graph;  // the default graph is an IRI with an empty value
  uint64_t quads = 0;
};

struct StoreStatistics {
  uint64_t quads = 0;
  uint64_t terms = 0;  // dictionary entries (inlined numbers and short strings excluded)
  std::vector<GraphStatistics> graphs;
  std::vector<PredicateStatistics> predicates;  // most frequent first
  uint64_t diskBytes = 0;
};

// What Database::check found.
struct CheckResult {
  uint64_t quads = 0;   // quads in the store
  uint64_t blocks = 0;  // index blocks read (all six orders)
  uint64_t terms = 0;   // dictionary entries read
  std::vector<std::string> problems;  // one sentence each; empty when the store is sound
  bool ok() const { return problems.empty(); }
};
// Which literals the full-text index takes (queries search it with `?text kg:matches "..."`):
// every string and language-tagged literal in the object of a quad, or only those of the
// listed predicates (IRIs); or none when disabled.
struct TextIndexSettings {
  bool enabled = true;
  std::vector<std::string> predicates;
};

// An entity found by the start of its rdfs:label or kg:alias.
struct LabelMatch {
  Term entity;
  Term label;
};


enum class DumpFormat { kNQuads, kNTriples, kTurtle, kTriG };

// "nquads"/"nq", "ntriples"/"nt", "turtle"/"ttl" or "trig"; empty = N-Quads. Throws
// Error(kUsage) naming the accepted names for anything else.
DumpFormat dumpFormatNamed(std::string_view name);

struct ExtractSummary {
  uint64_t documents = 0;  // extracted and stored
  uint64_t skipped = 0;    // already in the store with the same content hash
  uint64_t failed = 0;     // could not be read (reported, the corpus went on)
  uint64_t sentences = 0;
  uint64_t facts = 0;
  uint64_t added = 0;  // quads new to the store (facts, entities, provenance)
  uint64_t merged = 0;  // entities merged onto an entity of another document (resolution rules)
  std::vector<std::string> warnings;
};

// Progress of a corpus extraction, reported after each committed batch.
struct CorpusProgress {
  uint64_t documents = 0;  // done: extracted, skipped or failed
  int64_t total = -1;      // documents in the corpus, -1 when unknown (standard input)
  uint64_t sentences = 0;
  double seconds = 0;      // wall time since the start
};

struct CorpusOptions {
  ExtractOptions extract;    // graph, sentencePerLine, aliases (documentIri is per document)
  unsigned jobs = 0;         // extraction threads; 0 = the machine's cores
  size_t batchDocuments = 32;  // documents per atomic commit
  std::function<void(const CorpusProgress&)> progress;
  std::function<void(const CorpusFailure&)> failure;        // a document that was skipped
  std::function<void(const ExtractedDocument&)> extracted;  // each document, in order
};

// A merge of two entities: the statements about `merged` are about `canonical` now, and the
// store records the merge (kg:Merge) so that splitting it restores the graph exactly.
struct EntityMerge {
  std::string record;     // IRI of the kg:Merge node
  std::string canonical;  // IRI of the entity that stays
  std::string merged;     // IRI of the entity merged into it
  std::string canonicalLabel;
  std::string mergedLabel;
  std::string reason;
  std::string origin;   // "user" (mergeEntities), "automatic" (the resolution rules) or "alias table"
  std::string created;  // xsd:dateTime of a merge made by a user, else empty
};

namespace detail {
struct DatabaseState;
}

class Transaction;    // kg/transaction.h
class Snapshot;       // kg/transaction.h
class PreparedQuery;  // kg/transaction.h

class Database {
 public:
  // Opens (or creates) the store in directory `path`. Throws kg::Error: kLocked when another
  // process has it open for writing, kVersion for a store of another format.
  static std::unique_ptr<Database> open(const std::string& path, const OpenOptions& options = {});
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  const std::string& path() const;
  bool readOnly() const;

  // Loads RDF files ("-" = standard input) in one atomic step: on any error nothing of any
  // file is stored. Blank nodes are scoped per file: two files' _:b1 are different nodes.
  LoadResult load(const std::vector<std::string>& paths, const LoadOptions& options = {});
  LoadResult load(const std::string& path, const LoadOptions& options = {});
  // Loads RDF text; options.format is required.
  LoadResult loadString(std::string_view text, const LoadOptions& options);

  // Writes every quad (N-Quads, TriG) or the default graph's triples (N-Triples, Turtle),
  // sorted by graph then subject, in a re-loadable form. Turtle and TriG group statements by
  // subject and use the store's prefixes. Returns the number of statements written.
  uint64_t dump(std::ostream& out, DumpFormat format = DumpFormat::kNQuads) const;
  // The same into a file, atomically: written to a new file beside `path`, synced, then
  // renamed over it, so `path` never holds a partial dump and a failure leaves no file.
  // Throws Error(kIo) naming the path and the system's reason.
  uint64_t dumpFile(const std::string& path, DumpFormat format = DumpFormat::kNQuads) const;

  StoreStatistics statistics() const;

  // The store's prefixes, for writing Turtle and TriG and for query editors: the predeclared
  // rdf, rdfs, xsd, owl and kg, and those declared by the Turtle and TriG files loaded.
  PrefixMap prefixes() const;

  // Extracts facts with provenance from English text files and stores them, atomically: a
  // file that cannot be read stores nothing. Extracting the same document again changes
  // nothing; a fact read in two places is one fact with two sources.
  ExtractSummary extract(const std::vector<std::string>& paths, const ExtractOptions& options = {});
  ExtractSummary extractText(std::string_view text, const ExtractOptions& options);
  // Extracts a corpus (kg/corpus.h) in batches of options.batchDocuments, each committed
  // atomically with the documents' content hashes: a document already stored with the same
  // content is skipped, so an interrupted run resumes where it stopped; a changed document
  // replaces its old facts. Documents are extracted on options.jobs threads and stored in
  // corpus order. A document that cannot be read is reported and skipped.
  ExtractSummary extractCorpus(CorpusReader& corpus, const CorpusOptions& options = {});
  // The user alias table kept in the store ((label, alias) pairs, graph kg:aliases).
  std::vector<std::pair<std::string, std::string>> aliases() const;
  // Adds (label, alias) pairs to the store's alias table, atomically; returns the number of
  // statements new to the store.
  uint64_t addAliases(const std::vector<std::pair<std::string, std::string>>& pairs);
  // Removes a document's provenance and every fact no other source supports. Returns the
  // number of quads removed. Throws Error(kInvalidInput) when the store has no such document.
  // Merges follow: what the document supported of a merged entity leaves the merge's record;
  // a merge not made by a user goes with the last statement of its merged entity, and is
  // split when its canonical entity loses its own label.
  uint64_t removeDocument(const std::string& documentIri);

  // Entities across documents. Extraction resolves them as it stores each batch (short names,
  // acronyms, the alias table: entity_resolution.h); these calls make and undo merges by hand.
  // Entities are named by IRI (<...>, kg:e.Name, http://...) or by rdfs:label.
  //
  // Merges `merged` into `canonical` atomically: every statement about it (facts, labels as
  // kg:alias, types, their provenance) is about `canonical` now, `canonical kg:mention merged`
  // is added, and the move is recorded with `reason`. Later extractions that name `merged`
  // go onto `canonical` too. Throws Error(kInvalidInput) for an unknown or ambiguous name, an
  // entity already merged, or one that is the canonical entity of other merges.
  EntityMerge mergeEntities(std::string_view canonical, std::string_view merged,
                            const std::string& reason = {});
  // Undoes that merge (and only it): the merged entity's statements that are still supported
  // come back, what the merge added goes. Merge then split leaves the store as it was. Throws
  // Error(kInvalidInput) when there is no such merge.
  EntityMerge splitEntities(std::string_view canonical, std::string_view merged);
  // The store's merges, by canonical then merged entity.
  std::vector<EntityMerge> entityMerges() const;
  // Applies the resolution rules to the whole store (also to documents extracted before an
  // alias was loaded); returns the number of merges made.
  uint64_t resolveEntities();
  // The IRI of the entity a name refers to (an IRI, kg:e.Name or an rdfs:label; a merged
  // entity's label gives its canonical entity). Throws Error(kInvalidInput) when none or
  // several.
  std::string findEntity(std::string_view name) const;

  // Runs a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) on a snapshot of the store.
  // Throws PositionedError(kSyntax) for a query that does not parse.
  QueryResult query(std::string_view sparql, const QueryOptions& options = {}) const;

  // Runs a SPARQL 1.1 Update request atomically: all operations or none.
  UpdateResult update(std::string_view sparql, const UpdateOptions& options = {});

  // The plan of a query as text: per scan the index, the bound key prefix and the estimated
  // rows. With `analyze`, the query runs and actual rows and times are added.
  std::string explain(std::string_view sparql, bool analyze = false,
                      const QueryOptions& options = {}) const;

  // Checks a query or update for syntax only; throws PositionedError(kSyntax) on error and
  // returns a readable form of the parsed statement.
  static std::string parse(std::string_view sparql, const std::string& baseIri = {});

  // Starts a write transaction (kg/transaction.h). Waits while another thread holds one (or
  // runs load/update); throws kUsage when this thread already holds one on this Database, and
  // for a read-only Database.
  Transaction begin();
  // A consistent read view on which several queries see the same state (kg/transaction.h).
  Snapshot snapshot() const;
  // Parses a query once for many runs with different parameters (kg/transaction.h). Throws
  // PositionedError(kSyntax) for a query that does not parse.
  PreparedQuery prepare(std::string_view sparql, const std::string& baseIri = {}) const;

  // Verifies the store: RocksDB's checksums of every file, each index order's blocks, the six
  // orders holding the same quads, the statistics against the data, and the dictionary
  // (every id a quad uses has an entry). Reads everything once; waits for running writes.
  CheckResult check();

  // Compacts the store's files (reclaims space after large deletes; used to measure size).
  void compact();

  // The full-text index's settings; changing them rebuilds the index in one atomic step.
  // Both rebuilds return the number of literals indexed.
  TextIndexSettings textIndex() const;
  uint64_t setTextIndex(const TextIndexSettings& settings);
  uint64_t rebuildTextIndex();
  // Entities whose rdfs:label or kg:alias has a word sequence starting with `prefix`
  // (case-insensitive, at a word start), labels that start with it first, then shorter ones.
  std::vector<LabelMatch> lookupLabels(std::string_view prefix, size_t limit = 10) const;

  detail::DatabaseState& state() { return *state_; }

 private:
  explicit Database(std::unique_ptr<detail::DatabaseState> state);
  std::unique_ptr<detail::DatabaseState> state_;
};

}  // namespace kg

// Transaction, Snapshot and PreparedQuery.
#include "kg/transaction.h"  // IWYU pragma: export
