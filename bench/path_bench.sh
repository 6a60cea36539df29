#!/usr/bin/env bash
# Transitive closure (:p+) over a 1,000,000-edge chain and a dense 100,000-edge random graph.
#   bench/path_bench.sh [BUILD_DIR]      prints load and query times
set -euo pipefail
BUILD="${1:-build}"
KG="$BUILD/cli/kg"
TMP="$(mktemp -d /tmp/kg-path-bench.XXXXXX)"
trap 'rm -rf "$TMP"' EXIT

python3 - "$TMP" <<'PY'
import random, sys
tmp = sys.argv[1]
with open(f"{tmp}/chain.nt", "w") as f:
    for i in range(1_000_000):
        f.write(f"<http://x/n{i}> <http://x/p> <http://x/n{i+1}> .\n")
random.seed(7)
with open(f"{tmp}/dense.nt", "w") as f:
    edges = set()
    while len(edges) < 100_000:
        edges.add((random.randrange(10_000), random.randrange(10_000)))
    for a, b in sorted(edges):
        f.write(f"<http://x/v{a}> <http://x/p> <http://x/v{b}> .\n")
PY

measure() {  # LABEL COMMAND...
  local label="$1" start end
  shift
  start=$(date +%s.%N)
  "$@" > "$TMP/out.txt" 2>/dev/null
  end=$(date +%s.%N)
  printf '%-44s %8.2f s  %s\n' "$label" "$(echo "$end - $start" | bc)" "$(tail -n +2 "$TMP/out.txt" | head -1)"
}

measure "load chain (1,000,000 edges)" "$KG" load --db "$TMP/chain.db" "$TMP/chain.nt"
measure "chain: <n0> :p+ ?x (count)" "$KG" query --db "$TMP/chain.db" --format tsv 'SELECT (COUNT(*) AS ?n) WHERE { <http://x/n0> <http://x/p>+ ?x }'
measure "chain: ?x :p+ <n1000000> (count)" "$KG" query --db "$TMP/chain.db" --format tsv 'SELECT (COUNT(*) AS ?n) WHERE { ?x <http://x/p>+ <http://x/n1000000> }'
measure "load dense (100,000 edges, 10,000 nodes)" "$KG" load --db "$TMP/dense.db" "$TMP/dense.nt"
measure "dense: <v0> :p+ ?x (count)" "$KG" query --db "$TMP/dense.db" --format tsv 'SELECT (COUNT(*) AS ?n) WHERE { <http://x/v0> <http://x/p>+ ?x }'
measure "dense: <v0> :p* ?x . ?x :p <v1> (count)" "$KG" query --db "$TMP/dense.db" --format tsv 'SELECT (COUNT(*) AS ?n) WHERE { <http://x/v0> <http://x/p>* ?x . ?x <http://x/p> <http://x/v1> }'
