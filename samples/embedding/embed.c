/* Embedding kg from C (or any FFI) through kg/kg.h: the same steps as embed.cpp and
 * embed.py, with the same output.
 *
 *   embed_c STORE_DIR      (the directory is created when missing) */
#include <stdio.h>
#include <string.h>

#include "kg/kg.h"

static const char* kPeople =
    "@prefix ex: <http://example.org/> .\n"
    "ex:alice ex:name \"Alice\" ; ex:age 34 ; ex:knows ex:bob .\n"
    "ex:bob   ex:name \"Bob\"   ; ex:age 27 ; ex:knows ex:carol .\n"
    "ex:carol ex:name \"Carol\" ; ex:age 41 .\n";

/* Prints the error, frees it and returns 1. */
static int report(kg_error* err) {
  fprintf(stderr, "error: %s\n", kg_error_message(err));
  kg_error_free(err);
  return 1;
}

int main(int argc, char** argv) {
  kg_db* db = NULL;
  kg_error* err = NULL;
  kg_load_options* turtle = NULL;
  kg_result* result = NULL;
  kg_prepared* aged = NULL;
  kg_query_options* params = NULL;
  kg_txn* txn = NULL;
  uint64_t statements = 0, added = 0;
  int has_row = 0, status = 0;
  size_t i;
  static const int ages[] = {34, 41};

  if (argc != 2) {
    fprintf(stderr, "usage: embed_c STORE_DIR\n");
    return 2;
  }
  if (kg_open(argv[1], NULL, &db, &err) != KG_OK) return report(err);

  turtle = kg_load_options_create();
  kg_load_options_set_format(turtle, "ttl");
  if (kg_load_string(db, kPeople, strlen(kPeople), turtle, &statements, NULL, &err) != KG_OK) {
    status = report(err);
    goto done;
  }
  printf("loaded %llu statements\n", (unsigned long long)statements);

  /* Rows stream: each kg_result_next pulls one solution from the engine. */
  printf("people by age:\n");
  if (kg_query(db,
               "PREFIX ex: <http://example.org/> "
               "SELECT ?name ?age ?friend WHERE { ?p ex:name ?name ; ex:age ?age "
               "OPTIONAL { ?p ex:knows/ex:name ?friend } } ORDER BY DESC(?age)",
               NULL, &result, &err) != KG_OK) {
    status = report(err);
    goto done;
  }
  while (kg_result_next(result, &has_row, &err) == KG_OK && has_row) {
    const kg_term* friend_name = kg_result_value(result, 2);
    printf("  %s (%s) knows %s\n", kg_term_value(kg_result_value(result, 0)),
           kg_term_value(kg_result_value(result, 1)),
           friend_name ? kg_term_value(friend_name) : "-");
  }
  kg_result_destroy(result);
  result = NULL;
  if (err) {
    status = report(err);
    goto done;
  }

  /* A prepared query: parsed once, ?age bound by name to a typed value for each run. */
  if (kg_prepare(db,
                 "PREFIX ex: <http://example.org/> "
                 "SELECT ?name WHERE { ?p ex:age ?age ; ex:name ?name } ORDER BY ?name",
                 NULL, &aged, &err) != KG_OK) {
    status = report(err);
    goto done;
  }
  params = kg_query_options_create();
  for (i = 0; i < sizeof ages / sizeof ages[0]; ++i) {
    kg_term* age = kg_term_new_integer(ages[i]);
    kg_query_options_bind(params, "age", age);
    kg_term_destroy(age);
    if (kg_prepared_run(aged, params, &result, &err) != KG_OK) {
      status = report(err);
      goto done;
    }
    printf("aged %d:", ages[i]);
    while (kg_result_next(result, &has_row, NULL) == KG_OK && has_row) {
      printf(" %s", kg_term_value(kg_result_value(result, 0)));
    }
    printf("\n");
    kg_result_destroy(result);
    result = NULL;
  }

  /* A transaction: both changes become visible together at commit. */
  {
    const char* dave = "<http://example.org/dave> <http://example.org/name> \"Dave\" .\n";
    kg_load_options* nt = kg_load_options_create();
    kg_load_options_set_format(nt, "nt");
    if (kg_txn_begin(db, &txn, &err) != KG_OK ||
        kg_txn_load_string(txn, dave, strlen(dave), nt, NULL, &err) != KG_OK ||
        kg_txn_update(txn,
                      "PREFIX ex: <http://example.org/> "
                      "INSERT DATA { ex:dave ex:age 19 ; ex:knows ex:alice }",
                      NULL, NULL, NULL, &err) != KG_OK ||
        kg_txn_commit(txn, &added, NULL, &err) != KG_OK) {
      kg_load_options_destroy(nt);
      status = report(err);
      goto done;
    }
    kg_load_options_destroy(nt);
    printf("committed %llu new statements\n", (unsigned long long)added);
  }

  if (kg_query(db, "SELECT (COUNT(?p) AS ?n) WHERE { ?p <http://example.org/name> ?name }",
               NULL, &result, &err) != KG_OK ||
      kg_result_next(result, &has_row, &err) != KG_OK) {
    status = report(err);
    goto done;
  }
  printf("people now: %s\n", kg_term_value(kg_result_value(result, 0)));
  kg_result_destroy(result);
  result = NULL;

  /* Errors carry their position. */
  if (kg_query(db, "SELECT ?x WHERE { ?x ?y }", NULL, &result, &err) == KG_ERR_SYNTAX) {
    printf("syntax error at line %llu, column %llu\n", (unsigned long long)kg_error_line(err),
           (unsigned long long)kg_error_column(err));
    kg_error_free(err);
    err = NULL;
  }

done:
  kg_result_destroy(result);
  kg_txn_destroy(txn);
  kg_query_options_destroy(params);
  kg_prepared_destroy(aged);
  kg_load_options_destroy(turtle);
  kg_close(db);
  return status;
}
