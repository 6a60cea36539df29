#!/usr/bin/env bash
# The long form of the concurrency soak (ctest runs it for 60 s): one writer, 4 reader threads
# and 2 reader processes for MINUTES (default 30), checking invariants on every snapshot and
# sampling memory and file descriptors. Needs a built ./build (scripts/setup.sh).
#   scripts/soak.sh [MINUTES] [DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${KG_BUILD_DIR:-build}
MINUTES="${1:-30}"
DIR="${2:-${TMPDIR:-/tmp}/kg-soak.db}"
exec "$BUILD/bench/kg_soak" --db "$DIR" --seconds "$((MINUTES * 60))"
