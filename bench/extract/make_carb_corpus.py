#!/usr/bin/env python3
"""Writes a JSON Lines corpus for kg extract: one document for each group of N consecutive
sentences of CaRB dev and test (N = 3 by default: 428 documents), read in place from
$KG_SHARED_DIR/eval/extraction/carb (default ../shared).

    python3 bench/extract/make_carb_corpus.py OUT.jsonl [--group N]
"""
import argparse
import json
import os
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--group", type=int, default=3)
    args = parser.parse_args()
    shared = os.environ.get("KG_SHARED_DIR") or os.path.join(
        os.path.dirname(__file__), "..", "..", "..", "shared")
    carb = os.path.join(shared, "eval", "extraction", "carb")
    if not os.path.isdir(carb):
        sys.exit("make_carb_corpus: no CaRB data at %s (set KG_SHARED_DIR)" % carb)
    docs = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for split in ("dev", "test"):
            with open(os.path.join(carb, split + ".txt"), encoding="utf-8") as f:
                lines = [l.strip() for l in f if l.strip()]
            for i in range(0, len(lines), args.group):
                out.write(json.dumps({"id": "carb-%s-%04d" % (split, i // args.group),
                                      "text": "\n".join(lines[i:i + args.group])}) + "\n")
                docs += 1
    print("%s: %d documents" % (args.out, docs), file=sys.stderr)


if __name__ == "__main__":
    main()
