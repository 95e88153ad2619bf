"""The spaCy pipe "nomen": nomen's entities as ``doc.ents``.

Registered through the ``spacy_factories`` entry point, so after
``pip install`` a pipeline needs no import of nomen::

    nlp = spacy.blank("en")
    nlp.add_pipe("nomen")                                   # the shipped model
    nlp.add_pipe("nomen", config={"model": "learned.model", "labels": ["PERSON", "ORG"]})

nomen finds spans in the raw text (code points); spaCy's ``doc.ents`` are
token spans. Each span becomes ``doc.char_span(start, end, label,
alignment_mode="expand")``: a span that does not start and end on spaCy's
token boundaries is widened to the tokens it touches. Those are counted
(``doc._.nomen_unaligned`` per document, ``component.unaligned`` in all), as
are spans dropped because their widened tokens overlap an earlier entity
(``component.dropped``). ``nlp.pipe`` extracts a batch of texts per call to
the Rust code, with the GIL released.
"""
from __future__ import annotations

from typing import Iterable, Iterator, List, Optional

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from . import Extractor

if not Doc.has_extension("nomen_unaligned"):
    Doc.set_extension("nomen_unaligned", default=0)


class NomenComponent:
    """Sets ``doc.ents`` from nomen's extractor."""

    def __init__(
        self,
        nlp: Language,
        name: str = "nomen",
        model: Optional[str] = None,
        patterns: Optional[str] = None,
        labels: Optional[List[str]] = None,
        batch_size: int = 256,
    ):
        self.name = name
        self.extractor = Extractor(model=model, patterns=patterns)
        self.labels = set(labels) if labels else None
        self.batch_size = batch_size
        self.spans = 0  # spans the extractor gave (after the label filter)
        self.unaligned = 0  # of those, not set exactly as given: widened to whole tokens, or dropped
        self.dropped = 0  # of those, dropped: their tokens overlap an earlier entity

    def __call__(self, doc: Doc) -> Doc:
        self._set_ents(doc, self.extractor.extract(doc.text))
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: Optional[int] = None) -> Iterator[Doc]:
        for batch in minibatch(stream, size=batch_size or self.batch_size):
            for doc, spans in zip(batch, self.extractor.extract_batch([doc.text for doc in batch])):
                self._set_ents(doc, spans)
                yield doc

    def _set_ents(self, doc: Doc, spans: list) -> None:
        ents = []
        unaligned = 0
        last_end = 0  # token index where the last kept entity ends
        for span in spans:
            if self.labels is not None and span["label"] not in self.labels:
                continue
            self.spans += 1
            ent = doc.char_span(span["start"], span["end"], label=span["label"], alignment_mode="expand")
            if ent is None or ent.start < last_end:
                self.dropped += 1
                unaligned += 1
                continue
            if (ent.start_char, ent.end_char) != (span["start"], span["end"]):
                unaligned += 1  # widened to whole tokens
            ents.append(ent)
            last_end = ent.end
        doc.ents = ents
        doc._.nomen_unaligned = unaligned
        self.unaligned += unaligned


@Language.factory(
    "nomen",
    default_config={"model": None, "patterns": None, "labels": None, "batch_size": 256},
    assigns=["doc.ents"],
)
def make_nomen(
    nlp: Language,
    name: str,
    model: Optional[str],
    patterns: Optional[str],
    labels: Optional[List[str]],
    batch_size: int,
) -> NomenComponent:
    """config: ``model`` (a model file; None for the shipped model), ``patterns``
    (Prodigy patterns JSONL applied after it), ``labels`` (the labels to keep;
    None keeps all), ``batch_size`` (texts per call to the extractor in nlp.pipe)."""
    return NomenComponent(nlp, name, model=model, patterns=patterns, labels=labels, batch_size=batch_size)
