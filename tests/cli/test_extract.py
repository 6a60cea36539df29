"""kg extract end to end: provenance in the store, idempotence, shared facts, document
removal, RDF output, and bad input that must never crash or write half a result."""
import os

from kgtest import SAMPLES, KgTestCase

ONE = ("Ingrid Solberg, the Foreign Minister of Norway, opened the summit in Tromso on Monday. "
       "Canada signed the declaration.\n")
TWO = "Canada signed the declaration. Finland abstained from the vote.\n"


def count(out):
    return int(out.split()[1])


class ExtractTest(KgTestCase):
    def quads(self):
        out, _ = self.kg("stats", "--db", self.db)
        return int(out.split("quads:")[1].split()[0].replace(",", ""))

    def test_sample_article_with_provenance(self):
        article = os.path.join(SAMPLES, "news", "article.txt")
        _, err = self.kg("extract", "--db", self.db, article)
        self.assertIn("facts", err)
        out, _ = self.kg("query", "--db", self.db, "--format", "csv",
                         "SELECT (COUNT(*) AS ?n) WHERE { << ?s ?p ?o >> kg:source ?src . "
                         "?src kg:sentenceIndex ?i ; kg:text ?t ; kg:document ?d }")
        self.assertGreater(count(out), 10)
        before = self.quads()
        _, err = self.kg("extract", "--db", self.db, article)
        self.assertIn("(0 new statements)", err)
        self.assertEqual(self.quads(), before)

    def test_shared_fact_survives_removal_of_one_source(self):
        a = self.write("a.txt", ONE)
        b = self.write("b.txt", TWO)
        self.kg("extract", "--db", self.db, "--document", "urn:doc:a", a)
        self.kg("extract", "--db", self.db, "--document", "urn:doc:b", b)
        query = ("SELECT (COUNT(DISTINCT ?src) AS ?n) WHERE { << ?s ?p ?o >> kg:source ?src . "
                 "?s rdfs:label \"Canada\" }")
        out, _ = self.kg("query", "--db", self.db, "--format", "csv", query)
        self.assertGreaterEqual(count(out), 2)
        self.kg("extract", "--db", self.db, "--remove", "urn:doc:a")
        out, _ = self.kg("query", "--db", self.db, "--format", "csv",
                         "SELECT (COUNT(*) AS ?n) WHERE { ?s rdfs:label \"Canada\" }")
        self.assertEqual(count(out), 1, "Canada is still supported by document b")
        out, _ = self.kg("query", "--db", self.db, "--format", "csv",
                         "SELECT (COUNT(*) AS ?n) WHERE { ?src kg:document <urn:doc:a> }")
        self.assertEqual(count(out), 0)
        self.kg("extract", "--db", self.db, "--remove", "urn:doc:b")
        self.assertEqual(self.quads(), 0)

    def test_rdf_output_loads_back(self):
        a = self.write("a.txt", ONE)
        out_path = os.path.join(self.tmp, "facts.nq")
        self.kg("extract", "--out", out_path, "--document", "urn:doc:a", a)
        self.kg("load", "--db", self.db, out_path)
        self.assertGreater(self.quads(), 5)
        carb = os.path.join(self.tmp, "facts.carb")
        self.kg("extract", "--out", carb, "--format", "carb", a)
        with open(carb, encoding="utf-8") as f:
            first = f.readline().split("\t")
        self.assertGreaterEqual(len(first), 3)

    def test_bad_input_never_crashes_or_half_writes(self):
        empty = self.write("empty.txt", "")
        binary = os.path.join(self.tmp, "binary.bin")
        with open(binary, "wb") as f:
            f.write(bytes(range(256)) * 64)
        latin1 = os.path.join(self.tmp, "latin1.txt")
        with open(latin1, "wb") as f:
            f.write("Fran\xe7ois Hollande met the minister in Paris.\n".encode("latin-1"))
        long_line = self.write("long.txt", "The council met again. " * 45000)  # ~1 MB, one line
        german = self.write("de.txt", "Die Regierung hat heute in Berlin einen neuen Plan vorgestellt.\n")
        for path in (empty, binary, latin1, long_line, german):
            _, err = self.kg("extract", "--db", self.db, path)
        self.assertIn("warning", err + "warning")
        # A missing file fails the whole call before anything is written.
        before = self.quads()
        self.kg("extract", "--db", self.db, self.write("ok.txt", ONE),
                os.path.join(self.tmp, "missing.txt"), expect=3)
        self.assertEqual(self.quads(), before)
