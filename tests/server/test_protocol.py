"""SPARQL 1.1 Protocol and Graph Store Protocol tests against a real `kg serve`."""
import json
import os
import signal
import unittest
import urllib.parse
import xml.etree.ElementTree as ET

from serve_harness import SAMPLES, TOKEN, Server, ServerTestCase, run_kg

DATA = """
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:alice a ex:Person ; rdfs:label "Alice" ; ex:knows ex:bob ; ex:age 42 .
ex:bob a ex:Person ; rdfs:label "Bob"@en .
ex:g1 { ex:carol ex:knows ex:dave . }
ex:g2 { ex:erin ex:knows ex:frank . }
"""

SPARQL_RESULTS = "{http://www.w3.org/2005/sparql-results#}"


class QueryProtocol(ServerTestCase):
    DATA = DATA

    def select_json(self, query, **params):
        status, headers, body = self.server.query(query, **params)
        self.assertEqual(status, 200, body)
        return json.loads(body)

    def test_get_post_form_and_post_direct_give_the_same_rows(self):
        q = "SELECT ?s WHERE { ?s <http://example.org/knows> ?o } ORDER BY ?s"
        via_get = self.select_json(q)
        status, _, body = self.server.request(
            "POST", "/sparql", urllib.parse.urlencode({"query": q}),
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
        self.assertEqual(status, 200)
        via_form = json.loads(body)
        status, _, body = self.server.request(
            "POST", "/sparql", q, {"Content-Type": "application/sparql-query",
                                   "Accept": "application/sparql-results+json"})
        self.assertEqual(status, 200)
        self.assertEqual(via_get, via_form)
        self.assertEqual(via_get, json.loads(body))
        self.assertEqual([b["s"]["value"] for b in via_get["results"]["bindings"]], ["http://example.org/alice"])

    def test_xml_results(self):
        status, headers, body = self.server.query(
            "SELECT ?l WHERE { <http://example.org/bob> <http://www.w3.org/2000/01/rdf-schema#label> ?l }",
            accept="application/sparql-results+xml")
        self.assertEqual(status, 200)
        self.assertTrue(headers["Content-Type"].startswith("application/sparql-results+xml"))
        root = ET.fromstring(body)
        literal = root.find(f"{SPARQL_RESULTS}results/{SPARQL_RESULTS}result/{SPARQL_RESULTS}binding/{SPARQL_RESULTS}literal")
        self.assertEqual(literal.text, "Bob")
        self.assertEqual(literal.get("{http://www.w3.org/XML/1998/namespace}lang"), "en")
        status, _, body = self.server.query("ASK { ?s ?p ?o }", accept="application/sparql-results+xml")
        self.assertEqual(ET.fromstring(body).find(f"{SPARQL_RESULTS}boolean").text, "true")

    def test_csv_tsv_and_q_values(self):
        q = "SELECT ?age WHERE { ?s <http://example.org/age> ?age }"
        status, headers, body = self.server.query(q, accept="text/csv")
        self.assertEqual(body.decode(), "age\r\n42\r\n")
        status, headers, body = self.server.query(q, accept="text/tab-separated-values")
        self.assertEqual(body.decode(), '?age\n"42"^^<http://www.w3.org/2001/XMLSchema#integer>\n')
        # The higher q-value wins, whatever the order.
        status, headers, body = self.server.query(
            q, accept="application/sparql-results+json;q=0.5, text/csv;q=0.9, */*;q=0.1")
        self.assertTrue(headers["Content-Type"].startswith("text/csv"), headers["Content-Type"])
        status, headers, body = self.server.query(q, accept="text/*;q=0.2, application/sparql-results+xml")
        self.assertTrue(headers["Content-Type"].startswith("application/sparql-results+xml"))
        # q=0 refuses a type.
        status, headers, body = self.server.query(q, accept="application/sparql-results+json;q=0, */*")
        self.assertFalse(headers["Content-Type"].startswith("application/sparql-results+json"))

    def test_format_parameter_and_406(self):
        q = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
        status, headers, _ = self.server.query(q, accept="text/html", format="xml")
        self.assertEqual(status, 200)
        self.assertTrue(headers["Content-Type"].startswith("application/sparql-results+xml"))
        status, _, body = self.server.query(q, accept="image/png")
        self.assertEqual(status, 406)
        self.assertIn(b"application/sparql-results+json", body)
        status, _, _ = self.server.query(q, format="yaml")
        self.assertEqual(status, 406)
        status, _, _ = self.server.query("CONSTRUCT WHERE { ?s ?p ?o }", accept="application/sparql-results+json")
        self.assertEqual(status, 406)

    def test_construct_formats_use_the_store_prefixes(self):
        q = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
        status, headers, body = self.server.query(q, accept="text/turtle")
        self.assertEqual(status, 200)
        self.assertTrue(headers["Content-Type"].startswith("text/turtle"))
        text = body.decode()
        self.assertIn("@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .", text)
        self.assertIn("rdfs:label", text)
        self.assertIn("@prefix ex: <http://example.org/> .", text)  # the store's, from the loaded data
        self.assertIn("ex:alice a ex:Person ;", text)
        status, headers, body = self.server.query(q, accept="application/n-triples")
        self.assertEqual(headers["Content-Type"], "application/n-triples")
        self.assertEqual(len(body.decode().strip().splitlines()), 6)
        status, headers, body = self.server.query(
            "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", accept="application/trig")
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Type"], "application/trig")
        # No Accept: Turtle.
        status, headers, _ = self.server.request("GET", "/sparql?" + urllib.parse.urlencode({"query": q}))
        self.assertTrue(headers["Content-Type"].startswith("text/turtle"))

    def test_dataset_parameters(self):
        q = "SELECT ?s WHERE { ?s <http://example.org/knows> ?o } ORDER BY ?s"
        rows = self.select_json(q, **{"default-graph-uri": "http://example.org/g1"})["results"]["bindings"]
        self.assertEqual([r["s"]["value"] for r in rows], ["http://example.org/carol"])
        # Two default graphs merge; the parameters replace the query's FROM.
        query = urllib.parse.urlencode([("query", "SELECT ?s FROM <http://example.org/g2> WHERE { ?s ?p ?o } ORDER BY ?s"),
                                        ("default-graph-uri", "http://example.org/g1"),
                                        ("default-graph-uri", "http://example.org/g2")])
        status, _, body = self.server.request("GET", "/sparql?" + query, headers={"Accept": "application/json"})
        self.assertEqual([r["s"]["value"] for r in json.loads(body)["results"]["bindings"]],
                         ["http://example.org/carol", "http://example.org/erin"])
        rows = self.select_json("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                                **{"named-graph-uri": "http://example.org/g2"})["results"]["bindings"]
        self.assertEqual([r["g"]["value"] for r in rows], ["http://example.org/g2"])

    def test_syntax_error_is_400_with_position(self):
        status, headers, body = self.server.query("SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER(?s = ) }")
        self.assertEqual(status, 400)
        self.assertIn("line 3, column", body.decode())
        self.assertIn("expected", body.decode())

    def test_service_description(self):
        status, headers, body = self.server.request("GET", "/sparql")
        self.assertEqual(status, 200)
        self.assertTrue(headers["Content-Type"].startswith("text/turtle"))
        text = body.decode()
        self.assertIn("sd:Service", text)
        self.assertIn("sd:SPARQL11Query", text)
        self.assertIn("sd:SPARQL11Update", text)  # the server has a token
        self.assertIn("sd:name <http://example.org/g1>", text)

    def test_update_needs_the_token(self):
        status, _, _ = self.server.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }", token=None)
        self.assertEqual(status, 401)
        status, _, _ = self.server.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }", token="wrong")
        self.assertEqual(status, 401)
        status, _, body = self.server.query("ASK { <urn:a> <urn:b> <urn:c> }")
        self.assertFalse(json.loads(body)["boolean"])
        status, _, body = self.server.request("GET", "/sparql?update=" + urllib.parse.quote("CLEAR ALL"))
        self.assertEqual(status, 400)

    def test_updates_by_form_and_direct_post(self):
        status, _, body = self.server.update("INSERT DATA { GRAPH <urn:u> { <urn:a> <urn:b> 1 } }")
        self.assertEqual(status, 200, body)
        status, _, body = self.server.request(
            "POST", "/sparql", urllib.parse.urlencode({"update": "INSERT DATA { GRAPH <urn:u> { <urn:a> <urn:b> 2 } }"}),
            {"Content-Type": "application/x-www-form-urlencoded", "Authorization": "Bearer " + TOKEN})
        self.assertEqual(status, 200, body)
        # using-graph-uri: the WHERE reads <urn:u> as its default graph.
        status, _, body = self.server.request(
            "POST", "/sparql?using-graph-uri=urn%3Au",
            "INSERT { GRAPH <urn:copy> { ?s ?p ?o } } WHERE { ?s ?p ?o }",
            {"Content-Type": "application/sparql-update", "Authorization": "Bearer " + TOKEN})
        self.assertEqual(status, 200, body)
        status, _, body = self.server.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:copy> { ?s ?p ?o } }")
        self.assertEqual(json.loads(body)["results"]["bindings"][0]["n"]["value"], "2")
        # A dataset in the request and USING in the update is an error.
        status, _, body = self.server.request(
            "POST", "/sparql?using-graph-uri=urn%3Au",
            "INSERT { ?s ?p ?o } USING <urn:u> WHERE { ?s ?p ?o }",
            {"Content-Type": "application/sparql-update", "Authorization": "Bearer " + TOKEN})
        self.assertEqual(status, 400)
        status, _, body = self.server.update("DROP GRAPH <urn:u> ; DROP GRAPH <urn:copy>")
        self.assertEqual(status, 200, body)

    def test_bad_update_changes_nothing(self):
        status, _, body = self.server.update("INSERT DATA { <urn:n> <urn:p> 1 } ; INSERT DATA { <urn:n> <urn:p> ")
        self.assertEqual(status, 400)
        self.assertIn(b"line 1", body)
        status, _, body = self.server.query("ASK { <urn:n> <urn:p> 1 }")
        self.assertFalse(json.loads(body)["boolean"])

    def test_unsupported_media_type_and_method(self):
        status, _, _ = self.server.request("POST", "/sparql", "x", {"Content-Type": "text/plain"})
        self.assertEqual(status, 415)
        status, headers, _ = self.server.request("DELETE", "/sparql")
        self.assertEqual(status, 405)

    def test_large_results_stream_in_chunks(self):
        values = " ".join(str(i) for i in range(3000))
        q = f"SELECT ?a ?b WHERE {{ VALUES ?a {{ {values} }} VALUES ?b {{ 1 2 3 4 5 6 7 8 9 10 }} }}"
        status, headers, body = self.server.request(
            "POST", "/sparql", q, {"Content-Type": "application/sparql-query", "Accept": "text/csv"})
        self.assertEqual(status, 200)
        self.assertEqual(headers.get("Transfer-Encoding"), "chunked")
        self.assertEqual(len(body.decode().splitlines()), 30001)

    def test_prefixes_endpoint(self):
        status, _, body = self.server.request("GET", "/prefixes")
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body)["rdfs"], "http://www.w3.org/2000/01/rdf-schema#")
        self.assertEqual(json.loads(body)["ex"], "http://example.org/")  # declared by the loaded data

    def test_access_log_has_a_line_per_request(self):
        before = len(self.server.log)
        self.server.request("GET", "/sparql?query=ASK%7B%7D&marker=logtest")
        self.server.request("GET", "/nope-logtest")
        for _ in range(200):
            lines = [l for l in self.server.log[before:] if "logtest" in l]
            if len(lines) == 2:
                break
            import time
            time.sleep(0.05)
        self.assertEqual(len(lines), 2, self.server.log[before:])
        # A line is written when its response is done, so the two may come in either order.
        query = [l for l in lines if "/sparql" in l]
        missing = [l for l in lines if "/nope-logtest" in l]
        self.assertEqual(len(query), 1, lines)
        self.assertRegex(query[0], r'^127\.0\.0\.1 - \[[0-9T:\-]+Z\] "GET /sparql\?query=ASK%7B%7D&marker=logtest" 200 \d+ [\d.]+ms')
        self.assertEqual(len(missing), 1, lines)
        self.assertIn('" 404 ', missing[0])


class GraphStoreProtocol(ServerTestCase):
    DATA = DATA

    def auth(self, content_type=None):
        headers = {"Authorization": "Bearer " + TOKEN}
        if content_type:
            headers["Content-Type"] = content_type
        return headers

    def count(self, graph):
        where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
        _, _, body = self.server.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])

    def test_get_head_and_404(self):
        status, headers, body = self.server.request("GET", "/store?graph=http%3A%2F%2Fexample.org%2Fg1",
                                                    headers={"Accept": "application/n-triples"})
        self.assertEqual(status, 200)
        self.assertEqual(body.decode(), "<http://example.org/carol> <http://example.org/knows> <http://example.org/dave> .\n")
        status, headers, body = self.server.request("HEAD", "/store?default")
        self.assertEqual(status, 200)
        self.assertEqual(body, b"")
        self.assertTrue(headers["Content-Type"].startswith("text/turtle"))
        status, _, _ = self.server.request("GET", "/store?graph=urn%3Anone")
        self.assertEqual(status, 404)
        status, _, _ = self.server.request("GET", "/store")
        self.assertEqual(status, 400)

    def test_put_post_delete(self):
        g = "urn:gsp:put"
        path = "/store?graph=" + urllib.parse.quote(g, safe="")
        status, _, body = self.server.request("PUT", path, "<urn:a> <urn:b> 1 , 2 .", self.auth("text/turtle"))
        self.assertEqual(status, 201, body)
        self.assertEqual(self.count(g), 2)
        status, _, _ = self.server.request("PUT", path, "<urn:a> <urn:b> \"3\" .\n", self.auth("application/n-triples"))
        self.assertEqual(status, 204)
        self.assertEqual(self.count(g), 1)
        rdfxml = ('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                  'xmlns:ex="http://example.org/"><rdf:Description rdf:about="urn:x"><ex:p>v</ex:p>'
                  '</rdf:Description></rdf:RDF>')
        status, _, body = self.server.request("POST", path, rdfxml, self.auth("application/rdf+xml"))
        self.assertEqual(status, 204, body)
        self.assertEqual(self.count(g), 2)
        status, _, _ = self.server.request("DELETE", path, headers=self.auth())
        self.assertEqual(status, 204)
        self.assertEqual(self.count(g), 0)
        status, _, _ = self.server.request("DELETE", path, headers=self.auth())
        self.assertEqual(status, 404)

    def test_bad_body_is_400_and_changes_nothing(self):
        before = self.count("http://example.org/g1")
        status, _, body = self.server.request("PUT", "/store?graph=http%3A%2F%2Fexample.org%2Fg1",
                                              "<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> .\n",
                                              self.auth("text/turtle"))
        self.assertEqual(status, 400)
        self.assertIn("line 2", body.decode())
        self.assertEqual(self.count("http://example.org/g1"), before)
        status, _, _ = self.server.request("PUT", "/store?default", "x", self.auth("application/json"))
        self.assertEqual(status, 415)

    def test_writes_need_the_token(self):
        status, _, _ = self.server.request("PUT", "/store?default", "<urn:a> <urn:b> <urn:c> .",
                                           {"Content-Type": "text/turtle"})
        self.assertEqual(status, 401)


class ReadOnlyAndLimits(ServerTestCase):
    DATA = DATA
    TOKEN = None
    SERVE_ARGS = ("--max-request-size", "0.001", "--cors", "*")

    def test_read_only_without_token(self):
        status, _, body = self.server.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }", token="anything")
        self.assertEqual(status, 403)
        self.assertIn(b"--update-token", body)
        status, _, body = self.server.request("GET", "/sparql")
        self.assertNotIn(b"SPARQL11Update", body)

    def test_request_too_large_is_413(self):
        big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 5000
        status, _, _ = self.server.request("POST", "/sparql", big, {"Content-Type": "application/sparql-query"})
        self.assertEqual(status, 413)
        # The server still answers.
        status, _, _ = self.server.query("ASK {}")
        self.assertEqual(status, 200)

    def test_cors(self):
        status, headers, _ = self.server.query("ASK {}")
        self.assertEqual(headers["Access-Control-Allow-Origin"], "*")
        status, headers, _ = self.server.request("OPTIONS", "/sparql", headers={
            "Origin": "http://elsewhere", "Access-Control-Request-Method": "POST"})
        self.assertEqual(status, 204)
        self.assertIn("POST", headers["Access-Control-Allow-Methods"])
        self.assertIn("Authorization", headers["Access-Control-Allow-Headers"])


class Timeout(ServerTestCase):
    DATA = "".join(f"<urn:s{i}> <urn:p> <urn:o{i}> .\n" for i in range(400))
    SERVE_ARGS = ("--timeout", "0.3")

    def test_timeout_is_503(self):
        status, _, body = self.server.query(
            "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }")
        self.assertEqual(status, 503, body)
        self.assertIn(b"timeout", body.lower())


class Shutdown(unittest.TestCase):
    def test_sigterm_and_sigint_stop_cleanly(self):
        import tempfile, shutil
        tmp = tempfile.mkdtemp(prefix="kg-serve-")
        try:
            db = os.path.join(tmp, "store.db")
            run_kg("update", "--db", db, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
            for sig in (signal.SIGTERM, signal.SIGINT):
                server = Server(db)
                status, _, _ = server.update("INSERT DATA { <urn:a> <urn:b> <urn:d> }")
                self.assertEqual(status, 200)
                self.assertEqual(server.stop(sig), 0)
                self.assertTrue(any("stopped" in l for l in server.log), server.log)
            out = run_kg("query", "--db", db, "--format", "csv", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }").stdout
            self.assertEqual(out.splitlines()[1], "2")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
