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
python3 - "$OUT/kg.tsv" "$OUT/virtuoso.tsv" <<'PY'
import statistics, sys
runs, rows, engines = {}, {}, []
for path in sys.argv[1:]:
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        if len(f) < 7:
            continue
        engine, phase, query, nrows, secs = f[0], f[2], f[3], f[5], float(f[6])
        if engine not in engines:
            engines.append(engine)
        if phase == "load":
            print(f"{engine:16} load {secs:10.1f} s  {nrows} triples")
        elif phase == "query":
            runs.setdefault((query, engine), []).append(secs)
            rows[(query, engine)] = nrows
print()
print(f"{'query':18}" + "".join(f"{e + ' ms (rows)':>26}" for e in engines))
for q in sorted({q for q, _ in runs}):
    cells = []
    for e in engines:
        t = runs.get((q, e))
        cells.append(f"{statistics.median(t) * 1000:16.1f} ({rows[(q, e)]:>6})" if t else f"{'-':>26}")
    print(f"{q:18}" + "".join(f"{c:>26}" for c in cells))
PY
