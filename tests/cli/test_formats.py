"""kg dump / kg query in Turtle, TriG and SPARQL XML; kg load of RDF/XML and its errors."""
import unittest
import xml.etree.ElementTree as ET

from kgtest import KgTestCase

DATA = """@prefix ex: <http://example.org/> .
ex:alice a ex:Person ; ex:name "Alice" ; ex:knows ex:bob .
ex:g { ex:bob ex:name "Bob" . }
"""

RDFXML = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:foaf="http://xmlns.com/foaf/0.1/">
  <foaf:Person rdf:about="http://example.org/carol">
    <foaf:name>Carol</foaf:name>
  </foaf:Person>
</rdf:RDF>
"""


class Formats(KgTestCase):
    def setUp(self):
        super().setUp()
        self.kg("load", "--db", self.db, self.write("data.trig", DATA))

    def test_dump_turtle_and_trig_read_back(self):
        turtle, _ = self.kg("dump", "--db", self.db, "--format", "turtle")
        self.assertIn("@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .", turtle)
        self.assertIn("@prefix ex: <http://example.org/> .", turtle)  # declared by the loaded file
        self.assertIn("ex:alice a ex:Person ;", turtle)
        self.assertNotIn("Bob", turtle)  # Turtle is the default graph
        trig, _ = self.kg("dump", "--db", self.db, "--format", "trig")
        self.assertIn("ex:g {", trig)
        copy = self.db + "-copy"
        self.kg("load", "--db", copy, self.write("dump.trig", trig))
        self.assertEqual(sorted(self.dump().splitlines()), sorted(self.dump(copy).splitlines()))

    def test_query_formats(self):
        out, _ = self.kg("query", "--db", self.db, "--format", "xml",
                         "SELECT ?n WHERE { ?s <http://example.org/name> ?n }")
        root = ET.fromstring(out)
        ns = "{http://www.w3.org/2005/sparql-results#}"
        self.assertEqual([l.text for l in root.iter(ns + "literal")], ["Alice"])
        out, _ = self.kg("query", "--db", self.db, "--format", "turtle",
                         "PREFIX ex: <http://example.org/> CONSTRUCT WHERE { ex:alice ?p ?o }")
        self.assertIn("@prefix ex: <http://example.org/> .", out)
        self.assertIn("ex:alice a ex:Person ;", out)
        _, err = self.kg("query", "--db", self.db, "--format", "turtle", "SELECT * WHERE { ?s ?p ?o }", expect=2)
        self.assertIn("CONSTRUCT", err)

    def test_load_rdfxml(self):
        self.kg("load", "--db", self.db, self.write("people.rdf", RDFXML))
        out, _ = self.kg("query", "--db", self.db, "--format", "csv",
                         "SELECT ?n WHERE { ?p a <http://xmlns.com/foaf/0.1/Person> ; <http://xmlns.com/foaf/0.1/name> ?n }")
        self.assertEqual(out.splitlines(), ["n", "Carol"])
        bad = self.write("bad.owl", RDFXML.replace("</foaf:name>", "</foaf:nam>"))
        _, err = self.kg("load", "--db", self.db, bad, expect=1)
        self.assertIn("bad.owl:5:", err)
        self.assertIn("RDF/XML", err)

    def test_unknown_extension_names_the_known_formats(self):
        _, err = self.kg("load", "--db", self.db, self.write("data.json", "{}"), expect=2)
        self.assertIn("RDF/XML (.rdf .owl .xml)", err)
        self.assertNotIn("--format nt|nq", err)


if __name__ == "__main__":
    unittest.main()
