/* kg.h: the C API of the kg knowledge-graph engine, for C programs and any language's FFI.
 *
 * Conventions (after LevelDB's c.h):
 *  - Every object is an opaque handle created by a kg_..._create / kg_open / kg_query-style
 *    call and released by the matching kg_..._destroy / kg_close. Destroy functions accept
 *    NULL.
 *  - Every call that can fail returns a kg_status (KG_OK = 0) and takes `kg_error** err` last.
 *    On failure, when err is not NULL, *err receives a new error object (an error already
 *    stored there is freed first); the caller frees it with kg_error_free(). On success *err
 *    is left alone. Pass NULL to ignore details. No C++ exception ever crosses this API.
 *  - Strings are UTF-8, NUL-terminated. Strings returned as `char*` are malloc'ed: free them
 *    with kg_free(). Strings returned as `const char*` are borrowed from the object they came
 *    from and stay valid as that object's documentation says.
 *  - Lifetime: a kg_db is reference-counted internally. Results, snapshots, transactions and
 *    prepared queries keep their database open, so kg_close() may come before destroying
 *    them; the store closes when the last of them is destroyed.
 *  - Thread-safety: a kg_db may be used from several threads at once (queries run on their
 *    own snapshots and never block; writers are serialized). A kg_result, kg_txn or
 *    kg_query_options is used by one thread at a time; kg_snapshot and kg_prepared may be
 *    shared. A kg_txn holds the database's writer lock until commit/rollback/destroy: other
 *    threads' loads, updates and kg_txn_begin wait meanwhile, and the same thread must not
 *    call kg_load_* / kg_update on that database (it would deadlock): write through the
 *    transaction instead.
 */
#ifndef KG_KG_H_
#define KG_KG_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- status and errors ---- */

typedef enum kg_status {
  KG_OK = 0,
  KG_ERR_SYNTAX = 1,        /* a query or update that does not parse (has a position) */
  KG_ERR_INVALID_INPUT = 2, /* RDF input that cannot be read (has file, line, column) */
  KG_ERR_QUERY = 3,         /* a query that parses but cannot run */
  KG_ERR_USAGE = 4,         /* the API was used wrongly (NULL handle, ended transaction...) */
  KG_ERR_STORAGE = 5,       /* RocksDB or the file system failed */
  KG_ERR_IO = 6,            /* an input file cannot be opened or read */
  KG_ERR_LOCKED = 7,        /* another process has the store open for writing */
  KG_ERR_VERSION = 8,       /* the store was written by an incompatible kg version */
  KG_ERR_CANCELLED = 9,     /* cancelled through a kg_cancel */
  KG_ERR_TIMEOUT = 10,      /* ran past its timeout */
  KG_ERR_INTERNAL = 11,     /* anything else (out of memory, a bug) */
  KG_ERR_LIMIT = 12         /* a resource limit was reached (memory budget, row cap, nesting) */
} kg_status;

typedef struct kg_error kg_error;

/* A static, readable name of a status ("ok", "syntax error", ...). */
const char* kg_status_name(kg_status status);

kg_status kg_error_code(const kg_error* err);
/* The full message; for positioned errors "file:line:column: message". Borrowed from err. */
const char* kg_error_message(const kg_error* err);
/* Position of the error in a query or input (1-based), 0 when the error has none. */
uint64_t kg_error_line(const kg_error* err);
uint64_t kg_error_column(const kg_error* err);
/* The input file of a load error, "" otherwise. Borrowed from err. */
const char* kg_error_file(const kg_error* err);
void kg_error_free(kg_error* err);

/* Frees a string or buffer returned by this API. */
void kg_free(void* ptr);

/* ---- handles ---- */

typedef struct kg_db kg_db;
typedef struct kg_open_options kg_open_options;
typedef struct kg_load_options kg_load_options;
typedef struct kg_query_options kg_query_options;
typedef struct kg_cancel kg_cancel;
typedef struct kg_result kg_result;
typedef struct kg_term kg_term;
typedef struct kg_txn kg_txn;
typedef struct kg_snapshot kg_snapshot;
typedef struct kg_prepared kg_prepared;

/* ---- opening ---- */

kg_open_options* kg_open_options_create(void);
void kg_open_options_destroy(kg_open_options* options);
void kg_open_options_set_read_only(kg_open_options* options, int read_only);         /* 0 */
void kg_open_options_set_create_if_missing(kg_open_options* options, int create);    /* 1 */
void kg_open_options_set_cache_bytes(kg_open_options* options, size_t bytes);       /* 256 MiB */

/* Opens (or creates) the store in directory `path`; options may be NULL (defaults). */
kg_status kg_open(const char* path, const kg_open_options* options, kg_db** db, kg_error** err);
/* Releases the caller's reference; the store closes once nothing else refers to it. */
void kg_close(kg_db* db);

/* ---- loading ---- */

kg_load_options* kg_load_options_create(void);
void kg_load_options_destroy(kg_load_options* options);
/* "nt", "nq", "ttl", "trig", "tsv"; NULL or "" = from the file extension (required for
 * kg_load_string). */
void kg_load_options_set_format(kg_load_options* options, const char* format);
/* Named graph to load into (NULL or "" = default graph). */
void kg_load_options_set_graph(kg_load_options* options, const char* graph_iri);
void kg_load_options_set_base_iri(kg_load_options* options, const char* base_iri);

/* Loads RDF files atomically: on error nothing is stored. statements/added may be NULL. */
kg_status kg_load_files(kg_db* db, const char* const* paths, size_t count,
                        const kg_load_options* options, uint64_t* statements, uint64_t* added,
                        kg_error** err);
kg_status kg_load_file(kg_db* db, const char* path, const kg_load_options* options,
                       uint64_t* statements, uint64_t* added, kg_error** err);
/* Loads `length` bytes of RDF text; options must give the format. */
kg_status kg_load_string(kg_db* db, const char* text, size_t length,
                         const kg_load_options* options, uint64_t* statements, uint64_t* added,
                         kg_error** err);

/* ---- terms ---- */

typedef enum kg_term_kind {
  KG_TERM_IRI = 1,
  KG_TERM_BLANK = 2,
  KG_TERM_LITERAL = 3,
  KG_TERM_TRIPLE = 4 /* RDF-star quoted triple */
} kg_term_kind;

/* New terms (for parameters); free with kg_term_destroy. NULL datatype/language = none
 * (a simple xsd:string literal). */
kg_term* kg_term_new_iri(const char* iri);
kg_term* kg_term_new_blank(const char* label);
kg_term* kg_term_new_literal(const char* lexical, const char* datatype_iri, const char* language);
kg_term* kg_term_new_integer(int64_t value);
kg_term* kg_term_new_double(double value);
kg_term* kg_term_new_boolean(int value);
kg_term* kg_term_copy(const kg_term* term);
void kg_term_destroy(kg_term* term);

kg_term_kind kg_term_get_kind(const kg_term* term);
/* IRI: the IRI; blank node: the label; literal: the lexical form. Borrowed from term. */
const char* kg_term_value(const kg_term* term);
/* Literal: the datatype IRI (always set); otherwise "". Borrowed. */
const char* kg_term_datatype(const kg_term* term);
/* Literal: the language tag or "". Borrowed. */
const char* kg_term_language(const kg_term* term);
/* Quoted triple: its parts (borrowed from term); NULL for other kinds. */
const kg_term* kg_term_triple_part(const kg_term* term, int position /* 0=s, 1=p, 2=o */);
/* N-Triples(-star) form, e.g. <http://a> or "x"@en. Free with kg_free. */
char* kg_term_to_ntriples(const kg_term* term);

/* ---- queries ---- */

kg_cancel* kg_cancel_create(void);
/* Makes running operations that use this token fail with KG_ERR_CANCELLED. Any thread. */
void kg_cancel_trigger(kg_cancel* cancel);
void kg_cancel_reset(kg_cancel* cancel);
void kg_cancel_destroy(kg_cancel* cancel); /* operations using it keep it alive */

kg_query_options* kg_query_options_create(void);
void kg_query_options_destroy(kg_query_options* options);
void kg_query_options_set_base_iri(kg_query_options* options, const char* base_iri);
/* 0 = none; past it the query fails with KG_ERR_TIMEOUT. Queries run with NULL options, or
 * options never given a timeout, stop after 10 minutes. */
void kg_query_options_set_timeout_ms(kg_query_options* options, uint64_t milliseconds);
/* Bytes the query's sorts, groups, DISTINCT and hash joins may hold before they spill to
 * temporary files (default 1 GiB; 0 = no limit). What cannot spill fails with KG_ERR_LIMIT. */
void kg_query_options_set_memory_limit(kg_query_options* options, uint64_t bytes);
/* 0 = no cap (the default). Past this many rows the query fails with KG_ERR_LIMIT. */
void kg_query_options_set_max_rows(kg_query_options* options, uint64_t rows);
void kg_query_options_set_cancel(kg_query_options* options, kg_cancel* cancel);
/* Binds variable `name` (with or without '?') to a copy of `value` before evaluation; NULL
 * value removes the binding. The value is a term, never text spliced into the query. The
 * variable must occur in a graph pattern of the query (one used only inside FILTER is not
 * accepted yet: KG_ERR_USAGE when the query runs). */
void kg_query_options_bind(kg_query_options* options, const char* name, const kg_term* value);
void kg_query_options_clear_bindings(kg_query_options* options);

typedef enum kg_query_form {
  KG_FORM_SELECT = 0,
  KG_FORM_ASK = 1,
  KG_FORM_CONSTRUCT = 2,
  KG_FORM_DESCRIBE = 3
} kg_query_form;

/* Runs a query on a snapshot of the store; rows are pulled one by one with
 * kg_result_next. options may be NULL. */
kg_status kg_query(kg_db* db, const char* sparql, const kg_query_options* options,
                   kg_result** result, kg_error** err);

kg_query_form kg_result_form(const kg_result* result);
/* SELECT: the projected variables; CONSTRUCT/DESCRIBE: subject, predicate, object. */
size_t kg_result_column_count(const kg_result* result);
const char* kg_result_column_name(const kg_result* result, size_t column); /* borrowed */
/* Moves to the next row: *has_row = 1 when there is one, 0 at the end. */
kg_status kg_result_next(kg_result* result, int* has_row, kg_error** err);
/* The current row's value in `column`, NULL when unbound. Borrowed: valid until the next
 * kg_result_next or kg_result_destroy. */
const kg_term* kg_result_value(const kg_result* result, size_t column);
/* ASK: the answer (1/0). */
kg_status kg_result_boolean(kg_result* result, int* answer, kg_error** err);
uint64_t kg_result_row_count(const kg_result* result);
void kg_result_destroy(kg_result* result);

/* Runs a SPARQL 1.1 Update atomically. options: base IRI, timeout and cancel are used
 * (bindings are ignored); may be NULL. inserted/deleted may be NULL. */
kg_status kg_update(kg_db* db, const char* sparql, const kg_query_options* options,
                    uint64_t* inserted, uint64_t* deleted, kg_error** err);

/* The query plan as text (*plan, free with kg_free); analyze != 0 runs the query too. */
kg_status kg_explain(kg_db* db, const char* sparql, int analyze, char** plan, kg_error** err);

/* Checks a query or update for syntax; on success *form_text (may be NULL) receives the
 * parsed form, free with kg_free. */
kg_status kg_parse(const char* sparql, char** form_text, kg_error** err);

typedef struct kg_statistics {
  uint64_t quads;
  uint64_t terms;
  uint64_t graphs;     /* graphs holding quads, the default graph included */
  uint64_t predicates; /* distinct predicates */
  uint64_t disk_bytes;
} kg_statistics;

kg_status kg_get_statistics(kg_db* db, kg_statistics* stats, kg_error** err);

/* ---- dumping ---- */

/* Both write the whole store as RDF, grouped by graph then subject, in a form kg_load_* reads
 * back. format: "nquads" (every quad; NULL or "" = this) or "ntriples" (the default graph's
 * triples only: quads of named graphs are left out); another name is KG_ERR_USAGE. *quads
 * (may be NULL) receives the number of statements written. */

/* Writes the file `path`, replacing it. The dump goes to a temporary file next to it that is
 * renamed over `path` once complete: on failure no file is left behind and `path` is
 * unchanged. A file that cannot be written is KG_ERR_IO, the message naming `path`. */
kg_status kg_dump_file(kg_db* db, const char* path, const char* format, uint64_t* quads,
                       kg_error** err);
/* Returns the dump in *text (free with kg_free). It is held in memory whole: for big stores
 * use kg_dump_file. */
kg_status kg_dump_string(kg_db* db, const char* format, char** text, uint64_t* quads,
                         kg_error** err);

/* ---- prepared queries ---- */

/* Parses once; run many times with different bindings from kg_query_options_bind. */
kg_status kg_prepare(kg_db* db, const char* sparql, const char* base_iri, kg_prepared** prepared,
                     kg_error** err);
kg_status kg_prepared_run(kg_prepared* prepared, const kg_query_options* options,
                          kg_result** result, kg_error** err);
void kg_prepared_destroy(kg_prepared* prepared);

/* ---- read snapshots ---- */

/* A consistent view: every query on it sees the same state, whatever is written later. */
kg_status kg_snapshot_create(kg_db* db, kg_snapshot** snapshot, kg_error** err);
kg_status kg_snapshot_query(kg_snapshot* snapshot, const char* sparql,
                            const kg_query_options* options, kg_result** result, kg_error** err);
void kg_snapshot_destroy(kg_snapshot* snapshot);

/* ---- transactions ---- */

/* Starts a write transaction (waits while another thread holds one). */
kg_status kg_txn_begin(kg_db* db, kg_txn** txn, kg_error** err);
/* Each of these is atomic inside the transaction: on failure the transaction is as before
 * the call and stays open. *added from loads is 0 (known at commit). */
kg_status kg_txn_load_file(kg_txn* txn, const char* path, const kg_load_options* options,
                           uint64_t* statements, kg_error** err);
kg_status kg_txn_load_string(kg_txn* txn, const char* text, size_t length,
                             const kg_load_options* options, uint64_t* statements,
                             kg_error** err);
kg_status kg_txn_update(kg_txn* txn, const char* sparql, const kg_query_options* options,
                        uint64_t* inserted, uint64_t* deleted, kg_error** err);
/* Sees the transaction's own pending writes. Finish the result before writing again, and
 * before commit/rollback. */
kg_status kg_txn_query(kg_txn* txn, const char* sparql, const kg_query_options* options,
                       kg_result** result, kg_error** err);
/* Applies everything atomically; added/removed may be NULL. The transaction ends. */
kg_status kg_txn_commit(kg_txn* txn, uint64_t* added, uint64_t* removed, kg_error** err);
/* Discards everything; the transaction ends. */
void kg_txn_rollback(kg_txn* txn);
/* Rolls back when still open, then frees. */
void kg_txn_destroy(kg_txn* txn);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* KG_KG_H_ */
