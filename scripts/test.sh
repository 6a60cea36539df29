#!/usr/bin/env bash
# Sets up (packages + build) and runs every test: unit tests, file-driven query tests, the W3C
# conformance suites (when ../shared is present), end-to-end tests of the kg program, the pip
# install of the Python package into a fresh venv (tests/python/test_install.py, reusing this
# build directory so that it compiles nothing), then
# with KG_FUZZ_SECONDS=N, every fuzz target for N seconds (scripts/fuzz.sh).
#   scripts/test.sh              release build in ./build
#   scripts/test.sh --sanitize   ASan + UBSan build in ./build-asan
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--sanitize" ]; then
  export KG_BUILD_DIR=build-asan
  scripts/setup.sh -DKG_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp"
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
else
  scripts/setup.sh
fi
(cd "${KG_BUILD_DIR:-build}" && ctest --output-on-failure --timeout 900 -j "${KG_JOBS:-2}")

# Every fuzz target for a short, fixed time (tests/fuzz/README.md); long runs: scripts/fuzz.sh.
# Off unless KG_FUZZ_SECONDS is set: it adds a clang build of the engine.
if [ "${KG_FUZZ_SECONDS:-0}" != 0 ]; then
  KG_FUZZ_SEED=1 scripts/fuzz.sh all "${KG_FUZZ_SECONDS}"
fi
