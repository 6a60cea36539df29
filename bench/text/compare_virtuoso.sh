#!/usr/bin/env bash
# The text searches of bench/text/queries/ on kg and on Virtuoso's free-text index, one engine
# after the other on the same data, in the output contract of ../shared/bench, then a table of
# median times and row counts (rows differ where kg stems words and Virtuoso does not).
#   bench/text/compare_virtuoso.sh DATA.nt [RUNS]      (from the project root, kg built in ./build)
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA="${1:?usage: compare_virtuoso.sh DATA.nt [RUNS]}"
RUNS="${2:-5}"
OUT="${BENCH_TMP:-/tmp/bench-scratch/text}"
mkdir -p "$OUT"
export BENCH_TMP="$OUT"
DATASET="${DATASET:-textbench}" bash bench/kg_peer.sh "$DATA" bench/text/queries/kg --runs "$RUNS" > "$OUT/kg.tsv"
DATASET="${DATASET:-textbench}" bash bench/text/virtuoso_text.sh "$DATA" bench/text/queries/virtuoso "$RUNS" > "$OUT/virtuoso.tsv"
cat "$OUT/kg.tsv" "$OUT/virtuoso.tsv" | awk -F'\t' '
  $3 == "load" { printf "%-14s load %10.1f s  %s triples\n", $1, $7, $6 }
  $3 == "query" { key = $4 "\t" $1; t[key] = t[key] " " $7; rows[key] = $6; q[$4] = 1; e[$1] = 1 }
  END {
    printf "\n%-18s", "query"; for (x in e) printf " %22s", x " ms (rows)"; printf "\n"
    n = asorti(q, qs)
    for (i = 1; i <= n; i++) {
      printf "%-18s", qs[i]
      for (x in e) {
        k = qs[i] "\t" x; m = split(t[k], v, " "); asort(v)
        printf " %14.1f (%6s)", (m ? v[int((m + 1) / 2)] * 1000 : -1), rows[k]
      }
      printf "\n"
    }
  }'
