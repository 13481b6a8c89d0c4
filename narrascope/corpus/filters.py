"""The filters every corpus view takes, turned into SQL over the corpus tables.

``c`` is ``corpus_articles``, ``o`` the outlet metadata (LEFT JOIN). Text filters ignore case in
every script (Python's casefold, not SQLite's ASCII-only LIKE).

    >>> sql, args = Filters(language="RU", narrative="puppet").where()
    >>> args
    ['ru', 'puppet']
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from typing import Any

from ..errors import ConfigError
from ..store.sqlite import Store
from .outlets_meta import fold

STANCES = ("promotes", "reports-on", "counters", "unclear")
BUCKETS = ("day", "week", "month", "year")
JOIN = "FROM corpus_articles c LEFT JOIN outlets o ON o.outlet = c.outlet"


def _casefold(value: Any) -> str | None:
    return value.casefold() if isinstance(value, str) else None


def prepare(store: Store) -> None:
    """Register the SQL functions the corpus queries use on this connection."""
    store.db.create_function("narrascope_casefold", 1, _casefold, deterministic=True)


def period(bucket: str, column: str = "c.day") -> str:
    """SQL for the start of the period a day falls in: the day, the Monday of its ISO week, the month."""
    if bucket not in BUCKETS:
        raise ConfigError("E062", what="period", value=bucket, choices=", ".join(BUCKETS))
    return {"day": column, "week": f"date({column}, 'weekday 0', '-6 days')",
            "month": f"substr({column}, 1, 7)", "year": f"substr({column}, 1, 4)"}[bucket]


def _iso_date(value: str, option: str) -> str:
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise ConfigError("E017", option=option, value=value, expected="an ISO date such as 2022-03-06") from None


@dataclass(frozen=True)
class Filters:
    """What to keep. ``narrative`` is any part of a label; with ``stance`` (or ``voice``) it asks for
    that stance toward that narrative; ``entity`` is an identity key (``reg:kz``) or part of a name;
    ``technique`` a technique label or part of one; dates are ISO and inclusive."""

    outlet: str | None = None
    group: str | None = None
    country: str | None = None
    language: str | None = None
    since: str | None = None
    until: str | None = None
    narrative: str | None = None
    stance: str | None = None
    voice: str | None = None
    entity: str | None = None
    technique: str | None = None

    def __post_init__(self) -> None:
        if self.stance is not None and self.stance not in STANCES:
            raise ConfigError("E062", what="stance", value=self.stance, choices=", ".join(STANCES))
        if self.voice is not None and self.voice not in ("author", "quoted"):
            raise ConfigError("E062", what="voice", value=self.voice, choices="author, quoted")

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    def where(self, store: Store | None = None, narratives_alias: str | None = None) -> tuple[str, list[Any]]:
        """SQL conditions (joined with AND; "1" when none) and their arguments. With
        ``narratives_alias`` (a query already over ``corpus_narratives``), the narrative, stance and
        voice filters apply to that row instead of to any narrative of the article. ``store`` lets a
        narrative filter match its labels once (an index look-up) instead of on every row."""
        where: list[str] = []
        args: list[Any] = []
        if self.outlet:
            where.append("c.outlet_key = ?")
            args.append(fold(self.outlet))
        for column, value in (('"group"', self.group), ("country", self.country)):
            if value:
                where.append(f"c.outlet IN (SELECT outlet FROM outlets WHERE narrascope_casefold({column}) = ?)")
                args.append(value.casefold())
        if self.language:
            where.append("c.language = ?")
            args.append(self.language.strip().lower())
        if self.since:
            where.append("c.day >= ?")
            args.append(_iso_date(self.since, "since"))
        if self.until:
            where.append("c.day <= ?")
            args.append(_iso_date(self.until, "until"))
        if self.narrative or self.stance or self.voice:
            alias = narratives_alias or "fn"
            cond = []
            if self.narrative:
                labels = matching_labels(store, self.narrative) if store is not None else None
                if labels is None:
                    cond.append(f"instr(narrascope_casefold({alias}.label), ?) > 0")
                    args.append(self.narrative.casefold())
                else:
                    cond.append(f"{alias}.label IN ({','.join('?' * len(labels))})" if labels else "0")
                    args.extend(labels)
            if self.stance:
                cond.append(f"{alias}.stance = ?")
                args.append(self.stance)
            if self.voice:
                cond.append(f"{alias}.voice = ?")
                args.append(self.voice)
            if narratives_alias:
                where.extend(cond)
            else:
                where.append("EXISTS (SELECT 1 FROM corpus_narratives fn WHERE fn.cid = c.id AND "
                             + " AND ".join(cond) + ")")
        if self.entity:
            where.append("EXISTS (SELECT 1 FROM corpus_entities fe WHERE fe.cid = c.id AND "
                         "(fe.entity = ? OR instr(fe.name_key, ?) > 0))")
            args.extend([self.entity, fold(self.entity)])
        if self.technique:
            where.append("EXISTS (SELECT 1 FROM corpus_techniques ft WHERE ft.cid = c.id AND "
                         "instr(lower(ft.technique), ?) > 0)")
            args.append(self.technique.lower())
        return (" AND ".join(where) or "1"), args


def matching_labels(store: Store, text: str) -> list[str]:
    """The narrative labels in the store that contain ``text``, ignoring case in every script."""
    folded = text.casefold()
    return [label for (label,) in store.db.execute("SELECT DISTINCT label FROM corpus_narratives")
            if folded in label.casefold()]


def page(limit: int | None, offset: int) -> tuple[str, list[int]]:
    """``LIMIT``/``OFFSET`` SQL for a page (no limit: everything from ``offset``)."""
    if limit is not None and limit < 0 or offset < 0:
        raise ConfigError("E017", option="limit/offset", value=f"{limit}/{offset}", expected="counts of 0 or more")
    return " LIMIT ? OFFSET ?", [-1 if limit is None else limit, offset]


def rows(store: Store, sql: str, args: list[Any]) -> list[dict[str, Any]]:
    cur = store.db.execute(sql, args)
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


IDS = "json_group_array(DISTINCT c.article_id)"


def distinct(column: str) -> str:
    """SQL for the distinct values of ``column`` in a group, as a JSON array (names may hold commas)."""
    return f"json_group_array(DISTINCT {column})"


def split_ids(value: str | None) -> list[str]:
    """The sorted, non-null values of a ``distinct()`` / ``IDS`` column."""
    return sorted(v for v in json.loads(value) if v is not None) if value else []
