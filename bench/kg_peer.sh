#!/usr/bin/env bash
# kg as a peer of ../shared/bench: same interface and output contract as its peers/*.sh.
#   bench/kg_peer.sh DATA.nt[.gz] QUERY_DIR... [--runs N]
#   env: KG_BUILD_DIR (default build), DATASET (label), BENCH_TMP
# Prints: kg DATASET load - 1 TRIPLES SECONDS note, then one line per query run (in-process, warm).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD="${KG_BUILD_DIR:-build}"
RUNS=5
DATA="$1"; shift
QDIRS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    *) QDIRS+=("$1"); shift ;;
  esac
done
base="$(basename "$DATA")"; base="${base%.gz}"; DATASET="${DATASET:-${base%.nt}}"
TMP="${BENCH_TMP:-/tmp/bench-scratch/kg}"
mkdir -p "$TMP"
DB="$TMP/$DATASET.db"
rm -rf "$DB"
start=$(date +%s.%N)
"$BUILD/cli/kg" load --db "$DB" "$DATA" 2>"$TMP/load.log"
end=$(date +%s.%N)
triples=$("$BUILD/cli/kg" stats --db "$DB" | awk '/^quads:/ {gsub(",", "", $2); print $2}')
printf 'kg\t%s\tload\t-\t1\t%s\t%.3f\t%s\n' "$DATASET" "$triples" "$(echo "$end - $start" | bc)" "$(tr '\n' ' ' < "$TMP/load.log")"
queries=()
for d in "${QDIRS[@]}"; do queries+=("$d"/*.rq); done
"$BUILD/bench/kg_query_bench" --db "$DB" --dataset "$DATASET" --runs "$RUNS" --contract "${queries[@]}"
