#!/usr/bin/env bash
# HTTP throughput of `kg serve` with wrk at 1, 8 and 32 connections: a selective query (LUBM q01)
# and a 10k-row query (l2), and beside it Virtuoso's own /sparql endpoint on the same data in
# the same run when virtuoso-t is installed.
#   bench/serve/serve_bench.sh [DATA.nt[.gz]]     (default ../shared/bench-data/lubm/lubm10.nt.gz)
#   env: KG_BUILD_DIR (default build), KG_BIN (default $KG_BUILD_DIR/cli/kg), DURATION (seconds per point, default 10),
#        CONNECTIONS ("1 8 32"), BENCH_TMP (scratch folder), VIRTUOSO=0 to skip Virtuoso
# Prints one TSV line per point: engine query connections requests/s p50_ms p99_ms non200 errors.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD="${KG_BUILD_DIR:-build}"
KG="${KG_BIN:-$BUILD/cli/kg}"
DATA="${1:-../shared/bench-data/lubm/lubm10.nt.gz}"
QUERIES="${QUERIES:-../shared/bench-data/queries}"
DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-1 8 32}"
TMP="${BENCH_TMP:-/tmp/bench-scratch/serve}"
SCRIPT="$PWD/bench/serve/sparql_post.lua"
mkdir -p "$TMP"
[ -f "$DATA" ] || { echo "serve_bench: no data at $DATA" >&2; exit 2; }
command -v wrk >/dev/null || { echo "serve_bench: wrk is not installed (apt-get install wrk)" >&2; exit 2; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_http() {  # URL
  for _ in $(seq 1 600); do
    curl -s -o /dev/null "$1" && return 0
    sleep 0.5
  done
  echo "serve_bench: $1 did not answer" >&2
  return 1
}

run_points() {  # ENGINE URL
  local engine="$1" url="$2"
  for q in "$QUERIES/lubm/q01.rq" "$QUERIES/lubm-bgp/l2.rq"; do
    local name; name="$(basename "$q" .rq)"
    local rows
    rows=$(curl -s -H 'Accept: text/csv' --data-urlencode query@"$q" "$url" | tail -n +2 | wc -l)
    echo "serve_bench: $engine $name returns $rows rows" >&2
    for c in $CONNECTIONS; do
      local threads=$(( c < 2 ? 1 : 2 ))
      local line
      line=$(QUERY_FILE="$q" wrk -t"$threads" -c"$c" -d"${DURATION}s" --timeout 30s -s "$SCRIPT" "$url" | grep '^RESULT')
      local rps p50 p99 non200 errors
      rps=$(sed 's/.*rps=\([0-9.]*\).*/\1/' <<<"$line")
      p50=$(sed 's/.*p50_ms=\([0-9.]*\).*/\1/' <<<"$line")
      p99=$(sed 's/.*p99_ms=\([0-9.]*\).*/\1/' <<<"$line")
      non200=$(sed 's/.*non200=\([0-9]*\).*/\1/' <<<"$line")
      errors=$(sed 's/.*errors=\([0-9]*\).*/\1/' <<<"$line")
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$engine" "$name" "$c" "$rps" "$p50" "$p99" "$non200" "$errors"
    done
  done
}

# kg
DB="$TMP/kg.db"
if [ ! -d "$DB" ] || [ "${RELOAD:-0}" = 1 ]; then
  rm -rf "$DB"
  "$KG" load --db "$DB" "$DATA" >&2
fi
PORT=$(free_port)
"$KG" serve --db "$DB" --port "$PORT" --max-queries 32 --max-connections 512 2>"$TMP/kg-serve.log" &
KG_PID=$!
trap 'kill $KG_PID 2>/dev/null || true' EXIT
wait_http "http://127.0.0.1:$PORT/sparql"
printf 'engine\tquery\tconnections\trequests_per_s\tp50_ms\tp99_ms\tnon200\terrors\n'
run_points kg "http://127.0.0.1:$PORT/sparql"
kill -TERM $KG_PID; wait $KG_PID || true
trap - EXIT

# Virtuoso's own endpoint, same data, same run.
if [ "${VIRTUOSO:-1}" = 1 ] && command -v virtuoso-t >/dev/null; then
  VDIR="$TMP/virtuoso"
  rm -rf "$VDIR"; mkdir -p "$VDIR"
  NT="$VDIR/data.nt"
  case "$DATA" in *.gz) gzip -dc "$DATA" > "$NT" ;; *) cp "$DATA" "$NT" ;; esac
  VPORT=$(free_port); HPORT=$(free_port)
  cat > "$VDIR/virtuoso.ini" <<INI
[Database]
DatabaseFile = $VDIR/virtuoso.db
ErrorLogFile = $VDIR/virtuoso.log
LockFile = $VDIR/virtuoso.lck
TransactionFile = $VDIR/virtuoso.trx
xa_persistent_file = $VDIR/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = $VDIR/virtuoso-temp.db
TransactionFile = $VDIR/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:$VPORT
DisableUnixSocket = 1
CheckpointInterval = 0
CaseMode = 2
DirsAllowed = ., $VDIR
ThreadsPerQuery = 2
MaxQueryMem = 4G
NumberOfBuffers = 340000
MaxDirtyBuffers = 250000
[HTTPServer]
ServerPort = 127.0.0.1:$HPORT
ServerRoot = $VDIR
ServerThreads = 32
MaxClientConnections = 64
MaxKeepAlives = 64
KeepAliveTimeout = 10
[SPARQL]
ResultSetMaxRows = 1000000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 0
INI
  ( cd "$VDIR" && exec virtuoso-t -f -c "$VDIR/virtuoso.ini" ) > "$VDIR/server.out" 2>&1 &
  V_PID=$!
  trap 'kill $V_PID 2>/dev/null || true' EXIT
  wait_http "http://127.0.0.1:$HPORT/sparql"
  isql-vt "127.0.0.1:$VPORT" dba dba VERBOSE=OFF BANNER=OFF exec="ld_dir('$VDIR', 'data.nt', 'urn:bench'); rdf_loader_run(); checkpoint;" >&2
  # Queries name no graph: let the endpoint's default graph be the loaded one.
  run_points virtuoso "http://127.0.0.1:$HPORT/sparql?default-graph-uri=urn%3Abench"
  kill -TERM $V_PID; wait $V_PID || true
  trap - EXIT
else
  echo "serve_bench: virtuoso-t not installed (Debian virtuoso-opensource-7); kg only" >&2
fi
