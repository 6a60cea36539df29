"""Shrinking a failing (dataset, query) pair while the difference persists.

Query trees are the generator's lists and dicts; every candidate is a fresh copy."""

import copy


def _expr_children(e):
    kind = e[0]
    if kind == "op":
        return [e[2], e[3]]
    if kind in ("not", "neg"):
        return [e[1]]
    if kind == "func":
        return list(e[2])
    if kind == "in":
        return [e[2]] + list(e[3])
    if kind == "agg":
        return [e[3]] if e[3] is not None else []
    return []


def expr_candidates(e):
    kind = e[0]
    out = []
    if kind in ("op", "not", "neg", "func", "in"):
        out.extend(copy.deepcopy(c) for c in _expr_children(e) if c[0] != "agg")
    if kind == "op":
        for i in (2, 3):
            for c in expr_candidates(e[i]):
                n = copy.deepcopy(e)
                n[i] = c
                out.append(n)
    elif kind in ("not", "neg"):
        for c in expr_candidates(e[1]):
            out.append([kind, c])
    elif kind == "func":
        if len(e[2]) > 1 and e[1] in ("COALESCE", "CONCAT"):
            for i in range(len(e[2])):
                n = copy.deepcopy(e)
                del n[2][i]
                out.append(n)
        for i, a in enumerate(e[2]):
            for c in expr_candidates(a):
                n = copy.deepcopy(e)
                n[2][i] = c
                out.append(n)
    elif kind == "in":
        for i in range(len(e[3])):
            n = copy.deepcopy(e)
            del n[3][i]
            out.append(n)
        for c in expr_candidates(e[2]):
            n = copy.deepcopy(e)
            n[2] = c
            out.append(n)
    elif kind == "exists":
        for g in group_candidates(e[2]):
            out.append([kind, e[1], g])
    elif kind == "agg":
        if e[2]:
            out.append(["agg", e[1], False, copy.deepcopy(e[3])])
        if e[3] is not None:
            for c in expr_candidates(e[3]):
                out.append(["agg", e[1], e[2], c])
    return out


def path_candidates(p):
    kind = p[0]
    out = []
    if kind in ("pseq", "palt"):
        out += [copy.deepcopy(p[1]), copy.deepcopy(p[2])]
        for c in path_candidates(p[1]):
            out.append([kind, c, copy.deepcopy(p[2])])
        for c in path_candidates(p[2]):
            out.append([kind, copy.deepcopy(p[1]), c])
    elif kind in ("pinv", "pmod"):
        out.append(copy.deepcopy(p[1]))
        for c in path_candidates(p[1]):
            n = copy.deepcopy(p)
            n[1] = c
            out.append(n)
    elif kind == "pneg" and len(p[1]) > 1:
        for i in range(len(p[1])):
            n = copy.deepcopy(p)
            del n[1][i]
            out.append(n)
    return out


def element_candidates(e):
    """Replacements for one group element (a list, possibly several elements to splice in)."""
    kind = e[0]
    out = []
    if kind in ("optional", "group_elem", "minus"):
        out.append(copy.deepcopy(e[1][1]))  # its elements, inline
        for g in group_candidates(e[1]):
            out.append([[kind, g]])
    elif kind == "union":
        for i, branch in enumerate(e[1]):
            out.append([["group_elem", copy.deepcopy(branch)]])
            if len(e[1]) > 2:
                n = copy.deepcopy(e)
                del n[1][i]
                out.append([n])
        for i, branch in enumerate(e[1]):
            for g in group_candidates(branch):
                n = copy.deepcopy(e)
                n[1][i] = g
                out.append([n])
    elif kind == "graph":
        out.append(copy.deepcopy(e[2][1]))
        for g in group_candidates(e[2]):
            out.append([["graph", copy.deepcopy(e[1]), g]])
    elif kind == "filter":
        for c in expr_candidates(e[1]):
            out.append([["filter", c]])
    elif kind == "bind":
        for c in expr_candidates(e[1]):
            out.append([["bind", c, e[2]]])
    elif kind == "values":
        for i in range(len(e[2])):
            n = copy.deepcopy(e)
            del n[2][i]
            out.append([n])
        if len(e[1]) > 1:
            for col in range(len(e[1])):
                n = copy.deepcopy(e)
                del n[1][col]
                for row in n[2]:
                    del row[col]
                out.append([n])
    elif kind == "subselect":
        out.append(copy.deepcopy(e[1]["where"][1]))
        for q in select_candidates(e[1]):
            out.append([["subselect", q]])
    elif kind == "triple":
        for c in path_candidates(e[2]):
            n = copy.deepcopy(e)
            n[2] = c
            out.append([n])
    return out


def group_candidates(g):
    elems = g[1]
    out = []
    for i in range(len(elems)):
        out.append(["group", copy.deepcopy(elems[:i] + elems[i + 1:])])
    for i, e in enumerate(elems):
        for replacement in element_candidates(e):
            out.append(["group", copy.deepcopy(elems[:i]) + replacement + copy.deepcopy(elems[i + 1:])])
    return out


def select_candidates(q):
    out = []

    def with_(**changes):
        n = copy.deepcopy(q)
        n.update(changes)
        out.append(n)

    if q.get("form") == "select":
        for key, empty in (("order_by", None), ("limit", None), ("offset", None), ("having", None),
                           ("distinct", "")):
            if q.get(key):
                with_(**{key: empty})
        if q.get("group_by") is not None:
            with_(group_by=None, project=None, having=None)
            for i, key in enumerate(q["group_by"]):
                n = copy.deepcopy(q)
                del n["group_by"][i]
                out.append(n)
                if key[0] == "as":
                    for c in expr_candidates(key[1]):
                        n = copy.deepcopy(q)
                        n["group_by"][i] = ["as", c, key[2]]
                        out.append(n)
        if q.get("project"):
            if q.get("group_by") is None:
                with_(project=None)
            if len(q["project"]) > 1:
                for i in range(len(q["project"])):
                    n = copy.deepcopy(q)
                    del n["project"][i]
                    out.append(n)
            for i, item in enumerate(q["project"]):
                if item[0] == "as":
                    for c in expr_candidates(item[1]):
                        n = copy.deepcopy(q)
                        n["project"][i] = ["as", c, item[2]]
                        out.append(n)
        if q.get("having") is not None:
            for c in expr_candidates(q["having"]):
                with_(having=c)
    if q.get("form") == "construct" and q.get("template") and len(q["template"]) > 1:
        for i in range(len(q["template"])):
            n = copy.deepcopy(q)
            del n["template"][i]
            out.append(n)
    for g in group_candidates(q["where"]):
        with_(where=g)
    return out


def shrink_dataset(quads, fails):
    """Delta debugging on the quads: drop chunks while fails(quads) holds."""
    quads = list(quads)
    chunk = max(1, len(quads) // 2)
    while quads:
        changed = False
        i = 0
        while i < len(quads):
            trial = quads[:i] + quads[i + chunk:]
            if fails(trial):
                quads = trial
                changed = True
            else:
                i += chunk
        if chunk == 1 and not changed:
            break
        if not changed:
            chunk = max(1, chunk // 2)
    return quads


def shrink_query(query, fails, budget=400):
    """Greedy: take the first smaller candidate that still fails, until none does."""
    tries = 0
    progress = True
    while progress and tries < budget:
        progress = False
        for candidate in select_candidates(query):
            tries += 1
            if tries >= budget:
                break
            if fails(candidate):
                query = candidate
                progress = True
                break
    return query
