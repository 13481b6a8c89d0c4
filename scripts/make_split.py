"""Make the project-wide train/test split of ../shared/data/corpora/dev.jsonl.

Run once; the output (narrascope/resources/splits/dev_split.json) is committed and never
regenerated, so every later annotation and evaluation uses the same held-out ids.

    python scripts/make_split.py ../shared/data/corpora/dev.jsonl

Outlets are kept disjoint between train and test; outlets are assigned greedily, in a
seeded order, to whichever side brings the (language, viewpoint) strata closer to 30% test.
"""
import collections
import json
import random
import sys
from pathlib import Path

SEED = 20261122
TEST_SHARE = 0.30


def make_split(rows):
    by_outlet = collections.defaultdict(list)
    for row in rows:
        by_outlet[row.get("outlet") or row["id"]].append(row)
    strata = collections.Counter((r["language"], r["viewpoint"]) for r in rows)
    target = {k: TEST_SHARE * n for k, n in strata.items()}
    in_test = collections.Counter()
    outlets = sorted(by_outlet)
    random.Random(SEED).shuffle(outlets)
    # Big outlets first, so the small ones can even out the strata afterwards.
    outlets.sort(key=lambda o: -len(by_outlet[o]))
    test_ids = []
    n_test = 0
    for outlet in outlets:
        docs = by_outlet[outlet]
        gain = sum(1 if in_test[(d["language"], d["viewpoint"])] + 1 <= target[(d["language"], d["viewpoint"])] + 0.5 else -1
                   for d in docs)
        if gain > 0 and n_test + len(docs) <= TEST_SHARE * len(rows) + 2:
            for d in docs:
                in_test[(d["language"], d["viewpoint"])] += 1
                test_ids.append(d["id"])
            n_test += len(docs)
    test = set(test_ids)
    return {
        "source": "shared/data/corpora/dev.jsonl",
        "seed": SEED,
        "method": "outlet-disjoint greedy stratification by (language, viewpoint), 30% test",
        "train": sorted(r["id"] for r in rows if r["id"] not in test),
        "test": sorted(test),
    }


if __name__ == "__main__":
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/corpora/dev.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    split = make_split(rows)
    out = Path(__file__).resolve().parents[1] / "narrascope/resources/splits/dev_split.json"
    out.write_text(json.dumps(split, indent=1) + "\n", encoding="utf-8")
    test = set(split["test"])
    c = collections.Counter((r["language"], r["viewpoint"], r["id"] in test) for r in rows)
    print(f"train {len(split['train'])}, test {len(split['test'])}")
    for lang in ("en", "ru", "kk", "uk"):
        print(lang, {vp: f"{c[(lang, vp, True)]}/{c[(lang, vp, True)] + c[(lang, vp, False)]}"
                     for vp in sorted({r['viewpoint'] for r in rows}) if c[(lang, vp, True)] + c[(lang, vp, False)]})
