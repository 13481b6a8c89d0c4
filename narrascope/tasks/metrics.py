"""Small metric helpers shared by the task scorers (plain Python, no numpy needed)."""
from __future__ import annotations

import math
import re
from collections import Counter
from typing import Iterable, Mapping

# Words with punctuation split off: the stated tokenisation for token-level span scores.
TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]", re.UNICODE)


def tokens_with_offsets(text: str) -> list[tuple[int, int]]:
    """(start, end) of every token: runs of word characters, and each punctuation mark alone."""
    return [(m.start(), m.end()) for m in TOKEN.finditer(text)]


def prf(tp: float, fp: float, fn: float) -> dict[str, float]:
    """Precision, recall and F1; an empty denominator gives 0.0 (sklearn's zero_division=0)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f}


def tally(gold: set[str], pred: set[str], tp: Counter, fp: Counter, fn: Counter) -> None:
    """Add one item's true positives, false positives and false negatives per label."""
    tp.update(gold & pred)
    fp.update(pred - gold)
    fn.update(gold - pred)


def multilabel_prf(gold: Mapping[str, Iterable[str]], pred: Mapping[str, Iterable[str]],
                   labels: Iterable[str] | None = None) -> dict[str, dict[str, float]]:
    """Micro and macro P/R/F1 over label sets keyed by item id (missing predictions = empty set).

    Macro averages over ``labels`` (default: every label seen in gold or predictions).
    """
    tp, fp, fn = Counter(), Counter(), Counter()
    for key in set(gold) | set(pred):
        tally(set(gold.get(key, ())), set(pred.get(key, ())), tp, fp, fn)
    label_set = sorted(set(labels) if labels is not None else set(tp) | set(fp) | set(fn))
    micro = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    per_label = {lab: prf(tp[lab], fp[lab], fn[lab]) for lab in label_set}
    macro = {k: (sum(v[k] for v in per_label.values()) / len(per_label) if per_label else 0.0)
             for k in ("precision", "recall", "f1")}
    return {"micro": micro, "macro": macro, "per_label": per_label}


def mean_std(values: list[float]) -> tuple[float, float]:
    """Mean and population standard deviation (numpy's default ddof=0)."""
    if not values:
        return 0.0, 0.0
    mean = sum(values) / len(values)
    return mean, math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
