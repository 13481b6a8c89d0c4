"""Quoted voices: whom the outlets quote, for which narratives, and which speakers travel across outlets.

Speakers are whom the texts quote and name; nothing about them comes from anywhere but those texts.

    >>> from narrascope.store import open_store
    >>> quoted_voices(open_store("demo.db", create=False), limit=1)[0]["name"]   # doctest: +SKIP
    'Yevgeny Sablin'
"""
from __future__ import annotations

from typing import Any

from ..store.sqlite import Store
from .facts import ensure_fresh
from .outlets_meta import fold
from .filters import IDS, JOIN, distinct, Filters, page, prepare, rows, split_ids


def quoted_voices(store: Store, *, speaker: str | None = None, filters: Filters | None = None,
                  include_anonymous: bool = False, limit: int | None = 50, offset: int = 0,
                  narratives: bool = True) -> list[dict[str, Any]]:
    """One row per speaker: quotes, articles, the outlets quoting them and the narratives of those
    articles; speakers quoted by the most outlets first (experts quoted across a network of outlets)."""
    ensure_fresh(store)
    prepare(store)
    where, args = (filters or Filters()).where(store)
    base, base_args = where, list(args)
    if speaker:
        where += " AND (q.speaker = ? OR instr(q.name_key, ?) > 0)"
        args += [speaker, fold(speaker)]
    if not include_anonymous:
        where += " AND q.speaker != 'anonymous'"
    sql, extra = page(limit, offset)
    out = rows(store, f"SELECT q.speaker AS speaker, MAX(q.name) AS name, SUM(q.quotes) AS quotes, "
                      f"COUNT(DISTINCT c.id) AS articles, COUNT(DISTINCT c.outlet) AS outlet_count, "
                      f"{distinct('c.outlet')} AS outlets, {IDS} AS article_ids "
                      f"{JOIN} JOIN corpus_quotes q ON q.cid = c.id WHERE {where} "
                      f"GROUP BY 1 ORDER BY 5 DESC, 4 DESC, 3 DESC, 1{sql}", args + extra)
    for row in out:
        row["outlets"] = split_ids(row["outlets"])
        row["article_ids"] = split_ids(row["article_ids"])
        if not narratives:
            continue
        # by join, not by binding the ids: a speaker may be quoted in more articles than SQLite binds
        # CROSS JOIN keeps SQLite's join order: from this speaker's quotes (an index look-up) outwards
        row["narratives"] = [dict(zip(("narrative", "stance", "articles"), r)) for r in store.db.execute(
            f"SELECT n.label, n.stance, COUNT(DISTINCT c.id) FROM corpus_quotes q CROSS JOIN corpus_articles c "
            f"ON c.id = q.cid CROSS JOIN corpus_narratives n ON n.cid = c.id "
            f"LEFT JOIN outlets o ON o.outlet = c.outlet "
            f"WHERE q.speaker = ? AND n.level = 'narrative' AND {base} GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2",
            [row["speaker"], *base_args])]
    return out
