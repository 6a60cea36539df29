"""kg load / dump / stats end to end: formats, errors, atomicity, blank node scoping, locking."""
import gzip
import os
import subprocess
import time
import unittest

from kgtest import KG, SAMPLES, KgTestCase

TTL = """@prefix ex: <http://example.org/> .
ex:a ex:knows ex:b , [ ex:name "anon" ] ; ex:age 42 .
ex:b ex:label "bee"@en .
"""


class LoadTest(KgTestCase):
    def test_sample_data_loads(self):
        _, err = self.kg("load", "--db", self.db, os.path.join(SAMPLES, "arctic-summit.ttl"),
                         os.path.join(SAMPLES, "arctic-summit.tsv"))
        self.assertIn("statements", err)
        out, _ = self.kg("stats", "--db", self.db)
        self.assertRegex(out, r"quads:\s+\d+")
        quads = int(out.split("quads:")[1].split()[0].replace(",", ""))
        self.assertGreater(quads, 50)
        dump = self.dump()
        self.assertEqual(len(dump.splitlines()), quads)
        self.assertIn('"Gunnar J\u00f3nsson"', dump)

    def test_loading_twice_does_not_duplicate(self):
        path = self.write("a.ttl", TTL)
        self.kg("load", "--db", self.db, path)
        first = self.dump()
        _, err = self.kg("load", "--db", self.db, os.path.join(self.tmp, "a.ttl"))
        second = self.dump()
        # The anonymous node is a new node on each load (RDF merge), the rest is not duplicated.
        self.assertEqual(len(second.splitlines()), len(first.splitlines()) + 2)
        nt = self.write("b.nt", "<http://x/s> <http://x/p> \"o\" .\n")
        self.kg("load", "--db", self.db, nt)
        _, err = self.kg("load", "--db", self.db, nt)
        self.assertIn("(0 new)", err)

    def test_blank_nodes_are_scoped_per_file(self):
        a = self.write("a.nt", "_:b1 <http://x/p> \"from a\" .\n")
        b = self.write("b.nt", "_:b1 <http://x/p> \"from b\" .\n")
        self.kg("load", "--db", self.db, a, b)
        lines = self.dump().splitlines()
        self.assertEqual(len(lines), 2)
        subjects = {line.split()[0] for line in lines}
        self.assertEqual(len(subjects), 2, lines)

    def test_syntax_error_is_positioned_and_changes_nothing(self):
        good = self.write("good.nt", "<http://x/s> <http://x/p> \"o\" .\n")
        self.kg("load", "--db", self.db, good)
        before = self.dump()
        bad = self.write("bad.ttl", "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e .\n")
        other = self.write("other.nt", "<http://x/s2> <http://x/p> \"o2\" .\n")
        _, err = self.kg("load", "--db", self.db, other, bad, expect=1)
        self.assertRegex(err, r"bad\.ttl:3:\d+: ")
        self.assertEqual(self.dump(), before)

    def test_errors_have_exit_codes(self):
        _, err = self.kg("load", "--db", self.db, os.path.join(self.tmp, "missing.nt"), expect=3)
        self.assertIn("missing.nt", err)
        self.kg("load", "--db", self.db, expect=2)
        self.kg("load", "--db", self.db, "--format", "yaml", self.write("x.nt", ""), expect=2)
        self.kg("no-such-command", expect=2)
        _, err = self.kg("load", "--db", self.db, self.write("x.unknown", ""), expect=2)
        self.assertIn("cannot tell the format", err)

    def test_named_graph_gzip_and_stdin(self):
        gz = os.path.join(self.tmp, "data.nt.gz")
        with gzip.open(gz, "wt") as f:
            f.write("<http://x/s> <http://x/p> \"zipped\" .\n")
        self.kg("load", "--db", self.db, "--graph", "http://x/g", gz)
        self.kg("load", "--db", self.db, "--format", "nt", "-",
                input="<http://x/s> <http://x/p> \"piped\" .\n")
        dump = self.dump()
        self.assertIn('"zipped" <http://x/g> .', dump)
        self.assertIn('<http://x/s> <http://x/p> "piped" .', dump)
        nt, _ = self.kg("dump", "--db", self.db, "--format", "ntriples")
        self.assertNotIn("zipped", nt)

    def test_tsv_and_quoted_triples_round_trip(self):
        nt = self.write("star.nt",
                        "<< <http://x/s> <http://x/p> \"o\" >> <http://x/source> <http://x/doc1> .\n"
                        "<http://x/s> <http://x/p> \"o\" .\n")
        self.kg("load", "--db", self.db, nt)
        dump = self.dump()
        self.assertIn("<< <http://x/s> <http://x/p> \"o\" >> <http://x/source> <http://x/doc1> .", dump)
        copy = self.write("copy.nq", dump)
        other = os.path.join(self.tmp, "other.db")
        self.kg("load", "--db", other, copy)
        self.assertEqual(sorted(self.dump(other).splitlines()), sorted(dump.splitlines()))

    def test_turtle_star_annotations_load_and_query(self):
        ttl = self.write("ann.ttl",
                         "@prefix : <http://x/> .\n"
                         ":a :b :c {| :certainty 0.9 |} , :d {| :certainty 0.4 ; :by [ :name \"n\" ] |} .\n")
        _, err = self.kg("load", "--db", self.db, ttl)
        self.assertIn("6 statements", err)
        out, _ = self.kg("query", "--db", self.db, "--format", "csv",
                         "PREFIX : <http://x/> SELECT ?o ?c WHERE { :a :b ?o . << :a :b ?o >> :certainty ?c } "
                         "ORDER BY ?o")
        self.assertEqual(out.replace("\r", "").splitlines(),
                         ["o,c", "http://x/c,0.9", "http://x/d,0.4"])
        # A misplaced annotation: positioned error, nothing loaded.
        before = self.dump()
        bad = self.write("bad.ttl", "@prefix : <http://x/> .\n:e {| :f :g |} :h :i .\n")
        _, err = self.kg("load", "--db", self.db, bad, expect=1)
        self.assertIn("bad.ttl:2:4: an annotation {| ... |} must follow the object of a triple", err)
        self.assertEqual(self.dump(), before)

    def test_dump_to_file_is_atomic(self):
        self.kg("load", "--db", self.db, self.write("d.nt", "<http://x/s> <http://x/p> \"o\" .\n"))
        out = os.path.join(self.tmp, "out.nq")
        _, err = self.kg("dump", "--db", self.db, "--output", out)
        self.assertIn("dumped 1 statements", err)
        with open(out) as f:
            self.assertEqual(f.read(), self.dump())
        # A failed dump (unknown format, missing directory) leaves the old file as it was.
        self.kg("dump", "--db", self.db, "--format", "yaml", "--output", out, expect=2)
        _, err = self.kg("dump", "--db", self.db, "--output",
                         os.path.join(self.tmp, "missing", "out.nq"), expect=3)
        self.assertIn("cannot write", err)
        with open(out) as f:
            self.assertEqual(f.read(), self.dump())
        self.assertEqual(sorted(os.listdir(self.tmp)).count("out.nq"), 1)
        self.assertFalse([n for n in os.listdir(self.tmp) if ".tmp-" in n])

    def test_second_writer_gets_clear_error_reader_works(self):
        self.kg("load", "--db", self.db, self.write("a.nt", "<http://x/s> <http://x/p> \"o\" .\n"))
        # A load reading from a pipe that stays open holds the store for writing.
        holder = subprocess.Popen([KG, "load", "--db", self.db, "--format", "nt", "-"],
                                  stdin=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            time.sleep(1.0)
            _, err = self.kg("load", "--db", self.db, self.write("b.nt", ""), expect=3)
            self.assertIn("another process", err)
            self.assertNotIn("LOCK", err)
            self.assertNotIn("--read-only", err)  # kg load has no such option
            out = self.dump()  # dump opens read-only: works beside the writer
            self.assertIn('"o"', out)
            self.kg("stats", "--db", self.db)
        finally:
            holder.stdin.close()
            holder.wait(timeout=30)
        self.assertEqual(holder.returncode, 0)

    def test_help(self):
        out, _ = self.kg("load", "--help")
        self.assertIn("--graph", out)
        out, _ = self.kg("--help")
        self.assertIn("load", out)


if __name__ == "__main__":
    unittest.main()
