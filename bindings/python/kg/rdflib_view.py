"""kg and rdflib: term conversions both ways, and an rdflib Store that reads a kg database.

Imported on first use by kg.to_rdflib, kg.from_rdflib and Database.graph(), so that kg itself
does not need rdflib (Debian: python3-rdflib).
"""

import datetime
import decimal
import re

import rdflib
from rdflib.store import Store
from rdflib.term import BNode, Identifier, URIRef, Variable

import kg

_XSD_STRING = kg.XSD + "string"


class QuotedTriple(Identifier):
    """An RDF-star quoted triple as an rdflib term (rdflib has none of its own): written
    << s p o >> in N3, with `subject`, `predicate` and `object` as rdflib terms."""

    def __new__(cls, subject, predicate, object):  # noqa: A002
        text = "<< %s %s %s >>" % (subject.n3(), predicate.n3(), object.n3())
        term = super().__new__(cls, text)
        term.subject, term.predicate, term.object = subject, predicate, object
        return term

    def __iter__(self):
        return iter((self.subject, self.predicate, self.object))

    def __reduce__(self):
        return (QuotedTriple, (self.subject, self.predicate, self.object))

    def n3(self, namespace_manager=None):
        return "<< %s %s %s >>" % tuple(t.n3(namespace_manager) for t in self)

    def toPython(self):
        return self


def to_rdflib(value):
    """See kg.to_rdflib."""
    if value is None:
        return None
    if isinstance(value, kg.IRI):
        return URIRef(value.value)
    if isinstance(value, kg.BlankNode):
        return BNode(value.label)
    if isinstance(value, kg.Literal):
        if value.language:
            return rdflib.Literal(value.value, lang=value.language)
        if value.datatype == _XSD_STRING:
            return rdflib.Literal(value.value)  # rdflib's plain literal (datatype None)
        return rdflib.Literal(value.value, datatype=URIRef(value.datatype), normalize=False)
    if isinstance(value, kg.Triple):
        return QuotedTriple(to_rdflib(value.subject), to_rdflib(value.predicate), to_rdflib(value.object))
    if isinstance(value, rdflib.term.Node):
        return value
    if isinstance(value, (str, bool, int, float, decimal.Decimal, datetime.date)):
        return rdflib.Literal(value)  # rdflib picks the XSD datatype of the Python type
    raise TypeError("cannot convert a value of type %s to an rdflib term" % type(value).__name__)


def from_rdflib(term):
    """See kg.from_rdflib."""
    if isinstance(term, QuotedTriple):
        return kg.Triple(from_rdflib(term.subject), from_rdflib(term.predicate), from_rdflib(term.object))
    if isinstance(term, URIRef):
        return kg.IRI(str(term))
    if isinstance(term, BNode):
        return kg.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return kg.Literal(str(term), language=term.language)
        return kg.Literal(str(term), datatype=str(term.datatype) if term.datatype else None)
    raise TypeError("cannot convert %r to a kg term (only URIRef, BNode, Literal and QuotedTriple)" % (term,))


def _read_only(*args, **kwargs):
    raise kg.UsageError("the rdflib view of a kg store is read-only: change the store with "
                        "Database.update(), load() or load_string()", code="usage")


class KgStore(Store):
    """An rdflib Store over one graph of a kg Database (the default graph, or a named one).
    Matching and counting run as kg queries; nothing is copied."""

    context_aware = False
    formula_aware = False
    transaction_aware = False
    graph_aware = False

    def __init__(self, database, graph=None):
        super().__init__()
        self.database = database
        self.graph_iri = None if graph is None else kg.IRI(graph.value if isinstance(graph, kg.IRI) else graph)
        self._prefix_of = {}
        self._namespace_of = {}
        for prefix, namespace in database.prefixes().items():
            self.bind(prefix, URIRef(namespace))

    def _pattern(self, inner):
        if self.graph_iri is None:
            return "{ %s }" % inner
        return "{ GRAPH ?g { %s } }" % inner

    def _parameters(self):
        return {} if self.graph_iri is None else {"g": self.graph_iri}

    def triples(self, triple_pattern, context=None):
        parameters = self._parameters()
        for name, term in zip(("s", "p", "o"), triple_pattern):
            if term is not None and not isinstance(term, Variable):
                parameters[name] = from_rdflib(term)
        result = self.database.query("SELECT ?s ?p ?o WHERE " + self._pattern("?s ?p ?o"),
                                     params=parameters).as_terms()
        contexts = () if context is None else (context,)
        for row in result:
            yield (to_rdflib(row["s"]), to_rdflib(row["p"]), to_rdflib(row["o"])), iter(contexts)

    def __len__(self, context=None):
        rows = list(self.database.query("SELECT (COUNT(*) AS ?n) WHERE " + self._pattern("?s ?p ?o"),
                                        params=self._parameters()))
        return int(rows[0]["n"])

    def contexts(self, triple=None):
        return iter(())

    add = addN = remove = _read_only

    # Prefixes: the store's own, plus those rdflib binds; kept in this view only.
    def bind(self, prefix, namespace, override=True, replace=False):
        prefix, namespace = str(prefix), URIRef(namespace)
        if not override and (prefix in self._namespace_of or namespace in self._prefix_of):
            return
        old = self._namespace_of.pop(prefix, None)
        if old is not None:
            self._prefix_of.pop(old, None)
        old_prefix = self._prefix_of.pop(namespace, None)
        if old_prefix is not None:
            self._namespace_of.pop(old_prefix, None)
        self._namespace_of[prefix] = namespace
        self._prefix_of[namespace] = prefix

    def namespace(self, prefix):
        return self._namespace_of.get(prefix)

    def prefix(self, namespace):
        return self._prefix_of.get(URIRef(namespace))

    def namespaces(self):
        return iter(list(self._namespace_of.items()))

    def query(self, query, initNs, initBindings, queryGraph, **kwargs):  # noqa: N803 (rdflib's names)
        """SPARQL text on the default-graph view runs in kg; anything else (rdflib's prepared
        queries, named-graph views) falls back to rdflib's engine over triples()."""
        if not isinstance(query, str) or self.graph_iri is not None or kwargs:
            raise NotImplementedError
        # rdflib passes every namespace it knows; declare those the query uses and does not
        # declare itself, on one line so that error lines move by one at most.
        declared = set(re.findall(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?:", query))
        used = [(p, ns) for p, ns in (initNs or {}).items()
                if p not in declared and re.search(r"(?<![\w<])%s:" % re.escape(p), query)]
        text = query
        if used:
            text = " ".join("PREFIX %s: <%s>" % (p, ns) for p, ns in used) + "\n" + query
        parameters = {str(name): from_rdflib(value) for name, value in (initBindings or {}).items()}
        result = self.database.query(text, params=parameters).as_terms()
        if result.form == "ask":
            out = rdflib.query.Result("ASK")
            out.askAnswer = result.boolean
            return out
        if result.form == "select":
            out = rdflib.query.Result("SELECT")
            out.vars = [Variable(v) for v in result.variables]
            out.bindings = [{Variable(k): to_rdflib(v) for k, v in row.items() if v is not None}
                            for row in result]
            return out
        graph = rdflib.Graph()
        for row in result:
            graph.add((to_rdflib(row["subject"]), to_rdflib(row["predicate"]), to_rdflib(row["object"])))
        out = rdflib.query.Result(result.form.upper())
        out.graph = graph
        return out

    def update(self, update, initNs, initBindings, queryGraph, **kwargs):  # noqa: N803
        _read_only()


def graph_of(database, graph=None):
    """See Database.graph."""
    store = KgStore(database, graph)
    identifier = None if store.graph_iri is None else URIRef(store.graph_iri.value)
    return rdflib.Graph(store=store, identifier=identifier)
