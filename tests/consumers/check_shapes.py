#!/usr/bin/env python3
"""Checks nomen's Label Studio, brat and Hugging Face exports against the
shapes those tools document, with only the standard library.

Usage: check_shapes.py EXPORT_DIR

- `*.json` (Label Studio tasks): a list of tasks, each with `data.text` and
  `annotations[].result[]` regions of type `labels` with `from_name`,
  `to_name` and `value.start/end/text/labels`; `value.start/end` are
  JavaScript string indices (UTF-16 code units), so `value.text` must equal
  the UTF-16 slice of the text.
- `*.ann` with their `.txt` (brat standoff): every line is a text-bound
  annotation `T<n><TAB>TYPE START END[;START END...]<TAB>text` whose text is
  the fragments of the `.txt` (Python string slices: code points) joined by a space.
- `*.jsonl` with a `<stem>.tag_names.json` beside it (Hugging Face token
  classification): `id`, `tokens` (strings) and `ner_tags` (integers below the
  number of tag names), one tag per token; and, when the `datasets` library is
  installed, `load_dataset("json", ...)` with `ClassLabel` names accepts it.

Exits 1 on any failure, listing each one.
"""

import json
import re
import sys
from pathlib import Path

T_LINE = re.compile(r"^T\d+\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")


def utf16_slice(text, start, end):
    units = text.encode("utf-16-le")
    return units[2 * start:2 * end].decode("utf-16-le")


def check_labelstudio(path, failures):
    try:
        tasks = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as e:
        failures.append(f"{path}: not JSON: {e}")
        return
    if not isinstance(tasks, list):
        failures.append(f"{path}: expected a list of tasks")
        return
    regions = 0
    for i, task in enumerate(tasks):
        where = f"{path}: task {i}"
        text = task.get("data", {}).get("text") if isinstance(task, dict) else None
        if not isinstance(text, str):
            failures.append(f"{where}: data.text is not a string")
            continue
        length16 = len(text.encode("utf-16-le")) // 2
        annotations = task.get("annotations")
        if not isinstance(annotations, list) or not annotations:
            failures.append(f"{where}: annotations is not a non-empty list")
            continue
        for a, annotation in enumerate(annotations):
            result = annotation.get("result") if isinstance(annotation, dict) else None
            if not isinstance(result, list):
                failures.append(f"{where}: annotations[{a}].result is not a list")
                continue
            for r, region in enumerate(result):
                at = f"{where}: annotations[{a}].result[{r}]"
                value = region.get("value", {})
                problems = []
                if region.get("type") != "labels":
                    problems.append(f"type is {region.get('type')!r}, not 'labels'")
                for key in ("from_name", "to_name"):
                    if not isinstance(region.get(key), str):
                        problems.append(f"{key} is not a string")
                start, end = value.get("start"), value.get("end")
                if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= length16):
                    problems.append(f"value.start/end {start}..{end} are not UTF-16 offsets in a text of {length16} units")
                elif value.get("text") != utf16_slice(text, start, end):
                    problems.append(f"value.text {value.get('text')!r} is not the UTF-16 slice "
                                    f"{utf16_slice(text, start, end)!r}")
                labels = value.get("labels")
                if not (isinstance(labels, list) and labels and all(isinstance(l, str) and l for l in labels)):
                    problems.append(f"value.labels {labels!r} is not a non-empty list of labels")
                failures.extend(f"{at}: {p}" for p in problems)
                regions += 1
    print(f"{path}: {len(tasks)} Label Studio tasks, {regions} regions checked against UTF-16 slices")


def check_brat(ann_path, failures):
    txt_path = ann_path.with_suffix(".txt")
    if not txt_path.exists():
        failures.append(f"{ann_path}: no {txt_path.name} beside it")
        return 0
    # newline="" keeps \r\n as two characters, as the offsets count them.
    with open(txt_path, encoding="utf-8", newline="") as f:
        text = f.read()
    count = 0
    with open(ann_path, encoding="utf-8", newline="") as f:
        for line_no, line in enumerate(f.read().split("\n"), 1):
            if not line:
                continue
            match = T_LINE.match(line)
            if not match:
                failures.append(f"{ann_path}:{line_no}: not a text-bound annotation line: {line!r}")
                continue
            fragments = [tuple(map(int, f.split())) for f in match.group(2).split(";")]
            if any(not (0 <= s < e <= len(text)) for s, e in fragments):
                failures.append(f"{ann_path}:{line_no}: offsets {match.group(2)} outside a text of {len(text)} code points")
                continue
            covered = " ".join(text[s:e] for s, e in fragments)
            if covered != match.group(3):
                failures.append(f"{ann_path}:{line_no}: text {match.group(3)!r} but the .txt has {covered!r}")
            count += 1
    return count


def check_hf(path, names_path, failures):
    names = json.loads(names_path.read_text(encoding="utf-8"))
    if not (isinstance(names, list) and "O" in names and all(isinstance(n, str) for n in names)):
        failures.append(f"{names_path}: not a list of tag names with 'O'")
        return
    rows = 0
    with open(path, encoding="utf-8") as f:
        for line_no, line in enumerate(f, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            tokens, tags = row.get("tokens"), row.get("ner_tags")
            ok = (isinstance(row.get("id"), str) and isinstance(tokens, list) and isinstance(tags, list)
                  and len(tokens) == len(tags) and all(isinstance(t, str) and t for t in tokens)
                  and all(isinstance(t, int) and 0 <= t < len(names) for t in tags))
            if not ok:
                failures.append(f"{path}:{line_no}: not {{id, tokens, ner_tags}} with one tag id below {len(names)} per token")
            rows += 1
    loaded = ""
    try:
        from datasets import ClassLabel, Features, Sequence, Value, load_dataset
    except ImportError:
        loaded = " (datasets not installed: load_dataset not tried)"
    else:
        features = Features({"id": Value("string"), "tokens": Sequence(Value("string")),
                             "ner_tags": Sequence(ClassLabel(names=names))})
        dataset = load_dataset("json", data_files=str(path), features=features, split="train")
        if len(dataset) != rows:
            failures.append(f"{path}: datasets loaded {len(dataset)} rows, the file has {rows}")
        loaded = f"; datasets.load_dataset read {len(dataset)} rows with ClassLabel names"
    print(f"{path}: {rows} Hugging Face rows, tags within {len(names)} names{loaded}")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    directory = Path(sys.argv[1])
    failures = []
    checked = 0
    for path in sorted(directory.rglob("*.json")):
        if path.name.endswith(".tag_names.json"):
            continue
        check_labelstudio(path, failures)
        checked += 1
    anns = sorted(directory.rglob("*.ann"))
    lines = sum(check_brat(p, failures) for p in anns)
    if anns:
        print(f"{directory}: {len(anns)} brat .ann files, {lines} T lines checked against their .txt")
        checked += len(anns)
    for names_path in sorted(directory.rglob("*.tag_names.json")):
        data = names_path.with_name(names_path.name[: -len(".tag_names.json")] + ".jsonl")
        if data.exists():
            check_hf(data, names_path, failures)
            checked += 1
    if checked == 0:
        failures.append(f"{directory}: no Label Studio, brat or Hugging Face exports to check")
    for failure in failures:
        print(f"FAIL {failure}")
    print(f"check_shapes: {checked} files checked, {len(failures)} failures")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
