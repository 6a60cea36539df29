"""kg index and kg:matches end to end: settings, rebuild, label lookup, explain, a failed load."""
import os

from kgtest import KgTestCase, SAMPLES

DATA = """@prefix : <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
:a :said "Detention camps were closed." ; rdfs:label "Michelle Bachelet" .
:b :note "The camps reopened in June." ; rdfs:label "Bache Island" .
"""

Q = "SELECT ?t WHERE { ?t kg:matches \"camps\" } ORDER BY ?t"


class TextIndexTest(KgTestCase):
    def setUp(self):
        super().setUp()
        self.kg("load", "--db", self.db, self.write("data.ttl", DATA))

    def rows(self, query):
        out, _ = self.kg("query", "--db", self.db, "--format", "tsv", query)
        return out.splitlines()[1:]

    def test_search_settings_and_rebuild(self):
        self.assertEqual(len(self.rows(Q)), 2)
        out, _ = self.kg("index", "text", "--db", self.db, "--predicates", "http://example.org/said")
        self.assertIn("indexed 1 literals", out)
        self.assertEqual(self.rows(Q), ['"Detention camps were closed."'])
        out, _ = self.kg("index", "text", "--db", self.db)
        self.assertIn("<http://example.org/said>", out)
        self.kg("index", "text", "--db", self.db, "--off")
        self.assertEqual(self.rows(Q), [])
        self.kg("index", "text", "--db", self.db, "--on", "--all")
        out, _ = self.kg("index", "rebuild", "--db", self.db)
        self.assertIn("indexed 4 literals", out)
        self.assertEqual(len(self.rows(Q)), 2)

    def test_label_prefix_lookup(self):
        out, _ = self.kg("index", "labels", "--db", self.db, "bache")
        lines = out.splitlines()
        self.assertEqual(len(lines), 2)
        self.assertTrue(lines[0].startswith("<http://example.org/b>"))  # the label starts with it
        self.assertTrue(lines[1].startswith("<http://example.org/a>"))

    def test_explain_shows_the_text_scan(self):
        out, _ = self.kg("explain", "--db", self.db,
                         "SELECT ?s WHERE { ?t kg:matches \"camps\" . ?s ?p ?t }")
        self.assertIn("TextScan ?t kg:matches \"camps\"", out)

    def test_bad_search_is_a_query_error(self):
        _, err = self.kg("query", "--db", self.db,
                         "SELECT ?t WHERE { ?t kg:matches \"\\\"open\" }", expect=1)
        self.assertIn("quote is not closed", err)
        _, err = self.kg("index", "bogus", "--db", self.db, expect=2)
        self.assertIn("unknown 'kg index' subcommand", err)

    def test_failed_load_leaves_search_unchanged(self):
        before = self.rows(Q)
        bad = self.write("bad.nt", "<http://e/x> <http://e/p> \"more camps here\" .\nbad <x\n")
        self.kg("load", "--db", self.db, bad, expect=1)
        self.assertEqual(self.rows(Q), before)

    def test_sample_article_provenance(self):
        self.kg("extract", "--db", self.db, os.path.join(SAMPLES, "news", "article.txt"))
        rows = self.rows("SELECT DISTINCT ?n WHERE { ?src kg:text ?text . ?text kg:matches \"reporters\" . "
                         "?src kg:sentenceIndex ?n } ORDER BY ?n")
        filtered = self.rows("SELECT DISTINCT ?n WHERE { ?src kg:text ?text . "
                             "FILTER(CONTAINS(LCASE(?text), \"reporters\")) ?src kg:sentenceIndex ?n } ORDER BY ?n")
        self.assertEqual(len(rows), 3)
        self.assertEqual(rows, filtered)
