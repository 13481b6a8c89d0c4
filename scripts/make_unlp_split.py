"""Make the held-out split of the UNLP 2025 training posts (../shared/data/unlp2025/train.parquet).

Run once; the output (narrascope/resources/splits/unlp2025_split.json, post ids only, never
text) is committed and never regenerated, so every evaluation uses the same held-out posts.
Running it again only checks that it would write the same file, and refuses to change it.

    python scripts/make_unlp_split.py ../shared/data/unlp2025/train.parquet

Method: posts are grouped by (lang, manipulative); inside each group, ids are sorted, shuffled
with one seeded generator (groups in sorted order) and the first round(20%) go to test.
"""
import collections
import json
import random
import sys
from pathlib import Path

SEED = 20250404
TEST_SHARE = 0.20
OUT = Path(__file__).resolve().parents[1] / "narrascope/resources/splits/unlp2025_split.json"


def make_split(rows):
    """``rows``: dicts with id, lang, manipulative. Returns the split as a JSON-ready dict."""
    strata = collections.defaultdict(list)
    for row in rows:
        strata[(row["lang"], bool(row["manipulative"]))].append(row["id"])
    rng = random.Random(SEED)
    test = []
    for key in sorted(strata):
        ids = sorted(strata[key])
        rng.shuffle(ids)
        test += ids[:round(TEST_SHARE * len(ids))]
    test_set = set(test)
    return {
        "source": "shared/data/unlp2025/train.parquet",
        "seed": SEED,
        "method": "stratified by (lang, manipulative): per stratum, sorted ids shuffled with "
                  "random.Random(seed), first round(20%) to test",
        "train": sorted(r["id"] for r in rows if r["id"] not in test_set),
        "test": sorted(test_set),
    }


def dumps(split):
    return json.dumps(split, indent=1, ensure_ascii=False) + "\n"


def main(argv):
    import pyarrow.parquet as pq

    path = Path(argv[1] if len(argv) > 1 else Path(__file__).resolve().parents[2] / "shared/data/unlp2025/train.parquet")
    rows = pq.read_table(path, columns=["id", "lang", "manipulative"]).to_pylist()
    text = dumps(make_split(rows))
    if OUT.exists():
        if OUT.read_text(encoding="utf-8") != text:
            sys.exit(f"{OUT} exists and differs from what this data gives; the split never changes. Not written.")
        print(f"{OUT} is unchanged.")
        return
    OUT.write_text(text, encoding="utf-8")
    split = json.loads(text)
    test = set(split["test"])
    counts = collections.Counter((r["lang"], bool(r["manipulative"]), r["id"] in test) for r in rows)
    print(f"wrote {OUT}: {len(split['train'])} train, {len(split['test'])} test")
    for (lang, manip, is_test), n in sorted(counts.items()):
        print(f"  {lang} manipulative={manip} {'test' if is_test else 'train'}: {n}")


if __name__ == "__main__":
    main(sys.argv)
