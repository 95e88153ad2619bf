"""Mines the role nouns and title modifiers of TITLE from OntoNotes 5.0 train.

OntoNotes has no TITLE label, but it marks PERSON, and news writes a role
right before a name (`Senator Kerry`, `Defense Secretary Rumsfeld`,
`reporter Jane Doe`). The word lists that the TITLE rules in
crates/nomen-ner/src/titles.rs started from were written with the shared
gold seeds in view, and held out they did not hold up (bench/title_held_out.md).
These lists come from OntoNotes train alone, with thresholds fixed before
any seed was scored, so they are not tuned to the seeds.

- A role is a word that stands right before a PERSON at least 4 times and in
  at least 15% of its occurrences, is a noun (at least 10% of its occurrences
  after a determiner or capitalised in mid-sentence: this drops `says`,
  `named`, `succeeds`), is not a plural or an -ed/-ing form, and is not a
  kinship word, a relation or an honorific (GUIDELINES.md: a role, rank or
  office held by a person; `Mr.` is not a title).
- A modifier is a word capitalised in mid-sentence, outside any entity, that
  precedes a capitalised role at least 3 times (`Prime`, `Vice`, `Interior`).

Run from the repository root (about 20 s):
    python3 knowledge/mine_roles.py ../shared/data/ontonotes/train.jsonl crates/nomen-ner/data/roles.txt
The output is deterministic (sorted); it holds words and counts only, no text.
"""
import collections
import json
import sys

NOT_ROLES = set(
    # kinship and relations: who someone is to another person, not a role they hold
    "brother sister mother father son daughter wife husband uncle aunt cousin grandma grandpa grandmother grandfather "
    "nephew niece colleague friend competitor rival hero "
    # honorifics
    "sir mister miss madam madame mr mrs ms excellency highness his her".split()
)
DETERMINERS = {"the", "a", "an", "his", "her", "its", "their", "our", "'s", "former", "new", "said", "says"}


def tokens(text):
    """(start, end, word, first in its line) for the space-separated tokens of a PTB-tokenised text."""
    out, pos = [], 0
    for line in text.split("\n"):
        first = True
        for word in line.split(" "):
            if word:
                start = text.index(word, pos)
                pos = start + len(word)
                out.append((start, pos, word, first))
                first = False
    return out


def main(train, out):
    total, after_determiner, capitalised = collections.Counter(), collections.Counter(), collections.Counter()
    before_person = collections.Counter()
    capitalised_pairs = []  # (lower-case words before a capitalised word, that word), to find modifiers once roles are known
    with open(train, encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            toks = tokens(doc["text"])
            in_entity = [False] * len(toks)
            person_starts = set()
            for span in doc["spans"]:
                if span["label"] == "PERSON":
                    person_starts.add(span["start"])
                for i, (s, e, _, _) in enumerate(toks):
                    if s >= span["start"] and e <= span["end"]:
                        in_entity[i] = True

            def capital(i):
                _, _, w, first = toks[i]
                return not first and w[:1].isupper() and w.isalpha() and not in_entity[i]

            for i, (s, _, w, _) in enumerate(toks):
                lw = w.lower()
                total[lw] += 1
                if i > 0 and toks[i - 1][2].lower() in DETERMINERS:
                    after_determiner[lw] += 1
                if capital(i):
                    capitalised[lw] += 1
                    mods, j = [], i - 1
                    while j >= 0 and j >= i - 3 and capital(j):
                        mods.append(toks[j][2].lower())
                        j -= 1
                    if mods:
                        capitalised_pairs.append((lw, mods))
                if s in person_starts and i > 0 and not in_entity[i - 1] and toks[i - 1][2].isalpha():
                    before_person[toks[i - 1][2].lower()] += 1

    def is_role(w):
        n = before_person[w]
        return (
            n >= 4
            and n / total[w] >= 0.15
            and (after_determiner[w] + capitalised[w]) / total[w] >= 0.10
            and not w.endswith(("ed", "ing"))
            and not (w.endswith("s") and not w.endswith("ss"))
            and w not in NOT_ROLES
        )

    roles = sorted(w for w in before_person if is_role(w))
    role_set = set(roles)
    modifier_counts = collections.Counter()
    for head, mods in capitalised_pairs:
        if head in role_set:
            modifier_counts.update(mods)
    modifiers = sorted(w for w, n in modifier_counts.items() if n >= 3 and w not in NOT_ROLES and w not in role_set)

    with open(out, "w", encoding="utf-8") as f:
        f.write("# Role nouns and title modifiers mined from OntoNotes 5.0 train by knowledge/mine_roles.py: do not edit.\n")
        f.write("# kind<TAB>word<TAB>count (before a PERSON for a role, before a capitalised role for a modifier)\n")
        for w in roles:
            f.write(f"role\t{w}\t{before_person[w]}\n")
        for w in modifiers:
            f.write(f"modifier\t{w}\t{modifier_counts[w]}\n")
    print(f"{len(roles)} roles, {len(modifiers)} modifiers -> {out}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python3 knowledge/mine_roles.py ONTONOTES_TRAIN.jsonl OUT.txt")
    main(sys.argv[1], sys.argv[2])
