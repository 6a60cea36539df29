"""kg and rdflib (Debian: python3-rdflib, which scripts/setup.sh installs): term conversions
both ways, rdflib terms as parameters, and db.graph(), an rdflib.Graph over the store.

Run from the build tree: PYTHONPATH=<build>/bindings/python /usr/bin/python3 -m unittest -v test_rdflib
"""
import datetime
import decimal
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import rdflib
from rdflib import BNode, Literal, URIRef, XSD

import kg
from kg.rdflib_view import QuotedTriple

EX = "http://example.org/"
DATA = """
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:alice ex:name "Alice" ; ex:age 34 ; ex:knows ex:bob ; ex:nick "Ally"@en ;
    ex:score "0.900"^^xsd:decimal ; ex:born "1990-05-17T08:30:00Z"^^xsd:dateTime ; ex:friendOf _:f .
_:f ex:name "Friend" .
ex:bob ex:name "Bob" ; ex:age 27 ; ex:knows ex:carol .
ex:carol ex:name "Carol" ; ex:age "041"^^xsd:integer .
<< ex:alice ex:knows ex:bob >> ex:since 2019 .
"""


class Conversions(unittest.TestCase):
    def test_terms_both_ways(self):
        cases = [
            (kg.IRI(EX + "a"), URIRef(EX + "a")),
            (kg.BlankNode("b1"), BNode("b1")),
            (kg.Literal("Ally", language="en"), Literal("Ally", lang="en")),
            (kg.Literal("plain"), Literal("plain")),  # xsd:string is rdflib's plain literal
            (kg.Literal("0.900", datatype=kg.XSD + "decimal"), Literal("0.900", datatype=XSD.decimal, normalize=False)),
            (kg.Literal("A-1", datatype=EX + "code"), Literal("A-1", datatype=URIRef(EX + "code"))),
        ]
        for ours, theirs in cases:
            converted = kg.to_rdflib(ours)
            self.assertEqual(converted, theirs, ours)
            self.assertEqual(type(converted), type(theirs))
            self.assertEqual(str(converted), str(theirs))  # the lexical form is kept ("0.900")
            self.assertEqual(kg.from_rdflib(theirs), ours, theirs)
        # Literal with an explicit xsd:string datatype is the same kg term as a plain one.
        self.assertEqual(kg.from_rdflib(Literal("x", datatype=XSD.string)), kg.Literal("x"))

    def test_python_values_and_quoted_triples(self):
        self.assertEqual(kg.to_rdflib(34), Literal(34))
        self.assertEqual(kg.to_rdflib(34).datatype, XSD.integer)
        self.assertEqual(kg.to_rdflib(decimal.Decimal("1.5")).datatype, XSD.decimal)
        self.assertEqual(kg.to_rdflib(0.5).datatype, XSD.double)
        self.assertEqual(kg.to_rdflib(True).datatype, XSD.boolean)
        self.assertEqual(kg.to_rdflib(datetime.date(2020, 1, 2)).datatype, XSD.date)
        self.assertIsNone(kg.to_rdflib(None))
        quoted = kg.to_rdflib(kg.Triple(kg.IRI(EX + "a"), kg.IRI(EX + "p"), kg.Literal("x")))
        self.assertIsInstance(quoted, QuotedTriple)
        self.assertEqual(quoted.n3(), '<< <%sa> <%sp> "x" >>' % (EX, EX))
        self.assertEqual(kg.from_rdflib(quoted), kg.Triple(kg.IRI(EX + "a"), kg.IRI(EX + "p"), kg.Literal("x")))
        with self.assertRaises(TypeError):
            kg.from_rdflib(rdflib.Variable("x"))
        with self.assertRaises(TypeError):
            kg.to_rdflib(object())

    def test_kg_does_not_import_rdflib_until_asked(self):
        code = "import sys, kg; print('rdflib' in sys.modules)"
        out = subprocess.run([sys.executable, "-c", code], stdout=subprocess.PIPE, universal_newlines=True,
                             check=True).stdout
        self.assertEqual(out.strip(), "False")


class GraphView(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="kg-rdflib-test-")
        self.db = kg.open(os.path.join(self.dir, "db"))
        self.db.load_string(DATA, format="ttl")
        self.db.load_string("<%sx> <%sin> <%sg> ." % (EX, EX, EX), format="nt", graph=EX + "g")
        self.graph = self.db.graph()

    def tearDown(self):
        self.db.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def test_len_and_iteration_match_the_store(self):
        self.assertIsInstance(self.graph, rdflib.Graph)
        quads = list(self.db.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))[0]["n"]
        self.assertEqual(len(self.graph), quads)
        self.assertEqual(len(list(self.graph)), quads)
        self.assertEqual(len(set(self.graph)), quads)
        self.assertIn((URIRef(EX + "alice"), URIRef(EX + "knows"), URIRef(EX + "bob")), self.graph)
        self.assertNotIn((URIRef(EX + "alice"), URIRef(EX + "knows"), URIRef(EX + "carol")), self.graph)

    def test_triples_with_bound_terms(self):
        alice, name = URIRef(EX + "alice"), URIRef(EX + "name")
        self.assertEqual(list(self.graph.objects(alice, name)), [Literal("Alice")])
        self.assertEqual(set(self.graph.subjects(name, Literal("Bob"))), {URIRef(EX + "bob")})
        self.assertEqual(self.graph.value(alice, URIRef(EX + "nick")), Literal("Ally", lang="en"))
        # Literals keep the stored lexical form, and match with it.
        score = self.graph.value(alice, URIRef(EX + "score"))
        self.assertEqual(str(score), "0.900")
        self.assertEqual(list(self.graph.subjects(URIRef(EX + "score"), score)), [alice])
        carol_age = self.graph.value(URIRef(EX + "carol"), URIRef(EX + "age"))
        self.assertEqual(str(carol_age), "041")
        self.assertEqual(list(self.graph.subjects(URIRef(EX + "age"), carol_age)), [URIRef(EX + "carol")])
        born = self.graph.value(alice, URIRef(EX + "born"))
        self.assertEqual(list(self.graph.subjects(None, born)), [alice])
        # A blank node from the store can be followed.
        friend = self.graph.value(alice, URIRef(EX + "friendOf"))
        self.assertIsInstance(friend, BNode)
        self.assertEqual(self.graph.value(friend, name), Literal("Friend"))
        # Property paths are rdflib's, over the view's triples().
        knows = URIRef(EX + "knows")
        self.assertEqual(set(self.graph.objects(alice, knows * "+")), {URIRef(EX + "bob"), URIRef(EX + "carol")})

    def test_quoted_triples_appear_as_quoted_triple_terms(self):
        statements = list(self.graph.triples((None, URIRef(EX + "since"), None)))
        self.assertEqual(len(statements), 1)
        subject = statements[0][0]
        self.assertIsInstance(subject, QuotedTriple)
        self.assertEqual(tuple(subject), (URIRef(EX + "alice"), URIRef(EX + "knows"), URIRef(EX + "bob")))
        self.assertEqual(list(self.graph.objects(subject, URIRef(EX + "since"))), [Literal(2019)])

    def test_sparql_through_rdflib(self):
        result = self.graph.query("PREFIX ex: <http://example.org/> "
                                  "SELECT ?n WHERE { ?p ex:name ?n ; ex:age ?a } ORDER BY ?n")
        self.assertEqual([row.n for row in result], [Literal("Alice"), Literal("Bob"), Literal("Carol")])
        # rdflib's initNs and initBindings (rdflib terms) work as they do on rdflib's own graphs.
        result = self.graph.query("SELECT ?n WHERE { ?p ex:name ?n }", initNs={"ex": EX},
                                  initBindings={"p": URIRef(EX + "bob")})
        self.assertEqual([row.n for row in result], [Literal("Bob")])
        # The graph's own prefixes (rdflib's and the store's) need no declaration.
        self.graph.bind("ex", URIRef(EX))
        self.assertTrue(self.graph.query("ASK { ex:alice ex:knows ex:bob }").askAnswer)
        constructed = self.graph.query("CONSTRUCT { ?b ex:knownBy ?a } WHERE { ?a ex:knows ?b }").graph
        self.assertEqual(len(constructed), 2)
        # A syntax error is kg's.
        with self.assertRaises(kg.QuerySyntaxError):
            self.graph.query("SELECT ?x WHERE { ?x ")

    def test_named_graph_view_and_serialization(self):
        named = self.db.graph(EX + "g")
        self.assertEqual(named.identifier, URIRef(EX + "g"))
        self.assertEqual(len(named), 1)
        self.assertEqual(list(named), [(URIRef(EX + "x"), URIRef(EX + "in"), URIRef(EX + "g"))])
        # rdflib's own SPARQL engine answers for a named-graph view, over triples().
        rows = list(named.query("SELECT ?s WHERE { ?s ?p ?o }"))
        self.assertEqual([r.s for r in rows], [URIRef(EX + "x")])
        # Serialized by rdflib and read back by rdflib: the same triples (without RDF-star).
        plain = rdflib.Graph()
        for triple in self.graph:
            if not any(isinstance(t, QuotedTriple) for t in triple):
                plain.add(triple)
        again = rdflib.Graph().parse(data=plain.serialize(format="turtle"), format="turtle")
        self.assertEqual(len(again), len(plain))

    def test_the_view_is_read_only(self):
        with self.assertRaises(kg.UsageError):
            self.graph.add((URIRef(EX + "a"), URIRef(EX + "b"), URIRef(EX + "c")))
        with self.assertRaises(kg.UsageError):
            self.graph.remove((None, None, None))
        with self.assertRaises(kg.UsageError):
            self.graph.update("INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }")
        self.assertEqual(len(list(self.db.query("SELECT * WHERE { <http://e/a> ?p ?o }"))), 0)

    def test_rdflib_terms_as_parameters_and_rows_back(self):
        q = "SELECT ?name WHERE { ?p <http://example.org/name> ?name }"
        self.assertEqual([r["name"] for r in self.db.query(q, p=URIRef(EX + "carol"))], ["Carol"])
        q = "SELECT ?p WHERE { ?p <http://example.org/nick> ?nick }"
        self.assertEqual([r["p"] for r in self.db.query(q, nick=Literal("Ally", lang="en"))], [kg.IRI(EX + "alice")])
        row = next(iter(self.db.query("SELECT ?p ?n WHERE { ?p <http://example.org/nick> ?n }")))
        self.assertEqual(kg.to_rdflib(row["p"]), URIRef(EX + "alice"))
        self.assertEqual(kg.to_rdflib(row["n"]), Literal("Ally", lang="en"))


if __name__ == "__main__":
    unittest.main()
