#!/usr/bin/env bash
# Corpus extraction speed: kg extract with 1 and 2 jobs (and, with --dask, kg.dask with 1 and
# 2 LocalCluster workers) on one JSON Lines document per 3 CaRB sentences (428 documents),
# each into a fresh store. Prints wall and CPU seconds, documents/s, the 2-vs-1 ratio, the CPU
# seconds of each thread (on a shared machine the busiest thread's CPU time is the critical
# path the run would take on idle cores), and checks that the stores hold the same quads
# (sorted dumps identical).
#
#   bench/extract/corpus_bench.sh [--dask] [BUILD_DIR]      (from the project root)
set -euo pipefail
cd "$(dirname "$0")/../.."
dask=0
if [ "${1:-}" = "--dask" ]; then dask=1; shift; fi
build="${1:-build}"
kg="$build/cli/kg"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/extract/make_carb_corpus.py "$work/corpus.jsonl"
docs=$(wc -l < "$work/corpus.jsonl")

run() {  # label, store, command...
  local label=$1 store=$2; shift 2
  local t0 t1 cpu
  t0=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o "$work/cpu" python3 bench/extract/thread_cpu.py "$@" 2>"$work/err"
  t1=$(date +%s.%N)
  cpu=$(awk '{print $1 + $2}' "$work/cpu")
  busiest=$(sed -n 's/^threads: \([0-9.]*\).*/\1/p' "$work/err")
  python3 - "$label" "$t0" "$t1" "$cpu" "$docs" "$busiest" <<'PY'
import sys
label, t0, t1, cpu, docs, busy = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6])
wall = t1 - t0
print("%-22s wall %7.1f s  cpu %7.1f s  %6.2f documents/s (wall); busiest thread %6.1f s cpu = %6.2f documents/s" % (label, wall, cpu, docs / wall, busy, docs / busy))
PY
  grep "^threads:" "$work/err" | sed 's/^/  thread cpu seconds, /'
  echo "$t0 $t1 $busiest" > "$work/$label.time"
}

run "kg extract --jobs 1" "$work/j1.db" "$kg" extract -q --db "$work/j1.db" --jobs 1 "$work/corpus.jsonl"
run "kg extract --jobs 2" "$work/j2.db" "$kg" extract -q --db "$work/j2.db" --jobs 2 "$work/corpus.jsonl"
python3 - "$work" <<'PY'
import sys
w = sys.argv[1]
def times(l):
    a, b, busy = map(float, open("%s/%s.time" % (w, l)).read().split())
    return b - a, busy
(w1, b1), (w2, b2) = times("kg extract --jobs 1"), times("kg extract --jobs 2")
print("2 jobs / 1 job: %.2fx documents/s (wall), %.2fx by the busiest thread (the critical path on idle cores)" % (w1 / w2, b1 / b2))
PY
"$kg" dump --db "$work/j1.db" | LC_ALL=C sort > "$work/j1.nq"
"$kg" dump --db "$work/j2.db" | LC_ALL=C sort > "$work/j2.nq"
cmp -s "$work/j1.nq" "$work/j2.nq" && echo "stores equal (1 job, 2 jobs)" || { echo "STORES DIFFER"; exit 1; }

if [ "$dask" = 1 ]; then
  export PYTHONPATH="$build/bindings/python${PYTHONPATH:+:$PYTHONPATH}"
  for n in 1 2; do
    run "kg.dask --workers $n" "$work/d$n.db" /usr/bin/python3 -m kg.dask --db "$work/d$n.db" --workers "$n" "$work/corpus.jsonl"
    grep -o "[0-9.]* documents/s" "$work/err" | sed "s/^/  kg.dask reports (after cluster start): /"
    "$kg" dump --db "$work/d$n.db" | LC_ALL=C sort > "$work/d$n.nq"
    cmp -s "$work/j1.nq" "$work/d$n.nq" && echo "  store equal to kg extract" || echo "  STORE DIFFERS from kg extract"
  done
fi
