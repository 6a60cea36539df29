"""kg update end to end: atomic requests, LOAD restrictions, long property-path chains."""
import os

from kgtest import KgTestCase

DATA = """@prefix : <http://example.org/> .
:a :name "Alice" ; :age 30 .
:b :name "Bob" ; :age 40 .
"""


class UpdateTest(KgTestCase):
    def setUp(self):
        super().setUp()
        self.kg("load", "--db", self.db, self.write("data.ttl", DATA))

    def test_update_changes_and_query_sees_it(self):
        self.kg("update", "--db", self.db,
                "PREFIX : <http://example.org/> INSERT DATA { :c :name \"Carol\" }")
        out, _ = self.kg("query", "--db", self.db, "--format", "csv",
                         "PREFIX : <http://example.org/> SELECT ?n WHERE { ?x :name ?n } ORDER BY ?n")
        self.assertEqual(out.split(), ["n", "Alice", "Bob", "Carol"])

    def test_failing_request_changes_nothing_byte_for_byte(self):
        before = self.dump()
        # The first operations succeed, a later one fails: nothing of the request may stay.
        _, err = self.kg("update", "--db", self.db,
                         "PREFIX : <http://example.org/> "
                         "INSERT DATA { :z :name \"Zed\" } ; "
                         "DELETE WHERE { :a ?p ?o } ; "
                         "ADD GRAPH :missing TO DEFAULT", expect=1)
        self.assertIn("does not exist", err)
        self.assertEqual(self.dump(), before)
        _, err = self.kg("update", "--db", self.db,
                         "PREFIX : <http://example.org/> DELETE WHERE { ?s ?p ?o } ; "
                         "LOAD <file:///etc/passwd>", expect=1)
        self.assertIn("outside the directories LOAD may read", err)
        self.assertEqual(self.dump(), before)
        # A later LOAD of a malformed file (inside the allowed directory): positioned, no change.
        bad = self.write("bad.nt", "<http://example.org/ok> <http://example.org/p> \"1\" .\nbad <x\n")
        _, err = self.kg("update", "--db", self.db, "--allow-load", self.tmp,
                         "PREFIX : <http://example.org/> INSERT DATA { :y :name \"Yan\" } ; "
                         f"LOAD <file://{bad}>", expect=1)
        self.assertIn("bad.nt:2:1:", err)
        self.assertEqual(self.dump(), before)
        # CREATE of a graph that exists, after an insert into it in the same request.
        self.kg("update", "--db", self.db, "CREATE GRAPH <http://g1> ; "
                "INSERT DATA { GRAPH <http://g1> { <http://a> <http://b> <http://c> } }")
        before = self.dump()
        _, err = self.kg("update", "--db", self.db,
                         "INSERT DATA { GRAPH <http://g1> { <http://a> <http://b> <http://d> } } ; "
                         "CLEAR DEFAULT ; CREATE GRAPH <http://g1>", expect=1)
        self.assertIn("already exists", err)
        self.assertEqual(self.dump(), before)

    def test_later_operations_see_earlier_ones(self):
        # Fully bound patterns (point lookups) and scans both read the request's own writes.
        self.kg("update", "--db", self.db,
                "PREFIX : <http://example.org/> INSERT DATA { :x :p :y } ; "
                "INSERT { :x :q :z } WHERE { :x :p :y } ; "
                "DELETE { :x :p :y } WHERE { :x :p :y } ; "
                "INSERT { ?s :r ?o } WHERE { ?s :q ?o }")
        out, _ = self.kg("query", "--db", self.db, "--format", "tsv",
                         "PREFIX : <http://example.org/> SELECT ?p ?o WHERE { :x ?p ?o } ORDER BY ?p")
        self.assertEqual(out.split("\n")[1:3],
                         ["<http://example.org/q>\t<http://example.org/z>",
                          "<http://example.org/r>\t<http://example.org/z>"])

    def test_syntax_error_in_update_is_positioned(self):
        _, err = self.kg("update", "--db", self.db, "INSERT DATA { <http://x> <http://y> }", expect=1)
        self.assertIn("line 1", err)
        self.assertIn("^", err)

    def test_load_from_allowed_directory(self):
        path = self.write("more.nt", "<http://example.org/d> <http://example.org/name> \"Dan\" .\n")
        self.kg("update", "--db", self.db, "--allow-load", self.tmp, f"LOAD <file://{path}> INTO GRAPH <http://g>")
        out, _ = self.kg("query", "--db", self.db, "--format", "tsv",
                         "SELECT ?n WHERE { GRAPH <http://g> { ?s ?p ?n } }")
        self.assertIn('"Dan"', out)

    def test_counts_are_what_the_store_gained_and_lost(self):
        # LOAD counts what it added; a quad deleted and inserted again in one request is no
        # change; CLEAR and COPY count what they removed and added.
        lines = "".join(f"<http://example.org/s{i}> <http://example.org/p> \"{i}\" .\n" for i in range(23))
        path = self.write("more.nt", lines)
        _, err = self.kg("update", "--db", self.db, "--allow-load", self.tmp,
                         f"LOAD <file://{path}> INTO GRAPH <http://g>")
        self.assertIn("update: 23 inserted, 0 deleted", err)
        _, err = self.kg("update", "--db", self.db, "--allow-load", self.tmp,
                         f"LOAD <file://{path}> INTO GRAPH <http://g>")
        self.assertIn("update: 0 inserted, 0 deleted", err)  # nothing new
        _, err = self.kg("update", "--db", self.db,
                         "DELETE DATA { <http://example.org/a> <http://example.org/age> 30 } ; "
                         "INSERT DATA { <http://example.org/a> <http://example.org/age> 30 }")
        self.assertIn("update: 0 inserted, 0 deleted", err)
        _, err = self.kg("update", "--db", self.db, "COPY GRAPH <http://g> TO GRAPH <http://h> ; CLEAR GRAPH <http://g>")
        self.assertIn("update: 23 inserted, 23 deleted", err)
        # The same through the REPL and a script.
        out, _ = self.kg("shell", "--db", self.db, input=f"LOAD <file://{path}>\n")
        self.assertIn("23 quads inserted, 0 deleted", out)

    def test_long_chain_transitive_closure(self):
        n = 200_000
        path = os.path.join(self.tmp, "chain.nt")
        with open(path, "w") as f:
            for i in range(n):
                f.write(f"<http://x/n{i}> <http://x/p> <http://x/n{i + 1}> .\n")
        self.kg("load", "--db", self.db, path)
        out, _ = self.kg("query", "--db", self.db, "--format", "csv",
                         "SELECT (COUNT(*) AS ?c) WHERE { <http://x/n0> <http://x/p>+ ?x }")
        self.assertEqual(out.split()[1], str(n))
