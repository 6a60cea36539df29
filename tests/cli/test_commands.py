"""kg's commands as a new user meets them: mistyped stores, result formats that do not fit,
messages that name the file, tables, --help and --version."""
import os
import re
import subprocess

from kgtest import KG, SAMPLES, KgTestCase

SAMPLE = os.path.join(SAMPLES, "arctic-summit.ttl")


class MissingStoreTest(KgTestCase):
    def test_read_commands_never_create_a_store(self):
        typo = os.path.join(self.tmp, "typo.db")
        for command in (["query", "SELECT * { ?s ?p ?o }"], ["explain", "SELECT * { ?s ?p ?o }"],
                        ["dump"], ["stats"], ["stats", "--compact"]):
            _, err = self.kg(command[0], "--db", typo, *command[1:], expect=3)
            self.assertIn(f"no kg store at '{typo}'", err, command)
            self.assertFalse(os.path.exists(typo), command)
        # Commands that write create it.
        self.kg("update", "--db", typo, "INSERT DATA { <http://x/a> <http://x/b> 1 }")
        self.assertTrue(os.path.isdir(typo))
        out, _ = self.kg("query", "--db", typo, "--format", "csv", "ASK { <http://x/a> ?p ?o }")
        self.assertEqual(out.strip(), "true")


class FormatTest(KgTestCase):
    def setUp(self):
        super().setUp()
        self.kg("load", "--db", self.db, SAMPLE)

    def test_a_format_must_suit_the_query(self):
        for fmt in ("json", "csv", "tsv"):
            out, err = self.kg("query", "--db", self.db, "--format", fmt,
                               "CONSTRUCT WHERE { ?s a kg:Country }", expect=2)
            self.assertEqual(out, "")
            self.assertIn("CONSTRUCT returns triples, not rows", err)
        _, err = self.kg("query", "--db", self.db, "--format", "nt", "SELECT * { ?s ?p ?o }", expect=2)
        self.assertIn("SELECT returns rows, not triples", err)
        _, err = self.kg("query", "--db", self.db, "--format", "nt", "ASK { ?s ?p ?o }", expect=2)
        self.assertIn("ASK returns a boolean", err)
        out, _ = self.kg("query", "--db", self.db, "--format", "nt", "CONSTRUCT WHERE { ?s a kg:Country }")
        self.assertEqual(len(out.strip().split("\n")), 4)
        # The REPL's .mode says the same instead of writing something else.
        _, err = self.kg("shell", "--db", self.db, input=".mode json\nCONSTRUCT WHERE { ?s a kg:Country }\n",
                         expect=1)
        self.assertIn("CONSTRUCT returns triples, not rows", err)

    def test_ask_in_csv_and_tsv_is_the_answer(self):
        for fmt in ("csv", "tsv", "table"):
            out, _ = self.kg("query", "--db", self.db, "--format", fmt, "ASK { ?s a kg:Country }")
            self.assertEqual(out.strip(), "true", fmt)

    def test_dump_as_ntriples_says_what_it_leaves_out(self):
        self.kg("update", "--db", self.db, "INSERT DATA { GRAPH <http://g> { <http://x/a> <http://x/b> 1 , 2 } }")
        out, err = self.kg("dump", "--db", self.db, "--format", "ntriples")
        self.assertEqual(len(out.strip().split("\n")), 53)
        self.assertIn("left out 2 quads in 1 named graph (use --format nquads)", err)
        _, err = self.kg("dump", "--db", self.db, "--format", "nquads")
        self.assertEqual(err, "")

    def test_table_uses_the_display_of_the_repl(self):
        out, _ = self.kg("query", "--db", self.db,
                         "PREFIX ex: <http://kg.local/sample/> "
                         "SELECT ?n ?c WHERE { ex:summit kg:participantCount ?n . ?c a kg:Country } "
                         "ORDER BY ?c LIMIT 1")
        self.assertRegex(out, r"\| +14 \| ex:canada \|")  # numbers plain, the query's prefixes
        self.assertNotIn("XMLSchema", out)
        self.assertIn("1 row", out)


class MessageTest(KgTestCase):
    def test_errors_in_files_name_the_file(self):
        query = self.write("q.rq", "# a comment\nSELECT ?s\nWHERE { ?s ?p ?o } ORDR BY ?s\n")
        _, err = self.kg("query", "--db", self.db, "--file", query, expect=1)
        self.assertIn(f"{query}:3:20: syntax error", err)
        update = self.write("u.ru", "\nINSERT DATA { <http://x/a> <http://x/b> }\n")
        _, err = self.kg("update", "--db", self.db, "--file", update, expect=1)
        self.assertIn(f"{update}:2:", err)
        _, err = self.kg("explain", "--db", self.db, "--file", query, expect=1)
        self.assertIn(f"{query}:3:", err)
        _, err = self.kg("parse", "--file", query, expect=1)
        self.assertIn(f"{query}:3:", err)

    def test_query_and_update_point_to_each_other(self):
        _, err = self.kg("update", "--db", self.db, "SELECT * { ?s ?p ?o }", expect=2)
        self.assertIn("this is a query: use kg query", err)
        _, err = self.kg("query", "--db", self.db, "INSERT DATA { <http://x/a> <http://x/b> 1 }", expect=2)
        self.assertIn("this is an update: use kg update", err)
        self.assertFalse(os.path.exists(self.db))

    def test_a_misspelled_predicate_gets_a_hint(self):
        self.kg("load", "--db", self.db, SAMPLE)
        out, err = self.kg("query", "--db", self.db, "SELECT ?l WHERE { ?s rdfs:lable ?l }")
        self.assertIn("0 rows", out)
        self.assertIn("hint: rdfs:lable is not a predicate in the store (did you mean rdfs:label?)", err)
        _, err = self.kg("shell", "--db", self.db,
                         input="PREFIX k: <http://kg.local/ns#>\nSELECT ?n WHERE { ?s k:participantCont ?n }\n")
        self.assertIn("k:participantCont is not a predicate in the store (did you mean k:participantCount?)", err)
        # A query that finds rows, or an IRI far from every predicate, gets no hint.
        _, err = self.kg("query", "--db", self.db, "SELECT ?l WHERE { ?s rdfs:label ?l } LIMIT 1")
        self.assertEqual(err, "")
        _, err = self.kg("query", "--db", self.db, "SELECT ?l WHERE { ?s <http://elsewhere.example/x> ?l }")
        self.assertEqual(err, "")

    def test_misspelled_keywords_and_functions(self):
        _, err = self.kg("query", "--db", self.db, "SELECT ?s WEHRE { ?s ?p ?o }", expect=1)
        self.assertIn("did you mean WHERE?", err)
        _, err = self.kg("query", "--db", self.db, 'SELECT ?s WHERE { ?s ?p ?o FILTER(CONTIANS(?o, "x")) }', expect=1)
        self.assertIn("did you mean CONTAINS?", err)
        _, err = self.kg("query", "--db", self.db, "SELECT ?s WHERE { ?s ?p ?o FILTER(FROBNICATE(?o)) }", expect=1)
        self.assertIn("unknown function 'FROBNICATE'", err)

    def test_usage_errors_name_the_command_once(self):
        _, err = self.kg("dump", "--db", self.db, "--format", "rdfxml", expect=2)
        self.assertTrue(err.startswith("kg dump: "), err)
        self.assertNotIn("kg dump: kg dump", err)
        _, err = self.kg("load", "--db", self.db, expect=2)
        self.assertEqual(err.count("kg load"), 1, err)


class HelpTest(KgTestCase):
    def test_version(self):
        for flag in ("--version", "version"):
            out, _ = self.kg(flag)
            self.assertRegex(out, r"^kg \d+\.\d+\.\d+ \(store format kg-store-\d+\)\n$")

    def test_help_lists_every_option_of_every_command(self):
        usage, _ = self.kg("--help")
        commands = sorted(set(re.findall(r"^  ([a-z]+) ", usage, re.M)) - {"version"})
        self.assertIn("extract", commands)
        for command in commands:
            detail, _ = self.kg(command, "--help")
            # (--statement, --script and --args name positional arguments)
            for option in set(re.findall(r"--([a-z][a-z-]+)", detail)) - {"help", "statement", "script", "args"}:
                self.assertIn(f"--{option}", usage, f"kg {command} --{option} is missing from kg --help")
