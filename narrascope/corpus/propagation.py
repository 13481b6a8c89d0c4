"""Propagation: from copy pairs to clusters, each with its earliest version and the later copies' lags.

A cluster is a connected component of the copy pairs. Its *origin* is the earliest published version
(ties by id; undated documents come last, so an undated one is the origin only when no version has a
date). Every other version is a copy with its outlet, language and lag in days from the origin (None
when either date is missing). Clusters come sorted by their origin; the output depends only on the
pairs and documents given, never on their order::

    >>> from narrascope.corpus.copies import CopyDoc, CopyPair
    >>> docs = [CopyDoc("a", "ru", "...", "2024-03-02", "Outlet A"), CopyDoc("b", "en", "...", "2024-03-01", "B")]
    >>> [c] = propagation([CopyPair("a", "b", "translation", 0.9, {})], docs)
    >>> c.origin.id, [(v.id, v.lag_days) for v in c.copies]
    ('b', [('a', 1.0)])
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterable


def parse_date(value: str | None) -> datetime | None:
    """An ISO date or date-time as an aware UTC datetime (naive ones are taken as UTC); None if unreadable."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=timezone.utc) if parsed.tzinfo is None else parsed.astimezone(timezone.utc)


@dataclass(frozen=True)
class Version:
    """One version of a story: the origin (``lag_days`` 0.0, or None when undated) or a later copy."""

    id: str
    outlet: str | None
    language: str | None
    published: str | None
    lag_days: float | None


@dataclass(frozen=True)
class Cluster:
    origin: Version
    copies: list[Version]
    edges: list[Any] = field(default_factory=list)   # the CopyPairs inside the cluster, sorted

    @property
    def ids(self) -> list[str]:
        return [self.origin.id, *(c.id for c in self.copies)]

    def as_dict(self) -> dict[str, Any]:
        return {"origin": vars(self.origin), "copies": [vars(c) for c in self.copies],
                "edges": [{"a": e.a, "b": e.b, "kind": e.kind, "score": e.score} for e in self.edges]}


def _sort_key(doc_id: str, when: datetime | None) -> tuple:
    return (when is None, when or datetime.min.replace(tzinfo=timezone.utc), doc_id)


def propagation(pairs: Iterable[Any], docs: Iterable[Any]) -> list[Cluster]:
    """Clusters of ``pairs`` (``CopyPair``: ``a``, ``b``, ``kind``, ``score``) over ``docs`` (anything
    with ``id``, ``language``, ``published``, ``outlet``; a pair's id missing from ``docs`` is a version
    with no outlet, language or date)."""
    meta = {d.id: d for d in docs}
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    pairs = sorted(pairs, key=lambda p: (min(p.a, p.b), max(p.a, p.b), p.kind))
    for p in pairs:
        ra, rb = find(p.a), find(p.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[str, list[str]] = {}
    for x in list(parent):
        members.setdefault(find(x), []).append(x)
    edges: dict[str, list[Any]] = {}
    for p in pairs:
        edges.setdefault(find(p.a), []).append(p)
    clusters = []
    for root, ids in members.items():
        dated = sorted(((i, parse_date(getattr(meta.get(i), "published", None))) for i in ids),
                       key=lambda x: _sort_key(*x))
        origin_when = dated[0][1]
        versions = []
        for i, when in dated:
            d = meta.get(i)
            lag = None if when is None or origin_when is None else round((when - origin_when).total_seconds() / 86400, 3)
            versions.append(Version(i, getattr(d, "outlet", None), getattr(d, "language", None),
                                    getattr(d, "published", None), lag))
        clusters.append((_sort_key(dated[0][0], origin_when), Cluster(versions[0], versions[1:], edges.get(root, []))))
    return [c for _, c in sorted(clusters, key=lambda x: x[0])]
