"""nomen on Spark in local[2]: the job's output equals `nomen extract` on the same input."""
import json
import os
import subprocess
import sys

import pytest

pyspark = pytest.importorskip("pyspark", reason="pyspark is installed by `cargo xtask test`")
from pyspark.sql import SparkSession  # noqa: E402

import nomen  # noqa: E402
from nomen import spark as nomen_spark  # noqa: E402
from conftest import read_jsonl, run_cli  # noqa: E402

SPARK_CONF = {
    "spark.ui.enabled": "false",
    "spark.sql.shuffle.partitions": "4",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
}


@pytest.fixture(scope="module")
def spark():
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.master("local[2]").appName("nomen tests")
    for key, value in SPARK_CONF.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_the_job_equals_nomen_extract(corpus, corpus_extracted, tmp_path):
    """The job `python -m nomen.spark IN OUT.jsonl --master local[2]` runs, in this process
    (one JVM for the whole module: the `spark` fixture's session comes after it)."""
    out = tmp_path / "annotated.jsonl"
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    assert nomen_spark.main([str(corpus), str(out), "--master", "local[2]"]) == 0
    got = read_jsonl(out)
    assert len(got) == len(corpus_extracted) > 300
    assert [(r["id"], r["text"], r["spans"]) for r in got] == [(r["id"], r["text"], r["spans"]) for r in corpus_extracted]
    assert all(r["meta"] == {"status": "pre_annotated"} for r in got)
    assert not (tmp_path / "annotated.jsonl.parts").exists()


def test_python_dash_m_runs_the_module():
    """`python -m nomen.spark` reaches the module's main (its --help needs no JVM)."""
    run = subprocess.run([sys.executable, "-m", "nomen.spark", "--help"], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert "usage: python -m nomen.spark" in run.stdout and "pre-annotated" in run.stdout


def test_annotate_adds_the_spans_column(spark, corpus, corpus_extracted):
    df = spark.read.json(str(corpus)).repartition(4)
    annotated = nomen_spark.annotate(df, text_col="text", out_col="spans")
    assert annotated.schema["spans"].dataType.simpleString() == nomen_spark.SPANS_DDL
    got = {row["id"]: [s.asDict() for s in row["spans"]] for row in annotated.collect()}
    assert got == {r["id"]: r["spans"] for r in corpus_extracted}


def test_null_text_and_patterns_and_bad_arguments(spark, tmp_path):
    rows = [("a", "Fighters of Rada and Nawasi spoke in Benghazi."), ("b", None), ("c", "")]
    df = spark.createDataFrame(rows, "id string, body string")
    patterns = [{"label": "ORG", "pattern": "Nawasi"}]
    got = {r["id"]: r["found"] for r in nomen_spark.annotate(df, text_col="body", out_col="found", patterns=patterns).collect()}
    want = nomen.Extractor(patterns=patterns).extract(rows[0][1])
    assert [s.asDict() for s in got["a"]] == want and {"start": 21, "end": 27, "label": "ORG"} in want
    assert got["b"] is None and got["c"] == []
    with pytest.raises(ValueError, match="no column 'text'"):
        nomen_spark.annotate(df)
    with pytest.raises(ValueError, match="already has a column 'body'"):
        nomen_spark.annotate(df, text_col="body", out_col="body")
    with pytest.raises(ValueError, match="not a usable nomen model"):
        nomen_spark.annotate(df, text_col="body", model=b"garbage")


def test_one_extractor_per_worker_process(spark):
    """Tasks that run in the same Python worker reuse its Extractor (built once from the broadcast bytes)."""
    model = bytes(nomen.shipped_model_bytes())
    broadcast = spark.sparkContext.broadcast((model, None))
    key = nomen_spark._digest(model, None)

    def which(_):
        extractor = nomen_spark._extractor_for(broadcast, key)
        yield os.getpid(), id(extractor)

    seen = spark.sparkContext.parallelize(range(16), 16).mapPartitions(which).collect()
    by_pid = {}
    for pid, extractor in seen:
        by_pid.setdefault(pid, set()).add(extractor)
    assert len(seen) == 16
    assert all(len(ids) == 1 for ids in by_pid.values()), by_pid
    assert len(by_pid) < 16, "workers are reused across tasks"


def test_parquet_input_with_spans_already_there(spark, seeds, cli, tmp_path):
    """The gold seeds carry spans: the job replaces them with the extractor's."""
    parquet = tmp_path / "seeds.parquet"
    spark.read.json(str(seeds)).write.parquet(str(parquet))
    out = tmp_path / "out"
    nomen_spark.run_job(spark, str(parquet), str(out))
    parts = sorted(p for p in out.iterdir() if p.name.startswith("part-"))
    got = {r["id"]: r["spans"] for p in parts for r in map(json.loads, p.read_text(encoding="utf-8").splitlines())}
    expected = {r["id"]: r["spans"] for r in run_cli(cli, "extract", seeds)}
    assert got == expected and len(got) == 3
