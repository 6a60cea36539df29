#!/usr/bin/env bash
# Builds the text-search benchmark data: every triple of WatDiv10, then COPIES more copies of
# each of its literal triples (subject IRI suffixed /cN, literal tagged @en-x-cN: the same
# words, a distinct literal), and the CaRB (dev and test) and BenchIE sentences as kg:text
# literals, COPIES+1 times each the same way. With the default 9 copies: over 1 million
# distinct text literals.
#   bench/text/make_text_data.sh SHARED_DIR OUT.nt [COPIES]
set -euo pipefail
SHARED="${1:?usage: make_text_data.sh SHARED_DIR OUT.nt [COPIES]}"
OUT="${2:?usage: make_text_data.sh SHARED_DIR OUT.nt [COPIES]}"
COPIES="${3:-9}"
WATDIV="$SHARED/bench-data/watdiv/watdiv10.nt.gz"
CARB="$SHARED/eval/extraction/carb"
BENCHIE="$SHARED/eval/extraction/benchie/sample300_en.txt"
for f in "$WATDIV" "$CARB/dev.txt" "$CARB/gold/test.tsv" "$BENCHIE"; do
  [ -e "$f" ] || { echo "make_text_data: missing $f" >&2; exit 1; }
done
{
  gzip -dc "$WATDIV"
  # Literal triples again: "<s> <p> "lexical" ." with no datatype or language after the quote.
  gzip -dc "$WATDIV" | awk -v copies="$COPIES" '
    /" \.$/ {
      s = $1; sub(/>$/, "", s)
      rest = substr($0, length($1) + 2); sub(/ \.$/, "", rest)
      for (c = 1; c <= copies; c++) print s "/c" c "> " rest "@en-x-c" c " ."
    }'
  # Sentences: one kg:text literal per sentence and copy (the few with backslashes, which
  # N-Triples would need escaped, are left out).
  { cat "$CARB/dev.txt"; cut -f1 "$CARB/gold/test.tsv" | awk '!seen[$0]++'; cat "$BENCHIE"; } | grep -v '\\' |
    awk -v copies="$COPIES" '
      {
        gsub(/"/, "\\\"")
        n++
        print "<http://kg.local/bench/sentence/" n "> <http://kg.local/ns#text> \"" $0 "\" ."
        for (c = 1; c <= copies; c++)
          print "<http://kg.local/bench/sentence/" n "/c" c "> <http://kg.local/ns#text> \"" $0 "\"@en-x-c" c " ."
      }'
} > "$OUT"
echo "make_text_data: $(wc -l < "$OUT") triples in $OUT" >&2
