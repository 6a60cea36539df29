#!/usr/bin/env bash
# Virtuoso with its free-text index, as a peer of ../shared/bench (same arguments and output
# contract as its peers/*.sh, whose common.sh this sources): the RDF text-index rule
# (DB.DBA.RDF_OBJ_FT_RULE_ADD ... 'index_all') is added before the bulk load, the load time
# includes building the text index, and queries use bif:contains.
#   bench/text/virtuoso_text.sh DATA.nt QUERY_DIR [RUNS]
#   env: KG_SHARED_DIR (default ../shared), VIRT_PORT (default 11121), VIRT_BUFFERS (default 340000)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
SHARED="${KG_SHARED_DIR:-$HERE/../../../shared}"
. "$SHARED/bench/peers/common.sh"
bench_args "$@"
NT="$(bench_plain_nt "$DATA_IN")"
PORT="${VIRT_PORT:-11121}"
BUFS="${VIRT_BUFFERS:-340000}"
VDIR="$BENCH_TMP/virtuoso-text.$DATASET.$$"
mkdir -p "$VDIR"
DATADIR="$(dirname "$NT")"
GRAPH="http://bench.local/$DATASET"
cat > "$VDIR/virtuoso.ini" <<INI
[Database]
DatabaseFile    = $VDIR/virtuoso.db
ErrorLogFile    = $VDIR/virtuoso.log
LockFile        = $VDIR/virtuoso.lck
TransactionFile = $VDIR/virtuoso.trx
xa_persistent_file = $VDIR/virtuoso.pxa
Striping        = 0
[TempDatabase]
DatabaseFile    = $VDIR/virtuoso-temp.db
TransactionFile = $VDIR/virtuoso-temp.trx
[Parameters]
ServerPort      = 127.0.0.1:$PORT
DisableUnixSocket = 1
CheckpointInterval = 0
CaseMode        = 2
DirsAllowed     = ., $DATADIR
ThreadsPerQuery = 2
NumberOfBuffers = $BUFS
MaxDirtyBuffers = $((BUFS * 3 / 4))
[SPARQL]
ResultSetMaxRows           = 1000000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime      = 0
INI
( cd "$VDIR" && exec virtuoso-t -f -c "$VDIR/virtuoso.ini" ) > "$VDIR/server.out" 2>&1 &
VPID=$!
cleanup() {
  if kill -0 "$VPID" 2>/dev/null; then
    kill "$VPID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$VPID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$VPID" 2>/dev/null || true
  fi
  rm -rf "$VDIR"
}
trap cleanup EXIT
ISQL=(isql-vt "127.0.0.1:$PORT" dba dba VERBOSE=OFF BANNER=OFF PROMPT=OFF ECHO=OFF ERRORS=STDOUT)
for _ in $(seq 1 120); do
  "${ISQL[@]}" exec="select 1;" >/dev/null 2>&1 && break
  kill -0 "$VPID" 2>/dev/null || { cat "$VDIR/server.out" >&2; echo "virtuoso died" >&2; exit 1; }
  sleep 0.5
done
t0="$(bench_now)"
"${ISQL[@]}" exec="DB.DBA.RDF_OBJ_FT_RULE_ADD (null, null, 'index_all'); ld_dir('$DATADIR', '$(basename "$NT")', '$GRAPH'); rdf_loader_run(); DB.DBA.VT_INC_INDEX_DB_DBA_RDF_OBJ (); checkpoint;" > "$VDIR/load.out" 2>&1
t1="$(bench_now)"
grep -i "error" "$VDIR/load.out" >&2 || true
COUNT="$("${ISQL[@]}" exec="SPARQL SELECT COUNT(*) FROM <$GRAPH> WHERE { ?s ?p ?o };" | grep -Eo '^[[:space:]]*[0-9]+' | head -1 | tr -d ' ')"
bench_emit virtuoso-text "$DATASET" load - 1 "${COUNT:--1}" "$(bench_elapsed "$t0" "$t1")" "ld_dir+rdf_loader_run+VT_INC_INDEX+checkpoint, text rule index_all"
for qf in $(ls "$QDIR"/*.rq | sort); do
  name="$(basename "$qf" .rq)"
  script="$VDIR/$name.sql"
  : > "$script"
  for r in $(seq 1 "$RUNS"); do { printf 'SPARQL '; tr '\n' ' ' < "$qf"; printf ';\n'; } >> "$script"; done
  out="$VDIR/$name.out"
  timeout "$(( QUERY_TIMEOUT_S * RUNS + 30 ))" isql-vt "127.0.0.1:$PORT" dba dba < "$script" > "$out" 2>&1 || true
  r=0
  while read -r rows ms; do
    r=$((r+1))
    bench_emit virtuoso-text "$DATASET" query "$name" "$r" "$rows" "$(awk -v m="$ms" 'BEGIN{printf "%.6f", m/1000}')" "isql client msec"
  done < <(sed -n 's/^[[:space:]]*\([0-9][0-9]*\) Rows\. -- \([0-9][0-9]*\) msec\.$/\1 \2/p' "$out")
  if [ "$r" -lt "$RUNS" ]; then
    err="$(grep -m1 -iE 'error|\*\*\*' "$out" | tr '\t' ' ' | cut -c1-200 || true)"
    for k in $(seq $((r+1)) "$RUNS"); do bench_emit virtuoso-text "$DATASET" query "$name" "$k" -1 -1 "failed: ${err:-no result line}"; done
  fi
done
