"""Narrative timelines: articles per narrative per day, week, month or year, split by a facet.

    >>> from narrascope.store import open_store
    >>> rows = timeline(open_store("demo.db", create=False), bucket="month", by="stance")   # doctest: +SKIP
    >>> rows[0]                                                                             # doctest: +SKIP
    {'period': '2022-01', 'narrative': 'CA: The West is preparing a coup or destabilisation',
     'key': 'promotes', 'articles': 1, 'article_ids': ['4da2ab01b5ede0cb']}

Counts are articles, not labels: an article with a narrative in two voices counts once per voice only
when split by voice. Undated articles are left out of timelines (they have no period) and counted in
``undated``.
"""
from __future__ import annotations

from typing import Any

from ..errors import ConfigError
from ..store.sqlite import Store
from .facts import ensure_fresh
from .filters import IDS, JOIN, Filters, page, period, prepare, rows, split_ids

FACETS = {"stance": "n.stance", "voice": "n.voice", "outlet": "c.outlet", "group": 'o."group"',
          "country": "o.country", "language": "c.language", "taxonomy": "n.taxonomy"}
LEVELS = ("narrative", "subnarrative", "all")


def _facet(by: str | None) -> str:
    if by is None:
        return "NULL"
    if by not in FACETS:
        raise ConfigError("E062", what="facet", value=by, choices=", ".join(FACETS))
    return FACETS[by]


def timeline(store: Store, *, bucket: str = "week", by: str | None = None, level: str = "narrative",
             filters: Filters | None = None, ids: bool = True, limit: int | None = None,
             offset: int = 0) -> list[dict[str, Any]]:
    """One row per (period, narrative, facet value) with the count of articles and their ids,
    in period order. ``level`` picks narratives, subnarratives or both; ``limit``/``offset`` page
    the rows (:func:`.filters.count_rows` counts them)."""
    if level not in LEVELS:
        raise ConfigError("E062", what="level", value=level, choices=", ".join(LEVELS))
    ensure_fresh(store)
    prepare(store)
    filters = filters or Filters()
    where, args = filters.where(store, narratives_alias="n")
    if level != "all":
        where += " AND n.level = ?"
        args.append(level)
    key = _facet(by)
    sql = (f"SELECT {period(bucket)} AS period, n.label AS narrative, {key} AS key, "
           f"COUNT(DISTINCT c.id) AS articles{', ' + IDS + ' AS article_ids' if ids else ''} "
           f"{JOIN} JOIN corpus_narratives n ON n.cid = c.id WHERE c.day IS NOT NULL AND {where} "
           f"GROUP BY 1, 2, 3 ORDER BY 1, 2, 3")
    paging, extra = page(limit, offset)
    out = rows(store, sql + paging, args + extra)
    for row in out:
        if ids:
            row["article_ids"] = split_ids(row["article_ids"])
        if by is None:
            row.pop("key")
    return out


def volume(store: Store, *, bucket: str = "day", by: str | None = None,
           filters: Filters | None = None) -> list[dict[str, Any]]:
    """All articles per period (the denominator of a narrative's share), optionally per outlet,
    group, country or language."""
    if by in ("stance", "voice", "taxonomy"):
        raise ConfigError("E062", what="facet for volume", value=by, choices="outlet, group, country, language")
    ensure_fresh(store)
    prepare(store)
    where, args = (filters or Filters()).where(store)
    key = _facet(by)
    out = rows(store, f"SELECT {period(bucket)} AS period, {key} AS key, COUNT(*) AS articles {JOIN} "
                      f"WHERE c.day IS NOT NULL AND {where} GROUP BY 1, 2 ORDER BY 1, 2", args)
    if by is None:
        for row in out:
            row.pop("key")
    return out


def undated(store: Store, filters: Filters | None = None) -> int:
    """Articles the filters keep that have no publication date (left out of every timeline)."""
    ensure_fresh(store)
    prepare(store)
    where, args = (filters or Filters()).where(store)
    return store.db.execute(f"SELECT COUNT(*) {JOIN} WHERE c.day IS NULL AND {where}", args).fetchone()[0]
