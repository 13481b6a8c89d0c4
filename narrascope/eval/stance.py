"""Stance scores of the narratives evaluation: one table shape for end to end and oracle, overall,
per language and per viewpoint (the corpus rows' ``viewpoint``).

Each decision is (page id, language, viewpoint, gold stance, emitted stance or "unclear", calibrated
probability, the model's best stance had it not abstained). :func:`stance_table` gives, per group:
``narratives`` (count), ``accuracy`` (of the best stance, abstention ignored: the same decision rule
as before abstention existed, so floors compare like with like), ``accuracy_abstain_wrong`` (an
abstention counts as wrong), ``coverage`` (share emitted), ``accuracy_emitted``, ``ece_emitted``
(10 bins, on what is emitted), ``false_promotes_rate`` (share of gold reports-on/counters emitted as
promotes) with its counts; :func:`page_false_promotes` the share of pages that push nothing (no gold
"promotes") on which some narrative is emitted as promotes::

    >>> t = stance_table([Decision("p1", "en", "wire", "promotes", "promotes", 0.8),
    ...                   Decision("p1", "en", "wire", "counters", "unclear", 0.5, "counters")])
    >>> t["all"]["accuracy"], t["all"]["accuracy_abstain_wrong"], t["all"]["coverage"], t["all"]["accuracy_emitted"]
    (1.0, 0.5, 0.5, 1.0)
"""
from __future__ import annotations

import collections
from dataclasses import dataclass
from typing import Any

import numpy as np

UNCLEAR = "unclear"


@dataclass
class Decision:
    page_id: str
    language: str
    viewpoint: str
    gold: str
    stance: str
    probability: float
    best: str = ""        # the best stance when ``stance`` is "unclear"; "" = ``stance``

    def __post_init__(self):
        self.best = self.best or self.stance


def _ece(conf: list[float], hit: list[bool], bins: int = 10) -> float | None:
    if not conf:
        return None
    p, y = np.array(conf), np.array(hit, dtype=float)
    idx = np.minimum((p * bins).astype(int), bins - 1)
    return float(sum(abs(p[idx == b].mean() - y[idx == b].mean()) * (idx == b).sum()
                     for b in range(bins) if (idx == b).any()) / len(p))


def scores(decisions: list[Decision]) -> dict[str, Any]:
    """The metrics of one group of decisions (see the module docstring)."""
    n = len(decisions)
    emitted = [d for d in decisions if d.stance != UNCLEAR]
    not_promotes = [d for d in decisions if d.gold != "promotes"]
    false_promotes = sum(d.stance == "promotes" for d in not_promotes)
    confusion: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for d in decisions:
        confusion[d.gold][d.stance] += 1
    return {"narratives": n, "correct": sum(d.best == d.gold for d in decisions),
            "accuracy": sum(d.best == d.gold for d in decisions) / n if n else None,
            "accuracy_abstain_wrong": sum(d.stance == d.gold for d in decisions) / n if n else None,
            "emitted": len(emitted), "coverage": len(emitted) / n if n else None,
            "accuracy_emitted": sum(d.stance == d.gold for d in emitted) / len(emitted) if emitted else None,
            "ece_emitted": _ece([d.probability for d in emitted], [d.stance == d.gold for d in emitted]),
            "gold_not_promotes": len(not_promotes), "false_promotes": false_promotes,
            "false_promotes_rate": false_promotes / len(not_promotes) if not_promotes else None,
            "confusion": {k: dict(v) for k, v in confusion.items()}}


def stance_table(decisions: list[Decision]) -> dict[str, Any]:
    """:func:`scores` over all decisions, per language (``lang:xx``) and per viewpoint (``viewpoint:x``)."""
    out = {"all": scores(decisions)}
    for key in ("language", "viewpoint"):
        groups: dict[str, list[Decision]] = collections.defaultdict(list)
        for d in decisions:
            groups[getattr(d, key) or "unknown"].append(d)
        for name in sorted(groups):
            out[f"{key[:4] if key == 'language' else key}:{name}"] = scores(groups[name])
    return out


def page_false_promotes(pages: dict[str, tuple[set[str], set[str]]]) -> dict[str, Any]:
    """``pages``: page id -> (gold stances, emitted stances of every narrative found). The share of
    pages with no gold "promotes" (narrative-free pages included) that get an emitted "promotes"."""
    quiet = [pid for pid, (gold, _) in pages.items() if "promotes" not in gold]
    hit = sum("promotes" in pages[pid][1] for pid in quiet)
    return {"pages_pushing_nothing": len(quiet), "with_false_promotes": hit,
            "rate": hit / len(quiet) if quiet else None}


def format_stance(name: str, table: dict[str, Any]) -> list[str]:
    """Lines: the overall row and one per language and viewpoint group."""
    def num(v: Any) -> str:
        return "n/a" if v is None else f"{v:.3f}"
    lines = [f"  {name}:"]
    for group, s in table.items():
        if not isinstance(s, dict) or "narratives" not in s:
            continue
        lines.append(f"    {group:22} acc {num(s['accuracy'])} ({s['correct']}/{s['narratives']})  coverage "
                     f"{num(s['coverage'])}  acc-emitted {num(s['accuracy_emitted'])}  ECE-emitted "
                     f"{num(s['ece_emitted'])}  false-promotes {num(s['false_promotes_rate'])} "
                     f"({s['false_promotes']}/{s['gold_not_promotes']})")
    return lines
