#!/usr/bin/env bash
# The scale benchmark: N renamed copies of LUBM(10), loaded into a fresh store with the load's
# wall time and peak memory, the size on disk after compaction, then the LUBM queries warm.
# Copy k renames every UniversityN in IRIs to University(N+10k), so copies share the ontology
# and little else.
#
#   bench/scale/lubm_scale.sh [--copies "1 10 80"] [--work DIR] [--memory SIZE] [--runs N] [--verify]
#
#   --copies   the scales to run (default "1 10")
#   --work     where copies and stores go (default /tmp/kg-scale); copies are made once and kept
#   --memory   passed to kg load --memory (default: kg's own default)
#   --verify   also dump the store: every 1,000th input line must be in it, and it must have
#              one line per quad
#   env: KG_BUILD_DIR (default build), LUBM10 (default ../shared/bench-data/lubm/lubm10.nt.gz)
#
# Prints one markdown table per scale, and writes WORK/results-N.tsv.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD="${KG_BUILD_DIR:-build}"
KG="$BUILD/cli/kg"
BENCH="$BUILD/bench/kg_query_bench"
LUBM10="${LUBM10:-../shared/bench-data/lubm/lubm10.nt.gz}"
QUERIES="../shared/bench-data/queries"
COPIES="1 10"
WORK=/tmp/kg-scale
MEMORY=""
RUNS=5
VERIFY=0
while [ $# -gt 0 ]; do
  case "$1" in
    --copies) COPIES="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    --memory) MEMORY="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --verify) VERIFY=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -f "$LUBM10" ] || { echo "no LUBM(10) data at $LUBM10 (set LUBM10)" >&2; exit 1; }
[ -x "$KG" ] && [ -x "$BENCH" ] || { echo "build kg and kg_query_bench first (ninja -C $BUILD kg kg_query_bench)" >&2; exit 1; }
mkdir -p "$WORK/copies"

copy_file() { echo "$WORK/copies/lubm10-copy$1.nt.gz"; }
make_copy() {
  local k=$1 out; out=$(copy_file "$k")
  [ -s "$out" ] && return
  echo "making copy $k" >&2
  # Only inside <...>: literals keep their text.
  zcat "$LUBM10" | perl -pe 'BEGIN { $off = '"$((k * 10))"' }
      s{<([^>]*)>}{ my $i = $1; $i =~ s/University(\d+)/"University".($1 + $off)/ge; "<$i>" }ge' \
    | gzip -1 > "$out.tmp"
  mv "$out.tmp" "$out"
}

for n in $COPIES; do
  files=()
  for ((k = 0; k < n; k++)); do make_copy "$k"; files+=("$(copy_file "$k")"); done
  db="$WORK/lubm-x$n.db"
  rm -rf "$db"
  memopt=()
  [ -n "$MEMORY" ] && memopt=(--memory "$MEMORY")
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$WORK/time-$n.txt" "$KG" load --db "$db" "${memopt[@]}" "${files[@]}" 2> "$WORK/load-$n.log"
  end=$(date +%s.%N)
  seconds=$(echo "$end - $start" | bc)
  rss_kb=$(tail -1 "$WORK/time-$n.txt")
  quads=$("$KG" stats --db "$db" | awk '/^quads:/ {gsub(",", "", $2); print $2}')
  "$KG" stats --db "$db" --compact > "$WORK/stats-$n.txt"
  bytes_per=$(awk '/^disk:/ {print $(NF-3)}' "$WORK/stats-$n.txt" | tr -d '(')
  rate=$(echo "$quads / $seconds" | bc)
  {
    echo "## LUBM(10) x $n: $quads triples"
    echo
    echo "| load s | triples/s | peak RSS | bytes/triple on disk |"
    echo "|---:|---:|---:|---:|"
    echo "| $(printf %.1f "$seconds") | $rate | $((rss_kb / 1024)) MB | $bytes_per |"
    echo
  } | tee "$WORK/results-$n.md"
  expected=()
  [ "$n" = 1 ] && expected=(--dataset lubm10 --expected "$QUERIES/expected_rows.tsv")
  "$BENCH" --cpu --db "$db" "${expected[@]}" --runs "$RUNS" "$QUERIES"/lubm/*.rq "$QUERIES"/lubm-bgp/*.rq \
    | tee "$WORK/results-$n.tsv"
  if [ "$VERIFY" = 1 ]; then
    # Every 1,000th input line must come back from the dump, and the dump must hold as many
    # lines as the store has quads (the copies hold no duplicate lines). The dump streams
    # through a hash of the sample, so nothing of its size is sorted or kept.
    for f in "${files[@]}"; do zcat "$f" | awk 'NR % 1000 == 0'; done > "$WORK/sample.nt"
    read -r sampled found dumped < <("$KG" dump --db "$db" --format ntriples |
      awk -v sample="$WORK/sample.nt" '
        BEGIN { while ((getline line < sample) > 0) { want[line] = 1; n++ } }
        { dumped++; if ($0 in want && !($0 in seen)) { seen[$0] = 1; found++ } }
        END { print n, found + 0, dumped + 0 }')
    echo "verify: $found of $sampled sampled input lines are in the dump; the dump has $dumped lines for $quads quads"
    rm -f "$WORK/sample.nt"
    [ "$found" = "$sampled" ] && [ "$dumped" = "$quads" ] || { echo "verify: FAILED" >&2; exit 1; }
  fi
done
