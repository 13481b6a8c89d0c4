"""The role prior: the majority main role and its most frequent fine roles, per language when
the training data has enough of that language, learnt from labelled roles.

It is the fallback of every framer: a rule or a model overrides it only when its confidence
beats the prior's probability (``RolePrior.p``).

    >>> prior = RolePrior.learn([("en", "Antagonist", ["Deceiver"]), ("en", "Innocent", ["Victim"]),
    ...                          ("en", "Antagonist", ["Deceiver"])])
    >>> prior.get("en")["main"], round(prior.get("en")["p"], 2), prior.get("en")["fine"]
    ('Antagonist', 0.67, ['Deceiver'])
"""
from __future__ import annotations

import collections
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

MAINS = ("Protagonist", "Antagonist", "Innocent")
MIN_PER_LANGUAGE = 20  # fewer roles than this in a language: the pooled prior is steadier
MIN_PER_TYPE = 5       # fewer roles of a main role for an entity type: its pooled fine roles stand


@dataclass
class RolePrior:
    """``table``: "all" and language codes -> {"main", "p", "fine", "fine_by_main", "n", ...}; "all"
    also has "fine_by_type": entity type -> main role -> its most frequent fine roles for that type."""

    table: dict[str, dict[str, Any]]

    @classmethod
    def learn(cls, rows: Iterable[tuple]) -> "RolePrior":
        """From (language, main role, fine roles[, entity type]) rows; ties between mains go to the pooled order."""
        rows = [(r[0] or "", r[1], list(r[2]), r[3] if len(r) > 3 else None) for r in rows if r[1] in MAINS]
        pooled = _summary([r[:3] for r in rows], None)
        by_type: dict[str, dict[str, list[str]]] = {}
        for etype in sorted({r[3] for r in rows if r[3]}):
            for main in MAINS:
                sets = collections.Counter(tuple(sorted(r[2])) for r in rows if r[3] == etype and r[1] == main and r[2])
                if sum(sets.values()) >= MIN_PER_TYPE:
                    by_type.setdefault(etype, {})[main] = list(min(sets, key=lambda s: (-sets[s], s)))
        pooled["fine_by_type"] = by_type
        rows = [r[:3] for r in rows]
        table = {"all": pooled}
        for lang in sorted({r[0] for r in rows} - {""}):
            mine = [r for r in rows if r[0] == lang]
            if len(mine) >= MIN_PER_LANGUAGE:
                table[lang] = _summary(mine, pooled["order"])
        return cls(table)

    def get(self, lang: str | None) -> dict[str, Any]:
        return self.table.get((lang or "").lower()) or self.table["all"]

    def fines(self, lang: str | None, main: str, etype: str | None = None) -> list[str]:
        """The prior's fine roles for ``main``: those most frequent for the entity type when the
        training data has enough of them ("Foreign Adversary" for a place), else for the language."""
        typed = self.table["all"].get("fine_by_type", {}).get(etype or "", {}).get(main)
        return list(typed or self.get(lang)["fine_by_main"].get(main) or [])

    def to_json(self) -> dict[str, Any]:
        return self.table

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "RolePrior":
        return cls({k: dict(v) for k, v in data.items()})


def _summary(rows: list[tuple[str, str, list[str]]], order: list[str] | None) -> dict[str, Any]:
    counts = collections.Counter(main for _, main, _ in rows)
    rank = order or list(MAINS)
    # Most frequent first; a tie keeps the pooled (or fixed) order, so the choice is deterministic.
    ranked = sorted(MAINS, key=lambda m: (-counts[m], rank.index(m)))
    fine_by_main = {}
    for main in MAINS:
        sets = collections.Counter(tuple(sorted(f)) for _, m, f in rows if m == main and f)
        if sets:
            fine_by_main[main] = list(min(sets, key=lambda s: (-sets[s], s)))
    n = max(1, len(rows))
    main = ranked[0]
    return {"main": main, "p": counts[main] / n, "fine": fine_by_main.get(main, []), "fine_by_main": fine_by_main,
            "n": len(rows), "order": ranked, "distribution": {m: counts[m] for m in MAINS}}


def annotation_pages(split: str = "train") -> list[dict[str, Any]]:
    """Our annotated pages (``resources/annotations/entities.*.jsonl``) of one split, by file name then line."""
    folder = resources.files("narrascope.resources").joinpath("annotations")
    out = []
    for f in sorted(folder.iterdir(), key=lambda p: p.name):
        if f.name.startswith("entities.") and f.name.endswith(".jsonl"):
            pages = [json.loads(line) for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
            out.extend(p for p in pages if p.get("split") == split)
    return out


def annotation_roles(split: str = "train") -> list[dict[str, Any]]:
    """The role rows of one split, each with its page id and language:
    {"id", "language", "eid", "voice", "main", "fine"}."""
    return [{"id": p["id"], "language": p["language"], **role} for p in annotation_pages(split)
            for role in p.get("roles", [])]


@lru_cache(maxsize=1)
def default_prior() -> RolePrior:
    """The prior of our train-split role annotations (used when no trained model brings its own)."""
    types = {(p["id"], e["eid"]): e.get("type") for p in annotation_pages("train") for e in p["entities"]}
    return RolePrior.learn((r["language"], r["main"], r["fine"], types.get((r["id"], r["eid"])))
                           for r in annotation_roles("train"))
