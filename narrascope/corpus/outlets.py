"""Who pushes what: the outlet x narrative x stance matrix, and one outlet's profile.

    >>> from narrascope.store import open_store
    >>> store = open_store("demo.db", create=False)                        # doctest: +SKIP
    >>> matrix(store)[0]                                                    # doctest: +SKIP
    {'outlet': 'Восток Сегодня', 'narrative': 'CA: Kazakhstan is an ungrateful ally',
     'stance': 'promotes', 'articles': 2, 'article_ids': [...]}
    >>> profile(store, "Восток Сегодня")["stance_mix"]                      # doctest: +SKIP
    {'promotes': 3, 'reports-on': 0, 'counters': 0, 'unclear': 1}
"""
from __future__ import annotations

from typing import Any

from ..errors import ConfigError
from ..store.sqlite import Store
from .facts import ensure_fresh
from .filters import IDS, JOIN, distinct, STANCES, Filters, page, prepare, rows, split_ids


def matrix(store: Store, *, level: str = "narrative", filters: Filters | None = None,
           ids: bool = True, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """One row per (outlet, narrative, stance): how many of the outlet's articles carry the narrative
    with that stance. Articles without an outlet are grouped under ``None``."""
    ensure_fresh(store)
    prepare(store)
    where, args = (filters or Filters()).where(store, narratives_alias="n")
    out = rows(store, f"SELECT c.outlet AS outlet, n.label AS narrative, n.stance AS stance, "
                      f"COUNT(DISTINCT c.id) AS articles{', ' + IDS + ' AS article_ids' if ids else ''} "
                      f"{JOIN} JOIN corpus_narratives n ON n.cid = c.id WHERE n.level = ? AND {where} "
                      f"GROUP BY 1, 2, 3 ORDER BY c.outlet IS NULL, 1, 2, 3{page(limit, offset)[0]}",
               [level, *args, *page(limit, offset)[1]])
    if ids:
        for row in out:
            row["article_ids"] = split_ids(row["article_ids"])
    return out


def outlets(store: Store, *, filters: Filters | None = None, limit: int | None = None,
            offset: int = 0) -> dict[str, Any]:
    """The outlets with their metadata, article counts and date range, most articles first."""
    ensure_fresh(store)
    prepare(store)
    where, args = (filters or Filters()).where(store)
    base = f"{JOIN} WHERE c.outlet IS NOT NULL AND {where}"
    total = store.db.execute(f"SELECT COUNT(DISTINCT c.outlet) {base}", args).fetchone()[0]
    sql, extra = page(limit, offset)
    items = rows(store, f"SELECT c.outlet AS outlet, o.country AS country, o.\"group\" AS \"group\", o.type AS type, "
                        f"COUNT(*) AS articles, MIN(c.day) AS first_day, MAX(c.day) AS last_day, "
                        f"{distinct('c.language')} AS languages {base} "
                        f"GROUP BY c.outlet ORDER BY articles DESC, c.outlet{sql}", args + extra)
    for item in items:
        item["languages"] = split_ids(item["languages"])
    return {"total": total, "items": items}


def profile(store: Store, outlet: str, *, filters: Filters | None = None, top: int = 10) -> dict[str, Any]:
    """One outlet: what it carries and how. Narratives with their stance counts, the stance mix,
    persuasion techniques per 1,000 words (in the author's voice and in quoted voices), the voices it
    quotes most, and the entities it casts in each role. E062 when no article has that outlet."""
    ensure_fresh(store)
    prepare(store)
    filt = Filters(**{**(filters or Filters()).as_dict(), "outlet": outlet})
    where, args = filt.where(store)
    head = store.db.execute(f"SELECT c.outlet, COUNT(*), COALESCE(SUM(c.words), 0), MIN(c.day), MAX(c.day), "
                            f"o.country, o.\"group\", o.type {JOIN} WHERE {where}", args).fetchone()
    if not head[1]:
        known = [r[0] for r in store.db.execute(
            "SELECT outlet FROM corpus_articles WHERE outlet IS NOT NULL GROUP BY outlet "
            "ORDER BY COUNT(*) DESC LIMIT 12")]
        raise ConfigError("E062", what="outlet", value=outlet, choices=", ".join(known) or "(no outlets in this store)")
    name, articles, words, first, last, country, group, type_ = head
    narratives: dict[str, dict[str, Any]] = {}
    for label, stance, n in store.db.execute(
            f"SELECT n.label, n.stance, COUNT(DISTINCT c.id) {JOIN} JOIN corpus_narratives n ON n.cid = c.id "
            f"WHERE n.level = 'narrative' AND {where} GROUP BY 1, 2", args):
        entry = narratives.setdefault(label, {"narrative": label, "articles": 0, **{s: 0 for s in STANCES}})
        entry[stance] += n
        entry["articles"] += n
    stance_mix = {s: sum(e[s] for e in narratives.values()) for s in STANCES}
    techniques = rows(store, f"SELECT t.technique AS technique, t.voice AS voice, SUM(t.spans) AS spans "
                             f"{JOIN} JOIN corpus_techniques t ON t.cid = c.id WHERE {where} "
                             f"GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2", args)
    for t in techniques:
        t["per_1000_words"] = round(1000 * t["spans"] / words, 2) if words else None
    voices = rows(store, f"SELECT q.speaker AS speaker, MAX(q.name) AS name, SUM(q.quotes) AS quotes, "
                         f"COUNT(DISTINCT c.id) AS articles {JOIN} JOIN corpus_quotes q ON q.cid = c.id "
                         f"WHERE {where} GROUP BY 1 ORDER BY 4 DESC, 3 DESC, 1 LIMIT ?", args + [top])
    cast = rows(store, f"SELECT r.entity AS entity, MAX(r.name) AS name, r.role AS role, "
                       f"COUNT(DISTINCT c.id) AS articles {JOIN} JOIN corpus_roles r ON r.cid = c.id "
                       f"WHERE {where} GROUP BY 1, 3 ORDER BY 4 DESC, 1, 3 LIMIT ?", args + [top])
    return {"outlet": name, "country": country, "group": group, "type": type_, "articles": articles,
            "words": words, "first_day": first, "last_day": last,
            "narratives": sorted(narratives.values(), key=lambda e: (-e["articles"], e["narrative"])),
            "stance_mix": stance_mix, "techniques": techniques, "quoted_voices": voices, "casts": cast}
