"""nomen.convert runs the same code as `nomen convert`, with the same errors."""
import subprocess

import pytest

import nomen

CONLL = "-DOCSTART- -X- -X- O\n\nHaftar B-PERSON\nmet O\nDbeibeh B-PERSON\nin O\nTripoli B-GPE\n. O\n"


def cli_convert(cli, data, src, dst, tmp_path, *extra):
    source = tmp_path / f"in.{src}"
    source.write_text(data, encoding="utf-8")
    out = subprocess.run([str(cli), "convert", "--from", src, "--to", dst, *extra, str(source), "-"],
                         capture_output=True, text=True, check=False)
    return out, source


@pytest.mark.parametrize("src,dst", [("conll", "jsonl"), ("conll", "labelstudio"), ("conll", "doccano"), ("conll", "bilou")])
def test_conversions_equal_the_cli(cli, tmp_path, src, dst):
    out, _ = cli_convert(cli, CONLL, src, dst, tmp_path)
    assert out.returncode == 0, out.stderr
    assert nomen.convert(CONLL, src=src, dst=dst) == out.stdout


def test_round_trip_of_the_seeds_through_labelstudio(seeds):
    jsonl = seeds.read_text(encoding="utf-8")
    back = nomen.convert(nomen.convert(jsonl, src="jsonl", dst="labelstudio"), src="labelstudio", dst="jsonl")
    assert back == nomen.convert(jsonl, src="jsonl", dst="jsonl")


def test_malformed_input_names_line_and_field_as_the_cli(cli, tmp_path):
    bad = '{"text": "ok"}\n{"text": 3}\n'
    out, source = cli_convert(cli, bad, "jsonl", "conll", tmp_path)
    assert out.returncode == 1
    with pytest.raises(nomen.FormatError) as caught:
        nomen.convert(bad, src="jsonl", dst="conll")
    assert str(caught.value) == 'line 2: "text": expected a string, found 3'
    assert caught.value.line == 2
    # The CLI says the same after the file name: "in.jsonl:2: ..."
    assert out.stderr.strip() == f"nomen: error: {source}:2: \"text\": expected a string, found 3"
    assert isinstance(caught.value, ValueError)
    with pytest.raises(nomen.FormatError, match="line 2: expected a token and its tag"):
        nomen.convert("Haftar B-PERSON\nmet\n", src="conll", dst="jsonl")


def test_losses_raise_unless_lossy():
    inside_a_word = '{"text": "Libyan forces", "spans": [{"start": 0, "end": 5, "label": "GPE"}]}\n'
    with pytest.raises(nomen.LossError, match="1 annotation") as caught:
        nomen.convert(inside_a_word, src="jsonl", dst="conll")
    assert len(caught.value.losses) == 1 and "Libya" in caught.value.losses[0]
    # With lossy, the span is kept and the word is cut where it ends: the text is what is lost.
    assert "Libya B-GPE\nn O\n" in nomen.convert(inside_a_word, src="jsonl", dst="conll", lossy=True)


def test_hf_gives_its_tag_names_and_reads_them_back():
    text, names = nomen.convert(CONLL, src="conll", dst="hf")
    assert names[0] == "O" and "B-PERSON" in names
    back = nomen.convert(text, src="hf", dst="conll", tag_names=names)
    assert "Haftar B-PERSON" in back
    with pytest.raises(nomen.FormatError, match="no tag names"):
        nomen.convert(text, src="hf", dst="jsonl")


def test_bad_arguments():
    with pytest.raises(ValueError, match="src"):
        nomen.convert(CONLL, src="excel")
    with pytest.raises(ValueError, match="brat"):
        nomen.convert(CONLL, src="conll", dst="brat")
    with pytest.raises(TypeError, match="data must be str"):
        nomen.convert(CONLL.encode(), src="conll")
    assert set(nomen.FORMATS) >= {"jsonl", "conll", "bilou", "labelstudio", "doccano", "hf", "brat"}
