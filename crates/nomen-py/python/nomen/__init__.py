"""nomen: named entities in news, from the same Rust core as the nomen page and CLI.

    >>> import nomen
    >>> ex = nomen.Extractor()                      # the shipped model
    >>> ex.extract("Haftar met Dbeibeh in Tripoli.")
    [{'start': 11, 'end': 18, 'label': 'PERSON'}, {'start': 22, 'end': 29, 'label': 'GPE'}]

Offsets are code points (Python str indices), end exclusive: exactly what
`nomen extract` writes. `nomen.convert` moves annotations between formats;
`nomen.spacy_component` is the spaCy pipe ("nomen"); `nomen.spark` annotates
a Spark DataFrame.
"""
from __future__ import annotations

from itertools import islice
from typing import Iterable, Iterator, List

from ._nomen import FORMATS, FormatError, LossError, convert, shipped_model_bytes
from ._nomen import Extractor as _RustExtractor

__all__ = ["Extractor", "convert", "FormatError", "LossError", "FORMATS", "shipped_model_bytes"]

Span = dict  # {"start": int, "end": int, "label": str}


class Extractor(_RustExtractor):
    """Finds named entities with nomen's extractor.

    ``Extractor(model=None, patterns=None)``: ``model`` is None (the model
    shipped with nomen), a path to a model file (the page's "Export model" or
    ``nomen train``/``nomen learn`` output) or its bytes; ``patterns`` is None,
    a path to Prodigy patterns JSONL (the page's "Export names") or a list of
    pattern dicts. A corrupt model raises ValueError, a missing file OSError.

    ``extract(text)`` returns the spans of one text; ``extract_batch(texts)``
    those of a list of texts; ``pipe(texts, batch_size)`` streams any iterable.
    The Rust code runs with the GIL released, so threads extract in parallel.
    """

    def pipe(self, texts: Iterable[str], batch_size: int = 256) -> Iterator[List[Span]]:
        """Yields one list of spans per text, in order, extracting a batch at a time."""
        if not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(f"batch_size must be a positive int, not {batch_size!r}")
        iterator = iter(texts)
        while True:
            batch = list(islice(iterator, batch_size))
            if not batch:
                return
            yield from self.extract_batch(batch)
