"""Shared fixtures: the `nomen` CLI (the reference every result is compared
with), the shared gold seeds, and a corpus of a few hundred real articles.

NOMEN_CLI names the CLI binary (default: the repository's target/debug/nomen,
which `cargo xtask test` builds first); NOMEN_SHARED the ../shared folder.
"""
import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def cli() -> Path:
    path = Path(os.environ.get("NOMEN_CLI", REPO / "target/debug/nomen"))
    if not path.exists():
        pytest.fail(f"the nomen CLI is not at {path}: build it (cargo build -p nomen-cli) or set NOMEN_CLI")
    return path


@pytest.fixture(scope="session")
def shared() -> Path:
    return Path(os.environ.get("NOMEN_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def seeds(shared) -> Path:
    return shared / "gold/seeds.jsonl"


def run_cli(cli: Path, *args, stdin: str = "") -> list:
    """Runs `nomen ARGS` and returns its JSONL output as records."""
    out = subprocess.run([str(cli), *map(str, args)], input=stdin, capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    return [json.loads(line) for line in out.stdout.splitlines()]


def read_jsonl(path: Path) -> list:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="session")
def corpus(shared, tmp_path_factory) -> Path:
    """300 OntoNotes development articles, the gold seeds and the tricky fixture
    (emoji, flags, curly quotes before names): {"id", "text"} a line."""
    records = read_jsonl(shared / "data/ontonotes/dev.jsonl")[:300]
    records += read_jsonl(shared / "gold/seeds.jsonl")
    records += read_jsonl(REPO / "tests/consumers/fixtures/tricky.jsonl")
    path = tmp_path_factory.mktemp("corpus") / "articles.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="session")
def corpus_extracted(cli, corpus) -> list:
    """`nomen extract` on the corpus, computed once for every test that compares with it."""
    return run_cli(cli, "extract", corpus)


@pytest.fixture(scope="session")
def small_corpus(corpus, tmp_path_factory) -> Path:
    """The first 40 articles of the corpus, for the comparisons that run the CLI again."""
    path = tmp_path_factory.mktemp("small") / "articles.jsonl"
    path.write_text("".join(open(corpus, encoding="utf-8").readlines()[:40]), encoding="utf-8")
    return path
