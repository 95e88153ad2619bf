#!/bin/sh
# Exports nomen JSONL files into every format the consumer checks read.
#
# Usage: export.sh NOMEN_BINARY OUT_DIR INPUT.jsonl...
# Then:  python check_spacy.py OUT_DIR && python check_shapes.py OUT_DIR
#
# Token formats are written with --lossy: raw news text does not survive them
# exactly (a word cut where an entity ends inside it, paragraph breaks), which
# is listed on stderr; the entities themselves are all written.
set -eu
nomen=$1
out=$2
shift 2
rm -rf "$out"
mkdir -p "$out"
for input in "$@"; do
  stem=$(basename "$input" .jsonl)
  "$nomen" convert --from jsonl --to jsonl "$input" "$out/$stem.jsonl"
  "$nomen" convert --from jsonl --to conll --lossy "$input" "$out/$stem.conll"
  "$nomen" convert --from jsonl --to labelstudio "$input" "$out/$stem.json"
  "$nomen" convert --from jsonl --to brat "$input" "$out/$stem.brat"
  "$nomen" convert --from jsonl --to hf --lossy "$input" "$out/$stem.hf.jsonl"
done
