#!/usr/bin/env python3
"""Checks that spaCy accepts nomen's exports as spaCy itself defines them.

Usage: check_spacy.py EXPORT_DIR

EXPORT_DIR holds exports made by `nomen convert` (see export.sh beside this file),
and the app's JSONL export with kb_ids (fixtures/kb_ids.jsonl, kept equal to the
session's export by a nomen-session test), copied in by `cargo xtask test`:
- every `*.jsonl` with "spans" (nomen/Prodigy/spaCy JSONL, code-point offsets) is
  turned into spaCy Docs on `spacy.blank("en")` with `Doc.char_span(start, end, label)`;
  a span that starts and ends on spaCy token boundaries must come back (not None)
  with exactly the text `text[start:end]`, and the spans must be settable as
  `doc.ents`. Spans off spaCy's tokens are listed (spaCy tokenizes differently
  from nomen) but are not failures.
- every `*.conll` (IOB2, CoNLL-2003 layout) is converted with
  `python -m spacy convert -c ner`, and the entities spaCy reads back must be
  the ones the file's tags spell, in order.

Exits 1 on any failure, listing each one.
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import spacy
from spacy.tokens import DocBin


def check_jsonl(path, nlp, failures):
    records = spans = aligned = with_kb_id = 0
    off_tokens = []
    kb_ids = {}  # (label, text) -> kb_id
    with open(path, encoding="utf-8") as f:
        for line_no, line in enumerate(f, 1):
            if not line.strip():
                continue
            record = json.loads(line)
            if "spans" not in record:
                return None  # not nomen JSONL (doccano, hf): not this check's business
            records += 1
            text = record["text"]
            doc = nlp.make_doc(text)
            starts = {t.idx for t in doc}
            ends = {t.idx + len(t) for t in doc}
            ents = []
            for s in record["spans"]:
                spans += 1
                start, end, label = s["start"], s["end"], s["label"]
                kb_id = s.get("kb_id")
                span = doc.char_span(start, end, label=label, kb_id=kb_id or "")
                if start in starts and end in ends:
                    aligned += 1
                    if span is None:
                        failures.append(f"{path}:{line_no}: span {start}..{end} {label} {text[start:end]!r} "
                                        "aligns with spaCy tokens but char_span gave None")
                        continue
                    if span.text != text[start:end]:
                        failures.append(f"{path}:{line_no}: span {start}..{end} is {span.text!r} in spaCy, "
                                        f"{text[start:end]!r} in Python")
                    if kb_id is not None:
                        with_kb_id += 1
                        seen = kb_ids.setdefault((label, text[start:end]), kb_id)
                        if seen != kb_id or not kb_id.startswith(f"{label}:"):
                            failures.append(f"{path}:{line_no}: {label} {text[start:end]!r} has kb_id {kb_id!r}, "
                                            f"elsewhere {seen!r}")
                        if span.kb_id_ != kb_id:
                            failures.append(f"{path}:{line_no}: span {start}..{end} has kb_id_ {span.kb_id_!r} in spaCy, "
                                            f"{kb_id!r} in the file")
                    ents.append(span)
                else:
                    off_tokens.append(f"{path}:{line_no}: {start}..{end} {label} {text[start:end]!r}")
            try:
                doc.ents = ents
            except ValueError as e:
                failures.append(f"{path}:{line_no}: spaCy refused the spans as doc.ents: {e}")
            if [e.kb_id_ for e in doc.ents] != [e.kb_id_ for e in ents]:
                failures.append(f"{path}:{line_no}: doc.ents lost kb_ids: {[e.kb_id_ for e in doc.ents]}")
    kb_note = f", {with_kb_id} with kb_id_ as in the file" if with_kb_id else ""
    print(f"{path}: {records} docs, {spans} spans, {aligned} on spaCy token boundaries and all accepted"
          f" by Doc.char_span{kb_note}; {len(off_tokens)} off spaCy's tokens (not failures)")
    for item in off_tokens[:10]:
        print(f"  off spaCy tokens: {item}")
    return records


def entities_in_conll(path):
    """The (text, label) entities the IOB2 tags spell, read independently of spaCy."""
    entities, current = [], None

    def close():
        nonlocal current
        if current:
            entities.append((" ".join(current[0]), current[1]))
        current = None

    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("-DOCSTART-"):
                close()
                continue
            columns = line.split()
            token, tag = columns[0], columns[-1]
            if tag == "O":
                close()
            elif tag.startswith("B-") or current is None or current[1] != tag[2:]:
                close()
                current = ([token], tag[2:])
            else:
                current[0].append(token)
    close()
    return entities


def check_conll(path, nlp, failures):
    with tempfile.TemporaryDirectory() as out:
        result = subprocess.run(
            [sys.executable, "-m", "spacy", "convert", str(path), out, "--converter", "ner", "--file-type", "spacy"],
            capture_output=True, text=True)
        if result.returncode != 0:
            failures.append(f"{path}: spacy convert -c ner failed: {result.stderr.strip() or result.stdout.strip()}")
            return
        docs = []
        for produced in sorted(Path(out).glob("*.spacy")):
            docs.extend(DocBin().from_disk(produced).get_docs(nlp.vocab))
    got = [(" ".join(t.text for t in ent), ent.label_) for doc in docs for ent in doc.ents]
    expected = entities_in_conll(path)
    if got != expected:
        first = next((i for i, (a, b) in enumerate(zip(got, expected)) if a != b), min(len(got), len(expected)))
        failures.append(f"{path}: spaCy read {len(got)} entities, the tags spell {len(expected)}; first difference at"
                        f" entity {first}: spaCy {got[first:first + 1]} vs tags {expected[first:first + 1]}")
    else:
        print(f"{path}: spacy convert -c ner read {len(docs)} docs and all {len(got)} entities back")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    directory = Path(sys.argv[1])
    nlp = spacy.blank("en")
    failures = []
    checked = 0
    for path in sorted(directory.rglob("*.jsonl")):
        if check_jsonl(path, nlp, failures) is not None:
            checked += 1
    for path in sorted(directory.rglob("*.conll")):
        check_conll(path, nlp, failures)
        checked += 1
    if checked == 0:
        failures.append(f"{directory}: no nomen .jsonl or .conll exports to check")
    for failure in failures:
        print(f"FAIL {failure}")
    print(f"check_spacy: {checked} files checked with spaCy {spacy.__version__}, {len(failures)} failures")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
