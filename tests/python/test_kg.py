"""Tests of the kg Python module (bindings/python). Standard library only.

Run from the build tree: PYTHONPATH=<build>/bindings/python /usr/bin/python3 -m unittest -v test_kg
"""
import datetime
import decimal
import gc
import inspect
import os
import re
import resource
import shutil
import sys
import tempfile
import threading
import time
import unittest

import kg

PEOPLE = """
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:alice ex:name "Alice" ; ex:age 34 ; ex:knows ex:bob ;
    ex:height 1.72 ; ex:score "9.5E0"^^xsd:double ; ex:active true ;
    ex:born "1990-05-17T08:30:00Z"^^xsd:dateTime ; ex:birthday "1990-05-17"^^xsd:date ;
    ex:nick "Ally"@en ; ex:code "A-1"^^ex:code ; ex:friendOf _:f .
ex:bob ex:name "Bob" ; ex:age 27 ; ex:knows ex:carol .
ex:carol ex:name "Carol" ; ex:age 41 .
"""
EX = "http://example.org/"


def rss_kib():
    """Current resident set size of this process in KiB (from /proc/self/status)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


class KgTestCase(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="kg-py-test-")
        self.db = kg.open(os.path.join(self.dir, "db"))
        self.db.load_string(PEOPLE, format="ttl")

    def tearDown(self):
        self.db.close()
        shutil.rmtree(self.dir, ignore_errors=True)


class OpenAndLoad(KgTestCase):
    def test_open_close_context_manager(self):
        path = os.path.join(self.dir, "other")
        with kg.open(path) as db:
            self.assertFalse(db.closed)
            self.assertEqual(db.path, path)
            db.load_string("<http://e/a> <http://e/b> <http://e/c> .", format="nt")
        self.assertTrue(db.closed)
        with self.assertRaises(kg.UsageError):
            db.query("ASK {}")
        with kg.open(path, read_only=True) as ro:
            self.assertTrue(ro.read_only)
            self.assertTrue(ro.ask("ASK { <http://e/a> ?p ?o }"))

    def test_pathlike_and_files(self):
        import pathlib
        path = pathlib.Path(self.dir) / "more.nt"
        path.write_text('<http://example.org/dave> <http://example.org/name> "Dave" .\n')
        result = self.db.load(path)
        self.assertEqual((result.statements, result.added), (1, 1))
        self.assertEqual(self.db.load([str(path)]).added, 0)
        self.assertEqual(len(list(self.db.query("SELECT ?n WHERE { ?p <http://example.org/name> ?n }"))), 4)

    def test_bad_input_has_position_and_changes_nothing(self):
        path = os.path.join(self.dir, "bad.nt")
        with open(path, "w") as f:
            f.write('<http://example.org/x> <http://example.org/p> "1" .\n'
                    '<http://example.org/x> <http://example.org/p> broken .\n')
        with self.assertRaises(kg.InputError) as cm:
            self.db.load(path)
        e = cm.exception
        self.assertIsInstance(e, kg.Error)
        self.assertEqual(e.code, "invalid_input")
        self.assertEqual(e.line, 2)
        self.assertGreater(e.column, 1)
        self.assertTrue(e.file.endswith("bad.nt"))
        self.assertFalse(self.db.ask("ASK { <http://example.org/x> ?p ?o }"))
        with self.assertRaises(kg.FileError):
            self.db.load(os.path.join(self.dir, "missing.nt"))


class FirstSteps(KgTestCase):
    """What a new user meets first: the version, opening a store twice, a mistyped path."""

    def test_version(self):
        self.assertRegex(kg.__version__, r"^\d+\.\d+\.\d+$")
        self.assertRegex(kg.store_format, r"^kg-store-\d+$")

    def test_open_documents_every_option(self):
        # Every argument of the engine's constructor is an argument of kg.open and has a line of
        # its own in kg.open's docstring ("name  what it does"), so a new option cannot go unsaid.
        signature = kg.Database.__init__.__doc__.split("\n")[0]
        engine_options = re.findall(r"(\w+): [\w.]+(?: = [^,)]+)?", signature.split("(", 1)[1])
        self.assertEqual([name for name in engine_options if name != "self"],
                         ["path", "read_only", "create", "cache_bytes"])
        python_options = list(inspect.signature(kg.open).parameters)
        self.assertEqual(python_options, ["path", "read_only", "create", "cache_bytes"])
        documented = re.findall(r"^    (\w+)  +\S", kg.open.__doc__, re.MULTILINE)
        self.assertEqual(documented, python_options[1:])
        self.assertIn("`path`", kg.open.__doc__)

    def test_second_open_in_one_process_says_so(self):
        path = os.path.join(self.dir, "twice")
        first = kg.open(path)
        try:
            with self.assertRaises(kg.LockedError) as cm:
                kg.open(path)
            self.assertIn("in this process", str(cm.exception))
            self.assertNotIn("another process", str(cm.exception))
            with kg.open(path, read_only=True) as reader:  # reading works beside it
                self.assertEqual(len(list(reader.query("SELECT * { ?s ?p ?o }"))), 0)
        finally:
            first.close()

    def test_a_missing_object_is_called_that(self):
        with self.assertRaises(kg.InputError) as cm:
            self.db.load_string("<http://a> <http://b> .", format="nt")
        self.assertIn("the object is missing", str(cm.exception))
        self.assertNotIn("bare numbers", str(cm.exception))
        self.assertEqual((cm.exception.line, cm.exception.column), (1, 23))

    def test_read_only_open_never_creates_a_store(self):
        typo = os.path.join(self.dir, "typo.db")
        with self.assertRaises(kg.StorageError) as cm:
            kg.open(typo, read_only=True)
        self.assertIn("no kg store at", str(cm.exception))
        self.assertFalse(os.path.exists(typo))


try:
    import pandas
except ImportError:  # optional: scripts/setup.sh installs Debian's python3-pandas
    pandas = None


class DataScience(KgTestCase):
    """Results into the tools people use."""

    def test_len_of_a_finished_result(self):
        result = self.db.query("SELECT ?n WHERE { ?s <http://example.org/name> ?n }")
        with self.assertRaises(TypeError) as cm:
            len(result)
        self.assertIn("read it to the end", str(cm.exception))
        rows = list(result)
        self.assertEqual(len(result), len(rows))
        self.assertEqual(len(result), 3)

    @unittest.skipUnless(pandas, "pandas is not installed")
    def test_to_pandas(self):
        frame = self.db.query("SELECT ?name ?age WHERE { ?s <http://example.org/name> ?name "
                              "OPTIONAL { ?s <http://example.org/nope> ?x } ?s <http://example.org/age> ?age } "
                              "ORDER BY ?age").to_pandas()
        self.assertEqual(list(frame.columns), ["name", "age"])
        self.assertEqual(list(frame["name"]), ["Bob", "Alice", "Carol"])
        self.assertEqual(list(frame["age"]), [27, 34, 41])
        frame = self.db.query("SELECT ?s ?x WHERE { ?s <http://example.org/age> 27 "
                              "OPTIONAL { ?s <http://example.org/nope> ?x } }").to_dataframe()
        self.assertEqual(frame["s"][0], kg.IRI(EX + "bob"))
        self.assertIsNone(frame["x"][0])
        self.assertTrue(self.db.query("ASK { ?s ?p ?o }").to_pandas()["boolean"][0])


class TypeStubs(unittest.TestCase):
    """kg/__init__.pyi describes everything the package offers (and py.typed says it does)."""

    def test_stubs_cover_the_public_api(self):
        import ast
        folder = os.path.dirname(kg.__file__)
        self.assertTrue(os.path.exists(os.path.join(folder, "py.typed")))
        with open(os.path.join(folder, "__init__.pyi"), encoding="utf-8") as f:
            tree = ast.parse(f.read())
        top = {}
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                top[node.name] = ({n.name for n in node.body if isinstance(n, ast.FunctionDef)} |
                                  {n.target.id for n in node.body if isinstance(n, ast.AnnAssign)})
            elif isinstance(node, ast.FunctionDef):
                top[node.name] = set()
            elif isinstance(node, ast.AnnAssign):
                top[node.target.id] = set()
        for name in kg.__all__:
            self.assertIn(name, top, "kg.%s has no stub" % name)
            value = getattr(kg, name)
            if isinstance(value, type) and not issubclass(value, BaseException):
                # Members of its own (and of kg base classes), not those of decimal.Decimal & co.
                inherited = set().union(*(dir(b) for b in value.__mro__[1:] if not b.__module__.startswith("kg")))
                public = {m for m in dir(value) if not m.startswith("_")} - inherited
                self.assertEqual(public - top[name], set(), "kg.%s: members without a stub" % name)


class FriendlierApi(KgTestCase):
    """Extraction from a str, IRI-looking strings, floats against stored decimals."""

    def test_extract_text_with_a_document_iri(self):
        text = "Canada signed the declaration in Geneva on Monday.\nNorway joined the talks in Oslo.\n"
        summary = self.db.extract(text=text, document="urn:news:wire-1")
        self.assertGreater(summary["facts"], 0)
        self.assertEqual(summary["documents"], 1)
        docs = list(self.db.query("SELECT DISTINCT ?d WHERE { ?src kg:document ?d }"))
        self.assertEqual(docs, [{"d": kg.IRI("urn:news:wire-1")}])
        self.assertEqual(self.db.extract(text=text, document=kg.IRI("urn:news:wire-1"))["added"], 0)
        self.assertGreater(self.db.remove_document(kg.IRI("urn:news:wire-1")), 0)

    def test_extract_refuses_unclear_calls_and_changes_nothing(self):
        before = self.db.statistics()["quads"]
        with self.assertRaises(kg.UsageError) as cm:
            self.db.extract(text="Canada signed the declaration.")
        self.assertIn("document=", str(cm.exception))
        with self.assertRaises(kg.UsageError):
            self.db.extract("some.txt", text="Canada signed the declaration.", document="urn:x")
        with self.assertRaises(kg.UsageError):
            self.db.extract()
        with self.assertRaises(TypeError):
            self.db.extract(text=b"bytes are not text", document="urn:x")
        with self.assertRaises(kg.FileError):
            self.db.extract(os.path.join(self.dir, "missing.txt"))
        self.assertEqual(self.db.statistics()["quads"], before)

    def test_a_str_that_looks_like_an_iri_must_say_what_it_is(self):
        q = "SELECT ?name WHERE { ?p <http://example.org/name> ?name }"
        for text in ("http://example.org/alice", "https://example.org/x", "urn:isbn:123", "mailto:a@b.org"):
            with self.assertRaises(kg.UsageError) as cm:
                list(self.db.query(q, p=text))
            self.assertIn("kg.IRI(", str(cm.exception))
            self.assertIn("?p", str(cm.exception))
        self.assertEqual([r["name"] for r in self.db.query(q, p=kg.IRI(EX + "alice"))], ["Alice"])
        # Ordinary strings with colons are strings.
        self.db.load_string('<http://example.org/t> <http://example.org/name> "Note: 10:30" .', format="nt")
        for text in ("Note: 10:30", "ratio:3", "Bob"):
            list(self.db.query(q, name=text))
        self.assertEqual([r["p"] for r in self.db.query("SELECT ?p WHERE { ?p <http://example.org/name> ?name }",
                                                        name="Note: 10:30")], [kg.IRI(EX + "t")])
        # Wrapped as a literal, an IRI-like string is matched as a string.
        self.db.load_string('<http://example.org/u> <http://example.org/home> "http://example.org/" .', format="nt")
        rows = list(self.db.query("SELECT ?p WHERE { ?p <http://example.org/home> ?h }",
                                  h=kg.Literal("http://example.org/")))
        self.assertEqual(rows, [{"p": kg.IRI(EX + "u")}])

    def test_a_float_finds_a_stored_decimal_of_the_same_value(self):
        self.db.load_string("""
            @prefix ex: <http://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
            ex:f1 ex:certainty 0.9 . ex:f2 ex:certainty "0.900"^^xsd:decimal .
            ex:f3 ex:certainty "9E-1"^^xsd:double . ex:f4 ex:certainty 0.95 .""", format="ttl")
        q = "SELECT ?f ?c WHERE { ?f <http://example.org/certainty> ?c } ORDER BY ?f"
        rows = list(self.db.query(q, c=0.9))
        self.assertEqual([r["f"] for r in rows], [kg.IRI(EX + "f1"), kg.IRI(EX + "f2"), kg.IRI(EX + "f3")])
        # Results compare equal to the float, whatever their type.
        for row in rows:
            self.assertEqual(row["c"], 0.9)
            self.assertEqual(0.9, row["c"])
        self.assertIsInstance(rows[0]["c"], decimal.Decimal)
        self.assertIsInstance(rows[0]["c"], kg.Decimal)
        self.assertNotEqual(rows[0]["c"], 0.95)
        self.assertTrue(rows[0]["c"] < 0.95 and rows[0]["c"] <= 0.9 and rows[0]["c"] >= 0.9 and not rows[0]["c"] > 0.9)
        self.assertEqual(hash(rows[0]["c"]), hash(0.9))
        self.assertIn(0.9, {rows[0]["c"]})
        terms = list(self.db.query(q, c=0.9).as_terms())
        self.assertEqual(terms[1]["c"], kg.Literal("0.900", datatype=kg.XSD + "decimal"))
        self.assertEqual(terms[1]["c"], 0.9)
        self.assertEqual(terms[2]["c"], 0.9)
        self.assertNotEqual(terms[1]["c"], 0.95)
        self.assertNotEqual(kg.Literal("0.9"), 0.9)  # a string is not a number
        # A Decimal parameter and a numpy float too; a float inside a FILTER-free ASK.
        self.assertEqual(len(list(self.db.query(q, c=decimal.Decimal("0.90")))), 3)
        self.assertTrue(self.db.ask("ASK { ?f <http://example.org/certainty> ?c }", c=0.95))
        if pandas is not None:
            import numpy
            self.assertEqual(len(list(self.db.query(q, c=numpy.float64(0.9)))), 3)
            frame = self.db.query(q, c=0.9).to_pandas()
            self.assertTrue((frame["c"] == 0.9).all())  # a DataFrame filter with a float
            self.assertEqual(len(list(self.db.query("SELECT ?s WHERE { ?s <http://example.org/age> ?a }",
                                                    a=numpy.int64(34)))), 1)
        # Prepared queries, snapshots and transactions take the same rule.
        self.assertEqual(len(list(self.db.prepare(q).run(c=0.9))), 3)
        with self.db.snapshot() as snapshot:
            self.assertEqual(len(list(snapshot.query(q, c=0.9))), 3)
        # Round trip: a value read back finds its row again.
        self.assertEqual(len(list(self.db.query(q, c=rows[2]["c"]))), 3)
        # The parameter must still name a variable of the pattern.
        with self.assertRaises(kg.UsageError):
            list(self.db.query(q, nosuch=0.5))

    def test_results_in_terms_keep_the_stored_form(self):
        row = next(iter(self.db.query("SELECT ?b WHERE { <http://example.org/alice> <http://example.org/born> ?b }")
                        .as_terms()))
        self.assertEqual(row["b"], kg.Literal("1990-05-17T08:30:00Z", datatype=kg.XSD + "dateTime"))

    def test_store_prefixes(self):
        prefixes = self.db.prefixes()
        self.assertEqual(prefixes["rdf"], "http://www.w3.org/1999/02/22-rdf-syntax-ns#")
        self.assertEqual(prefixes["ex"], EX)  # declared by the Turtle loaded


class Query(KgTestCase):
    def test_rows_are_mappings(self):
        rows = list(self.db.query(
            "PREFIX ex: <http://example.org/> "
            "SELECT ?p ?name ?friend WHERE { ?p ex:name ?name OPTIONAL { ?p ex:knows ?friend } } "
            "ORDER BY ?name"))
        self.assertEqual(len(rows), 3)
        self.assertEqual(rows[0], {"p": kg.IRI(EX + "alice"), "name": "Alice",
                                   "friend": kg.IRI(EX + "bob")})
        self.assertIsNone(rows[2]["friend"])  # unbound
        result = self.db.query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1")
        self.assertEqual(result.variables, ["s"])
        self.assertEqual(result.form, "select")

    def test_typed_values(self):
        row = next(iter(self.db.query(
            "PREFIX ex: <http://example.org/> SELECT * WHERE { ex:alice ex:age ?age ; "
            "ex:height ?height ; ex:score ?score ; ex:active ?active ; ex:born ?born ; "
            "ex:birthday ?birthday ; ex:nick ?nick ; ex:code ?code ; ex:friendOf ?friend }")))
        self.assertEqual(row["age"], 34)
        self.assertIs(type(row["age"]), int)
        self.assertEqual(row["height"], decimal.Decimal("1.72"))
        self.assertIsInstance(row["height"], decimal.Decimal)
        self.assertEqual(row["score"], 9.5)
        self.assertIs(type(row["score"]), float)
        self.assertIs(row["active"], True)
        self.assertEqual(row["born"], datetime.datetime(1990, 5, 17, 8, 30, tzinfo=datetime.timezone.utc))
        self.assertEqual(row["birthday"], datetime.date(1990, 5, 17))
        self.assertEqual(row["nick"], kg.Literal("Ally", language="en"))
        self.assertEqual(row["code"], kg.Literal("A-1", datatype=EX + "code"))
        self.assertIsInstance(row["friend"], kg.BlankNode)

    def test_parameters_as_keywords(self):
        q = "PREFIX ex: <http://example.org/> SELECT ?name WHERE { ?p ex:name ?name ; ex:age ?age }"
        self.assertEqual([r["name"] for r in self.db.query(q, age=27)], ["Bob"])
        self.assertEqual([r["name"] for r in self.db.query(q, p=kg.IRI(EX + "carol"))], ["Carol"])
        # A hostile string is a value, never query text.
        self.assertEqual(list(self.db.query(q, name='x" } ; DROP ALL ; {')), [])
        # Names that clash with options go through params=.
        self.assertEqual([r["name"] for r in self.db.query(q, params={"?age": 41})], ["Carol"])
        with self.assertRaises(kg.UsageError):
            list(self.db.query(q, nosuch=1))
        with self.assertRaises(TypeError):
            list(self.db.query(q, age=object()))

    def test_typed_parameters_match_stored_values(self):
        self.db.load_string("""
            @prefix ex: <http://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
            ex:v ex:bool true ; ex:double "1.5"^^xsd:double ; ex:decimal 2.5 ; ex:int 7 ;
                 ex:dt "2020-01-02T03:04:05"^^xsd:dateTime ; ex:date "2020-01-02"^^xsd:date ;
                 ex:str "text" ; ex:lang "chat"@fr ; ex:custom "A-1"^^ex:code ; ex:iri ex:thing .
            """, format="ttl")
        values = {
            "bool": True, "double": 1.5, "decimal": decimal.Decimal("2.5"), "int": 7,
            "dt": datetime.datetime(2020, 1, 2, 3, 4, 5), "date": datetime.date(2020, 1, 2),
            "str": "text", "lang": kg.Literal("chat", language="fr"),
            "custom": kg.Literal("A-1", datatype=EX + "code"), "iri": kg.IRI(EX + "thing"),
        }
        for name, value in values.items():
            rows = list(self.db.query("SELECT ?p ?x WHERE { <http://example.org/v> ?p ?x }", x=value))
            self.assertEqual(rows, [{"p": kg.IRI(EX + name), "x": value}], name)

    def test_prepared(self):
        aged = self.db.prepare("PREFIX ex: <http://example.org/> SELECT ?name WHERE "
                               "{ ?p ex:age ?age ; ex:name ?name } ORDER BY ?name")
        self.assertEqual([r["name"] for r in aged.run(age=34)], ["Alice"])
        self.assertEqual([r["name"] for r in aged(age=41)], ["Carol"])
        self.assertEqual([r["name"] for r in aged()], ["Alice", "Bob", "Carol"])

    def test_ask_and_construct(self):
        self.assertTrue(self.db.ask("ASK { ?s <http://example.org/knows> ?o }"))
        self.assertFalse(self.db.ask("ASK { ?s <http://example.org/knows> ?o }", o=kg.IRI(EX + "alice")))
        triples = list(self.db.query("CONSTRUCT { ?o <http://example.org/knownBy> ?s } "
                                     "WHERE { ?s <http://example.org/knows> ?o }"))
        self.assertEqual(len(triples), 2)
        self.assertEqual(set(triples[0]), {"subject", "predicate", "object"})

    def test_syntax_errors_have_positions(self):
        with self.assertRaises(kg.QuerySyntaxError) as cm:
            self.db.query("SELECT ?x WHERE {\n  ?x ?y\n}")
        self.assertEqual(cm.exception.line, 3)
        self.assertGreaterEqual(cm.exception.column, 1)
        self.assertEqual(cm.exception.code, "syntax")
        self.assertIn("3:", str(cm.exception))
        with self.assertRaises(kg.QuerySyntaxError) as cm:
            self.db.update("INSERT DATA { <a:b> }")
        self.assertEqual(cm.exception.line, 1)
        with self.assertRaises(kg.QuerySyntaxError):
            kg.parse("SELEKT")
        self.assertTrue(kg.parse("SELECT * WHERE { ?s ?p ?o }"))

    def test_explain_and_statistics(self):
        self.assertTrue(self.db.explain("SELECT * WHERE { ?s <http://example.org/name> ?o }"))
        self.assertIn("total: 3 rows", self.db.explain("SELECT * WHERE { ?s <http://example.org/name> ?o }",
                                                       analyze=True))
        stats = self.db.statistics()
        self.assertEqual(stats["quads"], 16)
        self.assertEqual(stats["predicates"][0]["quads"], 3)


class Update(KgTestCase):
    def test_update(self):
        r = self.db.update("PREFIX ex: <http://example.org/> DELETE { ?p ex:age ?a } "
                           "INSERT { ?p ex:age ?b } WHERE { ?p ex:age ?a BIND(?a + 1 AS ?b) }")
        self.assertEqual((r.inserted, r.deleted), (3, 3))
        self.assertEqual([row["a"] for row in self.db.query(
            "SELECT ?a WHERE { <http://example.org/bob> <http://example.org/age> ?a }")], [28])

    def test_transaction_commits_and_rolls_back(self):
        with self.db.transaction() as tx:
            tx.load_string('<http://example.org/dave> <http://example.org/name> "Dave" .', format="nt")
            tx.update("INSERT DATA { <http://example.org/dave> <http://example.org/age> 19 }")
            self.assertTrue(list(tx.query("SELECT ?a WHERE { <http://example.org/dave> ?p ?a }")))
            self.assertFalse(self.db.ask("ASK { <http://example.org/dave> ?p ?o }"))
            # writing through the database on this thread would deadlock: refused
            with self.assertRaises(kg.UsageError):
                self.db.update("INSERT DATA { <a:x> <a:y> <a:z> }")
            with self.assertRaises(kg.QuerySyntaxError):
                tx.update("INSERT DATA { <a:b> }")  # leaves the transaction as it was
        self.assertTrue(self.db.ask("ASK { <http://example.org/dave> <http://example.org/age> 19 }"))
        with self.assertRaises(RuntimeError):
            with self.db.transaction() as tx:
                tx.update("INSERT DATA { <http://example.org/erin> <http://example.org/age> 5 }")
                raise RuntimeError("boom")
        self.assertFalse(self.db.ask("ASK { <http://example.org/erin> ?p ?o }"))
        tx = self.db.transaction()
        tx.update("INSERT DATA { <http://example.org/fay> <http://example.org/age> 5 }")
        tx.rollback()
        self.assertFalse(tx.active)
        self.db.update("INSERT DATA { <http://example.org/gus> <http://example.org/age> 5 }")
        self.assertFalse(self.db.ask("ASK { <http://example.org/fay> ?p ?o }"))

    def test_snapshot(self):
        with self.db.snapshot() as snap:
            self.db.update("INSERT DATA { <http://example.org/new> <http://example.org/name> \"New\" }")
            q = "SELECT ?n WHERE { ?p <http://example.org/name> ?n }"
            self.assertEqual(len(list(snap.query(q))), 3)
            self.assertEqual(len(list(self.db.query(q))), 4)



class Dump(KgTestCase):
    GRAPH_LINE = '<http://example.org/dave> <http://example.org/name> "Dave" <http://example.org/g> .\n'

    def setUp(self):
        super().setUp()
        self.db.load_string('<http://example.org/dave> <http://example.org/name> "Dave" .',
                            format="nt", graph=EX + "g")

    def test_text_in_both_formats(self):
        nquads = self.db.dump()
        self.assertIsInstance(nquads, str)
        self.assertEqual(nquads, self.db.dump(format="nquads"))
        self.assertEqual(len(nquads.splitlines()), 17)
        self.assertIn(self.GRAPH_LINE, nquads)
        self.assertIn('<http://example.org/alice> <http://example.org/nick> "Ally"@en .\n', nquads)
        # N-Triples holds the default graph only: the named graph's quad is left out.
        ntriples = self.db.dump(format="ntriples")
        self.assertEqual(len(ntriples.splitlines()), 16)
        self.assertNotIn("Dave", ntriples)
        self.assertEqual(set(ntriples.splitlines()), set(nquads.splitlines()) - {self.GRAPH_LINE[:-1]})

    def test_file_replaced_and_loads_back(self):
        import pathlib
        path = pathlib.Path(self.dir) / "dump.nq"
        path.write_text("old content, longer than nothing\n")
        self.assertEqual(self.db.dump(path), 17)
        self.assertEqual(path.read_text(), self.db.dump())
        self.assertEqual(self.db.dump(str(self.dir) + "/dump.nt", format="ntriples"), 16)
        self.assertEqual(sorted(os.listdir(self.dir)), ["db", "dump.nq", "dump.nt"])  # no temporaries
        with kg.open(os.path.join(self.dir, "copy")) as copy:
            copy.load(path)
            stats = copy.statistics()
            self.assertEqual(stats["quads"], 17)
            self.assertEqual(len(stats["graphs"]), 2)

    def test_errors(self):
        with self.assertRaises(kg.UsageError) as cm:
            self.db.dump(os.path.join(self.dir, "x.ttl"), format="yaml")
        self.assertIn("nquads", str(cm.exception))
        self.assertIn("ntriples", str(cm.exception))
        with self.assertRaises(kg.UsageError):
            self.db.dump(format="yaml")
        missing = os.path.join(self.dir, "missing", "dump.nq")
        with self.assertRaises(kg.FileError) as cm:
            self.db.dump(missing)
        self.assertEqual(cm.exception.code, "io")
        self.assertIn(missing, str(cm.exception))
        # The rename fails after the whole dump was written (the target is a directory): the
        # temporary file is removed.
        target = os.path.join(self.dir, "adir")
        os.mkdir(target)
        with self.assertRaises(kg.FileError):
            self.db.dump(target)
        self.assertEqual(sorted(os.listdir(self.dir)), ["adir", "db"])
        self.assertEqual(os.listdir(target), [])
        self.db.close()
        with self.assertRaises(kg.UsageError):
            self.db.dump()

    def test_docstring(self):
        self.assertIn("ntriples", kg.Database.dump.__doc__)


class Provenance(KgTestCase):
    """Facts extracted from text carry their source sentence; Python can ask where a fact came from."""

    def test_extract_and_ask_where_facts_came_from(self):
        article = os.path.join(os.path.dirname(__file__), "..", "..", "samples", "news", "article.txt")
        summary = self.db.extract(article, document="urn:doc:article")
        self.assertGreater(summary["facts"], 10)
        rows = list(self.db.query(
            "SELECT ?n ?text WHERE { << kg:e.Norvania ?p ?o >> kg:source ?src . "
            "?src kg:document <urn:doc:article> ; kg:sentenceIndex ?n ; kg:text ?text } "
            "ORDER BY ?n LIMIT 1"))
        self.assertEqual(len(rows), 1)
        self.assertIsInstance(rows[0]["n"], int)
        self.assertIn("Norvania", rows[0]["text"])
        again = self.db.extract(article, document="urn:doc:article")
        self.assertEqual(again["added"], 0)
        removed = self.db.remove_document("urn:doc:article")
        self.assertGreater(removed, 0)
        left = list(self.db.query("SELECT (COUNT(*) AS ?n) WHERE { ?src kg:document <urn:doc:article> }"))
        self.assertEqual(left[0]["n"], 0)

    def test_remove_document_by_path_and_unknown_document(self):
        path = os.path.join(self.dir, "wire.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write("Canada signed the declaration in Geneva.\n")
        self.db.extract(path)
        self.assertGreater(self.db.remove_document(path), 0)  # the path as given
        with self.assertRaises(kg.InputError):
            self.db.remove_document(path)  # gone now
        with self.assertRaises(kg.InputError):
            self.db.remove_document("urn:doc:never-extracted")

    def test_corpus_with_dates_titles_and_skip_of_unchanged_documents(self):
        corpus = os.path.join(self.dir, "wires.jsonl")
        with open(corpus, "w", encoding="utf-8") as f:
            f.write('{"id": "w1", "text": "The U.S. imposed new tariffs on steel on Monday.", '
                    '"date": "2026-12-02", "title": "Tariffs"}\n')
            f.write('{"id": "w2", "text": "The United States imposed new tariffs on steel."}\n')
            f.write('{"id": "w3", "text": \n')
        s = self.db.extract_corpus(corpus, jobs=2)
        self.assertEqual((s["documents"], s["failed"]), (2, 1))
        self.assertIn("wires.jsonl:3:", s["failures"][0])
        rows = list(self.db.query(
            "SELECT (COUNT(DISTINCT ?src) AS ?n) WHERE { "
            "<< kg:e.United_States kg:r.imposed kg:e.new_tariffs >> kg:source ?src }"))
        self.assertEqual(rows[0]["n"], 2, "one fact, two sources")
        rows = list(self.db.query(
            "SELECT ?d ?t WHERE { <urn:kg:doc:w1> kg:date ?d ; kg:title ?t }"))
        self.assertEqual(rows[0]["d"], datetime.date(2026, 12, 2))
        self.assertEqual(rows[0]["t"], "Tariffs")
        rows = list(self.db.query("SELECT ?day WHERE { ?ev kg:document <urn:kg:doc:w1> ; kg:date ?day }"))
        self.assertEqual([r["day"] for r in rows], [datetime.date(2026, 11, 30)])
        again = self.db.extract_corpus(corpus)
        self.assertEqual((again["documents"], again["skipped"], again["added"]), (0, 2, 0))

    def test_alias_table(self):
        self.db.add_aliases([("Acme Holdings", "Acme")])
        self.assertEqual(self.db.aliases(), [("Acme Holdings", "Acme")])
        path = os.path.join(self.dir, "acme.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            f.write('{"id": "a1", "text": "Acme signed a deal with Kenya."}\n')
        self.db.extract_corpus(path)
        rows = list(self.db.query("SELECT ?o WHERE { kg:e.Acme_Holdings kg:r.signed ?o }"))
        self.assertEqual(len(rows), 1)

    def test_merge_and_split_entities(self):
        self.db.extract(text="Acme Holdings signed a deal with Kenya.", document="urn:doc:m1")
        self.db.extract(text="AH Group opened an office in Nairobi.", document="urn:doc:m2")
        before = sorted(self.db.dump().splitlines())
        m = self.db.merge_entities("Acme Holdings", "AH Group", reason="same company")
        self.assertEqual((m["canonical_label"], m["merged_label"], m["reason"], m["origin"]),
                         ("Acme Holdings", "AH Group", "same company", "user"))
        self.assertEqual([x["merged"] for x in self.db.entity_merges()], [m["merged"]])
        self.assertTrue(self.db.ask('ASK { kg:e.Acme_Holdings kg:alias "AH Group" ; kg:mention kg:e.AH_Group }'))
        self.db.split_entities("Acme Holdings", "AH Group")
        self.assertEqual(sorted(self.db.dump().splitlines()), before)
        self.assertEqual(self.db.entity_merges(), [])
        self.assertEqual(self.db.resolve_entities(), 0)
        with self.assertRaises(kg.InputError):
            self.db.split_entities("Acme Holdings", "AH Group")

class BigData(unittest.TestCase):
    """A 1000 x 1000 cross product: 1,000,000 rows streamed through Python."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="kg-py-big-")
        cls.db = kg.open(os.path.join(cls.dir, "db"))
        lines = []
        for i in range(1000):
            lines.append("<http://example.org/a%d> <http://example.org/p> %d ." % (i, i))
            lines.append("<http://example.org/b%d> <http://example.org/q> %d ." % (i, i))
        cls.db.load_string("\n".join(lines), format="ttl")  # bare numbers

    @classmethod
    def tearDownClass(cls):
        cls.db.close()
        shutil.rmtree(cls.dir, ignore_errors=True)

    CROSS = "SELECT ?x ?y WHERE { ?a <http://example.org/p> ?x . ?b <http://example.org/q> ?y }"

    def test_streaming_memory_stays_flat(self):
        if os.environ.get("KG_SANITIZE") == "1":
            self.skipTest("AddressSanitizer keeps freed memory in quarantine: RSS says nothing here")
        gc.collect()
        result = self.db.query(self.CROSS)
        n = 0
        total = 0
        start_rss = None
        peak_rss = 0
        started = time.monotonic()
        for row in result:
            n += 1
            total += row["x"]
            if n == 1000:
                start_rss = rss_kib()
            elif n % 50000 == 0:
                peak_rss = max(peak_rss, rss_kib())
        seconds = time.monotonic() - started
        self.assertEqual(n, 1000000)
        self.assertEqual(total, 1000 * sum(range(1000)))
        growth = peak_rss - start_rss
        sys.stderr.write("\nstreaming 1,000,000 rows: RSS %d KiB after 1,000 rows, max %d KiB "
                         "while iterating (growth %d KiB), %.1f s, ru_maxrss %d KiB\n"
                         % (start_rss, peak_rss, growth, seconds,
                            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
        # A materialized result would take hundreds of MB; streaming stays within a few MB.
        self.assertLess(growth, 20 * 1024)

    def test_timeout_and_cancel(self):
        with self.assertRaises(kg.Timeout):
            for _ in self.db.query(self.CROSS, timeout=0.05):
                pass
        token = kg.CancelToken()
        result = self.db.query(self.CROSS, cancel=token)
        next(result)
        threading.Timer(0.05, token.cancel).start()
        with self.assertRaises(kg.Cancelled):
            for _ in result:
                pass

    def test_memory_limit_and_row_cap(self):
        # ORDER BY over 100,000 rows spills to disk in a 1 MB budget, and the top of the
        # order is that of the in-memory sort.
        some = self.CROSS[:-1] + " FILTER(?x < 100) }"
        want = [(r["x"], r["y"]) for r in self.db.query(some + " ORDER BY DESC(?x) DESC(?y) LIMIT 3")]
        self.assertEqual(want, [(99, 999), (99, 998), (99, 997)])
        spilled = self.db.query(some + " ORDER BY DESC(?x) DESC(?y)", memory_limit="1M")
        self.assertEqual([(r["x"], r["y"]) for r, _ in zip(spilled, range(3))], want)
        # Terms computed per row cannot spill: the budget error names the limit.
        with self.assertRaises(kg.LimitError) as caught:
            for _ in self.db.query(self.CROSS[:-1] +
                                   ' BIND(CONCAT("value number ", STR(?x * 1000 + ?y)) AS ?s) }',
                                   memory_limit=64 * 1024):
                pass
        self.assertIn("memory budget", str(caught.exception))
        with self.assertRaises(ValueError):
            self.db.query(self.CROSS, memory_limit="lots")
        with self.assertRaises(kg.LimitError):
            for _ in self.db.query(self.CROSS, max_rows=10):
                pass
        self.assertEqual(sum(1 for _ in self.db.query(self.CROSS + " LIMIT 10", max_rows=10)), 10)

    def test_gil_is_released_while_querying(self):
        # Two threads each stream part of the big result; with the GIL released during
        # evaluation both make progress and the results are complete.
        counts = [0, 0]

        def work(i):
            for _ in self.db.query(self.CROSS + " LIMIT 200000"):
                counts[i] += 1

        threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        ticks = 0
        while any(t.is_alive() for t in threads):
            ticks += 1  # the main thread keeps running meanwhile
            time.sleep(0.001)
        for t in threads:
            t.join()
        self.assertEqual(counts, [200000, 200000])
        self.assertGreater(ticks, 0)


if __name__ == "__main__":
    unittest.main()
