// Embedding kg in a C++ program: open a store, load a small graph, query it (plain and with a
// parameter), change it in a transaction, and print what it finds.
//
//   embed_cpp STORE_DIR      (the directory is created when missing)
#include <iostream>

#include "kg/database.h"

static const char* kPeople = R"(
@prefix ex: <http://example.org/> .
ex:alice ex:name "Alice" ; ex:age 34 ; ex:knows ex:bob .
ex:bob   ex:name "Bob"   ; ex:age 27 ; ex:knows ex:carol .
ex:carol ex:name "Carol" ; ex:age 41 .
)";

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: embed_cpp STORE_DIR\n";
    return 2;
  }
  try {
    auto db = kg::Database::open(argv[1]);

    kg::LoadOptions turtle;
    turtle.format = "ttl";
    kg::LoadResult loaded = db->loadString(kPeople, turtle);
    std::cout << "loaded " << loaded.statements << " statements\n";

    // Rows stream: each next() pulls one solution from the engine.
    std::cout << "people by age:\n";
    kg::QueryResult people = db->query(
        "PREFIX ex: <http://example.org/> "
        "SELECT ?name ?age ?friend WHERE { ?p ex:name ?name ; ex:age ?age "
        "OPTIONAL { ?p ex:knows/ex:name ?friend } } ORDER BY DESC(?age)");
    kg::Solution row;
    while (people.next(row)) {
      std::cout << "  " << row[0]->value << " (" << row[1]->value << ") knows "
                << (row[2] ? row[2]->value : "-") << "\n";
    }

    // A prepared query: parsed once, ?age bound by name to a typed value for each run.
    kg::PreparedQuery aged = db->prepare(
        "PREFIX ex: <http://example.org/> "
        "SELECT ?name WHERE { ?p ex:age ?age ; ex:name ?name } ORDER BY ?name");
    for (int age : {34, 41}) {
      kg::Term value = kg::Term::literal(std::to_string(age), std::string(kg::vocab::kXsdInteger));
      kg::QueryResult result = aged.run({{"age", value}});
      std::cout << "aged " << age << ":";
      while (result.next(row)) std::cout << " " << row[0]->value;
      std::cout << "\n";
    }

    // A transaction: both changes become visible together at commit.
    {
      kg::Transaction tx = db->begin();
      kg::LoadOptions nt;
      nt.format = "nt";
      tx.loadString("<http://example.org/dave> <http://example.org/name> \"Dave\" .\n", nt);
      tx.update("PREFIX ex: <http://example.org/> INSERT DATA { ex:dave ex:age 19 ; ex:knows ex:alice }");
      kg::Transaction::CommitResult committed = tx.commit();
      std::cout << "committed " << committed.added << " new statements\n";
    }

    kg::QueryResult count = db->query(
        "SELECT (COUNT(?p) AS ?n) WHERE { ?p <http://example.org/name> ?name }");
    count.next(row);
    std::cout << "people now: " << row[0]->value << "\n";

    // Errors carry their position.
    try {
      db->query("SELECT ?x WHERE { ?x ?y }");
    } catch (const kg::PositionedError& e) {
      std::cout << "syntax error at line " << e.line() << ", column " << e.column() << "\n";
    }
  } catch (const kg::Error& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
