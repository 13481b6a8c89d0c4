"""Baselines of ``narrascope eval waves``, scored on the same held-out timelines as the detector.

Trivial: every run of days above the series' mean (of the share when totals are given) is a wave.
Trained: a day is a wave day when its value passes the mean + ``k`` standard deviations of the 28 days
before it; wave days closer than 3 days merge, and a wave needs 2 articles (as the detector's
``min_volume``); ``k`` is chosen on the tuning seeds in the same run (best F1)::

    >>> rolling_threshold(k=2.0)(np.array([1., 0, 1, 0, 1, 1, 0, 1] * 5 + [6, 7, 5] + [1, 0] * 5), None)
    [(40, 42)]
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ...settings import Settings
from ..waves import (TUNING_SEEDS, Detector, make_timeline, parse_seeds, score_detector, seeds_label)

WINDOW = 28
MERGE_GAP = 3
MIN_VOLUME = 2
K_GRID = (1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 5.0, 6.0)


def _values(counts: np.ndarray, totals: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """(value per day, observed mask): the share when totals are given, else the count."""
    if totals is None:
        return counts.astype(float), np.ones(counts.size, bool)
    seen = totals > 0
    return np.where(seen, counts / np.where(seen, totals, 1.0), 0.0), seen


def _runs(flag: np.ndarray, counts: np.ndarray, gap: int) -> list[tuple[int, int]]:
    days = np.flatnonzero(flag)
    out: list[tuple[int, int]] = []
    for d in days.tolist():
        if out and d - out[-1][1] <= gap:
            out[-1] = (out[-1][0], d)
        else:
            out.append((d, d))
    return [(a, b) for a, b in out if counts[a:b + 1].sum() >= MIN_VOLUME]


def above_mean(counts: np.ndarray, totals: np.ndarray | None) -> list[tuple[int, int]]:
    value, seen = _values(counts, totals)
    if not seen.any():
        return []
    return _runs(seen & (value > value[seen].mean()), counts, 1)


def rolling_threshold(k: float) -> Detector:
    def detect(counts: np.ndarray, totals: np.ndarray | None) -> list[tuple[int, int]]:
        value, seen = _values(counts, totals)
        v = np.where(seen, value, 0.0)
        c1 = np.concatenate([[0.0], np.cumsum(v)])
        c2 = np.concatenate([[0.0], np.cumsum(v * v)])
        cn = np.concatenate([[0], np.cumsum(seen)])
        t = np.arange(v.size)
        lo = np.maximum(0, t - WINDOW)
        n = cn[t] - cn[lo]
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = (c1[t] - c1[lo]) / n
            sd = np.sqrt(np.maximum((c2[t] - c2[lo]) / n - mean * mean, 0.0))
        flag = seen & (n >= 7) & (counts > 0) & (v > mean + k * sd)
        return _runs(flag, counts, MERGE_GAP)
    return detect


def waves_baselines(options: dict[str, Any], settings: Settings, result: dict[str, Any]) -> dict[str, Any]:
    """The two baselines on the held-out seeds; ``k`` of the trained one picked by F1 on the tuning seeds."""
    held = [make_timeline(s) for s in parse_seeds(options.get("seeds"))]
    tune = [make_timeline(s) for s in TUNING_SEEDS]
    fits = {k: score_detector(rolling_threshold(k), tune)["f1"] for k in K_GRID}
    best = max(K_GRID, key=lambda k: (fits[k], -k))
    tuning = f"tuning seeds {seeds_label(list(TUNING_SEEDS))}"
    return {"trivial": {"name": "every run of days above the series mean",
                        "held_out": score_detector(above_mean, held)},
            "trained": {"name": f"trailing {WINDOW}-day mean + {best:g} sd", "held_out":
                        score_detector(rolling_threshold(best), held),
                        "source": f"k={best:g} chosen on the {tuning} (F1 by k: "
                                  + ", ".join(f"{k:g}: {f:.3f}" for k, f in fits.items()) + ")"}}
