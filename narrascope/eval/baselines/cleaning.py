"""Baselines of ``narrascope eval cleaning``, scored by the eval's own :func:`..cleaning.score_page`.

Trivial: keep every line. Trained: a per-line logistic regression on simple line features (length,
word count, link/punctuation/digit/upper-case ratios, sentence end, position in the page, the lengths
of the neighbouring lines), fitted on the train pages' lines (a line is body when most of its
non-space characters are in the gold body)::

    >>> [round(v, 2) for v in line_features("Home | News | Contact", 0, 10, 0, 40)[:3]]
    [0.21, 0.05, 0.0]
"""
from __future__ import annotations

import collections
import json
import math
from typing import Any

import numpy as np

from ...settings import Settings
from .dev import no_training
from .learn import C, SEED


def line_features(line: str, index: int, count: int, prev_len: int, next_len: int) -> list[float]:
    n = max(1, len(line))
    words = line.split()
    return [len(line) / 100, len(words) / 100, sum(ch.isdigit() for ch in line) / n,
            math.log1p(len(line)), sum(not ch.isalnum() and not ch.isspace() for ch in line) / n,
            sum(ch.isupper() for ch in line) / n, line.count("|") + line.count("http") + line.count("©") + line.count("@"),
            float(line.rstrip().endswith((".", "!", "?", "…", "»", "”", '"'))), index / max(1, count),
            min(index, 10) / 10, min(count - 1 - index, 10) / 10, math.log1p(prev_len), math.log1p(next_len),
            float(len(words) <= 3)]


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _page_matrix(text: str) -> tuple[list[tuple[int, int]], np.ndarray]:
    lines = _lines(text)
    lens = [e - s for s, e in lines]
    feats = [line_features(text[s:e], i, len(lines), lens[i - 1] if i else 0, lens[i + 1] if i + 1 < len(lines) else 0)
             for i, (s, e) in enumerate(lines)]
    return lines, np.array(feats).reshape(len(lines), -1)


def _is_body(text: str, span: tuple[int, int], body: list[tuple[int, int]]) -> bool:
    idx = [i for i in range(*span) if not text[i].isspace()]
    return sum(any(s <= i < e for s, e in body) for i in idx) * 2 >= len(idx)


def _totals(pages: list[tuple[dict, str, list[tuple[int, int]]]]) -> dict[str, Any]:
    from ..cleaning import counts_prf, score_page

    totals: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for g, text, kept in pages:
        page = score_page(text, [tuple(s) for s in g["body"]], kept)
        for key in ("all", g["language"]):
            totals[f"{key}/lines"].update(page["lines"])
            totals[f"{key}/chars"].update(page["chars"])
    return {key: counts_prf(c[(True, True)], c[(False, True)], c[(True, False)]) for key, c in sorted(totals.items())}


def cleaning_baselines(options: dict[str, Any], settings: Settings, result: dict[str, Any]) -> dict[str, Any]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    from ...ingest import article_from_record
    from ...ingest.tabular import iter_jsonl
    from ..cleaning import ANNOTATIONS, load_resource

    path = options.get("annotations")
    gold_text = open(path, encoding="utf-8").read() if path else load_resource(ANNOTATIONS)
    gold = {g["id"]: g for g in (json.loads(line) for line in gold_text.splitlines() if line.strip())}
    corpus_text = open(options["data"], encoding="utf-8").read()
    raw = {}
    for _, row in iter_jsonl(corpus_text, str(options["data"])):
        if isinstance(row, dict) and row.get("id") in gold:
            raw[row["id"]] = article_from_record(row, f"{options['data']}:{row['id']}", settings).raw_text
    split = options.get("split") or "test"
    test = [g for i, g in sorted(gold.items()) if i in raw and (split == "all" or g["split"] == split)]
    train = [g for i, g in sorted(gold.items()) if i in raw and g["split"] == "train"]
    trivial = {"name": "keep every line", **_totals([(g, raw[g["id"]], [(0, len(raw[g["id"]]))]) for g in test])}
    if not train:
        return {"trivial": trivial, "trained": no_training("cleaning pages")}
    xs, ys = [], []
    for g in train:
        text = raw[g["id"]]
        lines, x = _page_matrix(text)
        xs.append(x)
        ys += [_is_body(text, span, [tuple(s) for s in g["body"]]) for span in lines]
    scaler = StandardScaler().fit(np.vstack(xs))
    y = np.array(ys, dtype=int)
    if y.min() == y.max():
        return {"trivial": trivial, "trained": no_training("pages with both body and boilerplate lines")}
    model = LogisticRegression(solver="liblinear", C=C, random_state=SEED).fit(scaler.transform(np.vstack(xs)), y)
    pages = []
    for g in test:
        text = raw[g["id"]]
        lines, x = _page_matrix(text)
        keep = model.predict(scaler.transform(x)) if len(lines) else []
        pages.append((g, text, [span for span, k in zip(lines, keep) if k]))
    trained = {"name": f"per-line logreg on line features, {len(train)} train pages", **_totals(pages)}
    return {"trivial": trivial, "trained": trained}
