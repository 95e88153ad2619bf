"""The spaCy component: `add_pipe("nomen")` after pip install, entities as the CLI's."""
import json

import pytest
import spacy

import nomen


def expected_ents(doc, spans):
    """What expand alignment must give for the CLI's spans: exact ones kept as they
    are; others widened to whole tokens; one whose tokens overlap an earlier entity dropped."""
    ents, unaligned, last_end = [], 0, 0
    for s in spans:
        strict = doc.char_span(s["start"], s["end"], label=s["label"])
        ent = strict or doc.char_span(s["start"], s["end"], label=s["label"], alignment_mode="expand")
        if strict is None or ent is None or ent.start < last_end:
            unaligned += 1
        if ent is None or ent.start < last_end:
            continue
        ents.append((ent.start_char, ent.end_char, ent.label_))
        last_end = ent.end
    return ents, unaligned


def test_add_pipe_by_name_through_the_entry_point():
    from importlib.metadata import entry_points

    names = [e.name for e in entry_points().select(group="spacy_factories")] if hasattr(entry_points(), "select") else []
    assert "nomen" in names
    nlp = spacy.blank("en")
    nlp.add_pipe("nomen")
    assert nlp.pipe_names == ["nomen"]
    doc = nlp("Fayez al-Sarraj met Khalifa Haftar in Benghazi on Tuesday.")
    assert ("Benghazi", "GPE") in [(e.text, e.label_) for e in doc.ents]


def test_entities_equal_the_cli(corpus_extracted):
    nlp = spacy.blank("en")
    component = nlp.add_pipe("nomen")
    exact = total = 0
    for record in corpus_extracted:
        doc = nlp(record["text"])
        want, unaligned = expected_ents(doc, record["spans"])
        assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == want, record["id"]
        assert doc._.nomen_unaligned == unaligned, record["id"]
        total += len(record["spans"])
        exact += sum(1 for s in record["spans"] if (s["start"], s["end"], s["label"]) in set(want))
    assert component.spans == total
    assert exact / total > 0.95, "most of nomen's spans fall on spaCy's token boundaries"


def test_nlp_pipe_batches_and_equals_one_by_one(corpus_extracted):
    texts = [r["text"] for r in corpus_extracted][:80]
    nlp = spacy.blank("en")
    nlp.add_pipe("nomen", config={"batch_size": 16})
    one_by_one = [[(e.start_char, e.end_char, e.label_) for e in nlp(t).ents] for t in texts]
    piped = [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in nlp.pipe(texts, batch_size=7)]
    assert piped == one_by_one


def test_config_labels_model_and_patterns(tmp_path):
    text = "Fighters of Rada and Nawasi spoke in Benghazi on Tuesday."
    patterns = tmp_path / "names.jsonl"
    patterns.write_text(json.dumps({"label": "ORG", "pattern": "Nawasi"}) + "\n", encoding="utf-8")
    nlp = spacy.blank("en")
    nlp.add_pipe("nomen", config={"labels": ["GPE"]})
    assert {e.label_ for e in nlp(text).ents} == {"GPE"}
    nlp = spacy.blank("en")
    nlp.add_pipe("nomen", config={"patterns": str(patterns), "model": str(nomen_model_path())})
    got = [(e.text, e.label_) for e in nlp(text).ents]
    assert ("Nawasi", "ORG") in got and ("Nawasi", "GPE") not in got, got
    want = nomen.Extractor(model=nomen_model_path(), patterns=patterns).extract(text)
    assert got == [(text[s["start"]:s["end"]], s["label"]) for s in want]
    with pytest.raises(ValueError, match="not a usable nomen model"):
        bad = tmp_path / "bad.model"
        bad.write_bytes(b"garbage")
        spacy.blank("en").add_pipe("nomen", config={"model": str(bad)})


def test_unaligned_spans_are_widened_and_counted(corpus_extracted):
    """OntoNotes text keeps Penn Treebank brackets (-LRB-), which spaCy cuts
    differently: those spans are widened to whole tokens, or dropped, and counted."""
    nlp = spacy.blank("en")
    component = nlp.add_pipe("nomen")
    widened = dropped = 0
    for record in corpus_extracted:
        doc = nlp(record["text"])
        ents = {(e.start_char, e.end_char): e for e in doc.ents}
        taken = set()  # entities that already stand for a span of the extractor
        for s in record["spans"]:
            if (s["start"], s["end"]) in ents:
                taken.add((s["start"], s["end"]))
                continue
            assert doc.char_span(s["start"], s["end"]) is None or any(
                e.start_char < s["end"] and s["start"] < e.end_char for e in doc.ents
            ), "an aligned span is set as given unless it overlaps an entity"
            cover = [e for e in doc.ents if e.start_char <= s["start"] and s["end"] <= e.end_char]
            key = (cover[0].start_char, cover[0].end_char) if cover else None
            if key is None or key in taken:
                dropped += 1  # its tokens overlap the entity before it
                continue
            assert cover[0].label_ == s["label"]
            taken.add(key)
            widened += 1
    assert component.unaligned > 0 and widened > 0
    assert component.dropped == dropped
    assert component.unaligned == widened + component.dropped


def nomen_model_path():
    from conftest import REPO

    return REPO / "assets/nomen-news.model"
