#!/usr/bin/env bash
# Query memory: CPU time and peak RSS of the queries of the scale issue's memory figures.
#   bench/memory_bench.sh [BUILD_DIR] [--groups]
# - ORDER BY ?c ?f LIMIT 1 over a 3,000-triple cross product (9 M rows): a top-k heap;
# - the same ORDER BY without LIMIT in a 64 MB budget (sorted runs on disk, merged);
# - with --groups, GROUP BY over 10,240,000 distinct keys (a 3,200-triple cross product)
#   with --memory-limit 256M (partitions on disk); minutes of CPU, so not by default.
# Each line: label, user+system CPU seconds, peak RSS, the answer.
set -euo pipefail
BUILD="${1:-build}"
KG="$BUILD/cli/kg"
TMP="$(mktemp -d /tmp/kg-memory-bench.XXXXXX)"
trap 'rm -rf "$TMP"' EXIT

python3 - "$TMP" <<'PY'
import sys
tmp = sys.argv[1]
with open(f"{tmp}/t3000.nt", "w") as f:
    for i in range(3000):
        f.write(f'<http://x/s{i}> <http://x/p{i % 10}> "{(i * 7919) % 3000}"^^<http://www.w3.org/2001/XMLSchema#integer> .\n')
with open(f"{tmp}/t3200.nt", "w") as f:
    for i in range(3200):
        f.write(f'<http://x/s{i}> <http://x/p{i % 10}> "value {i}" .\n')
PY
"$KG" load --db "$TMP/db3000" "$TMP/t3000.nt" > /dev/null 2>&1
"$KG" load --db "$TMP/db3200" "$TMP/t3200.nt" > /dev/null 2>&1

measure() {  # LABEL DB LIMIT QUERY
  local label="$1" db="$2" limit="$3" query="$4"
  /usr/bin/time -f "%U %S %M" -o "$TMP/time.txt" \
    "$KG" query --db "$db" --format tsv --memory-limit "$limit" "$query" > "$TMP/out.txt" 2> "$TMP/err.txt" || true
  read -r user sys rss < "$TMP/time.txt"
  local answer
  answer="$(tail -n +2 "$TMP/out.txt" | head -1 | cut -c1-60)$(head -c 120 "$TMP/err.txt")"
  awk -v l="$label" -v u="$user" -v s="$sys" -v r="$rss" -v a="$answer" \
    'BEGIN { printf "%-34s cpu %6.2f s  rss %6.1f MB  %s\n", l, u + s, r / 1024, a }'
}

measure "order by, limit 1 (9 M rows)" "$TMP/db3000" 1G \
  'SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1'
measure "order by, all, 64M budget" "$TMP/db3000" 64M \
  'SELECT (COUNT(*) AS ?n) WHERE { SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f }'
if [[ "${2:-}" == "--groups" ]]; then
  measure "group by 10.24 M keys, 256M" "$TMP/db3200" 256M \
    'SELECT (COUNT(*) AS ?groups) (SUM(?n) AS ?rows) WHERE { SELECT ?c ?f (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f } GROUP BY ?c ?f }'
fi
