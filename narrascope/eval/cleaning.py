"""Body retention of the cleaner, against hand annotations of the dev corpus.

Gold: ``resources/annotations/clean_body.jsonl`` (ids and offsets; see
docs/annotation/cleaning.md). Predicted: the raw ranges the cleaner keeps. We report
line-level precision and recall (a line counts as body when most of its non-space
characters are body) and the same at character level, per split and language.
"""
from __future__ import annotations

import collections
import json
from importlib import resources
from pathlib import Path
from typing import Any

from ..components.clean import Cleaner
from ..ingest import article_from_record
from ..ingest.tabular import iter_jsonl
from ..settings import Settings

ANNOTATIONS = "annotations/clean_body.jsonl"
SPLIT = "splits/dev_split.json"


def load_resource(name: str) -> str:
    return resources.files("narrascope.resources").joinpath(name).read_text(encoding="utf-8")


def load_split() -> dict[str, str]:
    data = json.loads(load_resource(SPLIT))
    return {**{i: "train" for i in data["train"]}, **{i: "test" for i in data["test"]}}


def _mask(length: int, ranges: list[tuple[int, int]]) -> bytearray:
    mask = bytearray(length)
    for s, e in ranges:
        mask[max(0, s):min(length, e)] = b"\x01" * (min(length, e) - max(0, s))
    return mask


def counts_prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "tp": tp, "fp": fp, "fn": fn}


def score_page(text: str, gold: list[tuple[int, int]], kept: list[tuple[int, int]]) -> dict[str, Any]:
    g, k = _mask(len(text), gold), _mask(len(text), kept)
    chars = collections.Counter()
    lines = collections.Counter()
    pos = 0
    for line in text.split("\n"):
        idx = [pos + i for i, ch in enumerate(line) if not ch.isspace()]
        pos += len(line) + 1
        if not idx:
            continue
        gb = sum(g[i] for i in idx) * 2 >= len(idx)
        kb = sum(k[i] for i in idx) * 2 >= len(idx)
        lines[(gb, kb)] += 1
        for i in idx:
            chars[(bool(g[i]), bool(k[i]))] += 1
    return {"lines": lines, "chars": chars}


def evaluate_cleaning(corpus: str | Path, split: str = "test", annotations: str | Path | None = None,
                      settings: Settings | None = None) -> dict[str, Any]:
    """Scores of the cleaner on annotated pages of ``split`` ('test', 'train' or 'all')."""
    gold_text = Path(annotations).read_text(encoding="utf-8") if annotations else load_resource(ANNOTATIONS)
    gold = {g["id"]: g for g in (json.loads(line) for line in gold_text.splitlines() if line.strip())}
    text = Path(corpus).read_text(encoding="utf-8")
    rows = [r for _, r in iter_jsonl(text, str(corpus)) if isinstance(r, dict)]
    # Clean the whole corpus as one batch, as `narrascope analyze` would.
    articles = []
    for row in rows:
        art = article_from_record(row, f"{corpus}:{row['id']}", settings)
        art.meta["dev_id"] = row["id"]
        articles.append(art)
    cleaner = Cleaner(settings)
    cleaned = {a.meta["dev_id"]: a for a in cleaner.pipe(articles)}
    totals: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    pages = []
    for doc_id, g in sorted(gold.items()):
        if split != "all" and g["split"] != split:
            continue
        art = cleaned[doc_id]
        page = score_page(art.raw_text, [tuple(s) for s in g["body"]], art.offset_map.raw_ranges())
        for key in ("all", g["language"]):
            totals[f"{key}/lines"].update(page["lines"])
            totals[f"{key}/chars"].update(page["chars"])
        lp = counts_prf(page["lines"][(True, True)], page["lines"][(False, True)], page["lines"][(True, False)])
        pages.append({"id": doc_id, "language": g["language"], **{k: lp[k] for k in ("precision", "recall")}})
    result: dict[str, Any] = {"split": split, "pages": len(pages), "component": f"clean@{Cleaner.version}"}
    for key, c in sorted(totals.items()):
        result[key] = counts_prf(c[(True, True)], c[(False, True)], c[(True, False)])
    result["worst_pages"] = sorted(pages, key=lambda p: min(p["precision"], p["recall"]))[:8]
    return result


def format_cleaning(result: dict[str, Any]) -> str:
    out = [f"cleaning ({result['component']}) on {result['pages']} {result['split']} page(s)"]
    for key, v in result.items():
        if isinstance(v, dict) and "precision" in v:
            out.append(f"  {key:12} P {v['precision']:.3f}  R {v['recall']:.3f}  F1 {v['f1']:.3f}  "
                       f"(tp {v['tp']}, fp {v['fp']}, fn {v['fn']})")
    out.append("  worst pages: " + ", ".join(f"{p['id']} P{p['precision']:.2f}/R{p['recall']:.2f}"
                                              for p in result["worst_pages"]))
    return "\n".join(out)
