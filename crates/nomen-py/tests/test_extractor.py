"""nomen.Extractor gives exactly the spans `nomen extract` writes."""
import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import nomen
from conftest import REPO, read_jsonl, run_cli

PATTERNS = [
    {"label": "PERSON", "pattern": "Kikli"},
    {"label": "ORG", "pattern": "Rada"},
    {"label": "ORG", "pattern": [{"LOWER": "special"}, {"LOWER": "deterrence"}, {"LOWER": "force"}]},
]


def spans_by_id(records):
    return {r["id"]: r["spans"] for r in records}


def test_extract_equals_the_cli_on_the_seeds(cli, seeds):
    expected = run_cli(cli, "extract", seeds)
    extractor = nomen.Extractor()
    assert len(expected) == 3
    for record in expected:
        assert extractor.extract(record["text"]) == record["spans"], record["id"]
    assert sum(len(r["spans"]) for r in expected) > 50, "the seeds have many entities to compare"


def test_extract_equals_the_cli_on_a_few_hundred_articles(corpus_extracted):
    expected = corpus_extracted
    assert len(expected) > 300
    got = nomen.Extractor().extract_batch([r["text"] for r in expected])
    assert got == [r["spans"] for r in expected]


def test_offsets_are_code_points_python_indices():
    text = "🇱🇾 “Haftar” met Dbeibeh in Tripoli 🎉 on Tuesday."
    spans = nomen.Extractor().extract(text)
    shown = [(text[s["start"]:s["end"]], s["label"]) for s in spans]
    assert ("Tripoli", "GPE") in shown and ("Tuesday", "DATE") in shown, shown
    assert all(set(s) == {"start", "end", "label"} for s in spans)


def test_pipe_yields_one_list_per_text_in_order(cli, corpus):
    texts = [r["text"] for r in read_jsonl(corpus)][:60] + ["", "no names here"]
    extractor = nomen.Extractor()
    one_by_one = [extractor.extract(t) for t in texts]
    for batch_size in (1, 7, 256):
        assert list(extractor.pipe(iter(texts), batch_size=batch_size)) == one_by_one
    assert list(extractor.pipe([])) == []
    with pytest.raises(ValueError, match="batch_size"):
        list(extractor.pipe(texts, batch_size=0))


def test_threads_share_one_extractor(corpus):
    """The Rust code runs without the GIL; threads sharing one extractor get the same spans."""
    texts = [r["text"] for r in read_jsonl(corpus)][:80]
    extractor = nomen.Extractor()
    expected = [extractor.extract(t) for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(extractor.extract, texts)) == expected


def test_patterns_file_and_list_equal_the_cli(cli, seeds, tmp_path):
    path = tmp_path / "names.patterns.jsonl"
    path.write_text("".join(json.dumps(p) + "\n" for p in PATTERNS), encoding="utf-8")
    text = "Kikli's Rada militia, the Special Deterrence Force, met in Tripoli."
    expected = run_cli(cli, "extract", "--patterns", path, stdin=text)[0]["spans"]
    assert {"start": 0, "end": 5, "label": "PERSON"} in expected
    assert nomen.Extractor(patterns=path).extract(text) == expected
    assert nomen.Extractor(patterns=str(path)).extract(text) == expected
    assert nomen.Extractor(patterns=PATTERNS).extract(text) == expected
    for record in run_cli(cli, "extract", "--patterns", path, seeds):
        assert nomen.Extractor(patterns=PATTERNS).extract(record["text"]) == record["spans"]
    assert "3 patterns" in nomen.Extractor(patterns=PATTERNS).name


def test_learned_model_file_equals_the_cli(cli, seeds, small_corpus, tmp_path):
    """A learned (format version 2) model, as the page's "Export model" writes, by path and by bytes."""
    learned = tmp_path / "learned.model"
    run_cli(cli, "learn", seeds, "-o", learned)
    assert learned.read_bytes() != (REPO / "assets/nomen-news.model").read_bytes()
    expected = run_cli(cli, "extract", "--model", learned, small_corpus, seeds)
    for extractor in (nomen.Extractor(model=learned), nomen.Extractor(model=learned.read_bytes())):
        assert extractor.extract_batch([r["text"] for r in expected]) == [r["spans"] for r in expected]
    shipped = nomen.Extractor().extract_batch([r["text"] for r in expected])
    assert shipped != [r["spans"] for r in expected], "the learned model finds other spans than the shipped one"


def test_the_shipped_model_file_by_path_equals_the_default():
    text = "Fayez al-Sarraj met Khalifa Haftar in Benghazi."
    assert nomen.Extractor(model=REPO / "assets/nomen-news.model").extract(text) == nomen.Extractor().extract(text)
    assert bytes(nomen.shipped_model_bytes()) == (REPO / "assets/nomen-news.model").read_bytes()


def test_non_str_text_is_a_type_error():
    extractor = nomen.Extractor()
    for bad in (None, 3, b"Tripoli", ["Tripoli"]):
        with pytest.raises(TypeError, match="text must be str"):
            extractor.extract(bad)
    with pytest.raises(TypeError, match=r"texts\[1\] must be str, not int"):
        extractor.extract_batch(["Tripoli", 7])
    with pytest.raises(TypeError):
        list(extractor.pipe(["Rome", None]))


def test_corrupt_model_is_a_value_error(tmp_path):
    good = (REPO / "assets/nomen-news.model").read_bytes()
    flipped = bytearray(good)
    flipped[len(good) // 2] ^= 0xFF
    cases = {
        b"": "not a nomen model",
        b"not a model at all": "not a nomen model",
        good[: len(good) // 3]: "truncated",
        bytes(flipped): "corrupt",
    }
    for data, reason in cases.items():
        with pytest.raises(ValueError, match=reason):
            nomen.Extractor(model=data)
        path = tmp_path / "bad.model"
        path.write_bytes(data)
        with pytest.raises(ValueError, match=f"bad.model: not a usable nomen model: .*{reason}"):
            nomen.Extractor(model=path)


def test_missing_files_and_bad_arguments():
    with pytest.raises(FileNotFoundError, match="no-such.model"):
        nomen.Extractor(model="no-such.model")
    with pytest.raises(FileNotFoundError):
        nomen.Extractor(patterns="no-such.patterns.jsonl")
    with pytest.raises(TypeError, match="model must be"):
        nomen.Extractor(model=3.5)
    with pytest.raises(ValueError, match="line 2"):
        nomen.Extractor(patterns=[{"label": "ORG", "pattern": "Rada"}, {"pattern": "x"}])


def test_survives_hostile_text():
    """Odd text gives spans or none, never a crash."""
    extractor = nomen.Extractor()
    for text in ["", " ", "\x00", "\ud7ff" * 3, "A" * 100_000, "Mr. " * 5000, "🇱🇾" * 1000, "\n\n\n", "Ｔｏｋｙｏ"]:
        for span in extractor.extract(text):
            assert 0 <= span["start"] < span["end"] <= len(text)
