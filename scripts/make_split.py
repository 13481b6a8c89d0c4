"""Make the project-wide train/test splits of ../shared/data/corpora/dev.jsonl and dev2.jsonl.

Run once per corpus; the output (narrascope/resources/splits/<name>_split.json) is committed and
never regenerated, so every later annotation and evaluation uses the same held-out ids.

    python scripts/make_split.py ../shared/data/corpora/dev.jsonl
    python scripts/make_split.py ../shared/data/corpora/dev2.jsonl --pin dev

With ``--pin dev``, an outlet that already has pages in dev.jsonl stays on the side it has there,
so no outlet is in train in one corpus and in test in the other.

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


def make_split(rows, pinned=None, source="shared/data/corpora/dev.jsonl", seed=SEED):
    """``pinned`` maps outlet -> True (test) / False (train) for outlets whose side is already fixed."""
    pinned = pinned or {}
    by_outlet = collections.defaultdict(list)
    for row in rows:
        by_outlet[row.get("outlet") or row["id"]].append(row)
    strata = collections.Counter((r["language"], r["viewpoint"]) for r in rows)
    target = {k: TEST_SHARE * n for k, n in strata.items()}
    in_test = collections.Counter()
    test_ids = []
    n_test = 0
    for outlet in sorted(o for o in by_outlet if pinned.get(o)):
        for d in by_outlet[outlet]:
            in_test[(d["language"], d["viewpoint"])] += 1
            test_ids.append(d["id"])
            n_test += 1
    outlets = sorted(o for o in by_outlet if o not in pinned)
    random.Random(seed).shuffle(outlets)
    # Big outlets first, so the small ones can even out the strata afterwards.
    outlets.sort(key=lambda o: -len(by_outlet[o]))
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
    method = "outlet-disjoint greedy stratification by (language, viewpoint), 30% test"
    if pinned:
        method += f"; {len(pinned)} outlets shared with an earlier corpus keep their side there"
    return {
        "source": source,
        "seed": seed,
        "method": method,
        "train": sorted(r["id"] for r in rows if r["id"] not in test),
        "test": sorted(test),
    }


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--pin"]
    pin_name = sys.argv[sys.argv.index("--pin") + 1] if "--pin" in sys.argv else None
    args = [a for a in args if a != pin_name]
    path = Path(args[0] if args else "../shared/data/corpora/dev.jsonl")
    read = lambda p: [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = read(path)
    splits = Path(__file__).resolve().parents[1] / "narrascope/resources/splits"
    pinned = {}
    if pin_name:
        earlier = json.loads((splits / f"{pin_name}_split.json").read_text(encoding="utf-8"))
        earlier_test = set(earlier["test"])
        for r in read(path.with_name(f"{pin_name}.jsonl")):
            pinned[r.get("outlet") or r["id"]] = r["id"] in earlier_test
        pinned = {o: side for o, side in pinned.items() if any((x.get("outlet") or x["id"]) == o for x in rows)}
    split = make_split(rows, pinned, source=f"shared/data/corpora/{path.name}",
                       seed=SEED if path.stem == "dev" else SEED + 1)
    out = splits / f"{path.stem}_split.json"
    out.write_text(json.dumps(split, indent=1) + "\n", encoding="utf-8")
    test = set(split["test"])
    c = collections.Counter((r["language"], r["viewpoint"], r["id"] in test) for r in rows)
    print(f"train {len(split['train'])}, test {len(split['test'])}")
    for lang in ("en", "ru", "kk", "uk"):
        print(lang, {vp: f"{c[(lang, vp, True)]}/{c[(lang, vp, True)] + c[(lang, vp, False)]}"
                     for vp in sorted({r['viewpoint'] for r in rows}) if c[(lang, vp, True)] + c[(lang, vp, False)]})
