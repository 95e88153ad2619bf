"""How the TITLE rules would score on each gold seed had that seed been held
out while their word lists were written (issue 11).

The lists in crates/nomen-ner/src/titles.rs were written with all three
seeds in view. This reruns the seeds as if each had been held out: for seed
k, every word that stands in a gold TITLE of seed k only (not in the other
two seeds' titles, not in ../shared/GUIDELINES.md) is taken out of the rule
lists, nomen is built from a scratch git worktree of HEAD with the
shorter lists, and seed k is scored. It is a lower bound: anyone writing the
lists without seed k would still have thought of some of those words.

Run from the repository root: python3 bench/title_lists_held_out.py
(a few minutes: one release build per seed, in target/title-held-out).
"""

import collections
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
WORK = ROOT / "target" / "title-held-out"
LABELS = "PERSON,TITLE,ORG,GPE,LOC,FAC,NORP,EVENT,DATE"


def title_words(doc):
    words = collections.Counter()
    for span in doc["spans"]:
        if span["label"] == "TITLE":
            for w in re.split(r"[\s\-]+", doc["text"][span["start"]:span["end"]].lower()):
                if w:
                    words[w] += 1
    return words


def main():
    lines = [l for l in (SHARED / "gold" / "seeds.jsonl").read_text().splitlines() if l.strip()]
    seeds = [json.loads(l) for l in lines]
    guidelines = (SHARED / "GUIDELINES.md").read_text().lower()
    per_seed = [title_words(d) for d in seeds]

    tree = WORK / "tree"
    if not tree.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        subprocess.run(["git", "worktree", "add", "--detach", str(tree), "HEAD"], cwd=ROOT, check=True)
    else:
        # A tree left by an earlier run is brought to the commit being measured.
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
        subprocess.run(["git", "checkout", "-q", "--detach", "--force", head], cwd=tree, check=True)
    rules = tree / "crates" / "nomen-ner" / "src" / "titles.rs"
    original = rules.read_text()
    try:
        print("| seed | words only its titles have (taken out) | TITLE F1 as shipped | TITLE F1 held out | all 9 labels F1 held out |")
        print("|---|---|---|---|---|")
        for k, seed in enumerate(seeds):
            others = set().union(*(per_seed[j] for j in range(len(seeds)) if j != k))
            only = sorted(w for w in per_seed[k] if w not in others and not re.search(r"\b%s\b" % re.escape(w), guidelines))
            one = WORK / f"seed-{k}.jsonl"
            one.write_text(lines[k] + "\n")

            def score(labels):
                out = subprocess.run(
                    [str(tree / "target" / "release" / "nomen"), "eval", "--gold", str(one), "--labels", labels, "--normalize", "--json"],
                    capture_output=True, text=True, check=True).stdout
                return json.loads(out)["overall"]["f1"]

            rules.write_text(original)
            subprocess.run(["cargo", "build", "-q", "--release", "-p", "nomen-cli"], cwd=tree, check=True)
            shipped = score("TITLE")
            text = original
            for word in only:
                # The word as a quoted entry of a list, in any case (`"lieutenant", ` and `"Lieutenant", `).
                text = re.sub(r'"%s",\s*' % re.escape(word), "", text, flags=re.I)
            rules.write_text(text)
            subprocess.run(["cargo", "build", "-q", "--release", "-p", "nomen-cli"], cwd=tree, check=True)
            print(f"| {seed['id']} | {', '.join(only) or '-'} | {shipped:.3f} | {score('TITLE'):.3f} | {score(LABELS):.3f} |")
            sys.stdout.flush()
    finally:
        rules.write_text(original)


if __name__ == "__main__":
    main()
