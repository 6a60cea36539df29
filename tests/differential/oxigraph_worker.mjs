// Answers SPARQL queries with Oxigraph (npm `oxigraph`) for the differential tester.
// Protocol: one JSON object per line on stdin, one JSON answer per line on stdout.
//   {"op": "load", "nquads": "..."}   -> {"ok": true}          (replaces the store)
//   {"op": "query", "sparql": "..."}  -> {"kind": "select", "rows": [{var: term}]}
//                                        {"kind": "ask", "value": bool}
//                                        {"kind": "graph", "triples": [[s, p, o]]}
//                                        {"error": "message"}
//   {"op": "update", "sparql": "..."} -> {"ok": true} | {"error": "message"}
//   {"op": "quads"}                   -> {"quads": [[s, p, o, g]]}  (g null: default graph)
// Terms: ["iri", v] ["bnode", label] ["literal", lexical, datatype, language]
//        ["triple", s, p, o].
// OXIGRAPH_NODE_DIR names the folder whose node_modules holds oxigraph.
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';

const require = createRequire(import.meta.url);
const nodeDir = process.env.OXIGRAPH_NODE_DIR || '.';
const ox = require(path.join(path.resolve(nodeDir), 'node_modules', 'oxigraph'));

function term(t) {
  switch (t.termType) {
    case 'NamedNode': return ['iri', t.value];
    case 'BlankNode': return ['bnode', t.value];
    case 'Literal': return ['literal', t.value, t.datatype.value, t.language || ''];
    case 'Quad': return ['triple', term(t.subject), term(t.predicate), term(t.object)];
    default: return ['other', String(t.value)];
  }
}

let store = new ox.Store();
const out = (obj) => process.stdout.write(JSON.stringify(obj) + '\n');

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on('line', (line) => {
  if (!line.trim()) return;
  let req;
  try { req = JSON.parse(line); } catch (e) { out({ error: 'bad request: ' + e.message }); return; }
  try {
    if (req.op === 'load') {
      store = new ox.Store();
      if (req.nquads) store.load(req.nquads, { format: 'application/n-quads' });
      out({ ok: true });
    } else if (req.op === 'query') {
      const res = store.query(req.sparql);
      if (typeof res === 'boolean') {
        out({ kind: 'ask', value: res });
      } else if (Array.isArray(res) && (res.length === 0 || res[0] instanceof Map)) {
        // An empty array is ambiguous between SELECT and CONSTRUCT; the caller knows the form.
        out({ kind: 'select', rows: res.map((b) => Object.fromEntries([...b].map(([k, v]) => [k, term(v)]))) });
      } else if (Array.isArray(res)) {
        out({ kind: 'graph', triples: res.map((q) => [term(q.subject), term(q.predicate), term(q.object)]) });
      } else {
        out({ error: 'unexpected result type' });
      }
    } else if (req.op === 'update') {
      store.update(req.sparql);
      out({ ok: true });
    } else if (req.op === 'quads') {
      out({ quads: store.match(null, null, null, null).map((q) => [term(q.subject), term(q.predicate), term(q.object),
        q.graph.termType === 'DefaultGraph' ? null : term(q.graph)]) });
    } else {
      out({ error: 'unknown op ' + req.op });
    }
  } catch (e) {
    out({ error: String((e && e.message) || e) });
  }
});
