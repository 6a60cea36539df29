#!/usr/bin/env bash
# Sets up kg, loads the sample data into a fresh store (./sample.db) and opens the REPL on it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
KG=build/cli/kg
rm -rf sample.db
"$KG" load --db sample.db samples/arctic-summit.ttl samples/arctic-summit.tsv
exec "$KG" shell --db sample.db
