#!/usr/bin/python3
"""Embedding kg in a Python script: the same steps as embed.cpp and embed.c, same output.

    PYTHONPATH=<build>/bindings/python /usr/bin/python3 embed.py STORE_DIR
"""
import sys

import kg

PEOPLE = """
@prefix ex: <http://example.org/> .
ex:alice ex:name "Alice" ; ex:age 34 ; ex:knows ex:bob .
ex:bob   ex:name "Bob"   ; ex:age 27 ; ex:knows ex:carol .
ex:carol ex:name "Carol" ; ex:age 41 .
"""


def main(path):
    with kg.open(path) as db:
        loaded = db.load_string(PEOPLE, format="ttl")
        print("loaded %d statements" % loaded.statements)

        # Rows stream: the loop pulls solutions from the engine as it goes.
        print("people by age:")
        for row in db.query("""PREFIX ex: <http://example.org/>
                SELECT ?name ?age ?friend WHERE { ?p ex:name ?name ; ex:age ?age
                OPTIONAL { ?p ex:knows/ex:name ?friend } } ORDER BY DESC(?age)"""):
            print("  %s (%d) knows %s" % (row["name"], row["age"], row["friend"] or "-"))

        # A prepared query: parsed once, ?age bound by name (a keyword argument) for each run.
        aged = db.prepare("""PREFIX ex: <http://example.org/>
                SELECT ?name WHERE { ?p ex:age ?age ; ex:name ?name } ORDER BY ?name""")
        for age in (34, 41):
            names = [row["name"] for row in aged.run(age=age)]
            print("aged %d: %s" % (age, " ".join(names)))

        # A transaction: both changes become visible together when the block ends.
        with db.transaction() as tx:
            tx.load_string('<http://example.org/dave> <http://example.org/name> "Dave" .\n',
                           format="nt")
            tx.update("PREFIX ex: <http://example.org/> "
                      "INSERT DATA { ex:dave ex:age 19 ; ex:knows ex:alice }")
            added, _removed = tx.commit()
        print("committed %d new statements" % added)

        count = next(iter(db.query(
            "SELECT (COUNT(?p) AS ?n) WHERE { ?p <http://example.org/name> ?name }")))
        print("people now: %d" % count["n"])

        # Errors carry their position.
        try:
            db.query("SELECT ?x WHERE { ?x ?y }")
        except kg.QuerySyntaxError as e:
            print("syntax error at line %d, column %d" % (e.line, e.column))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: embed.py STORE_DIR")
    main(sys.argv[1])
