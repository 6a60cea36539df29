#!/usr/bin/env bash
# Sets up (packages + build) and runs every test: unit tests, file-driven query tests, the W3C
# conformance suites (when ../shared is present) and end-to-end tests of the kg program.
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
cd "${KG_BUILD_DIR:-build}"
ctest --output-on-failure --timeout 900 -j "${KG_JOBS:-2}"
