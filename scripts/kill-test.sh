#!/usr/bin/env bash
# The long form of tests/cli/test_kill.py: SIGKILL at random moments, ROUNDS times (default
# 100) for each kind of write (small load, large load, update, extract), each followed by
# kg check and an all-or-nothing count. Needs a built ./build (scripts/setup.sh), or KG_BIN.
#   scripts/kill-test.sh [ROUNDS] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${KG_BUILD_DIR:-build}
cd tests/cli
KG_KILL_ROUNDS="${1:-100}" KG_KILL_SEED="${2:-20261202}" KG_BIN="${KG_BIN:-$ROOT/$BUILD/cli/kg}" \
  KG_SOURCE_DIR="$ROOT" python3 -m unittest -v test_kill
