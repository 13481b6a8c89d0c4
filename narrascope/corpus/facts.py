"""The corpus tables: per-article facts derived from the stored analyses, kept up to date incrementally.

Every corpus view (timelines, waves, outlets, who casts whom, quoted voices, search) reads these
tables, never the articles' JSON. Triggers on ``articles`` queue every article that is inserted or
whose analysis changes (``corpus_dirty``); :func:`refresh` turns the queue into rows, in batches, each
batch in one write transaction, so adding 1,000 articles to a store of 100,000 touches 1,000.

    >>> from narrascope.store import open_store
    >>> store = open_store("corpus.db")                      # doctest: +SKIP
    >>> refresh(store)                                       # doctest: +SKIP
    {'refreshed': 33, 'removed': 0, 'pending': 0, 'fts_rebuilt': False, 'seconds': 0.41}

What a fact is:
- a **narrative** is a label the pipeline emitted (not the candidates below threshold), with the author's
  stance and the voice that carries it: ``author`` when the author carries it, ``quoted`` when it sits
  in quoted or named sources;
- a **role** is an (entity, voice, main role) with evidence; roles that are only the class prior
  ("no evidence") are not facts;
- a **quote** row counts an article's quotes per speaker; speakers the text does not name are
  ``anonymous``;
- entities have one identity across articles and scripts: the entity registry's id when the article
  linked one (``reg:kz``), else the case-folded name (``name:vadim orekhov``).
"""
from __future__ import annotations

import json
import re
import time
from collections import Counter
from typing import Any, Iterable

from ..store.sqlite import Store
from .outlets_meta import fold, outlet_resolver
from .state import bump_version, get_state as _state, set_state as _set_state

BATCH = 500
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
# Rebuild the full-text index when this share of its rows belongs to replaced article versions.
FTS_STALE_SHARE = 0.5


def entity_key(entity: dict[str, Any] | None, name: str | None = None) -> str:
    """One identity for an entity across articles: ``reg:<registry id>`` or ``name:<case-folded name>``.

    Not the type: the same person typed PER in one article and ORG in another stays one entity.

        >>> entity_key({"registry": "kz", "name": "Kazakhstan", "type": "LOC"})
        'reg:kz'
        >>> entity_key({"registry": None, "name": "Vadim  Orekhov", "type": "PER"})
        'name:vadim orekhov'
    """
    entity = entity or {}
    if entity.get("registry"):
        return f"reg:{entity['registry']}"
    return "name:" + (fold(str(entity.get("name") or name or "")) or "")


def _voice_class(voice: str | None) -> str:
    return "author" if voice in (None, "", "author") else "quoted"


def article_facts(data: dict[str, Any]) -> dict[str, list[tuple]]:
    """The fact rows of one stored article (its ``data`` JSON), without the corpus article id.

        >>> facts = article_facts({"text": "a b c", "meta": {}, "layers": {}})
        >>> facts["narratives"], facts["words"]
        ([], 3)
    """
    meta = data.get("meta") or {}
    entities = meta.get("entities") or {}
    layers = data.get("layers") or {}

    def spans(name: str) -> list[dict[str, Any]]:
        """The layer's spans as dicts (stored as ``[start, end, label, score?, attrs?]`` lists)."""
        layer = layers.get(name) or {}
        out = []
        for raw in (layer.get("spans") or []) if isinstance(layer, dict) else []:
            if isinstance(raw, dict):
                out.append(raw)
            elif isinstance(raw, list) and len(raw) >= 3:
                out.append({"start": raw[0], "end": raw[1], "label": raw[2],
                            "score": raw[3] if len(raw) > 3 else None,
                            "attrs": raw[4] if len(raw) > 4 and isinstance(raw[4], dict) else {}})
        return out

    narratives = {}
    for s in spans("narratives"):
        a = s.get("attrs") or {}
        carrier = (a.get("carrier") or {}).get("carrier")
        if carrier is None:
            voice = "author" if (a.get("author_share") or 0) >= 0.5 else "quoted"
        else:
            voice = "author" if carrier == "author" else "quoted"
        narratives[s["label"]] = (s["label"], a.get("level") or "narrative", a.get("parent"), a.get("taxonomy"),
                                  a.get("stance") or "unclear", voice, s.get("score"))
    roles = {}
    for s in spans("framing"):
        a = s.get("attrs") or {}
        if a.get("evidence_kind") == "prior":
            continue  # the class prior is "no evidence", not a finding
        ent = entities.get(a.get("entity")) or {}
        key = entity_key(ent, a.get("name"))
        voice = a.get("voice") or "author"
        voice_name = "author" if voice == "author" else (entities.get(voice) or {}).get("name") or voice
        row = (key, ent.get("name") or a.get("name") or key, ent.get("type"), s["label"],
               ", ".join(a.get("fine_roles") or []) or None, voice, voice_name, s.get("score"))
        roles[(key, voice, s["label"])] = row
    quotes: Counter = Counter()
    speaker_info: dict[str, tuple[str, str | None]] = {}
    for s in spans("quotes"):
        a = s.get("attrs") or {}
        speaker = a.get("speaker")
        if not speaker:
            continue  # no speaker in the text: nobody to count
        if speaker == "anonymous":
            key, name, type_ = "anonymous", "anonymous source", None
        else:
            ent = entities.get(speaker)
            key = entity_key(ent, a.get("speaker_name"))
            name, type_ = (ent or {}).get("name") or a.get("speaker_name"), (ent or {}).get("type")
            if not name or not name.strip():
                continue  # a speaker id with no name: nothing an analyst could read
        quotes[key] += 1
        speaker_info.setdefault(key, (name, type_))
    techniques: Counter = Counter()
    for s in spans("techniques"):
        techniques[(s["label"], _voice_class((s.get("attrs") or {}).get("voice")))] += 1
    mentions = [(entity_key(e), e.get("name") or "", e.get("type"), int(e.get("mentions") or 1))
                for e in entities.values() if isinstance(e, dict) and e.get("name")]
    merged: dict[str, list] = {}
    for key, name, type_, n in mentions:  # two article entities can share one registry id
        if key in merged:
            merged[key][3] += n
        else:
            merged[key] = [key, name, type_, n]
    return {
        "narratives": sorted(narratives.values()),
        "roles": sorted(roles.values(), key=lambda r: (r[0], r[5], r[3])),
        "quotes": sorted((k, *speaker_info[k], n) for k, n in quotes.items()),
        "techniques": sorted((t, v, n) for (t, v), n in techniques.items()),
        "entities": sorted(tuple(m) for m in merged.values()),
        "words": len((data.get("text") or "").split()),
    }


def _day(published: str | None) -> str | None:
    return published[:10] if isinstance(published, str) and _DAY.match(published) else None


def _insert(db, article_id: str, row: tuple, facts: dict[str, list[tuple]], resolve) -> int:
    outlet, published, language, title, text = row
    canonical = resolve(outlet)
    cur = db.execute("INSERT INTO corpus_articles (article_id, day, raw_outlet, outlet, outlet_key, language, title, "
                     "words) VALUES (?,?,?,?,?,?,?,?)", (article_id, _day(published), outlet, canonical,
                                                         fold(canonical), language, title, facts["words"]))
    cid = cur.lastrowid
    db.executemany("INSERT INTO corpus_narratives VALUES (?,?,?,?,?,?,?,?)", [(cid, *r) for r in facts["narratives"]])
    db.executemany("INSERT INTO corpus_roles VALUES (?,?,?,?,?,?,?,?,?,?)",
                   [(cid, r[0], r[1], fold(r[1]), *r[2:]) for r in facts["roles"]])
    db.executemany("INSERT INTO corpus_quotes VALUES (?,?,?,?,?,?)",
                   [(cid, r[0], r[1], fold(r[1]), *r[2:]) for r in facts["quotes"]])
    db.executemany("INSERT INTO corpus_techniques VALUES (?,?,?,?)", [(cid, *r) for r in facts["techniques"]])
    db.executemany("INSERT INTO corpus_entities VALUES (?,?,?,?,?,?)",
                   [(cid, r[0], r[1], fold(r[1]), *r[2:]) for r in facts["entities"]])
    db.execute("INSERT INTO corpus_fts (rowid, title, body) VALUES (?,?,?)", (cid, title or "", text or ""))
    return cid


def pending(store: Store) -> int:
    """Articles whose corpus facts are out of date (0: every view is current)."""
    return store.db.execute("SELECT COUNT(*) FROM corpus_dirty").fetchone()[0]


def _refresh_batch(store: Store, ids: list[str], resolve) -> tuple[int, int, int]:
    """Rebuild the facts of ``ids``; returns (refreshed, removed, replaced fts rows)."""
    refreshed = removed = replaced = 0
    with store.transaction() as db:
        marks = ",".join("?" * len(ids))
        replaced = db.execute(f"SELECT COUNT(*) FROM corpus_articles WHERE article_id IN ({marks})", ids).fetchone()[0]
        db.execute(f"DELETE FROM corpus_articles WHERE article_id IN ({marks})", ids)
        rows = {r[0]: r[1:] for r in db.execute(
            f"SELECT id, outlet, published, language, title, data FROM articles WHERE id IN ({marks})", ids)}
        for article_id in ids:
            if article_id not in rows:
                removed += 1  # deleted since it was queued
                continue
            outlet, published, language, title, data = rows[article_id]
            parsed = json.loads(data)
            _insert(db, article_id, (outlet, published, language, title, parsed.get("text")),
                    article_facts(parsed), resolve)
            refreshed += 1
        db.execute(f"DELETE FROM corpus_dirty WHERE article_id IN ({marks})", ids)
        _set_state(db, "fts_stale", _state(db, "fts_stale") + replaced)
        bump_version(db)
    return refreshed, removed, replaced


def rebuild_fts(store: Store) -> None:
    """Re-index every current article's text (drops rows of replaced versions)."""
    with store.transaction() as db:
        db.execute("INSERT INTO corpus_fts (corpus_fts) VALUES ('delete-all')")
        for cid, title, data in db.execute(
                "SELECT c.id, c.title, a.data FROM corpus_articles c "
                "JOIN articles a ON a.id = c.article_id").fetchall():
            db.execute("INSERT INTO corpus_fts (rowid, title, body) VALUES (?,?,?)",
                       (cid, title or "", json.loads(data).get("text") or ""))
        _set_state(db, "fts_stale", 0)


def refresh(store: Store, *, full: bool = False, limit: int | None = None) -> dict[str, Any]:
    """Bring the corpus tables up to date with the articles; ``full`` rebuilds them from scratch.

    Returns what was done: articles refreshed and removed, articles still pending (non-zero only with
    ``limit``), whether the full-text index was rebuilt, and the seconds taken."""
    started = time.perf_counter()
    if full:
        with store.transaction() as db:
            db.execute("DELETE FROM corpus_articles")
            db.execute("INSERT INTO corpus_fts (corpus_fts) VALUES ('delete-all')")
            db.execute("INSERT OR IGNORE INTO corpus_dirty (article_id) SELECT id FROM articles")
            _set_state(db, "fts_stale", 0)
            bump_version(db)
    resolve = outlet_resolver(store)
    refreshed = removed = 0
    while limit is None or refreshed + removed < limit:
        size = BATCH if limit is None else min(BATCH, limit - refreshed - removed)
        ids = [r[0] for r in store.db.execute("SELECT article_id FROM corpus_dirty ORDER BY article_id LIMIT ?",
                                              (size,))]
        if not ids:
            break
        done, gone, _ = _refresh_batch(store, ids, resolve)
        refreshed, removed = refreshed + done, removed + gone
    stale = _state(store.db, "fts_stale")
    live = store.db.execute("SELECT COUNT(*) FROM corpus_articles").fetchone()[0]
    rebuilt = stale > 0 and stale >= FTS_STALE_SHARE * (stale + live)
    if rebuilt:
        rebuild_fts(store)
    return {"refreshed": refreshed, "removed": removed, "pending": pending(store), "fts_rebuilt": rebuilt,
            "seconds": round(time.perf_counter() - started, 3)}


def ensure_fresh(store: Store) -> None:
    """Refresh when articles changed since the last refresh; a no-op (one indexed count) otherwise.
    A read-only store is read as it is (the writer that changed it refreshes it)."""
    if not store.readonly and pending(store):
        refresh(store)


def article_ids(store: Store, cids: Iterable[int]) -> list[str]:
    """Article ids of corpus rows, in the order given."""
    cids = list(cids)
    if not cids:
        return []
    found = dict(store.db.execute(
        f"SELECT id, article_id FROM corpus_articles WHERE id IN ({','.join('?' * len(cids))})", cids).fetchall())
    return [found[c] for c in cids if c in found]
