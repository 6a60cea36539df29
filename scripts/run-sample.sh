#!/usr/bin/env bash
# Sets up kg, loads the sample data into a fresh store (./sample.db), extracts the sample news
# articles into it, and opens the REPL on it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
KG=build/cli/kg
rm -rf sample.db
"$KG" load --db sample.db samples/arctic-summit.ttl samples/arctic-summit.tsv
# The news articles of samples/news/ go in through the extractor, each fact with its sentence.
"$KG" extract --db sample.db samples/news/article.txt samples/news/trade-deal.txt \
  samples/news/plastic-pledge.txt samples/news/copper-strike.txt
exec "$KG" shell --db sample.db
