"""Filtered listings of a store, done in SQL: what ``narrascope list`` shows.

    >>> from narrascope.store import open_store, list_articles
    >>> rows = list_articles(open_store("demo.db", create=False), language="ru", since="2022-03-01",
    ...                      narrative="western puppet", stance="promotes", limit=5)   # doctest: +SKIP
    >>> sorted(rows[0])                                                                 # doctest: +SKIP
    ['external_id', 'id', 'language', 'outlet', 'published', 'source', 'status', 'text_chars', 'title']
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from ..errors import ConfigError
from .sqlite import Store

STANCES = ("promotes", "reports-on", "counters", "unclear")  # unclear: the stance model abstained (no evidence)

_COLUMNS = ("a.id, json_extract(a.data, '$.meta.external_id') AS external_id, a.published, a.outlet, a.language, "
            "a.title, a.source, a.status, a.text_chars")


def _iso_date(value: str, option: str) -> str:
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise ConfigError("E017", option=option, value=value, expected="an ISO date such as 2022-03-06") from None


def _casefold(value: Any) -> str | None:
    return value.casefold() if isinstance(value, str) else None


def list_articles(store: Store, *, outlet: str | None = None, language: str | None = None,
                  since: str | None = None, until: str | None = None, narrative: str | None = None,
                  stance: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Stored articles matching every filter given, oldest first (undated last), as dicts.

    ``outlet`` and ``language`` match whole values, ignoring case; ``since``/``until`` are ISO dates,
    inclusive, compared with the article's own (local) publication date, so undated articles drop out;
    ``narrative`` is a label or any part of one, ignoring case (narratives and subnarratives);
    ``stance`` is the author's stance toward that narrative, or toward any narrative when alone.
    """
    if stance is not None and stance not in STANCES:
        raise ConfigError("E017", option="stance", value=stance, expected="one of " + ", ".join(STANCES))
    if limit is not None and limit < 0:
        raise ConfigError("E017", option="limit", value=limit, expected="a count of 0 or more")
    # Python's casefold, not SQLite's LIKE: LIKE folds ASCII only, and labels and outlets may be Cyrillic.
    store.db.create_function("narrascope_casefold", 1, _casefold, deterministic=True)
    where, args = [], []
    if outlet:
        where.append("narrascope_casefold(a.outlet) = ?")
        args.append(outlet.casefold())
    if language:
        where.append("narrascope_casefold(a.language) = ?")
        args.append(language.casefold())
    if since:
        where.append("substr(a.published, 1, 10) >= ?")
        args.append(_iso_date(since, "--since"))
    if until:
        where.append("substr(a.published, 1, 10) <= ?")
        args.append(_iso_date(until, "--until"))
    if narrative or stance:
        span_where = ["s.article_id = a.id", "s.layer = 'narratives'"]
        if narrative:
            span_where.append("instr(narrascope_casefold(s.label), ?) > 0")
            args.append(narrative.casefold())
        if stance:
            span_where.append("json_extract(s.attrs, '$.stance') = ?")
            args.append(stance)
        where.append(f"EXISTS (SELECT 1 FROM spans s WHERE {' AND '.join(span_where)})")
    sql = f"SELECT {_COLUMNS} FROM articles a"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY a.published IS NULL, a.published, a.id"
    if limit is not None:
        sql += " LIMIT ?"
        args.append(limit)
    cur = store.db.execute(sql, args)
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, row)) for row in cur.fetchall()]
