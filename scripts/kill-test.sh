#!/usr/bin/env bash
# The long form of tests/cli/test_kill.py: SIGKILL at random moments, ROUNDS times (default
# 100) for each kind of write (small_load, large_load, update, extract; all unless named), each
# followed by kg check and an all-or-nothing count. Needs a built ./build (scripts/setup.sh),
# or KG_BIN naming the kg program (a copy keeps a long run independent of rebuilds).
#   scripts/kill-test.sh [ROUNDS] [SEED] [KIND...]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${KG_BUILD_DIR:-build}
ROUNDS="${1:-100}"
SEED="${2:-20261202}"
shift $(($# > 2 ? 2 : $#))
TESTS=()
for kind in "$@"; do TESTS+=("test_kill.KillTest.test_kill_during_${kind}"); done
((${#TESTS[@]})) || TESTS=(test_kill)
cd tests/cli
KG_KILL_ROUNDS="$ROUNDS" KG_KILL_SEED="$SEED" KG_BIN="${KG_BIN:-$ROOT/$BUILD/cli/kg}" \
  KG_SOURCE_DIR="$ROOT" python3 -m unittest -v "${TESTS[@]}"
