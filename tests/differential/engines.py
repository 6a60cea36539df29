"""The engines the differential tester runs a query on: kg (its Python module), Oxigraph (npm
package, through oxigraph_worker.mjs) and rdflib (Debian python3-rdflib).

Each engine has load(nquads_text) and query(sparql, form) -> an answer dict:
  {"kind": "select", "rows": [{var: term}]} | {"kind": "ask", "value": bool}
  | {"kind": "graph", "triples": [(s, p, o)]} | {"error": message}
with terms as in compare.py.
"""

import json
import os
import select
import shutil
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANG = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class EngineMissing(Exception):
    pass


# ---- kg ----

class KgEngine:
    name = "kg"

    def __init__(self, build_dir, timeout=10, module_dir=None):
        import sys
        module_dir = module_dir or os.path.join(build_dir, "bindings", "python")
        if not os.path.isdir(os.path.join(module_dir, "kg")):
            raise EngineMissing("kg Python module not built in %s (ninja kg_python)" % module_dir)
        sys.path.insert(0, module_dir)
        import kg  # noqa: E402
        self.kg = kg
        self.timeout = timeout
        base = "/dev/shm" if os.path.isdir("/dev/shm") else None
        self.root = tempfile.mkdtemp(prefix="kgdiff-", dir=base)
        self.db = None
        self.count = 0
        self.memory_limit = None  # bytes; small ones make sorts, groups and joins spill

    def close(self):
        if self.db is not None:
            self.db.close()
            self.db = None
        shutil.rmtree(self.root, ignore_errors=True)

    def load(self, nquads):
        if self.db is not None:
            self.db.close()
            shutil.rmtree(self.path, ignore_errors=True)
        self.count += 1
        self.path = os.path.join(self.root, "db%d" % self.count)
        self.db = self.kg.open(self.path)
        if nquads.strip():
            self.db.load_string(nquads, format="nq")

    def term(self, v):
        kg = self.kg
        if isinstance(v, kg.IRI):
            return ("iri", v.value)
        if isinstance(v, kg.BlankNode):
            return ("bnode", v.label)
        if isinstance(v, kg.Literal):
            return ("literal", v.value, v.datatype, v.language or "")
        if isinstance(v, kg.Triple):
            return ("triple", self.term(v.subject), self.term(v.predicate), self.term(v.object))
        raise TypeError("unexpected value %r" % (v,))

    def query(self, sparql, form):
        try:
            options = {"timeout": self.timeout}
            if self.memory_limit:
                options["memory_limit"] = self.memory_limit
            result = self.db.query(sparql, **options).as_terms()
            if result.form == "ask":
                return {"kind": "ask", "value": bool(result.boolean)}
            rows = []
            for row in result:
                rows.append({k: self.term(v) for k, v in row.items() if v is not None})
            if result.form in ("construct", "describe"):
                return {"kind": "graph", "triples": [(r["subject"], r["predicate"], r["object"]) for r in rows]}
            return {"kind": "select", "rows": rows}
        except self.kg.Error as e:
            return {"error": "%s: %s" % (type(e).__name__, e)}

    def update(self, sparql):
        """Runs a SPARQL update: {"ok": True} or {"error": message}."""
        try:
            self.db.update(sparql, timeout=self.timeout)
            return {"ok": True}
        except self.kg.Error as e:
            return {"error": "%s: %s" % (type(e).__name__, e)}

    def quads(self):
        """Every quad of the store as (s, p, o, g) terms, g None for the default graph."""
        answer = self.query("SELECT ?s ?p ?o ?g { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }", "select")
        if "error" in answer:
            raise RuntimeError("kg dump: " + answer["error"])
        return [(r["s"], r["p"], r["o"], r.get("g")) for r in answer["rows"]]


# ---- Oxigraph ----

def find_oxigraph():
    """The folder whose node_modules holds oxigraph: $KG_OXIGRAPH_DIR (or $OXIGRAPH_NODE_DIR),
    else the cache folder scripts/setup-oxigraph.sh installs into."""
    candidates = []
    for name in ("KG_OXIGRAPH_DIR", "OXIGRAPH_NODE_DIR"):
        if os.environ.get(name):
            candidates.append(os.environ[name])
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    candidates.append(os.path.join(cache, "kg-oxigraph"))
    for c in candidates:
        if os.path.isfile(os.path.join(c, "node_modules", "oxigraph", "package.json")):
            return c
    return None


def _term_from_json(t):
    kind = t[0]
    if kind == "iri":
        return ("iri", t[1])
    if kind == "bnode":
        return ("bnode", t[1])
    if kind == "literal":
        return ("literal", t[1], t[2], t[3])
    if kind == "triple":
        return ("triple", _term_from_json(t[1]), _term_from_json(t[2]), _term_from_json(t[3]))
    return ("other", t[1])


class OxigraphEngine:
    name = "oxigraph"

    def __init__(self, timeout=20):
        self.node_dir = find_oxigraph()
        if self.node_dir is None:
            raise EngineMissing("Oxigraph is not installed (run scripts/setup-oxigraph.sh, or set "
                                "KG_OXIGRAPH_DIR to the folder whose node_modules holds it)")
        if shutil.which("node") is None:
            raise EngineMissing("node not found")
        self.timeout = timeout
        self.proc = None
        self.nquads = ""
        self.version = json.load(open(os.path.join(self.node_dir, "node_modules", "oxigraph", "package.json")))["version"]
        self._start()

    def _start(self):
        env = dict(os.environ, OXIGRAPH_NODE_DIR=self.node_dir)
        self.proc = subprocess.Popen(["node", os.path.join(HERE, "oxigraph_worker.mjs")], env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)

    def close(self):
        if self.proc is not None:
            self.proc.stdin.close()
            self.proc.wait(timeout=10)
            self.proc = None

    def _call(self, request):
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], self.timeout)
        if not ready:
            self.proc.kill()
            self.proc.wait()
            self._start()
            self._call({"op": "load", "nquads": self.nquads})
            return {"error": "timeout"}
        line = self.proc.stdout.readline()
        if not line:
            self._start()
            self._call({"op": "load", "nquads": self.nquads})
            return {"error": "worker died"}
        return json.loads(line)

    def load(self, nquads):
        self.nquads = nquads
        answer = self._call({"op": "load", "nquads": nquads})
        if "error" in answer:
            raise RuntimeError("oxigraph load: " + answer["error"])

    def query(self, sparql, form):
        answer = self._call({"op": "query", "sparql": sparql})
        if "error" in answer:
            if "unreachable" in answer["error"]:
                # A WebAssembly trap (a panic in Oxigraph): start afresh, not a comparison.
                self.close()
                self._start()
                self._call({"op": "load", "nquads": self.nquads})
                return {"error": "timeout"}
            return answer
        if answer.get("kind") == "select" and form in ("construct", "describe"):
            return {"kind": "graph", "triples": []}
        if answer["kind"] == "select":
            return {"kind": "select", "rows": [{k: _term_from_json(v) for k, v in r.items()} for r in answer["rows"]]}
        if answer["kind"] == "graph":
            return {"kind": "graph", "triples": [tuple(_term_from_json(t) for t in tr) for tr in answer["triples"]]}
        return answer

    def update(self, sparql):
        answer = self._call({"op": "update", "sparql": sparql})
        if "error" in answer and "unreachable" in answer["error"]:
            self.close()
            self._start()
            return {"error": "timeout"}
        return answer

    def quads(self):
        answer = self._call({"op": "quads"})
        if "error" in answer:
            raise RuntimeError("oxigraph dump: " + answer["error"])
        return [tuple(_term_from_json(t) if t else None for t in q) for q in answer["quads"]]


# ---- rdflib ----

class RdflibEngine:
    name = "rdflib"

    def __init__(self):
        try:
            import rdflib  # noqa: F401
        except ImportError:
            raise EngineMissing("rdflib not installed (Debian python3-rdflib)")
        import rdflib
        self.rdflib = rdflib
        self.version = rdflib.__version__
        self.dataset = None

    def close(self):
        pass

    def load(self, nquads):
        self.dataset = self.rdflib.Dataset()
        if nquads.strip():
            self.dataset.parse(data=nquads, format="nquads")

    def term(self, v):
        r = self.rdflib
        if isinstance(v, r.URIRef):
            return ("iri", str(v))
        if isinstance(v, r.BNode):
            return ("bnode", str(v))
        if isinstance(v, r.Literal):
            if v.language:
                return ("literal", str(v), RDF_LANG, v.language)
            return ("literal", str(v), str(v.datatype) if v.datatype else XSD + "string", "")
        raise TypeError("unexpected rdflib value %r" % (v,))

    def query(self, sparql, form):
        try:
            result = self.dataset.query(sparql)
            if result.type == "ASK":
                return {"kind": "ask", "value": bool(result.askAnswer)}
            if result.type in ("CONSTRUCT", "DESCRIBE"):
                return {"kind": "graph", "triples": [tuple(self.term(x) for x in t) for t in result.graph]}
            rows = []
            for row in result:
                d = row.asdict()
                rows.append({str(k): self.term(v) for k, v in d.items() if v is not None})
            return {"kind": "select", "rows": rows}
        except Exception as e:  # rdflib raises many kinds
            return {"error": "%s: %s" % (type(e).__name__, e)}
