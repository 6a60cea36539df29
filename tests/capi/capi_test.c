/* The C API (kg/kg.h), from C, linked only against kg_c: open, load, query, update,
 * transactions, snapshots, prepared queries, dumps, error paths and cleanup. Meant to run clean
 * under AddressSanitizer and LeakSanitizer (build with -DKG_SANITIZE=ON).
 * Works in a fresh directory under /tmp and removes it at the end. */
#define _DEFAULT_SOURCE /* mkdtemp */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kg/kg.h"

static int failures = 0;
static int checks = 0;

#define CHECK(cond)                                                       \
  do {                                                                    \
    ++checks;                                                             \
    if (!(cond)) {                                                        \
      ++failures;                                                         \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                     \
  } while (0)

/* Expects KG_OK from a call that reports into the local `err`; frees the error either way. */
#define CHECK_OK(call)                                                              \
  do {                                                                              \
    kg_status st_ = (call);                                                         \
    ++checks;                                                                       \
    if (st_ != KG_OK) {                                                             \
      ++failures;                                                                   \
      fprintf(stderr, "%s:%d: %s failed: %s: %s\n", __FILE__, __LINE__, #call,      \
              kg_status_name(st_), kg_error_message(err));                          \
    }                                                                               \
    kg_error_free(err);                                                             \
    err = NULL;                                                                     \
  } while (0)

static const char* kData =
    "@prefix ex: <http://example.org/> .\n"
    "ex:alice ex:name \"Alice\" ; ex:age 34 ; ex:knows ex:bob .\n"
    "ex:bob ex:name \"Bob\" ; ex:age 27 .\n"
    "ex:carol ex:name \"Carol\"@en ; ex:age 41 .\n";

/* Runs a SELECT with one column and returns the number of rows (or -1 on error). */
static long count_rows(kg_db* db, const char* sparql) {
  kg_result* result = NULL;
  kg_error* err = NULL;
  long n = 0;
  int has_row = 0;
  if (kg_query(db, sparql, NULL, &result, &err) != KG_OK) {
    fprintf(stderr, "query failed: %s\n", kg_error_message(err));
    kg_error_free(err);
    return -1;
  }
  while (kg_result_next(result, &has_row, &err) == KG_OK && has_row) ++n;
  kg_error_free(err);
  kg_result_destroy(result);
  return n;
}

static void test_open_load_query(const char* dir) {
  char path[4096];
  kg_db* db = NULL;
  kg_error* err = NULL;
  kg_open_options* oo = kg_open_options_create();
  kg_load_options* lo = kg_load_options_create();
  kg_result* result = NULL;
  uint64_t statements = 0, added = 0;
  int has_row = 0;
  size_t rows = 0;

  snprintf(path, sizeof path, "%s/db1", dir);
  kg_open_options_set_cache_bytes(oo, 8u << 20);
  CHECK_OK(kg_open(path, oo, &db, &err));
  kg_open_options_destroy(oo);
  CHECK(db != NULL);

  kg_load_options_set_format(lo, "ttl");
  CHECK_OK(kg_load_string(db, kData, strlen(kData), lo, &statements, &added, &err));
  CHECK(statements == 7);
  CHECK(added == 7);

  /* a file */
  {
    char file[4096];
    FILE* f;
    snprintf(file, sizeof file, "%s/extra.nt", dir);
    f = fopen(file, "w");
    CHECK(f != NULL);
    if (f) {
      fputs("<http://example.org/dave> <http://example.org/name> \"Dave\" .\n", f);
      fclose(f);
    }
    CHECK_OK(kg_load_file(db, file, NULL, &statements, &added, &err));
    CHECK(statements == 1 && added == 1);
  }

  CHECK_OK(kg_query(db,
                    "PREFIX ex: <http://example.org/> SELECT ?p ?name ?age WHERE "
                    "{ ?p ex:name ?name OPTIONAL { ?p ex:age ?age } } ORDER BY ?name",
                    NULL, &result, &err));
  CHECK(kg_result_form(result) == KG_FORM_SELECT);
  CHECK(kg_result_column_count(result) == 3);
  CHECK(strcmp(kg_result_column_name(result, 1), "name") == 0);
  CHECK(kg_result_column_name(result, 3) == NULL);
  for (;;) {
    const kg_term* p;
    const kg_term* name;
    const kg_term* age;
    CHECK_OK(kg_result_next(result, &has_row, &err));
    if (!has_row) break;
    p = kg_result_value(result, 0);
    name = kg_result_value(result, 1);
    age = kg_result_value(result, 2);
    CHECK(kg_term_get_kind(p) == KG_TERM_IRI);
    CHECK(kg_term_get_kind(name) == KG_TERM_LITERAL);
    if (rows == 0) {
      char* nt = kg_term_to_ntriples(p);
      CHECK(strcmp(kg_term_value(name), "Alice") == 0);
      CHECK(strcmp(kg_term_value(age), "34") == 0);
      CHECK(strcmp(kg_term_datatype(age), "http://www.w3.org/2001/XMLSchema#integer") == 0);
      CHECK(strcmp(nt, "<http://example.org/alice>") == 0);
      kg_free(nt);
    }
    if (strcmp(kg_term_value(name), "Carol") == 0) CHECK(strcmp(kg_term_language(name), "en") == 0);
    if (strcmp(kg_term_value(name), "Dave") == 0) CHECK(age == NULL); /* unbound */
    ++rows;
  }
  CHECK(rows == 4);
  CHECK(kg_result_row_count(result) == 4);
  kg_result_destroy(result);

  /* ASK */
  {
    int answer = 0;
    CHECK_OK(kg_query(db, "ASK { ?s <http://example.org/knows> ?o }", NULL, &result, &err));
    CHECK(kg_result_form(result) == KG_FORM_ASK);
    CHECK_OK(kg_result_boolean(result, &answer, &err));
    CHECK(answer == 1);
    kg_result_destroy(result);
  }

  /* update, explain, statistics */
  {
    uint64_t inserted = 0, deleted = 0;
    char* plan = NULL;
    kg_statistics stats;
    CHECK_OK(kg_update(db,
                       "PREFIX ex: <http://example.org/> DELETE { ?p ex:age ?a } "
                       "INSERT { ?p ex:age ?b } WHERE { ?p ex:age ?a BIND(?a + 1 AS ?b) }",
                       NULL, &inserted, &deleted, &err));
    CHECK(inserted == 3 && deleted == 3);
    CHECK(count_rows(db, "SELECT ?p WHERE { ?p <http://example.org/age> 35 }") == 1);
    CHECK_OK(kg_explain(db, "SELECT * WHERE { ?s <http://example.org/name> ?o }", 0, &plan, &err));
    CHECK(plan != NULL && strlen(plan) > 0);
    kg_free(plan);
    CHECK_OK(kg_get_statistics(db, &stats, &err));
    CHECK(stats.quads == 8);
    CHECK(stats.predicates == 3);
  }

  kg_load_options_destroy(lo);
  kg_close(db);
}

static void test_errors(const char* dir) {
  char path[4096];
  kg_db* db = NULL;
  kg_error* err = NULL;
  kg_result* result = NULL;
  kg_load_options* lo = kg_load_options_create();
  kg_status st;
  const char* bad = "<http://example.org/a> <http://example.org/b> \"ok\" .\n"
                    "<http://example.org/a> <http://example.org/b> nope .\n";

  snprintf(path, sizeof path, "%s/db2", dir);
  CHECK_OK(kg_open(path, NULL, &db, &err));

  /* syntax error with position */
  st = kg_query(db, "SELECT ?x WHERE {\n  ?x ?y\n}", NULL, &result, &err);
  CHECK(st == KG_ERR_SYNTAX);
  CHECK(result == NULL);
  CHECK(err != NULL);
  CHECK(kg_error_code(err) == KG_ERR_SYNTAX);
  CHECK(kg_error_line(err) == 3);
  CHECK(kg_error_column(err) >= 1);
  CHECK(strlen(kg_error_message(err)) > 0);

  /* a second error replaces the first (no leak) */
  st = kg_update(db, "INSERT DATA { <a:b> }", NULL, NULL, NULL, &err);
  CHECK(st == KG_ERR_SYNTAX);
  CHECK(kg_error_line(err) == 1);
  kg_error_free(err);
  err = NULL;

  /* bad input: positioned, nothing stored */
  kg_load_options_set_format(lo, "nt");
  st = kg_load_string(db, bad, strlen(bad), lo, NULL, NULL, &err);
  CHECK(st == KG_ERR_INVALID_INPUT);
  CHECK(kg_error_line(err) == 2);
  CHECK(kg_error_column(err) > 1);
  kg_error_free(err);
  err = NULL;
  CHECK(count_rows(db, "SELECT * WHERE { ?s ?p ?o }") == 0);

  /* missing file, unknown format, no format for text */
  st = kg_load_file(db, "/nonexistent/kg/file.nt", NULL, NULL, NULL, &err);
  CHECK(st == KG_ERR_IO);
  kg_error_free(err);
  err = NULL;
  st = kg_load_string(db, "x", 1, NULL, NULL, NULL, &err);
  CHECK(st == KG_ERR_USAGE);
  kg_error_free(err);
  err = NULL;

  /* errors may be ignored with a NULL err */
  CHECK(kg_query(db, "nonsense", NULL, &result, NULL) == KG_ERR_SYNTAX);

  /* NULL handles are usage errors, not crashes */
  CHECK(kg_query(NULL, "ASK {}", NULL, &result, &err) == KG_ERR_USAGE);
  kg_error_free(err);
  err = NULL;
  CHECK(kg_result_next(NULL, NULL, NULL) == KG_ERR_USAGE);
  kg_result_destroy(NULL);
  kg_close(NULL);
  kg_error_free(NULL);

  /* bad parameter name: usage error at query time */
  {
    kg_query_options* qo = kg_query_options_create();
    kg_term* t = kg_term_new_integer(1);
    kg_query_options_bind(qo, "nosuch", t);
    kg_term_destroy(t);
    st = kg_query(db, "SELECT ?s WHERE { ?s ?p ?o }", qo, &result, &err);
    CHECK(st == KG_ERR_USAGE);
    kg_error_free(err);
    err = NULL;
    kg_query_options_destroy(qo);
  }

  /* parse */
  {
    char* form = NULL;
    CHECK_OK(kg_parse("SELECT * WHERE { ?s ?p ?o }", &form, &err));
    CHECK(form != NULL);
    kg_free(form);
    CHECK(kg_parse("SELEKT", NULL, &err) == KG_ERR_SYNTAX);
    kg_error_free(err);
    err = NULL;
  }

  /* a locked store: a second writer open of the same directory */
  {
    kg_db* other = NULL;
    st = kg_open(path, NULL, &other, &err);
    CHECK(st == KG_ERR_LOCKED || st == KG_ERR_STORAGE);
    CHECK(other == NULL);
    kg_error_free(err);
    err = NULL;
  }

  kg_load_options_destroy(lo);
  kg_close(db);
}

static void test_parameters_prepared_snapshot_txn(const char* dir) {
  char path[4096];
  kg_db* db = NULL;
  kg_error* err = NULL;
  kg_result* result = NULL;
  kg_load_options* lo = kg_load_options_create();
  kg_query_options* qo = kg_query_options_create();
  kg_prepared* prepared = NULL;
  kg_snapshot* snap = NULL;
  kg_txn* txn = NULL;
  kg_term* t;
  int has_row = 0;
  uint64_t added = 0, removed = 0;

  snprintf(path, sizeof path, "%s/db3", dir);
  CHECK_OK(kg_open(path, NULL, &db, &err));
  kg_load_options_set_format(lo, "ttl");
  CHECK_OK(kg_load_string(db, kData, strlen(kData), lo, NULL, NULL, &err));

  /* parameters bound by name: a hostile string stays a value */
  t = kg_term_new_literal("Bob", NULL, NULL);
  kg_query_options_bind(qo, "?name", t);
  kg_term_destroy(t);
  CHECK_OK(kg_query(db, "SELECT ?p WHERE { ?p <http://example.org/name> ?name }", qo, &result, &err));
  CHECK_OK(kg_result_next(result, &has_row, &err));
  CHECK(has_row);
  CHECK(strcmp(kg_term_value(kg_result_value(result, 0)), "http://example.org/bob") == 0);
  CHECK_OK(kg_result_next(result, &has_row, &err));
  CHECK(!has_row);
  kg_result_destroy(result);

  /* prepared: parse once, run with two bindings */
  CHECK_OK(kg_prepare(db, "SELECT ?name WHERE { ?p <http://example.org/name> ?name ; <http://example.org/age> ?age }",
                      NULL, &prepared, &err));
  kg_query_options_clear_bindings(qo);
  t = kg_term_new_integer(41);
  kg_query_options_bind(qo, "age", t);
  kg_term_destroy(t);
  CHECK_OK(kg_prepared_run(prepared, qo, &result, &err));
  CHECK_OK(kg_result_next(result, &has_row, &err));
  CHECK(has_row && strcmp(kg_term_value(kg_result_value(result, 0)), "Carol") == 0);
  kg_result_destroy(result);
  t = kg_term_new_integer(27);
  kg_query_options_bind(qo, "age", t);
  kg_term_destroy(t);
  CHECK_OK(kg_prepared_run(prepared, qo, &result, &err));
  CHECK_OK(kg_result_next(result, &has_row, &err));
  CHECK(has_row && strcmp(kg_term_value(kg_result_value(result, 0)), "Bob") == 0);
  kg_result_destroy(result);

  /* snapshot + transaction: the snapshot does not see the commit */
  CHECK_OK(kg_snapshot_create(db, &snap, &err));
  CHECK_OK(kg_txn_begin(db, &txn, &err));
  kg_load_options_set_format(lo, "nt");
  {
    const char* more = "<http://example.org/erin> <http://example.org/name> \"Erin\" .\n";
    const char* broken = "<http://example.org/x> <http://example.org/y> .\n";
    uint64_t statements = 0;
    CHECK_OK(kg_txn_load_string(txn, more, strlen(more), lo, &statements, &err));
    CHECK(statements == 1);
    CHECK(kg_txn_load_string(txn, broken, strlen(broken), lo, NULL, &err) == KG_ERR_INVALID_INPUT);
    kg_error_free(err);
    err = NULL;
    {
      kg_txn* second = NULL;
      CHECK(kg_txn_begin(db, &second, &err) == KG_ERR_USAGE); /* same thread, already open */
      CHECK(second == NULL);
      kg_error_free(err);
      err = NULL;
      /* writing around the transaction on its own thread would deadlock: refused */
      CHECK(kg_update(db, "INSERT DATA { <a:x> <a:y> <a:z> }", NULL, NULL, NULL, &err) == KG_ERR_USAGE);
      kg_error_free(err);
      err = NULL;
    }
  }
  CHECK_OK(kg_txn_update(txn, "INSERT DATA { <http://example.org/erin> <http://example.org/age> 22 }",
                         NULL, NULL, NULL, &err));
  CHECK_OK(kg_txn_query(txn, "SELECT ?n WHERE { <http://example.org/erin> ?p ?n }", NULL, &result, &err));
  {
    int n = 0;
    while (kg_result_next(result, &has_row, &err) == KG_OK && has_row) ++n;
    CHECK(n == 2);
  }
  kg_result_destroy(result);
  CHECK(count_rows(db, "SELECT * WHERE { <http://example.org/erin> ?p ?o }") == 0);
  CHECK_OK(kg_txn_commit(txn, &added, &removed, &err));
  CHECK(added == 2 && removed == 0);
  CHECK(kg_txn_commit(txn, NULL, NULL, &err) == KG_ERR_USAGE);
  kg_error_free(err);
  err = NULL;
  kg_txn_destroy(txn);
  CHECK(count_rows(db, "SELECT * WHERE { <http://example.org/erin> ?p ?o }") == 2);
  CHECK_OK(kg_snapshot_query(snap, "SELECT * WHERE { <http://example.org/erin> ?p ?o }", NULL, &result, &err));
  CHECK_OK(kg_result_next(result, &has_row, &err));
  CHECK(!has_row);
  kg_result_destroy(result);

  /* a transaction destroyed without commit is rolled back */
  CHECK_OK(kg_txn_begin(db, &txn, &err));
  CHECK_OK(kg_txn_update(txn, "INSERT DATA { <http://example.org/gone> <http://example.org/p> 1 }",
                         NULL, NULL, NULL, &err));
  kg_txn_destroy(txn);
  CHECK(count_rows(db, "SELECT * WHERE { <http://example.org/gone> ?p ?o }") == 0);
  /* once it ended, plain writes work again */
  CHECK_OK(kg_update(db, "INSERT DATA { <http://example.org/back> <http://example.org/p> 1 }", NULL,
                     NULL, NULL, &err));

  /* timeouts and cancellation */
  {
    kg_cancel* cancel = kg_cancel_create();
    kg_query_options* co = kg_query_options_create();
    kg_status st;
    kg_query_options_set_cancel(co, cancel);
    kg_cancel_trigger(cancel);
    st = kg_query(db, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", co, &result, &err);
    if (st == KG_OK) {
      while ((st = kg_result_next(result, &has_row, &err)) == KG_OK && has_row) {
      }
      kg_result_destroy(result);
    }
    CHECK(st == KG_ERR_CANCELLED);
    kg_error_free(err);
    err = NULL;
    kg_cancel_destroy(cancel); /* the options still hold the token */
    kg_query_options_destroy(co);
  }

  /* limits: the row cap and the memory budget, both KG_ERR_LIMIT */
  {
    kg_query_options* lo = kg_query_options_create();
    kg_status st;
    int rows = 0;
    kg_query_options_set_max_rows(lo, 1);
    st = kg_query(db, "SELECT * WHERE { ?s ?p ?o }", lo, &result, &err);
    if (st == KG_OK) {
      while ((st = kg_result_next(result, &has_row, &err)) == KG_OK && has_row) ++rows;
      kg_result_destroy(result);
    }
    CHECK(st == KG_ERR_LIMIT);
    CHECK(rows == 1);
    CHECK(strstr(kg_error_message(err), "row cap") != NULL);
    kg_error_free(err);
    err = NULL;
    kg_query_options_set_max_rows(lo, 0);
    kg_query_options_set_memory_limit(lo, 64);
    st = kg_query(db, "SELECT ?x WHERE { ?s ?p ?o BIND(CONCAT(STR(?s), \" and more text\") AS ?x) }", lo,
                  &result, &err);
    if (st == KG_OK) {
      while ((st = kg_result_next(result, &has_row, &err)) == KG_OK && has_row) {
      }
      kg_result_destroy(result);
    }
    CHECK(st == KG_ERR_LIMIT);
    CHECK(strstr(kg_error_message(err), "memory budget") != NULL);
    kg_error_free(err);
    err = NULL;
    kg_query_options_destroy(lo);
  }

  /* the database may be closed before the objects that use it */
  kg_close(db);
  CHECK_OK(kg_snapshot_query(snap, "SELECT * WHERE { ?s ?p ?o }", NULL, &result, &err));
  CHECK_OK(kg_result_next(result, &has_row, &err));
  CHECK(has_row);
  kg_result_destroy(result);
  kg_snapshot_destroy(snap);
  kg_prepared_destroy(prepared);

  /* quoted triples and term constructors */
  {
    kg_term* d = kg_term_new_double(1.5);
    kg_term* b = kg_term_new_boolean(1);
    kg_term* l = kg_term_new_literal("chat", NULL, "fr");
    kg_term* c = kg_term_copy(l);
    char* s = kg_term_to_ntriples(c);
    CHECK(strcmp(kg_term_datatype(d), "http://www.w3.org/2001/XMLSchema#double") == 0);
    CHECK(strcmp(kg_term_value(b), "true") == 0);
    CHECK(strcmp(s, "\"chat\"@fr") == 0);
    CHECK(kg_term_triple_part(l, 0) == NULL);
    kg_free(s);
    kg_term_destroy(d);
    kg_term_destroy(b);
    kg_term_destroy(l);
    kg_term_destroy(c);
  }

  kg_query_options_destroy(qo);
  kg_load_options_destroy(lo);
}

/* The whole content of a file as a malloc'ed string, NULL when it cannot be read. */
static char* read_file(const char* path) {
  FILE* f = fopen(path, "rb");
  char* text;
  long size;
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  size = ftell(f);
  fseek(f, 0, SEEK_SET);
  text = malloc((size_t)size + 1);
  if (text && fread(text, 1, (size_t)size, f) != (size_t)size) {
    free(text);
    text = NULL;
  }
  if (text) text[size] = '\0';
  fclose(f);
  return text;
}

static size_t count_lines(const char* text) {
  size_t n = 0;
  for (; *text; ++text) n += *text == '\n';
  return n;
}

/* Whether two dumps hold the same lines, in any order (a store's dump is sorted by internal
 * ids, which another store may assign differently). */
static int same_lines(const char* a, const char* b) {
  const char* line = a;
  if (strlen(a) != strlen(b) || count_lines(a) != count_lines(b)) return 0;
  while (*line) {
    const char* end = strchr(line, '\n');
    size_t length = end ? (size_t)(end - line) + 1 : strlen(line);
    const char* other = b;
    while (other && strncmp(other, line, length) != 0) {
      other = strchr(other, '\n');
      if (other && *++other == '\0') other = NULL;
    }
    if (!other) return 0;
    line += length;
  }
  return 1;
}

/* Entries of `dir` whose name starts with `prefix` (leftover temporary files). */
static int count_entries(const char* dir, const char* prefix) {
  DIR* d = opendir(dir);
  struct dirent* e;
  int n = 0;
  if (!d) return -1;
  while ((e = readdir(d)) != NULL) n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
  closedir(d);
  return n;
}

static void test_dump(const char* dir) {
  static const char* kQuads =
      "<http://example.org/alice> <http://example.org/name> \"Alice\" .\n"
      "<http://example.org/alice> <http://example.org/knows> <http://example.org/bob> .\n"
      "<http://example.org/bob> <http://example.org/name> \"Bob\"@en .\n"
      "<http://example.org/bob> <http://example.org/age> \"27\"^^<http://www.w3.org/2001/XMLSchema#integer> <http://example.org/g1> .\n"
      "<http://example.org/carol> <http://example.org/name> \"Carol\" <http://example.org/g2> .\n";
  char path[4096], file[4096], copy_path[4096];
  kg_db* db = NULL;
  kg_db* copy = NULL;
  kg_error* err = NULL;
  kg_load_options* lo = kg_load_options_create();
  kg_statistics stats;
  char* text = NULL;
  char* ntriples = NULL;
  char* content = NULL;
  uint64_t quads = 99;
  kg_status st;

  snprintf(path, sizeof path, "%s/db4", dir);
  CHECK_OK(kg_open(path, NULL, &db, &err));

  /* an empty store dumps as "" (not NULL) */
  CHECK_OK(kg_dump_string(db, NULL, &text, &quads, &err));
  CHECK(text != NULL && strcmp(text, "") == 0);
  CHECK(quads == 0);
  kg_free(text);

  kg_load_options_set_format(lo, "nq");
  CHECK_OK(kg_load_string(db, kQuads, strlen(kQuads), lo, NULL, NULL, &err));

  /* N-Quads: every quad, named graphs kept */
  CHECK_OK(kg_dump_string(db, "nquads", &text, &quads, &err));
  CHECK(quads == 5);
  CHECK(text != NULL && count_lines(text) == 5);
  CHECK(strstr(text, "<http://example.org/alice> <http://example.org/name> \"Alice\" .\n") != NULL);
  CHECK(strstr(text, "<http://example.org/bob> <http://example.org/name> \"Bob\"@en .\n") != NULL);
  CHECK(strstr(text, "<http://example.org/bob> <http://example.org/age> \"27\"^^<http://www.w3.org/2001/XMLSchema#integer> <http://example.org/g1> .\n") != NULL);
  CHECK(strstr(text, "<http://example.org/carol> <http://example.org/name> \"Carol\" <http://example.org/g2> .\n") != NULL);

  /* N-Triples: the default graph's triples only; quads of named graphs are left out */
  CHECK_OK(kg_dump_string(db, "ntriples", &ntriples, &quads, &err));
  CHECK(quads == 3);
  CHECK(ntriples != NULL && count_lines(ntriples) == 3);
  CHECK(ntriples != NULL && strstr(ntriples, "<http://example.org/knows> <http://example.org/bob> .\n") != NULL);
  CHECK(ntriples != NULL && strstr(ntriples, "example.org/g1") == NULL);
  CHECK(ntriples != NULL && strstr(ntriples, "Carol") == NULL);

  /* to a file: the same text as the string dump, replacing what was there */
  snprintf(file, sizeof file, "%s/dump.nq", dir);
  {
    FILE* f = fopen(file, "w");
    CHECK(f != NULL);
    if (f) {
      fputs("old content that must disappear, longer than nothing at all\n", f);
      fclose(f);
    }
  }
  quads = 0;
  CHECK_OK(kg_dump_file(db, file, NULL, &quads, &err));
  CHECK(quads == 5);
  content = read_file(file);
  CHECK(content != NULL && text != NULL && strcmp(content, text) == 0);
  kg_free(content);
  snprintf(file, sizeof file, "%s/dump.nt", dir);
  CHECK_OK(kg_dump_file(db, file, "ntriples", NULL, &err));
  content = read_file(file);
  CHECK(content != NULL && ntriples != NULL && strcmp(content, ntriples) == 0);
  kg_free(content);
  CHECK(count_entries(dir, "dump.nq.tmp") == 0);
  CHECK(count_entries(dir, "dump.nt.tmp") == 0);

  /* the dump loads back into an equal store */
  snprintf(copy_path, sizeof copy_path, "%s/db5", dir);
  CHECK_OK(kg_open(copy_path, NULL, &copy, &err));
  snprintf(file, sizeof file, "%s/dump.nq", dir);
  CHECK_OK(kg_load_file(copy, file, NULL, NULL, NULL, &err));
  CHECK_OK(kg_get_statistics(copy, &stats, &err));
  CHECK(stats.quads == 5 && stats.graphs == 3);
  {
    char* again = NULL;
    CHECK_OK(kg_dump_string(copy, "nquads", &again, NULL, &err));
    CHECK(again != NULL && text != NULL && same_lines(again, text));
    kg_free(again);
  }
  kg_close(copy);
  kg_free(text);
  kg_free(ntriples);

  /* unknown format: a usage error naming the accepted ones; no file is created */
  text = file; /* must come back NULL */
  st = kg_dump_string(db, "turtle", &text, NULL, &err);
  CHECK(st == KG_ERR_USAGE);
  CHECK(text == NULL);
  CHECK(strstr(kg_error_message(err), "turtle") != NULL);
  CHECK(strstr(kg_error_message(err), "nquads") != NULL);
  CHECK(strstr(kg_error_message(err), "ntriples") != NULL);
  kg_error_free(err);
  err = NULL;
  snprintf(file, sizeof file, "%s/never.ttl", dir);
  st = kg_dump_file(db, file, "ttl", NULL, &err);
  CHECK(st == KG_ERR_USAGE);
  kg_error_free(err);
  err = NULL;
  CHECK(count_entries(dir, "never.ttl") == 0);

  /* a directory that does not exist: an I/O error naming the path, nothing created */
  snprintf(file, sizeof file, "%s/missing/dump.nq", dir);
  st = kg_dump_file(db, file, NULL, NULL, &err);
  CHECK(st == KG_ERR_IO);
  CHECK(strstr(kg_error_message(err), file) != NULL);
  kg_error_free(err);
  err = NULL;
  CHECK(count_entries(dir, "missing") == 0);

  /* the rename fails (the target is a directory) after the whole dump was written: the
   * temporary file is removed and the directory is untouched */
  snprintf(file, sizeof file, "%s/adir", dir);
  CHECK(mkdir(file, 0700) == 0);
  st = kg_dump_file(db, file, "nquads", NULL, &err);
  CHECK(st == KG_ERR_IO);
  CHECK(strstr(kg_error_message(err), file) != NULL);
  kg_error_free(err);
  err = NULL;
  CHECK(count_entries(dir, "adir") == 1);
  CHECK(count_entries(file, "") == 2); /* "." and ".." */

  /* NULL arguments are usage errors */
  CHECK(kg_dump_file(NULL, file, NULL, NULL, &err) == KG_ERR_USAGE);
  kg_error_free(err);
  err = NULL;
  CHECK(kg_dump_file(db, NULL, NULL, NULL, &err) == KG_ERR_USAGE);
  kg_error_free(err);
  err = NULL;
  CHECK(kg_dump_file(db, "", NULL, NULL, NULL) == KG_ERR_USAGE);
  CHECK(kg_dump_string(NULL, NULL, &text, NULL, NULL) == KG_ERR_USAGE);
  CHECK(kg_dump_string(db, NULL, NULL, NULL, &err) == KG_ERR_USAGE);
  kg_error_free(err);
  err = NULL;

  kg_load_options_destroy(lo);
  kg_close(db);
}

int main(void) {
  char dir[] = "/tmp/kg-capi-test-XXXXXX";
  char command[64];
  if (!mkdtemp(dir)) {
    perror("mkdtemp");
    return 2;
  }
  test_open_load_query(dir);
  test_errors(dir);
  test_parameters_prepared_snapshot_txn(dir);
  test_dump(dir);
  snprintf(command, sizeof command, "rm -rf '%s'", dir);
  if (system(command) != 0) fprintf(stderr, "could not remove %s\n", dir);
  printf("%d checks, %d failures\n", checks, failures);
  return failures == 0 ? 0 : 1;
}
