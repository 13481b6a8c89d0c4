"""Who casts whom: each entity's roles (SemEval-2025 framing) by outlet, voice and time.

Only roles with evidence in the text count; the class prior ("no evidence") never does.

    >>> from narrascope.store import open_store
    >>> casting(open_store("demo.db", create=False), entity="Kazakhstan")[0]["summary"]  # doctest: +SKIP
    'Kazakhstan: Antagonist in 4 articles of 3 outlets'
"""
from __future__ import annotations

from typing import Any

from ..errors import ConfigError
from ..store.sqlite import Store
from .facts import ensure_fresh
from .outlets_meta import fold
from .filters import IDS, JOIN, distinct, Filters, page, period, prepare, rows, split_ids

SPLITS = {"outlet": "c.outlet", "voice": "r.voice_name", "group": 'o."group"', "language": "c.language"}


def _entity_where(entity: str | None) -> tuple[str, list[Any]]:
    if not entity:
        return "1", []
    return "(r.entity = ? OR instr(r.name_key, ?) > 0)", [entity, fold(entity)]


def casting(store: Store, *, entity: str | None = None, role: str | None = None, filters: Filters | None = None,
            limit: int | None = 50, offset: int = 0, ids: bool = True) -> list[dict[str, Any]]:
    """One row per (entity, main role): articles, outlets, the voices that cast it so, and a one-line
    summary; most articles first. ``entity`` is an identity key or part of a name."""
    ensure_fresh(store)
    prepare(store)
    where, args = (filters or Filters()).where(store)
    ent, ent_args = _entity_where(entity)
    cond = f"{where} AND {ent}" + (" AND r.role = ?" if role else "")
    sql, extra = page(limit, offset)
    out = rows(store, f"SELECT r.entity AS entity, MAX(r.name) AS name, r.role AS role, COUNT(DISTINCT c.id) AS "
                      f"articles, COUNT(DISTINCT c.outlet) AS outlets, "
                      f"{distinct('r.voice_name')} AS voices{', ' + IDS + ' AS article_ids' if ids else ''} "
                      f"{JOIN} JOIN corpus_roles r ON r.cid = c.id WHERE {cond} "
                      f"GROUP BY 1, 3 ORDER BY 4 DESC, 1, 3{sql}", args + ent_args + ([role] if role else []) + extra)
    for row in out:
        row["voices"] = split_ids(row["voices"])
        if ids:
            row["article_ids"] = split_ids(row["article_ids"])
        row["summary"] = (f"{row['name']}: {row['role']} in {row['articles']} article(s) of "
                          f"{row['outlets']} outlet(s)")
    return out


def roles_by(store: Store, entity: str, *, by: str = "outlet", bucket: str | None = None,
             filters: Filters | None = None) -> list[dict[str, Any]]:
    """One entity's roles split by outlet, voice, group or language, and by period when ``bucket``
    is given ("Kazakhstan as Antagonist in RU outlets, month by month")."""
    if by not in SPLITS:
        raise ConfigError("E062", what="split", value=by, choices=", ".join(SPLITS))
    ensure_fresh(store)
    prepare(store)
    where, args = (filters or Filters()).where(store)
    ent, ent_args = _entity_where(entity)
    when = period(bucket) if bucket else "NULL"
    out = rows(store, f"SELECT {when} AS period, {SPLITS[by]} AS key, r.role AS role, COUNT(DISTINCT c.id) AS "
                      f"articles, {IDS} AS article_ids {JOIN} JOIN corpus_roles r ON r.cid = c.id "
                      f"WHERE {where} AND {ent}{' AND c.day IS NOT NULL' if bucket else ''} "
                      f"GROUP BY 1, 2, 3 ORDER BY 1, 4 DESC, 2, 3", args + ent_args)
    for row in out:
        row["article_ids"] = split_ids(row["article_ids"])
        if not bucket:
            row.pop("period")
    return out
