"""Bursts on the real corpora: per-narrative timelines from our gold narrative annotations of dev + dev2.

A sanity check, not a score (the pages are few and spread over years): for each coarse narrative, the
annotated pages with a ``published`` date are counted per bucket (day, ISO week or month), the totals
are every dated page of both corpora in that bucket, and :func:`narrascope.corpus.bursts.detect_bursts`
runs on the share (``--rate``: on the counts alone). Dates with only a month ("2023-08") count at month buckets only; pages without a
date are left out and counted.

    PYTHONPATH=$PWD python scripts/waves_real.py                      # day, week and month buckets
    PYTHONPATH=$PWD python scripts/waves_real.py --bucket week --min-pages 3 --rate
"""
from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import re

import numpy as np

from narrascope.corpus.bursts import detect_bursts
from narrascope.ingest.corpora import annotated_pages
from narrascope.narratives.data import all_annotations
from narrascope.settings import Settings
from narrascope.taxonomy import load_taxonomies

DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
MONTH = re.compile(r"^\d{4}-\d{2}")


def bucket_of(published: str | None, bucket: str) -> int | None:
    """An integer bucket index (days, weeks or months since year 0) or None when the date is too vague."""
    if not published:
        return None
    if DAY.match(published):
        day = dt.date.fromisoformat(published[:10])
        if bucket == "day":
            return day.toordinal()
        if bucket == "week":
            return (day.toordinal() - 1) // 7  # ordinal 1 is a Monday: weeks run Monday to Sunday
        return day.year * 12 + day.month - 1
    if bucket == "month" and MONTH.match(published):
        return int(published[:4]) * 12 + int(published[5:7]) - 1
    return None


def label_of(index: int, bucket: str) -> str:
    if bucket == "day":
        return dt.date.fromordinal(index).isoformat()
    if bucket == "week":
        monday = dt.date.fromordinal(index * 7 + 1)
        return f"week of {monday.isoformat()}"
    return f"{index // 12}-{index % 12 + 1:02d}"


def timelines(bucket: str) -> tuple[int, np.ndarray, dict[str, dict[int, list[str]]], int, int]:
    """(first bucket, totals, narrative -> bucket -> page ids, dated annotated pages, undated annotated pages)."""
    pages = annotated_pages(Settings().dev_corpus)
    tax = load_taxonomies()
    when = {pid: bucket_of(row.get("published"), bucket) for pid, row in pages.items()}
    dated = [b for b in when.values() if b is not None]
    first, last = min(dated), max(dated)
    totals = np.zeros(last - first + 1)
    for b in dated:
        totals[b - first] += 1
    by_narrative: dict[str, dict[int, list[str]]] = collections.defaultdict(lambda: collections.defaultdict(list))
    used = undated = 0
    for ex in all_annotations(tax, split="all"):
        b = when.get(ex.id)
        if b is None:
            undated += 1
            continue
        used += 1
        for name in ex.labels:
            if tax.coarse_of(name) == name:
                by_narrative[name][b].append(ex.id)
    return first, totals, by_narrative, used, undated


def report(bucket: str, min_pages: int, rate: bool = False) -> dict:
    first, totals, by_narrative, used, undated = timelines(bucket)
    out = {"bucket": bucket, "mode": "rate" if rate else "share", "buckets": int(totals.size), "dated_pages": int(totals.sum()),
           "annotated_dated": used, "annotated_undated": undated, "narratives": []}
    for name, hits in sorted(by_narrative.items(), key=lambda kv: -sum(map(len, kv[1].values()))):
        pages = sum(map(len, hits.values()))
        if pages < min_pages:
            continue
        counts = np.zeros(totals.size)
        for b, ids in hits.items():
            counts[b - first] = len(ids)
        found = []
        for burst in detect_bursts(counts, None if rate else totals):
            ids = [i for b in range(burst.start, burst.end + 1) for i in hits.get(first + b, [])]
            found.append({**burst.as_dict(), "start": label_of(first + burst.start, bucket),
                          "peak": label_of(first + burst.peak, bucket), "end": label_of(first + burst.end, bucket),
                          "pages": sorted(ids)})
        out["narratives"].append({"narrative": name, "pages": pages, "bursts": found})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bucket", choices=["day", "week", "month"], action="append")
    ap.add_argument("--min-pages", type=int, default=2, help="narratives with fewer dated pages are skipped")
    ap.add_argument("--rate", action="store_true", help="counts alone, without the corpus totals (a rise in "
                                                        "rate, including the corpus' own collection peaks)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    for bucket in args.bucket or ["day", "week", "month"]:
        r = report(bucket, args.min_pages, args.rate)
        if args.json:
            print(json.dumps(r, ensure_ascii=False))
            continue
        print(f"== {bucket} buckets, {r['mode']}: {r['buckets']} from the first to the last dated page; {r['dated_pages']} dated "
              f"pages in dev+dev2; annotated pages {r['annotated_dated']} dated, {r['annotated_undated']} undated")
        for n in r["narratives"]:
            print(f"  {n['narrative']} ({n['pages']} dated pages): {len(n['bursts'])} burst(s)")
            for b in n["bursts"]:
                print(f"    {b['start']} .. {b['end']} (peak {b['peak']}): {b['volume']} page(s), "
                      f"{b['expected']:.2f} expected, level {b['level']}, score {b['score']:.1f}: "
                      + ", ".join(b["pages"]))


if __name__ == "__main__":
    main()
