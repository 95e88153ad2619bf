"""nomen on Spark: pre-annotating an archive of articles on a cluster.

``annotate(df)`` adds a column of spans to a DataFrame. The model's bytes are
broadcast once; each executor's Python worker builds one Extractor from them
(kept for the worker's life, so tasks after the first pay nothing) and
annotates Arrow batches of texts through ``mapInPandas``, the Rust code
running with the GIL released. The spans are exactly ``nomen extract``'s.

As a job::

    python -m nomen.spark articles.jsonl annotated.jsonl            # local mode, all cores
    spark-submit --py-files nomen-*.whl -m ... (see the README)

reads JSONL (``{"text", "id"?}`` a line, or any columns with ``--text-col``)
or Parquet, and writes JSONL records ``{"id", "text", "spans", "meta":
{"status": "pre_annotated"}}`` that the nomen page opens as pre-annotated
documents: a directory of part files, or one file when OUT ends in .jsonl
(written by Spark in parallel, then concatenated in order).
"""
from __future__ import annotations

import argparse
import functools
import hashlib
import json
import os
import shutil
import sys
from typing import Iterator, Optional

from nomen import Extractor, shipped_model_bytes  # absolute: spark-submit runs this file as a script

#: The type of the column ``annotate`` adds, as a DDL string.
SPANS_DDL = "array<struct<start:int,end:int,label:string>>"

# One Extractor per Python worker process, by a digest of the model and patterns.
_EXTRACTORS: dict = {}


def _digest(model_bytes: bytes, patterns: Optional[list]) -> str:
    return hashlib.sha256(model_bytes + json.dumps(patterns, sort_keys=True).encode()).hexdigest()


def _extractor_for(broadcast, key: str) -> Extractor:
    """This worker's Extractor for the broadcast (model, patterns); the bytes are
    read and parsed on the worker's first task only (Spark reuses workers)."""
    extractor = _EXTRACTORS.get(key)
    if extractor is None:
        model, patterns = broadcast.value
        extractor = Extractor(model=model, patterns=patterns)
        _EXTRACTORS[key] = extractor
    return extractor


def _annotate_batches(batches: Iterator, broadcast, key: str, text_col: str, out_col: str, batch_size: int) -> Iterator:
    extractor = _extractor_for(broadcast, key)
    for frame in batches:
        texts = frame[text_col].tolist()
        present = [i for i, t in enumerate(texts) if isinstance(t, str)]
        spans: list = [None] * len(texts)
        for offset in range(0, len(present), batch_size):
            chunk = present[offset:offset + batch_size]
            for i, found in zip(chunk, extractor.extract_batch([texts[i] for i in chunk])):
                spans[i] = found
        frame[out_col] = spans
        yield frame


def _model_bytes(model) -> bytes:
    if model is None:
        return bytes(shipped_model_bytes())
    if isinstance(model, (bytes, bytearray)):
        return bytes(model)
    with open(model, "rb") as f:
        return f.read()


def _pattern_list(patterns) -> Optional[list]:
    if patterns is None or isinstance(patterns, list):
        return patterns
    with open(patterns, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def annotate(df, text_col: str = "text", out_col: str = "spans", model=None, patterns=None, batch_size: int = 256):
    """Returns ``df`` with ``out_col``: array<struct<start:int,end:int,label:string>>.

    ``model`` and ``patterns`` as for ``nomen.Extractor`` (None: the shipped
    model). A null text gets null spans. The model is checked here, on the
    driver, so a corrupt file fails before any task runs.
    """
    from pyspark.sql.types import StructField, StructType, _parse_datatype_string

    if text_col not in df.columns:
        raise ValueError(f"no column {text_col!r} in the DataFrame (columns: {', '.join(df.columns)})")
    if out_col in df.columns:
        raise ValueError(f"the DataFrame already has a column {out_col!r}; choose another out_col")
    model_bytes, pattern_list = _model_bytes(model), _pattern_list(patterns)
    Extractor(model=model_bytes, patterns=pattern_list)  # fail here, with the reason, not in an executor
    broadcast = df.sparkSession.sparkContext.broadcast((model_bytes, pattern_list))
    schema = StructType(df.schema.fields + [StructField(out_col, _parse_datatype_string(SPANS_DDL), True)])
    key = _digest(model_bytes, pattern_list)
    run = functools.partial(_annotate_batches, broadcast=broadcast, key=key, text_col=text_col, out_col=out_col, batch_size=batch_size)
    return df.mapInPandas(run, schema)


def _read(spark, path: str, text_col: str):
    is_parquet = path.rstrip("/").endswith(".parquet") or (
        os.path.isdir(path) and any(name.endswith(".parquet") for name in os.listdir(path))
    )
    df = spark.read.parquet(path) if is_parquet else spark.read.json(path)
    if "_corrupt_record" in df.columns:
        bad = df.filter(df["_corrupt_record"].isNotNull()).select("_corrupt_record").first()
        raise SystemExit(f"nomen.spark: {path}: a line is not a JSON object: {bad[0][:80]!r}")
    if text_col not in df.columns:
        raise SystemExit(f"nomen.spark: {path}: no {text_col!r} field (fields: {', '.join(df.columns)}); give --text-col")
    return df


def run_job(spark, input_path: str, output_path: str, text_col: str = "text", model=None, patterns=None) -> None:
    """Reads articles, annotates them, writes page-ready JSONL (see the module doc)."""
    from pyspark.sql import functions as F

    df = _read(spark, input_path, text_col)
    # Only the id and the text go on: spans already in the input are replaced, as `nomen extract` does.
    df = df.select(*(["id"] if "id" in df.columns else []), text_col)
    annotated = annotate(df, text_col=text_col, out_col="spans", model=model, patterns=patterns)
    columns = ([F.col("id").cast("string").alias("id")] if "id" in df.columns else []) + [
        F.col(text_col).alias("text"),
        F.col("spans"),
        F.struct(F.lit("pre_annotated").alias("status")).alias("meta"),
    ]
    out = annotated.select(*columns)
    single = output_path.endswith(".jsonl") and "://" not in output_path
    target = output_path + ".parts" if single else output_path
    out.write.mode("overwrite").json(target)
    if single:
        _concatenate_parts(target, output_path)


def _concatenate_parts(parts_dir: str, output_path: str) -> None:
    """Spark's part files, in partition order (= input order), as one file."""
    parts = sorted(name for name in os.listdir(parts_dir) if name.startswith("part-"))
    temp = output_path + ".tmp"
    with open(temp, "wb") as out:
        for name in parts:
            with open(os.path.join(parts_dir, name), "rb") as part:
                shutil.copyfileobj(part, out)
    os.replace(temp, output_path)
    shutil.rmtree(parts_dir)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m nomen.spark",
        description="Pre-annotate articles with nomen on Spark: JSONL or Parquet in, "
        "JSONL the nomen page opens as pre-annotated documents out.",
    )
    parser.add_argument("input", help="JSONL file or directory (one article a line), or Parquet")
    parser.add_argument("output", help="a directory of JSONL part files, or one file if it ends in .jsonl (local paths)")
    parser.add_argument("--text-col", default="text", help="the field holding the article text (default: text)")
    parser.add_argument("--model", help="a nomen model file (default: the shipped model)")
    parser.add_argument("--patterns", help="Prodigy patterns JSONL applied after the model")
    parser.add_argument("--master", help="Spark master when not run by spark-submit (default: local[*])")
    args = parser.parse_args(argv)

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("nomen annotate")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        run_job(spark, args.input, args.output, text_col=args.text_col, model=args.model, patterns=args.patterns)
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    # Run the importable module's main, not this __main__ copy: Spark ships
    # functions of an importable module by reference, so each worker keeps
    # its Extractor across tasks (a function of __main__ is shipped by value).
    from nomen.spark import main as _main

    sys.exit(_main())
