"""Campaign waves: bursts in a narrative's daily timeline, each with its outlets, first movers,
dominant techniques and most quoted speakers.

A narrative's timeline counts, day by day, the articles that carry it (with ``stance``: only those
with that stance, e.g. ``promotes`` for a campaign); the corpus's own daily volume (under the same
filters) is the denominator, so a wave is a rise in *share*, not an artefact of more sources being
added. Bursts are found by :func:`narrascope.corpus.bursts.detect_bursts` (Kleinberg's automaton).
With ``per_group``, each outlet group's timeline is searched on its own (a group's campaign can be a
wave inside it while invisible in the whole corpus).

    >>> from narrascope.store import open_store
    >>> waves = detect_waves(open_store("demo.db", create=False), stance="promotes")   # doctest: +SKIP
    >>> waves[0]["narrative"], waves[0]["start"], waves[0]["first_movers"][0]["outlet"]  # doctest: +SKIP
    ('CA: Kazakhstan is an ungrateful ally', '2022-03-14', 'Восток Сегодня')
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from typing import Any

import numpy as np

from ..store.sqlite import Store
from .bursts import detect_bursts
from .facts import ensure_fresh
from .filters import JOIN, Filters, prepare

TOP = 5
DENSE_DAYS = 0.5   # share of the days in range with at least one article, for a share to mean something
DENSE_MEAN = 3.0   # articles a day on the days with any


def dense(totals: np.ndarray) -> bool:
    """Whether a corpus's daily volume can carry a share: articles on most days, several a day."""
    seen = totals > 0
    return bool(seen.size) and seen.mean() >= DENSE_DAYS and float(totals[seen].mean()) >= DENSE_MEAN


def _days(first: str, last: str) -> list[str]:
    a, b = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    return [(a + dt.timedelta(days=i)).isoformat() for i in range((b - a).days + 1)]


def trim(counts: np.ndarray, start: int, end: int, peak: int, min_gap: int = 3) -> tuple[int, int]:
    """A burst's start and end moved in past isolated articles at its edges.

    The automaton may climb early on a lone article days before a wave (a high-share day costs
    less than climbing twice); an analyst dates the wave from its dense part. An edge article is
    dropped while the gap to the next one is over ``min_gap`` days and over three times the burst's
    median gap; the peak always stays."""
    days = [t for t in range(start, end + 1) if counts[t] > 0]
    if len(days) < 3:
        return start, end
    median = float(np.median(np.diff(days)))
    limit = max(min_gap, 3 * median)
    while len(days) > 2 and days[1] - days[0] > limit and days[0] != peak:
        days.pop(0)
    while len(days) > 2 and days[-1] - days[-2] > limit and days[-1] != peak:
        days.pop()
    return days[0], days[-1]


def wave_id(narrative: str, group: str | None, start: str) -> str:
    """A short stable id for a wave (the same data gives the same id)."""
    return hashlib.sha256(f"{narrative}\x1f{group or ''}\x1f{start}".encode()).hexdigest()[:12]


def _series(store: Store, filters: Filters, stance: str | None, level: str, per_group: bool
            ) -> tuple[dict[tuple[str, str | None], dict[str, list[tuple[str, str, str | None]]]],
                       dict[str | None, Counter]]:
    """(narrative, group) -> day -> [(article_id, cid, outlet)], and group -> day -> all articles."""
    where, args = filters.where(store)
    group = 'o."group"' if per_group else "NULL"
    totals: dict[str | None, Counter] = defaultdict(Counter)
    for key, day, n in store.db.execute(f"SELECT {group}, c.day, COUNT(*) {JOIN} WHERE c.day IS NOT NULL AND "
                                        f"{where} GROUP BY 1, 2", args):
        totals[key][day] += n
    cond, extra = "n.level = ?", [level]
    if stance:
        cond, extra = cond + " AND n.stance = ?", extra + [stance]
    series: dict[tuple[str, str | None], dict[str, list]] = defaultdict(lambda: defaultdict(list))
    seen = set()
    for label, key, day, aid, cid, outlet in store.db.execute(
            f"SELECT n.label, {group}, c.day, c.article_id, c.id, c.outlet {JOIN} JOIN corpus_narratives n "
            f"ON n.cid = c.id WHERE c.day IS NOT NULL AND {cond} AND {where} ORDER BY c.day, c.article_id",
            extra + args):
        if (label, key, aid) not in seen:
            seen.add((label, key, aid))
            series[(label, key)][day].append((aid, cid, outlet))
    return series, totals


def _details(store: Store, cids: list[int]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    marks = ",".join("?" * len(cids))
    techniques = [{"technique": t, "spans": n} for t, n in store.db.execute(
        f"SELECT technique, SUM(spans) FROM corpus_techniques WHERE cid IN ({marks}) GROUP BY 1 "
        f"ORDER BY 2 DESC, 1 LIMIT ?", [*cids, TOP])]
    speakers = [{"speaker": k, "name": name, "quotes": q, "articles": a} for k, name, q, a in store.db.execute(
        f"SELECT speaker, MAX(name), SUM(quotes), COUNT(DISTINCT cid) FROM corpus_quotes WHERE cid IN ({marks}) "
        f"AND speaker != 'anonymous' GROUP BY 1 ORDER BY 4 DESC, 3 DESC, 1 LIMIT ?", [*cids, TOP])]
    return techniques, speakers


def detect_waves(store: Store, *, stance: str | None = None, level: str = "narrative", per_group: bool = False,
                 filters: Filters | None = None, narrative: str | None = None, rate: bool | None = None,
                 **burst_options: Any) -> list[dict[str, Any]]:
    """Waves of every narrative (or those whose label contains ``narrative``), strongest first.

    A wave is a rise in the narrative's *share* of the day's articles (``rate=False``), or in its count
    alone (``rate=True``: for a corpus collected only around the narrative, where the share cannot rise).
    ``rate=None`` (the default) takes the share where the corpus is dense enough for one (articles on
    at least half the days of its range, three a day on average: ``DENSE_DAYS``, ``DENSE_MEAN``) and
    the count otherwise; each wave says which in ``measure``. ``burst_options`` go to :func:`detect_bursts`
    (``s``, ``gamma``, ``min_volume``...)."""
    ensure_fresh(store)
    prepare(store)
    filters = filters or Filters()
    series, totals = _series(store, filters, stance, level, per_group)
    waves = []
    for (label, group), by_day in sorted(series.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        if narrative and narrative.casefold() not in label.casefold():
            continue
        group_totals = totals[group]
        if not group_totals:
            continue
        days = _days(min(group_totals), max(group_totals))
        counts = np.array([len(by_day.get(d, ())) for d in days], dtype=float)
        denominators = np.array([group_totals.get(d, 0) for d in days], dtype=float)
        by_rate = rate if rate is not None else not dense(denominators)
        if by_rate:  # the count alone; days outside the corpus's own dated range stay unobserved
            counts[denominators == 0] = np.nan
        for burst in detect_bursts(counts, None if by_rate else denominators, **burst_options):
            first_day, last_day = trim(counts, burst.start, burst.end, burst.peak)
            inside = [item for d in days[first_day:last_day + 1] for item in by_day.get(d, ())]
            if len(inside) < burst_options.get("min_volume", 2):
                continue
            day_of = {aid: d for d in days[first_day:last_day + 1] for aid, _, _ in by_day.get(d, ())}
            outlets = Counter(outlet for _, _, outlet in inside if outlet)
            first = sorted(inside, key=lambda item: (day_of[item[0]], item[0]))[:3]
            techniques, speakers = _details(store, [cid for _, cid, _ in inside])
            waves.append({
                "id": wave_id(label, group, days[first_day]), "narrative": label, "group": group,
                "stance": stance, "measure": "rate" if by_rate else "share",
                "start": days[first_day], "peak": days[burst.peak], "end": days[last_day],
                "volume": len(inside), "expected": round(float(burst.expected), 2),
                "ratio": round(float(burst.ratio), 2), "level": int(burst.level), "score": round(float(burst.score), 2),
                "outlets": [{"outlet": o, "articles": n} for o, n in sorted(outlets.items(), key=lambda x: (-x[1], x[0]))],
                "first_movers": [{"article_id": aid, "outlet": outlet, "day": day_of[aid]} for aid, _, outlet in first],
                "techniques": techniques, "speakers": speakers,
                "article_ids": sorted(aid for aid, _, _ in inside)})
    return sorted(waves, key=lambda w: (-w["score"], w["start"], w["narrative"]))


def first_mover_share(waves: list[dict[str, Any]], outlet: str) -> dict[str, Any]:
    """How often ``outlet`` is among a wave's first movers, over the waves it took part in."""
    part = [w for w in waves if any(o["outlet"] == outlet for o in w["outlets"])]
    first = [w for w in part if any(m["outlet"] == outlet for m in w["first_movers"][:1])]
    return {"waves": len(part), "first": len(first), "share": round(len(first) / len(part), 3) if part else None}
