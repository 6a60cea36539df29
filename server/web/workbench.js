// The kg workbench: a SPARQL editor (CodeMirror) over /sparql, a results table, and an entity
// view that draws an entity's neighbourhood (d3-force) and the provenance of each edge.
'use strict';

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const RDFS_LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';
const KG = 'http://kg.local/ns#';
let prefixes = {};

// ---------- talking to /sparql ----------

async function sparql(text, accept) {
  const response = await fetch('sparql', {
    method: 'POST',
    headers: { 'Content-Type': 'application/sparql-query', 'Accept': accept },
    body: text,
  });
  const body = await response.text();
  if (!response.ok) {
    const error = new Error(body.trim() || response.statusText);
    error.status = response.status;
    throw error;
  }
  return { type: response.headers.get('Content-Type') || '', body };
}

async function select(text) {
  const { body } = await sparql(text, 'application/sparql-results+json');
  return JSON.parse(body);
}

function iriRef(iri) { return '<' + iri.replace(/[<>"{}|^`\\]/g, c => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')) + '>'; }

function termRef(t) {
  if (t.type === 'uri') return iriRef(t.value);
  if (t.type === 'triple') return '<< ' + termRef(t.value.subject) + ' ' + termRef(t.value.predicate) + ' ' + termRef(t.value.object) + ' >>';
  if (t.type === 'literal') {
    let s = JSON.stringify(t.value);
    if (t['xml:lang']) s += '@' + t['xml:lang'];
    else if (t.datatype) s += '^^' + iriRef(t.datatype);
    return s;
  }
  return null;  // blank nodes cannot be named in a query
}

// ---------- display of terms ----------

function compact(iri) {
  let best = null;
  for (const [name, ns] of Object.entries(prefixes)) {
    if (ns && iri.startsWith(ns) && /^[A-Za-z0-9_.\-]*$/.test(iri.slice(ns.length)) && (!best || ns.length > best[1].length)) best = [name, ns];
  }
  return best ? best[0] + ':' + iri.slice(best[1].length) : iri;
}

function shortLabel(iri) {
  const c = compact(iri);
  const local = c.includes(':') && c !== iri ? c.slice(c.indexOf(':') + 1) : iri.replace(/^.*[\/#]/, '');
  return local.replace(/^e\./, '').replace(/^r\./, '').replace(/_/g, ' ');
}

function termNode(t) {
  const span = document.createElement('span');
  if (!t) return span;
  if (t.type === 'uri') {
    const a = document.createElement('a');
    a.className = 'iri';
    a.textContent = compact(t.value);
    a.title = t.value;
    a.dataset.iri = t.value;
    a.addEventListener('click', () => openEntity(t.value));
    return a;
  }
  if (t.type === 'bnode') { span.textContent = '_:' + t.value; return span; }
  if (t.type === 'triple') {
    span.append('<< ', termNode(t.value.subject), ' ', termNode(t.value.predicate), ' ', termNode(t.value.object), ' >>');
    return span;
  }
  span.className = 'literal';
  span.textContent = t.value;
  if (t['xml:lang']) { const l = document.createElement('span'); l.className = 'lang'; l.textContent = ' @' + t['xml:lang']; span.append(l); }
  else if (t.datatype) { const d = document.createElement('span'); d.className = 'datatype'; d.textContent = ' ' + compact(t.datatype); span.append(d); }
  return span;
}

// ---------- the query editor ----------

const editor = CodeMirror.fromTextArea(document.getElementById('query'), {
  mode: 'application/sparql-query', lineNumbers: true, matchBrackets: true, indentUnit: 2,
  extraKeys: { 'Ctrl-Enter': () => runQuery(), 'Cmd-Enter': () => runQuery() },
});
let errorMark = null, errorLine = null;

function clearError() {
  if (errorMark) errorMark.clear();
  if (errorLine !== null) editor.removeLineClass(errorLine, 'background', 'error-line');
  errorMark = null; errorLine = null;
  document.getElementById('query-error').textContent = '';
}

function showError(message) {
  document.getElementById('query-error').textContent = message;
  const m = /line (\d+), column (\d+)/.exec(message);
  if (!m) return;
  const line = Number(m[1]) - 1, ch = Number(m[2]) - 1;
  const text = editor.getLine(line) || '';
  const rest = text.slice(ch).match(/^\S+/);
  const end = rest ? ch + rest[0].length : Math.min(ch + 1, text.length);
  errorLine = line;
  editor.addLineClass(line, 'background', 'error-line');
  errorMark = editor.markText({ line, ch }, { line, ch: Math.max(end, ch + 1) }, { className: 'cm-error-at' });
  editor.setCursor({ line, ch });
  editor.focus();
}

function setStatus(text) { document.getElementById('status').textContent = text; }

async function runQuery() {
  clearError();
  const results = document.getElementById('results');
  results.textContent = 'running...';
  const started = performance.now();
  try {
    const { type, body } = await sparql(editor.getValue(),
      'application/sparql-results+json, text/turtle;q=0.9');
    const ms = Math.round(performance.now() - started);
    results.textContent = '';
    if (type.startsWith('text/turtle')) {
      const pre = document.createElement('pre');
      pre.className = 'graph-result';
      pre.textContent = body;
      results.append(pre);
      setStatus('graph in ' + ms + ' ms');
      return;
    }
    const json = JSON.parse(body);
    if ('boolean' in json) {
      results.textContent = 'ASK: ' + json.boolean;
      setStatus('answered in ' + ms + ' ms');
      return;
    }
    results.append(resultsTable(json));
    setStatus(json.results.bindings.length + ' rows in ' + ms + ' ms');
  } catch (e) {
    results.textContent = '';
    showError(e.message);
    setStatus('error');
  }
}

function resultsTable(json) {
  const table = document.createElement('table');
  table.className = 'results';
  const head = table.createTHead().insertRow();
  for (const v of json.head.vars) { const th = document.createElement('th'); th.textContent = '?' + v; head.append(th); }
  const body = table.createTBody();
  for (const b of json.results.bindings) {
    const row = body.insertRow();
    for (const v of json.head.vars) row.insertCell().append(termNode(b[v]));
  }
  return table;
}

document.getElementById('run').addEventListener('click', runQuery);

// ---------- prefixes ----------

async function loadPrefixes() {
  try {
    prefixes = await (await fetch('prefixes')).json();
  } catch (e) { prefixes = {}; }
  const box = document.getElementById('prefixes');
  box.textContent = '';
  for (const [name, iri] of Object.entries(prefixes)) {
    const chip = document.createElement('span');
    chip.textContent = name + ':';
    chip.title = iri;
    chip.addEventListener('click', () => {
      const line = 'PREFIX ' + name + ': <' + iri + '>\n';
      if (!editor.getValue().includes(line)) editor.replaceRange(line, { line: 0, ch: 0 });
    });
    box.append(chip);
  }
  if (!editor.getValue().trim()) {
    const lines = Object.entries(prefixes).map(([n, i]) => 'PREFIX ' + n + ': <' + i + '>');
    editor.setValue(lines.join('\n') + '\n\nSELECT ?s ?p ?o WHERE {\n  ?s ?p ?o\n}\nLIMIT 25\n');
  }
}

// ---------- search by label ----------

let searchTimer = null;
document.getElementById('search').addEventListener('input', e => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => search(e.target.value), 250);
});
document.getElementById('search-form').addEventListener('submit', e => { e.preventDefault(); search(document.getElementById('search').value); });

async function search(text) {
  const box = document.getElementById('search-results');
  text = text.trim();
  if (text.length < 2) { box.hidden = true; return; }
  const q = 'SELECT DISTINCT ?e ?label WHERE { ?e <' + RDFS_LABEL + '> ?label . ' +
            'FILTER(CONTAINS(LCASE(STR(?label)), ' + JSON.stringify(text.toLowerCase()) + ')) } LIMIT 20';
  try {
    const json = await select(q);
    box.textContent = '';
    for (const b of json.results.bindings) {
      if (b.e.type !== 'uri') continue;
      const item = document.createElement('div');
      item.textContent = b.label.value + '  (' + compact(b.e.value) + ')';
      item.dataset.iri = b.e.value;
      item.addEventListener('click', () => { box.hidden = true; openEntity(b.e.value); });
      box.append(item);
    }
    if (!box.childElementCount) box.textContent = 'no entity with that label';
    box.hidden = false;
  } catch (e) { box.textContent = e.message; box.hidden = false; }
}

// ---------- the entity view ----------

const graph = { nodes: new Map(), edges: new Map(), expanded: new Set(), focus: null };
let simulation = null;

function nodeFor(iri) {
  if (!graph.nodes.has(iri)) graph.nodes.set(iri, { id: iri, label: shortLabel(iri), types: [] });
  return graph.nodes.get(iri);
}

async function openEntity(iri) {
  document.getElementById('entity-pane').hidden = false;
  document.getElementById('provenance').hidden = true;
  graph.nodes.clear(); graph.edges.clear(); graph.expanded.clear();
  graph.focus = iri;
  nodeFor(iri);
  await expand(iri);
  await showDetails(iri);
  document.getElementById('entity-pane').scrollIntoView({ behavior: 'smooth' });
}

async function expand(iri) {
  if (graph.expanded.has(iri)) return;
  graph.expanded.add(iri);
  const e = iriRef(iri);
  const q = 'SELECT ?p ?o ?dir ?label ?type WHERE {' +
    ' { ' + e + ' ?p ?o . BIND("out" AS ?dir) } UNION { ?o ?p ' + e + ' . BIND("in" AS ?dir) }' +
    ' FILTER(isIRI(?o) && ?p != <' + RDF_TYPE + '>)' +
    ' OPTIONAL { ?o <' + RDFS_LABEL + '> ?label } OPTIONAL { ?o <' + RDF_TYPE + '> ?type } } LIMIT 300';
  const json = await select(q);
  const self = nodeFor(iri);
  for (const b of json.results.bindings) {
    const other = nodeFor(b.o.value);
    if (b.label && other.label === shortLabel(other.id)) other.label = b.label.value;
    if (b.type && !other.types.includes(b.type.value)) other.types.push(b.type.value);
    const [s, o] = b.dir.value === 'out' ? [self, other] : [other, self];
    const key = s.id + ' ' + b.p.value + ' ' + o.id;
    if (!graph.edges.has(key)) graph.edges.set(key, { key, source: s.id, target: o.id, predicate: b.p.value, label: shortLabel(b.p.value) });
    if (graph.nodes.size > 80) break;
  }
  const info = await select('SELECT ?label ?type WHERE { OPTIONAL { ' + e + ' <' + RDFS_LABEL + '> ?label } OPTIONAL { ' + e + ' <' + RDF_TYPE + '> ?type } }');
  for (const b of info.results.bindings) {
    if (b.label) self.label = b.label.value;
    if (b.type && !self.types.includes(b.type.value)) self.types.push(b.type.value);
  }
  draw();
}

async function showDetails(iri) {
  const title = document.getElementById('entity-title');
  title.textContent = nodeFor(iri).label + '  ';
  const small = document.createElement('span'); small.className = 'hint'; small.textContent = compact(iri);
  title.append(small);
  const json = await select('SELECT ?p ?o WHERE { ' + iriRef(iri) + ' ?p ?o FILTER(isLiteral(?o)) } LIMIT 100');
  const box = document.getElementById('entity-details');
  box.textContent = '';
  const table = resultsTable({ head: { vars: ['p', 'o'] }, results: { bindings: json.results.bindings } });
  box.append(table);
}

function draw() {
  const svg = d3.select('#graph');
  const width = svg.node().getBoundingClientRect().width || 800, height = 460;
  const nodes = Array.from(graph.nodes.values());
  const edges = Array.from(graph.edges.values()).map(e => Object.assign(e, {
    source: typeof e.source === 'object' ? e.source.id : e.source,
    target: typeof e.target === 'object' ? e.target.id : e.target,
  }));
  // Edges between the same two nodes bend apart, so each keeps a visible, clickable label.
  const pairs = new Map();
  for (const e of edges) {
    const pair = [e.source, e.target].sort().join(' ');
    e.bend = pairs.get(pair) || 0;
    pairs.set(pair, e.bend + 1);
  }
  svg.selectAll('*').remove();
  const color = d3.scaleOrdinal(d3.schemeTableau10);
  const edge = svg.append('g').selectAll('g').data(edges).join('g')
    .attr('class', 'edge').attr('data-key', d => d.key)
    .on('click', d => showProvenance(d));
  edge.append('path');
  edge.append('path').attr('class', 'hit');
  edge.append('text').text(d => d.label).attr('text-anchor', 'middle');
  const node = svg.append('g').selectAll('g').data(nodes).join('g')
    .attr('class', d => 'node' + (d.id === graph.focus ? ' focus' : '')).attr('data-iri', d => d.id)
    .on('click', d => { expand(d.id); })
    .on('dblclick', d => openEntity(d.id))
    .call(d3.drag()
      .on('start', d => { if (!d3.event.active) simulation.alphaTarget(0.3).restart(); d.fx = d.x; d.fy = d.y; })
      .on('drag', d => { d.fx = d3.event.x; d.fy = d3.event.y; })
      .on('end', d => { if (!d3.event.active) simulation.alphaTarget(0); d.fx = null; d.fy = null; }));
  node.append('circle').attr('r', d => d.id === graph.focus ? 11 : 8)
    .attr('fill', d => color(d.types[0] || ''));
  node.append('text').text(d => d.label).attr('x', 12).attr('y', 4);
  node.append('text').attr('class', 'type').text(d => d.types.map(compact).join(', ')).attr('x', 12).attr('y', 15);
  node.append('title').text(d => d.id);
  if (simulation) simulation.stop();
  simulation = d3.forceSimulation(nodes)
    .force('link', d3.forceLink(edges).id(d => d.id).distance(110))
    .force('charge', d3.forceManyBody().strength(-260))
    .force('center', d3.forceCenter(width / 2, height / 2))
    .force('collide', d3.forceCollide(24))
    .on('tick', () => {
      for (const n of nodes) { n.x = Math.max(15, Math.min(width - 15, n.x)); n.y = Math.max(15, Math.min(height - 15, n.y)); }
      const control = d => {
        const mx = (d.source.x + d.target.x) / 2, my = (d.source.y + d.target.y) / 2;
        const dx = d.target.x - d.source.x, dy = d.target.y - d.source.y, len = Math.hypot(dx, dy) || 1;
        const off = d.bend ? (d.bend % 2 ? 1 : -1) * Math.ceil(d.bend / 2) * 28 : 0;
        return [mx - dy / len * off, my + dx / len * off];
      };
      edge.selectAll('path').attr('d', d => {
        const [cx, cy] = control(d);
        return 'M' + d.source.x + ',' + d.source.y + ' Q' + cx + ',' + cy + ' ' + d.target.x + ',' + d.target.y;
      });
      edge.select('text').attr('x', d => (d.source.x + d.target.x) / 4 + control(d)[0] / 2)
        .attr('y', d => (d.source.y + d.target.y) / 4 + control(d)[1] / 2 - 3);
      node.attr('transform', d => 'translate(' + d.x + ',' + d.y + ')');
    });
}

// The bytes [start, end) of a UTF-8 text, as characters (spans are byte offsets).
function byteSlice(text, start, end) {
  const bytes = new TextEncoder().encode(text);
  return new TextDecoder().decode(bytes.slice(Math.max(0, start), Math.max(0, end)));
}

async function showProvenance(edge) {
  d3.selectAll('#graph .edge').classed('selected', d => d.key === edge.key);
  const box = document.getElementById('provenance');
  box.hidden = false;
  box.textContent = 'reading sources...';
  const fact = '<< ' + iriRef(edge.source.id || edge.source) + ' ' + iriRef(edge.predicate) + ' ' + iriRef(edge.target.id || edge.target) + ' >>';
  const q = 'SELECT ?src ?text ?doc ?sstart ?ev ?estart ?eend ?conf WHERE {' +
    ' ' + fact + ' <' + KG + 'source> ?src .' +
    ' OPTIONAL { ?src <' + KG + 'text> ?text } OPTIONAL { ?src <' + KG + 'document> ?doc }' +
    ' OPTIONAL { ?src <' + KG + 'start> ?sstart }' +
    ' OPTIONAL { ' + fact + ' <' + KG + 'evidence> ?ev . ?ev <' + KG + 'source> ?src .' +
    '   OPTIONAL { ?ev <' + KG + 'start> ?estart ; <' + KG + 'end> ?eend } OPTIONAL { ?ev <' + KG + 'confidence> ?conf } } }';
  try {
    const json = await select(q);
    const rows = json.results.bindings;
    const sources = new Set(rows.map(r => r.src.value));
    box.textContent = '';
    const h = document.createElement('h3');
    h.textContent = nodeFor(edge.source.id || edge.source).label + ' — ' + edge.label + ' — ' + nodeFor(edge.target.id || edge.target).label;
    const support = document.createElement('div');
    support.className = 'meta support';
    support.textContent = 'support: ' + sources.size + (sources.size === 1 ? ' source' : ' sources');
    box.append(h, support);
    if (!rows.length) { box.append('No provenance recorded for this edge.'); return; }
    for (const r of rows) {
      const div = document.createElement('div');
      div.className = 'source';
      const text = r.text ? r.text.value : '';
      const sentence = document.createElement('div');
      sentence.className = 'sentence';
      if (r.estart && r.eend && r.sstart) {
        const s = Number(r.estart.value) - Number(r.sstart.value), e = Number(r.eend.value) - Number(r.sstart.value);
        const bytes = new TextEncoder().encode(text).length;
        const mark = document.createElement('mark');
        mark.textContent = byteSlice(text, s, e);
        sentence.append(byteSlice(text, 0, s), mark, byteSlice(text, e, bytes));
      } else {
        sentence.textContent = text;
      }
      const meta = document.createElement('div');
      meta.className = 'meta';
      meta.textContent = (r.doc ? 'document ' + r.doc.value : '') + (r.conf ? ' · confidence ' + r.conf.value : '') + ' · ' + compact(r.src.value);
      div.append(sentence, meta);
      box.append(div);
    }
  } catch (e) { box.textContent = e.message; }
}

document.getElementById('close-entity').addEventListener('click', () => {
  document.getElementById('entity-pane').hidden = true;
  if (simulation) simulation.stop();
});

loadPrefixes();
