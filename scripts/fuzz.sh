#!/usr/bin/env bash
# Runs kg's libFuzzer targets (tests/fuzz/README.md), built with clang, ASan and UBSan in
# ./build-fuzz (or $KG_FUZZ_BUILD_DIR).
#   scripts/fuzz.sh TARGET SECONDS     one target: ntriples turtle rdfxml tsv query update extract dump
#   scripts/fuzz.sh all SECONDS        every target in turn, SECONDS each
#   scripts/fuzz.sh --list             the targets
# Seeds are read in place from ../shared/conformance (when present), samples/ and the CaRB
# sentences; the corpus a run grows is kept in build-fuzz/corpus/TARGET for the next run. A
# crash, leak or hang (> 10 s for one input) stops the target and is saved in
# build-fuzz/artifacts/TARGET/; replay it with `build-fuzz/tests/fuzz/fuzz_TARGET FILE`,
# fix it, and add the file to tests/fuzz/regressions/TARGET/ so ctest replays it from then on.
# Exit code: 0 when every target ran clean, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TARGETS=(ntriples turtle rdfxml tsv query update extract dump)

if [ "${1:-}" = "--list" ]; then
  printf '%s\n' "${TARGETS[@]}"
  exit 0
fi
if [ $# -ne 2 ] || ! [[ "$2" =~ ^[0-9]+$ ]]; then
  echo "usage: scripts/fuzz.sh TARGET|all SECONDS   (targets: ${TARGETS[*]})" >&2
  exit 2
fi
WANT=$1
SECONDS_EACH=$2
if [ "$WANT" = all ]; then
  RUN=("${TARGETS[@]}")
else
  case " ${TARGETS[*]} " in
    *" $WANT "*) RUN=("$WANT") ;;
    *) echo "fuzz: unknown target '$WANT' (targets: ${TARGETS[*]})" >&2; exit 2 ;;
  esac
fi

# clang, libFuzzer and the sanitizer runtimes: only the fuzz build needs them.
KG_SETUP_EXTRA_PACKAGES="clang-16 libfuzzer-16-dev libclang-rt-16-dev" KG_SETUP_ONLY_PACKAGES=1 scripts/setup.sh

BUILD=${KG_FUZZ_BUILD_DIR:-build-fuzz}
SHARED=${KG_SHARED_DIR:-$ROOT/../shared}
CC=clang-16 CXX=clang++-16 cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DKG_FUZZ=ON -DKG_BUILD_PYTHON=OFF -DKG_SHARED_DIR="$SHARED" >/dev/null
ninja -C "$BUILD" -j "${KG_JOBS:-2}" $(printf 'fuzz_%s ' "${RUN[@]}")

# Seed files for a target, one path a line.
seeds() {
  local conf="$SHARED/conformance"
  case "$1" in
    ntriples)
      [ -d "$conf" ] && find "$conf/rdf/rdf11/rdf-n-triples" "$conf/rdf/rdf11/rdf-n-quads" -name '*.n[tq]'
      find samples -name '*.nq' ;;
    turtle|dump)
      [ -d "$conf" ] && find "$conf/rdf/rdf11/rdf-turtle" "$conf/rdf/rdf11/rdf-trig" -name '*.ttl' -o -name '*.trig'
      find samples -name '*.ttl' ;;
    rdfxml)
      [ -d "$conf" ] && find "$conf/rdf/rdf11/rdf-xml" -name '*.rdf'
      find samples -name '*.rdf' ;;
    tsv)
      find samples -name '*.tsv'
      [ -d "$conf" ] && find "$conf/rdf/rdf11/rdf-n-triples" -name '*.nt' | head -100 ;;
    query)
      [ -d "$conf" ] && find "$conf/sparql" -name '*.rq'
      find samples -name '*.rq' ;;
    update)
      [ -d "$conf" ] && find "$conf/sparql" -name '*.ru' ;;
    extract)
      find samples/news -name '*.txt'
      local carb="$SHARED/eval/extraction/carb"
      if [ -f "$carb/dev.txt" ]; then
        # One CaRB sentence per seed file (the target reads one document per input).
        local dir="$BUILD/seeds/extract"
        mkdir -p "$dir"
        if [ ! -f "$dir/.done" ]; then
          split -l 1 -a 4 "$carb/dev.txt" "$dir/carb-dev-"
          touch "$dir/.done"
        fi
        find "$dir" -name 'carb-*'
      fi ;;
  esac
  if [ -d "tests/fuzz/regressions/$1" ]; then find "tests/fuzz/regressions/$1" -type f; fi
}

# Symbolized stack traces in reports, when a symbolizer is installed.
if command -v llvm-symbolizer >/dev/null; then export ASAN_SYMBOLIZER_PATH=$(command -v llvm-symbolizer); fi

failed=()
for t in "${RUN[@]}"; do
  corpus="$BUILD/corpus/$t"
  artifacts="$BUILD/artifacts/$t"
  mkdir -p "$corpus" "$artifacts"
  list="$BUILD/seeds/$t.list"
  mkdir -p "$BUILD/seeds"
  # libFuzzer's -seed_inputs=@FILE reads a comma-separated list.
  seeds "$t" | sed "s|^\([^/]\)|$ROOT/\1|" | paste -sd, - > "$list"
  dict="tests/fuzz/dict/$t.dict"
  [ -f "$dict" ] || dict="tests/fuzz/dict/$(case $t in dump) echo turtle ;; update) echo query ;; *) echo "$t" ;; esac).dict"
  echo "fuzz: $t for ${SECONDS_EACH} s ($(tr ',' '\n' < "$list" | grep -c .) seed files, dictionary $dict)"
  log="$BUILD/fuzz-$t.log"
  # A hang is an input that runs past 10 s. Text extraction gives each sentence up to link-grammar's
  # 1 s CPU budget (per process, for each of a few passes) by design, so its inputs are kept to a few
  # sentences and it has 30 s.
  timeout=10 max_len=16384
  if [ "$t" = extract ]; then timeout=30 max_len=1024; fi
  # libFuzzer's timeout is wall time: a long run on a busy machine may raise it (KG_FUZZ_TIMEOUT)
  # and replay what it reports alone, where 10 s still defines a hang.
  timeout=${KG_FUZZ_TIMEOUT:-$timeout}
  if ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
     UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
     LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp" \
     "$BUILD/tests/fuzz/fuzz_$t" "$corpus" -seed_inputs=@"$list" -dict="$dict" \
       -max_total_time="$SECONDS_EACH" -timeout="$timeout" -rss_limit_mb=2560 -max_len="$max_len" \
       -artifact_prefix="$artifacts/" -print_final_stats=1 ${KG_FUZZ_SEED:+-seed=$KG_FUZZ_SEED} \
       >"$log" 2>&1; then
    grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb)' "$log" | sed "s/^/fuzz: $t: /" || true
    grep -E 'DONE|cov:' "$log" | tail -1 | sed "s/^/fuzz: $t: /"
  else
    echo "fuzz: $t FAILED; the end of $log:" >&2
    tail -60 "$log" >&2
    failed+=("$t")
  fi
done
echo "fuzz: $((${#RUN[@]} - ${#failed[@]})) passed, ${#failed[@]} failed"
if ((${#failed[@]})); then
  echo "fuzz: failures in: ${failed[*]} (inputs in $BUILD/artifacts/)" >&2
  exit 1
fi
