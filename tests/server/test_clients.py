"""Real SPARQL clients against `kg serve`: curl, SPARQLWrapper (JSON and XML results), and
rdflib's SPARQLStore / SPARQLUpdateStore (with the update token)."""
import json
import os
import subprocess
import unittest

from serve_harness import TOKEN, ServerTestCase

DATA = """
@prefix ex: <http://example.org/> .
ex:alice ex:knows ex:bob ; ex:name "Alice" .
ex:bob ex:name "Bob"@en .
"""

REQUIRE = os.environ.get("KG_REQUIRE_CLIENTS") == "1"


def optional_import(name):
    try:
        return __import__(name)
    except ImportError:
        return None


class Curl(ServerTestCase):
    DATA = DATA

    def curl(self, *args):
        proc = subprocess.run(["curl", "-s", "-S", "-w", "\n%{http_code}", *args], capture_output=True,
                              text=True, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        body, _, code = proc.stdout.rpartition("\n")
        return int(code), body

    def test_curl_query_update_and_store(self):
        base = self.server.base
        code, body = self.curl("-G", base + "/sparql", "--data-urlencode",
                               "query=SELECT ?n WHERE { ?s <http://example.org/name> ?n } ORDER BY ?n",
                               "-H", "Accept: text/csv")
        self.assertEqual((code, body), (200, "n\nAlice\nBob\n"))  # text mode turns \r\n into \n
        code, body = self.curl("-X", "POST", base + "/sparql", "-H", "Content-Type: application/sparql-update",
                               "-H", "Authorization: Bearer " + TOKEN,
                               "--data-binary", "INSERT DATA { <http://example.org/carol> <http://example.org/name> \"Carol\" }")
        self.assertEqual(code, 200, body)
        code, body = self.curl("-X", "PUT", base + "/store?graph=urn:curl", "-H", "Content-Type: text/turtle",
                               "-H", "Authorization: Bearer " + TOKEN, "--data-binary", "<urn:a> <urn:b> <urn:c> .")
        self.assertEqual(code, 201, body)
        code, body = self.curl(base + "/store?graph=urn:curl", "-H", "Accept: application/n-triples")
        self.assertEqual((code, body), (200, "<urn:a> <urn:b> <urn:c> .\n"))


@unittest.skipIf(optional_import("SPARQLWrapper") is None and not REQUIRE, "SPARQLWrapper is not installed")
class SparqlWrapperClient(ServerTestCase):
    DATA = DATA

    def test_json_and_xml(self):
        from SPARQLWrapper import JSON, XML, SPARQLWrapper
        endpoint = SPARQLWrapper(self.server.base + "/sparql")
        endpoint.setQuery("SELECT ?n WHERE { ?s <http://example.org/name> ?n } ORDER BY ?n")
        endpoint.setReturnFormat(JSON)
        rows = endpoint.query().convert()["results"]["bindings"]
        self.assertEqual([r["n"]["value"] for r in rows], ["Alice", "Bob"])
        self.assertEqual(rows[1]["n"]["xml:lang"], "en")
        endpoint.setReturnFormat(XML)
        document = endpoint.query().convert()
        literals = [l.firstChild.data for l in document.getElementsByTagName("literal")]
        self.assertEqual(literals, ["Alice", "Bob"])
        endpoint.setMethod("POST")
        endpoint.setReturnFormat(JSON)
        endpoint.setQuery("ASK { <http://example.org/alice> <http://example.org/knows> <http://example.org/bob> }")
        self.assertTrue(endpoint.query().convert()["boolean"])

    @unittest.skipIf(optional_import("rdflib") is None and not REQUIRE, "rdflib is not installed")
    def test_construct_in_every_format_it_asks_for(self):
        # SPARQLWrapper asks for RDF/XML by default (Accept and format=xml), for Turtle with
        # format=n3, and converts each answer into an rdflib graph.
        from rdflib import Graph
        from SPARQLWrapper import N3, RDFXML, TURTLE, XML, SPARQLWrapper
        expected = Graph().parse(data=DATA, format="turtle")
        for return_format in [None, XML, RDFXML, TURTLE, N3]:
            with self.subTest(return_format=return_format):
                endpoint = SPARQLWrapper(self.server.base + "/sparql")
                endpoint.setQuery("CONSTRUCT WHERE { ?s ?p ?o }")
                if return_format:
                    endpoint.setReturnFormat(return_format)
                answer = endpoint.query().convert()
                graph = answer if isinstance(answer, Graph) else Graph().parse(data=answer, format="turtle")
                self.assertEqual(set(graph), set(expected))


@unittest.skipIf(optional_import("rdflib") is None and not REQUIRE, "rdflib is not installed")
class RdflibStores(ServerTestCase):
    DATA = DATA

    def test_sparql_store_reads(self):
        from rdflib import Graph, Literal, URIRef
        from rdflib.plugins.stores.sparqlstore import SPARQLStore
        graph = Graph(store=SPARQLStore(self.server.base + "/sparql"))
        rows = list(graph.query("SELECT ?n WHERE { ?s <http://example.org/name> ?n } ORDER BY ?n"))
        self.assertEqual([str(r[0]) for r in rows], ["Alice", "Bob"])
        self.assertIn((URIRef("http://example.org/alice"), URIRef("http://example.org/name"), Literal("Alice")), graph)

    def test_sparql_store_construct_and_describe(self):
        # rdflib asks for "application/sparql-results+xml, application/rdf+xml" whatever the form.
        from rdflib import Graph, URIRef
        from rdflib.plugins.stores.sparqlstore import SPARQLStore
        graph = Graph(store=SPARQLStore(self.server.base + "/sparql"))
        constructed = graph.query("CONSTRUCT WHERE { ?s ?p ?o }").graph
        self.assertEqual(set(constructed), set(Graph().parse(data=DATA, format="turtle")))
        described = graph.query("DESCRIBE <http://example.org/bob>").graph
        self.assertIn(URIRef("http://example.org/bob"), set(described.subjects()))

    def test_json_ld_and_rdf_xml_read_back_as_the_same_graph(self):
        from rdflib import Graph
        expected = Graph().parse(data=DATA, format="turtle")
        for media_type, rdflib_format in [("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")]:
            with self.subTest(media_type=media_type):
                status, headers, body = self.server.query("CONSTRUCT WHERE { ?s ?p ?o }", accept=media_type)
                self.assertEqual(status, 200, body)
                self.assertEqual(headers.get("Content-Type"), media_type)
                self.assertEqual(set(Graph().parse(data=body, format=rdflib_format)), set(expected))

    def test_sparql_update_store_writes_with_the_token(self):
        from rdflib import Graph, Literal, URIRef
        from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore
        store = SPARQLUpdateStore(self.server.base + "/sparql", self.server.base + "/sparql",
                                  headers={"Authorization": "Bearer " + TOKEN})
        graph = Graph(store=store, identifier=URIRef("urn:rdflib"))
        triple = (URIRef("http://example.org/dave"), URIRef("http://example.org/name"), Literal("Dave"))
        graph.add(triple)
        self.assertIn(triple, graph)
        status, _, body = self.server.query(
            "ASK { GRAPH <urn:rdflib> { <http://example.org/dave> <http://example.org/name> \"Dave\" } }")
        self.assertTrue(json.loads(body)["boolean"])
        graph.remove(triple)
        self.assertNotIn(triple, graph)


if __name__ == "__main__":
    unittest.main()
