"""Rewrites of a query into an equivalent one (by SPARQL 1.1) that Oxigraph 0.5 answers as the
spec does, for the classes of queries it gets wrong: kg answers the original, Oxigraph the
rewrite, and the answers are compared.

- GRAPH ?g { P } is expanded over the named graphs of the dataset (18.6: the union over the
  named graphs i of Join(eval(D(D[i]), P), {?g -> i})):
      { { GRAPH <g1> { P } } VALUES ?g { <g1> } } UNION { { GRAPH <g2> { P } } VALUES ?g { <g2> } }
  and GRAPH <g> { P } with g not a graph of the dataset matches nothing (VALUES () {}).
- A triple pattern with a path that matches zero-length paths (*, ?) and a constant end that
  is not a node of the active graph: only the zero-length match is possible (a path of length
  one or more needs both ends in the graph), and the constant matches itself (18.4,
  ZeroLengthPath), so  :c p* ?x  is  VALUES ?x { :c }.
"""

import collections
import copy

NO_SOLUTION = ["values", [], []]
ONE_SOLUTION = ["group_elem", ["group", []]]


def graph_nodes(quads):
    """{graph (None: default) -> set of its subjects and objects}."""
    nodes = collections.defaultdict(set)
    for s, p, o, g in quads:
        nodes[None if g is None else tuple(g)].update((tuple(s), tuple(o)))
    return nodes


def dataset_of(query, quads):
    """(nodes of the default graph, [named graphs holding a quad]) of the query's dataset."""
    nodes = graph_nodes(quads)
    held = [g for g in nodes if g is not None]
    if query.get("with"):
        # an update's WITH <g> (and no USING): g is the default graph, the named graphs all
        return nodes.get(tuple(query["with"]), set()), sorted(held)
    if not query.get("dataset"):
        return nodes[None], sorted(held)
    default = set()
    for kind, g in query["dataset"]:
        if kind == "from":
            default |= nodes.get(tuple(g), set())
    named = sorted({tuple(g) for kind, g in query["dataset"] if kind == "named"} & set(held))
    return default, named


def expand_graph_variables(query, named):
    """The query with every GRAPH ?var { P } expanded over the named graphs (copies)."""
    query = copy.deepcopy(query)

    def expand(node):
        if isinstance(node, dict):
            for key in ("where", "having", "project"):
                if node.get(key) is not None:
                    node[key] = expand(node[key])
            return node
        if not isinstance(node, list) or not node:
            return node
        node = [expand(child) if isinstance(child, (list, dict)) else child for child in node]
        if node[0] == "graph" and node[1][0] == "var":
            if not named:
                return NO_SOLUTION
            branches = [["group", [["graph", ["const", g], copy.deepcopy(node[2])],
                                   ["values", [node[1][1]], [[g]]]]] for g in named]
            if len(branches) == 1:
                return ["group_elem", branches[0]]
            return ["union", branches]
        return node

    return expand(query)


def _nullable(path):
    kind = path[0]
    if kind == "pmod":
        return path[2] in "*?" or _nullable(path[1])
    if kind == "pseq":
        return _nullable(path[1]) and _nullable(path[2])
    if kind == "palt":
        return _nullable(path[1]) or _nullable(path[2])
    if kind == "pinv":
        return _nullable(path[1])
    return False


def _zero_length_only(triple, nodes):
    """The replacement of a nullable path triple with a constant end outside the active
    graph's nodes, or None when both ends are in it (or variables)."""
    s, o = triple[1], triple[3]
    outside = [end for end in (s, o) if end[0] == "const" and tuple(end[1]) not in nodes]
    if not outside:
        return None
    if s[0] == "const" and o[0] == "const":
        return ONE_SOLUTION if tuple(s[1]) == tuple(o[1]) else NO_SOLUTION
    const, other = (s, o) if s[0] == "const" else (o, s)
    if other[0] == "var":
        return ["values", [other[1]], [[tuple(const[1])]]]
    return ONE_SOLUTION  # [] : a blank node, not shown


def zero_length_rewritten(query, quads, named_graph_nodes=None):
    """The query with zero-length-only path triples replaced (see the module's doc); None
    when one sits inside GRAPH ?var (expand those first)."""
    default, named = dataset_of(query, quads)
    nodes = graph_nodes(quads)
    query = copy.deepcopy(query)
    stuck = [False]

    def visit(node, active):
        if isinstance(node, dict):
            for key in ("where", "having", "project"):
                if node.get(key) is not None:
                    visit(node[key], active)
            return
        if not isinstance(node, list) or not node:
            return
        if node[0] == "graph":
            if node[1][0] == "var":
                visit(node[2], "var")
            elif tuple(node[1][1]) in named:
                visit(node[2], nodes.get(tuple(node[1][1]), set()))
            else:
                visit(node[2], "absent")
            return
        if node[0] == "group":
            for i, element in enumerate(node[1]):
                if element[0] == "triple" and element[2][0] != "var" and _nullable(element[2]):
                    if active == "var":
                        if any(end[0] == "const" for end in (element[1], element[3])):
                            stuck[0] = True
                        continue
                    if active == "absent":
                        continue  # the GRAPH itself matches nothing
                    replacement = _zero_length_only(element, active)
                    if replacement is not None:
                        node[1][i] = replacement
                else:
                    visit(element, active)
            return
        for child in node:
            if isinstance(child, (list, dict)):
                visit(child, active)

    visit(query, default)
    return None if stuck[0] else query


def absent_graphs_emptied(query, quads):
    """GRAPH <g> { P } with g not a named graph of the dataset replaced by no solution."""
    _, named = dataset_of(query, quads)
    query = copy.deepcopy(query)

    def visit(node):
        if isinstance(node, dict):
            for key in ("where", "having", "project"):
                if node.get(key) is not None:
                    node[key] = visit(node[key])
            return node
        if not isinstance(node, list) or not node:
            return node
        node = [visit(child) if isinstance(child, (list, dict)) else child for child in node]
        if node[0] == "graph" and node[1][0] == "const" and tuple(node[1][1]) not in named:
            return NO_SOLUTION
        return node

    return visit(query)
