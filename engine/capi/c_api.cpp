// The C API (kg/kg.h) over the C++ API. Every entry point catches every exception and turns
// it into a kg_status plus a kg_error; nothing C++ crosses the boundary.
#include "kg/kg.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "kg/database.h"
#include "kg/error.h"
#include "kg/transaction.h"

struct kg_error {
  kg_status code = KG_ERR_INTERNAL;
  std::string message;
  std::string file;
  uint64_t line = 0;
  uint64_t column = 0;
};

// Which thread holds an open kg_txn of a database, so that kg_load_* / kg_update on that same
// thread fail with KG_ERR_USAGE instead of deadlocking on the writer lock.
struct WriterState {
  std::mutex mutex;
  bool open = false;
  std::thread::id thread;

  void check() {
    std::lock_guard<std::mutex> lock(mutex);
    if (open && thread == std::this_thread::get_id()) {
      throw kg::Error(kg::ErrorCode::kUsage,
                      "this thread has an open transaction on this database: write through it "
                      "(kg_txn_*) or commit/roll it back first");
    }
  }
  void set(bool isOpen) {
    std::lock_guard<std::mutex> lock(mutex);
    open = isOpen;
    thread = std::this_thread::get_id();
  }
};

struct kg_db {
  std::shared_ptr<kg::Database> db;
  std::shared_ptr<WriterState> writer = std::make_shared<WriterState>();
};

struct kg_open_options {
  kg::OpenOptions options;
};

struct kg_load_options {
  kg::LoadOptions options;
};

struct kg_cancel {
  std::shared_ptr<kg::CancelToken> token = std::make_shared<kg::CancelToken>();
};

struct kg_query_options {
  kg_query_options() { options.timeout = kg::kDefaultEmbeddedTimeout; }
  kg::QueryOptions options;
};

struct kg_result {
  kg_result(std::shared_ptr<kg::Database> d, kg::QueryResult r)
      : db(std::move(d)), result(std::move(r)) {}
  std::shared_ptr<kg::Database> db;  // first: destroyed after the result
  kg::QueryResult result;
  kg::Solution row;
  bool haveRow = false;
};

struct kg_snapshot {
  std::shared_ptr<kg::Database> db;
  kg::Snapshot snapshot;
};

struct kg_prepared {
  std::shared_ptr<kg::Database> db;
  kg::PreparedQuery prepared;
};

struct kg_txn {
  std::shared_ptr<kg::Database> db;
  std::shared_ptr<WriterState> writer;
  kg::Transaction txn;
  bool tracked = true;
  void ended() {
    if (tracked && !txn.active()) {
      writer->set(false);
      tracked = false;
    }
  }
};

// kg_term is never defined: a kg_term* is a kg::Term* in disguise.
namespace {

kg::Term* termOf(kg_term* t) { return reinterpret_cast<kg::Term*>(t); }
const kg::Term* termOf(const kg_term* t) { return reinterpret_cast<const kg::Term*>(t); }
kg_term* handleOf(kg::Term* t) { return reinterpret_cast<kg_term*>(t); }
const kg_term* handleOf(const kg::Term* t) { return reinterpret_cast<const kg_term*>(t); }

kg_status statusOf(kg::ErrorCode code) {
  switch (code) {
    case kg::ErrorCode::kSyntax: return KG_ERR_SYNTAX;
    case kg::ErrorCode::kInvalidInput: return KG_ERR_INVALID_INPUT;
    case kg::ErrorCode::kQuery: return KG_ERR_QUERY;
    case kg::ErrorCode::kUsage: return KG_ERR_USAGE;
    case kg::ErrorCode::kStorage: return KG_ERR_STORAGE;
    case kg::ErrorCode::kIo: return KG_ERR_IO;
    case kg::ErrorCode::kLocked: return KG_ERR_LOCKED;
    case kg::ErrorCode::kVersion: return KG_ERR_VERSION;
    case kg::ErrorCode::kCancelled: return KG_ERR_CANCELLED;
    case kg::ErrorCode::kTimeout: return KG_ERR_TIMEOUT;
    case kg::ErrorCode::kLimit: return KG_ERR_LIMIT;
  }
  return KG_ERR_INTERNAL;
}

// Stores an error in *err. Never throws: when even that fails, *err is left NULL.
kg_status fail(kg_error** err, kg_status code, const char* message, const std::string* file = nullptr,
               uint64_t line = 0, uint64_t column = 0) {
  if (err == nullptr) return code;
  try {
    auto* e = new kg_error;
    e->code = code;
    e->message = message ? message : "";
    if (file) e->file = *file;
    e->line = line;
    e->column = column;
    delete *err;
    *err = e;
  } catch (...) {
    delete *err;
    *err = nullptr;
  }
  return code;
}

template <typename Body>
kg_status guarded(kg_error** err, Body&& body) noexcept {
  try {
    body();
    return KG_OK;
  } catch (const kg::PositionedError& e) {
    return fail(err, statusOf(e.code()), e.what(), &e.file(), e.line(), e.column());
  } catch (const kg::Error& e) {
    return fail(err, statusOf(e.code()), e.what());
  } catch (const std::bad_alloc&) {
    return fail(err, KG_ERR_INTERNAL, "out of memory");
  } catch (const std::exception& e) {
    return fail(err, KG_ERR_INTERNAL, e.what());
  } catch (...) {
    return fail(err, KG_ERR_INTERNAL, "unknown error");
  }
}

kg_status usage(kg_error** err, const char* message) { return fail(err, KG_ERR_USAGE, message); }

char* copyString(const std::string& s) {
  char* out = static_cast<char*>(std::malloc(s.size() + 1));
  if (!out) throw std::bad_alloc();
  std::memcpy(out, s.data(), s.size() + 1);
  return out;
}

const kg::LoadOptions& loadOptionsOf(const kg_load_options* options) {
  static const kg::LoadOptions defaults;
  return options ? options->options : defaults;
}

const kg::QueryOptions& queryOptionsOf(const kg_query_options* options) {
  static const kg_query_options defaults;
  return options ? options->options : defaults.options;
}

kg::UpdateOptions updateOptionsOf(const kg_query_options* options) {
  kg::UpdateOptions out;
  if (options) {
    out.baseIri = options->options.baseIri;
    out.timeout = options->options.timeout;
    out.cancel = options->options.cancel;
  }
  return out;
}

kg_query_form formOf(kg::QueryForm form) {
  switch (form) {
    case kg::QueryForm::kSelect: return KG_FORM_SELECT;
    case kg::QueryForm::kAsk: return KG_FORM_ASK;
    case kg::QueryForm::kConstruct: return KG_FORM_CONSTRUCT;
    case kg::QueryForm::kDescribe: return KG_FORM_DESCRIBE;
  }
  return KG_FORM_SELECT;
}

template <typename T>
kg_term* newTerm(T&& make) noexcept {
  try {
    return handleOf(new kg::Term(make()));
  } catch (...) {
    return nullptr;
  }
}

}  // namespace

extern "C" {

// ---- errors ----

const char* kg_status_name(kg_status status) {
  switch (status) {
    case KG_OK: return "ok";
    case KG_ERR_SYNTAX: return "syntax error";
    case KG_ERR_INVALID_INPUT: return "invalid input";
    case KG_ERR_QUERY: return "query error";
    case KG_ERR_USAGE: return "usage error";
    case KG_ERR_STORAGE: return "storage error";
    case KG_ERR_IO: return "I/O error";
    case KG_ERR_LOCKED: return "store locked";
    case KG_ERR_VERSION: return "incompatible store version";
    case KG_ERR_CANCELLED: return "cancelled";
    case KG_ERR_TIMEOUT: return "timeout";
    case KG_ERR_LIMIT: return "resource limit";
    case KG_ERR_INTERNAL: return "internal error";
  }
  return "unknown status";
}

kg_status kg_error_code(const kg_error* err) { return err ? err->code : KG_OK; }
const char* kg_error_message(const kg_error* err) { return err ? err->message.c_str() : ""; }
uint64_t kg_error_line(const kg_error* err) { return err ? err->line : 0; }
uint64_t kg_error_column(const kg_error* err) { return err ? err->column : 0; }
const char* kg_error_file(const kg_error* err) { return err ? err->file.c_str() : ""; }
void kg_error_free(kg_error* err) { delete err; }
void kg_free(void* ptr) { std::free(ptr); }

// ---- opening ----

kg_open_options* kg_open_options_create(void) { return new (std::nothrow) kg_open_options; }
void kg_open_options_destroy(kg_open_options* options) { delete options; }
void kg_open_options_set_read_only(kg_open_options* options, int read_only) {
  if (options) options->options.readOnly = read_only != 0;
}
void kg_open_options_set_create_if_missing(kg_open_options* options, int create) {
  if (options) options->options.createIfMissing = create != 0;
}
void kg_open_options_set_cache_bytes(kg_open_options* options, size_t bytes) {
  if (options) options->options.cacheBytes = bytes;
}

kg_status kg_open(const char* path, const kg_open_options* options, kg_db** db, kg_error** err) {
  if (!path || !db) return usage(err, "kg_open: path and db must not be NULL");
  *db = nullptr;
  return guarded(err, [&] {
    auto handle = std::make_unique<kg_db>();
    handle->db = kg::Database::open(path, options ? options->options : kg::OpenOptions{});
    *db = handle.release();
  });
}

void kg_close(kg_db* db) { delete db; }

// ---- loading ----

kg_load_options* kg_load_options_create(void) { return new (std::nothrow) kg_load_options; }
void kg_load_options_destroy(kg_load_options* options) { delete options; }
void kg_load_options_set_format(kg_load_options* options, const char* format) {
  try {
    if (options) options->options.format = format ? format : "";
  } catch (...) {
  }
}
void kg_load_options_set_graph(kg_load_options* options, const char* graph_iri) {
  try {
    if (options) options->options.graph = graph_iri ? graph_iri : "";
  } catch (...) {
  }
}
void kg_load_options_set_base_iri(kg_load_options* options, const char* base_iri) {
  try {
    if (options) options->options.baseIri = base_iri ? base_iri : "";
  } catch (...) {
  }
}

kg_status kg_load_files(kg_db* db, const char* const* paths, size_t count,
                        const kg_load_options* options, uint64_t* statements, uint64_t* added,
                        kg_error** err) {
  if (!db || (!paths && count > 0)) return usage(err, "kg_load_files: NULL argument");
  return guarded(err, [&] {
    std::vector<std::string> list;
    for (size_t i = 0; i < count; ++i) {
      if (!paths[i]) throw kg::Error(kg::ErrorCode::kUsage, "kg_load_files: NULL path");
      list.emplace_back(paths[i]);
    }
    db->writer->check();
    kg::LoadResult r = db->db->load(list, loadOptionsOf(options));
    if (statements) *statements = r.statements;
    if (added) *added = r.added;
  });
}

kg_status kg_load_file(kg_db* db, const char* path, const kg_load_options* options,
                       uint64_t* statements, uint64_t* added, kg_error** err) {
  if (!path) return usage(err, "kg_load_file: NULL path");
  return kg_load_files(db, &path, 1, options, statements, added, err);
}

kg_status kg_load_string(kg_db* db, const char* text, size_t length,
                         const kg_load_options* options, uint64_t* statements, uint64_t* added,
                         kg_error** err) {
  if (!db || (!text && length > 0)) return usage(err, "kg_load_string: NULL argument");
  return guarded(err, [&] {
    db->writer->check();
    kg::LoadResult r =
        db->db->loadString(std::string_view(text ? text : "", length), loadOptionsOf(options));
    if (statements) *statements = r.statements;
    if (added) *added = r.added;
  });
}

// ---- terms ----

kg_term* kg_term_new_iri(const char* iri) {
  return newTerm([&] { return kg::Term::iri(iri ? iri : ""); });
}
kg_term* kg_term_new_blank(const char* label) {
  return newTerm([&] { return kg::Term::blank(label ? label : ""); });
}
kg_term* kg_term_new_literal(const char* lexical, const char* datatype_iri, const char* language) {
  return newTerm([&] {
    return kg::Term::literal(lexical ? lexical : "", datatype_iri ? datatype_iri : "",
                             language ? language : "");
  });
}
kg_term* kg_term_new_integer(int64_t value) {
  return newTerm([&] {
    return kg::Term::literal(std::to_string(value), std::string(kg::vocab::kXsdInteger));
  });
}
kg_term* kg_term_new_double(double value) {
  return newTerm([&] {
    std::string lexical;
    if (std::isnan(value)) {
      lexical = "NaN";
    } else if (std::isinf(value)) {
      lexical = value > 0 ? "INF" : "-INF";
    } else {
      char buf[64];
      auto res = std::to_chars(buf, buf + sizeof buf, value);
      lexical.assign(buf, res.ptr);
    }
    return kg::Term::literal(lexical, std::string(kg::vocab::kXsdDouble));
  });
}
kg_term* kg_term_new_boolean(int value) {
  return newTerm([&] {
    return kg::Term::literal(value ? "true" : "false", std::string(kg::vocab::kXsdBoolean));
  });
}
kg_term* kg_term_copy(const kg_term* term) {
  if (!term) return nullptr;
  return newTerm([&] { return *termOf(term); });
}
void kg_term_destroy(kg_term* term) { delete termOf(term); }

kg_term_kind kg_term_get_kind(const kg_term* term) {
  return term ? static_cast<kg_term_kind>(termOf(term)->kind) : KG_TERM_IRI;
}
const char* kg_term_value(const kg_term* term) { return term ? termOf(term)->value.c_str() : ""; }
const char* kg_term_datatype(const kg_term* term) {
  return term ? termOf(term)->datatype.c_str() : "";
}
const char* kg_term_language(const kg_term* term) {
  return term ? termOf(term)->language.c_str() : "";
}
const kg_term* kg_term_triple_part(const kg_term* term, int position) {
  if (!term || !termOf(term)->isTriple() || !termOf(term)->triple) return nullptr;
  const kg::QuotedTriple& t = *termOf(term)->triple;
  switch (position) {
    case 0: return handleOf(&t.subject);
    case 1: return handleOf(&t.predicate);
    case 2: return handleOf(&t.object);
    default: return nullptr;
  }
}
char* kg_term_to_ntriples(const kg_term* term) {
  if (!term) return nullptr;
  try {
    return copyString(termOf(term)->toNTriples());
  } catch (...) {
    return nullptr;
  }
}

// ---- queries ----

kg_cancel* kg_cancel_create(void) {
  try {
    return new kg_cancel;
  } catch (...) {
    return nullptr;
  }
}
void kg_cancel_trigger(kg_cancel* cancel) {
  if (cancel) cancel->token->cancel();
}
void kg_cancel_reset(kg_cancel* cancel) {
  if (cancel) cancel->token->reset();
}
void kg_cancel_destroy(kg_cancel* cancel) { delete cancel; }

kg_query_options* kg_query_options_create(void) { return new (std::nothrow) kg_query_options; }
void kg_query_options_destroy(kg_query_options* options) { delete options; }
void kg_query_options_set_base_iri(kg_query_options* options, const char* base_iri) {
  try {
    if (options) options->options.baseIri = base_iri ? base_iri : "";
  } catch (...) {
  }
}
void kg_query_options_set_timeout_ms(kg_query_options* options, uint64_t milliseconds) {
  if (options) options->options.timeout = std::chrono::milliseconds(milliseconds);
}
void kg_query_options_set_memory_limit(kg_query_options* options, uint64_t bytes) {
  if (options) options->options.memoryLimit = bytes;
}
void kg_query_options_set_max_rows(kg_query_options* options, uint64_t rows) {
  if (options) options->options.maxRows = rows;
}
void kg_query_options_set_cancel(kg_query_options* options, kg_cancel* cancel) {
  if (options) options->options.cancel = cancel ? cancel->token : nullptr;
}
void kg_query_options_bind(kg_query_options* options, const char* name, const kg_term* value) {
  if (!options || !name) return;
  try {
    std::string bare = name;
    if (!bare.empty() && (bare[0] == '?' || bare[0] == '$')) bare.erase(0, 1);
    if (value) {
      options->options.parameters[bare] = *termOf(value);
    } else {
      options->options.parameters.erase(bare);
    }
  } catch (...) {
  }
}
void kg_query_options_clear_bindings(kg_query_options* options) {
  if (options) options->options.parameters.clear();
}

kg_status kg_query(kg_db* db, const char* sparql, const kg_query_options* options,
                   kg_result** result, kg_error** err) {
  if (!db || !sparql || !result) return usage(err, "kg_query: NULL argument");
  *result = nullptr;
  return guarded(err, [&] {
    *result = new kg_result(db->db, db->db->query(sparql, queryOptionsOf(options)));
  });
}

kg_query_form kg_result_form(const kg_result* result) {
  return result ? formOf(result->result.form()) : KG_FORM_SELECT;
}
size_t kg_result_column_count(const kg_result* result) {
  return result ? result->result.variables().size() : 0;
}
const char* kg_result_column_name(const kg_result* result, size_t column) {
  if (!result || column >= result->result.variables().size()) return nullptr;
  return result->result.variables()[column].c_str();
}
kg_status kg_result_next(kg_result* result, int* has_row, kg_error** err) {
  if (has_row) *has_row = 0;
  if (!result) return usage(err, "kg_result_next: NULL result");
  return guarded(err, [&] {
    result->haveRow = false;
    result->haveRow = result->result.next(result->row);
    if (has_row) *has_row = result->haveRow ? 1 : 0;
  });
}
const kg_term* kg_result_value(const kg_result* result, size_t column) {
  if (!result || !result->haveRow || column >= result->row.size() || !result->row[column]) {
    return nullptr;
  }
  return handleOf(&*result->row[column]);
}
kg_status kg_result_boolean(kg_result* result, int* answer, kg_error** err) {
  if (!result || !answer) return usage(err, "kg_result_boolean: NULL argument");
  return guarded(err, [&] {
    if (result->result.form() != kg::QueryForm::kAsk) {
      throw kg::Error(kg::ErrorCode::kUsage, "kg_result_boolean: not an ASK query");
    }
    *answer = result->result.boolean() ? 1 : 0;
  });
}
uint64_t kg_result_row_count(const kg_result* result) {
  return result ? result->result.rowCount() : 0;
}
void kg_result_destroy(kg_result* result) { delete result; }

kg_status kg_update(kg_db* db, const char* sparql, const kg_query_options* options,
                    uint64_t* inserted, uint64_t* deleted, kg_error** err) {
  if (!db || !sparql) return usage(err, "kg_update: NULL argument");
  return guarded(err, [&] {
    db->writer->check();
    kg::UpdateResult r = db->db->update(sparql, updateOptionsOf(options));
    if (inserted) *inserted = r.inserted;
    if (deleted) *deleted = r.deleted;
  });
}

kg_status kg_explain(kg_db* db, const char* sparql, int analyze, char** plan, kg_error** err) {
  if (!db || !sparql || !plan) return usage(err, "kg_explain: NULL argument");
  *plan = nullptr;
  return guarded(err, [&] { *plan = copyString(db->db->explain(sparql, analyze != 0)); });
}

kg_status kg_parse(const char* sparql, char** form_text, kg_error** err) {
  if (!sparql) return usage(err, "kg_parse: NULL query");
  if (form_text) *form_text = nullptr;
  return guarded(err, [&] {
    std::string parsed = kg::Database::parse(sparql);
    if (form_text) *form_text = copyString(parsed);
  });
}

kg_status kg_get_statistics(kg_db* db, kg_statistics* stats, kg_error** err) {
  if (!db || !stats) return usage(err, "kg_get_statistics: NULL argument");
  return guarded(err, [&] {
    kg::StoreStatistics s = db->db->statistics();
    stats->quads = s.quads;
    stats->terms = s.terms;
    stats->graphs = s.graphs.size();
    stats->predicates = s.predicates.size();
    stats->disk_bytes = s.diskBytes;
  });
}

// ---- dumping ----

kg_status kg_dump_file(kg_db* db, const char* path, const char* format, uint64_t* quads,
                       kg_error** err) {
  if (!db || !path || !*path) return usage(err, "kg_dump_file: NULL argument or empty path");
  return guarded(err, [&] {
    uint64_t n = db->db->dumpFile(path, kg::dumpFormatNamed(format ? format : ""));
    if (quads) *quads = n;
  });
}

kg_status kg_dump_string(kg_db* db, const char* format, char** text, uint64_t* quads,
                         kg_error** err) {
  if (!db || !text) return usage(err, "kg_dump_string: NULL argument");
  *text = nullptr;
  return guarded(err, [&] {
    kg::DumpFormat f = kg::dumpFormatNamed(format ? format : "");
    std::ostringstream out;
    uint64_t n = db->db->dump(out, f);
    *text = copyString(out.str());
    if (quads) *quads = n;
  });
}

// ---- prepared queries ----

kg_status kg_prepare(kg_db* db, const char* sparql, const char* base_iri, kg_prepared** prepared,
                     kg_error** err) {
  if (!db || !sparql || !prepared) return usage(err, "kg_prepare: NULL argument");
  *prepared = nullptr;
  return guarded(err, [&] {
    *prepared = new kg_prepared{db->db, db->db->prepare(sparql, base_iri ? base_iri : "")};
  });
}

kg_status kg_prepared_run(kg_prepared* prepared, const kg_query_options* options,
                          kg_result** result, kg_error** err) {
  if (!prepared || !result) return usage(err, "kg_prepared_run: NULL argument");
  *result = nullptr;
  return guarded(err, [&] {
    *result = new kg_result(prepared->db, prepared->prepared.run({}, queryOptionsOf(options)));
  });
}

void kg_prepared_destroy(kg_prepared* prepared) { delete prepared; }

// ---- snapshots ----

kg_status kg_snapshot_create(kg_db* db, kg_snapshot** snapshot, kg_error** err) {
  if (!db || !snapshot) return usage(err, "kg_snapshot_create: NULL argument");
  *snapshot = nullptr;
  return guarded(err, [&] { *snapshot = new kg_snapshot{db->db, db->db->snapshot()}; });
}

kg_status kg_snapshot_query(kg_snapshot* snapshot, const char* sparql,
                            const kg_query_options* options, kg_result** result, kg_error** err) {
  if (!snapshot || !sparql || !result) return usage(err, "kg_snapshot_query: NULL argument");
  *result = nullptr;
  return guarded(err, [&] {
    *result =
        new kg_result(snapshot->db, snapshot->snapshot.query(sparql, queryOptionsOf(options)));
  });
}

void kg_snapshot_destroy(kg_snapshot* snapshot) { delete snapshot; }

// ---- transactions ----

kg_status kg_txn_begin(kg_db* db, kg_txn** txn, kg_error** err) {
  if (!db || !txn) return usage(err, "kg_txn_begin: NULL argument");
  *txn = nullptr;
  return guarded(err, [&] {
    *txn = new kg_txn{db->db, db->writer, db->db->begin()};
    db->writer->set(true);
  });
}

kg_status kg_txn_load_file(kg_txn* txn, const char* path, const kg_load_options* options,
                           uint64_t* statements, kg_error** err) {
  if (!txn || !path) return usage(err, "kg_txn_load_file: NULL argument");
  return guarded(err, [&] {
    kg::LoadResult r = txn->txn.load(std::string(path), loadOptionsOf(options));
    if (statements) *statements = r.statements;
  });
}

kg_status kg_txn_load_string(kg_txn* txn, const char* text, size_t length,
                             const kg_load_options* options, uint64_t* statements,
                             kg_error** err) {
  if (!txn || (!text && length > 0)) return usage(err, "kg_txn_load_string: NULL argument");
  return guarded(err, [&] {
    kg::LoadResult r =
        txn->txn.loadString(std::string_view(text ? text : "", length), loadOptionsOf(options));
    if (statements) *statements = r.statements;
  });
}

kg_status kg_txn_update(kg_txn* txn, const char* sparql, const kg_query_options* options,
                        uint64_t* inserted, uint64_t* deleted, kg_error** err) {
  if (!txn || !sparql) return usage(err, "kg_txn_update: NULL argument");
  return guarded(err, [&] {
    kg::UpdateResult r = txn->txn.update(sparql, updateOptionsOf(options));
    if (inserted) *inserted = r.inserted;
    if (deleted) *deleted = r.deleted;
  });
}

kg_status kg_txn_query(kg_txn* txn, const char* sparql, const kg_query_options* options,
                       kg_result** result, kg_error** err) {
  if (!txn || !sparql || !result) return usage(err, "kg_txn_query: NULL argument");
  *result = nullptr;
  return guarded(err, [&] {
    *result = new kg_result(txn->db, txn->txn.query(sparql, queryOptionsOf(options)));
  });
}

kg_status kg_txn_commit(kg_txn* txn, uint64_t* added, uint64_t* removed, kg_error** err) {
  if (!txn) return usage(err, "kg_txn_commit: NULL transaction");
  kg_status status = guarded(err, [&] {
    kg::Transaction::CommitResult r = txn->txn.commit();
    if (added) *added = r.added;
    if (removed) *removed = r.removed;
  });
  txn->ended();
  return status;
}

void kg_txn_rollback(kg_txn* txn) {
  if (!txn) return;
  try {
    txn->txn.rollback();
  } catch (...) {
  }
  txn->ended();
}

void kg_txn_destroy(kg_txn* txn) {
  if (!txn) return;
  kg_txn_rollback(txn);
  delete txn;
}

}  // extern "C"
