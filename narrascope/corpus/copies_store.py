"""Copy detection over a store: the copy index kept in SQLite, and propagation clusters read from it.

Finding translations embeds a few sentences an article (~0.1-0.5 s an article on a laptop CPU), so
it is its own step, not part of every ``analyze``: ``narrascope corpus copies --update`` indexes the
articles added or changed since the last update (the rest is loaded from the stored records, not
recomputed) and stores the new pairs.

    >>> from narrascope.store import open_store
    >>> store = open_store("demo.db")                          # doctest: +SKIP
    >>> update_copies(store)["pairs"]                          # doctest: +SKIP
    4
    >>> clusters(store)[0]["origin"]["outlet"]                  # doctest: +SKIP
    'Восток Сегодня'
"""
from __future__ import annotations

import json
import time
from typing import Any

from ..store.sqlite import Store
from .copies import CopyDoc, CopyIndex, propagation
from .state import bump_version

RECORD_FIELDS = ("language", "published", "outlet", "shingles", "signatures", "spans", "vectors", "scales",
                 "numbers", "names")
BATCH = 200


def _load_index(store: Store, embed: bool) -> CopyIndex:
    params = store.db.execute("SELECT value FROM corpus_state WHERE key = 'copies_params'").fetchone()
    cols = ", ".join(RECORD_FIELDS)
    records = ({"id": row[0], **dict(zip(RECORD_FIELDS, row[1:]))}
               for row in store.db.execute(f"SELECT article_id, {cols} FROM corpus_copy_records ORDER BY article_id"))
    return CopyIndex.from_records(records, json.loads(params[0]) if params else None, embed=embed)


def update_copies(store: Store, *, embed: bool = True, limit: int | None = None,
                  rebuild: bool = False) -> dict[str, Any]:
    """Index the articles not indexed yet (or changed since) and store the pairs they make;
    ``rebuild`` starts the index afresh (after a run without embeddings, or new settings: E056).
    Returns counts, the seconds taken, and ``skipped`` (W142) when translations could not be searched."""
    started = time.perf_counter()
    with store.transaction() as db:  # changed articles: drop their old record and pairs first
        if rebuild:
            db.execute("DELETE FROM corpus_copy_records")
            db.execute("DELETE FROM corpus_copies")
            db.execute("DELETE FROM corpus_state WHERE key = 'copies_params'")
        stale = [r[0] for r in db.execute(
            "SELECT r.article_id FROM corpus_copy_records r JOIN articles a ON a.id = r.article_id "
            "WHERE a.content_hash != r.content_hash")]
        for aid in stale:
            db.execute("DELETE FROM corpus_copy_records WHERE article_id = ?", (aid,))
            db.execute("DELETE FROM corpus_copies WHERE a = ? OR b = ?", (aid, aid))
        db.execute("INSERT INTO corpus_state (key, value) VALUES ('copies_params', ?) ON CONFLICT(key) DO NOTHING",
                   (json.dumps(CopyIndex.params(), sort_keys=True),))
    index = _load_index(store, embed)
    todo = [r[0] for r in store.db.execute(
        "SELECT a.id FROM articles a LEFT JOIN corpus_copy_records r ON r.article_id = a.id "
        "WHERE r.article_id IS NULL AND a.status = 'ok' ORDER BY a.published IS NULL, a.published, a.id")]
    if limit is not None:
        todo = todo[:limit]
    added = pairs = 0
    for at in range(0, len(todo), BATCH):
        ids = todo[at:at + BATCH]
        marks = ",".join("?" * len(ids))
        docs = [CopyDoc(aid, lang, json.loads(data).get("text") or "", published, outlet) for aid, lang, data, published,
                outlet in store.db.execute(f"SELECT id, language, data, published, outlet FROM articles "
                                           f"WHERE id IN ({marks}) ORDER BY published IS NULL, published, id", ids)]
        hashes = dict(store.db.execute(f"SELECT id, content_hash FROM articles WHERE id IN ({marks})", ids))
        found = index.add(docs)
        with store.transaction() as db:
            for rec in index.records([d.id for d in docs]):
                db.execute(f"INSERT OR REPLACE INTO corpus_copy_records (article_id, content_hash, "
                           f"{', '.join(RECORD_FIELDS)}) VALUES ({','.join('?' * (len(RECORD_FIELDS) + 2))})",
                           (rec["id"], hashes[rec["id"]], *(rec.get(f) for f in RECORD_FIELDS)))
            db.executemany("INSERT OR REPLACE INTO corpus_copies (a, b, kind, score, evidence) VALUES (?,?,?,?,?)",
                           [(p.a, p.b, p.kind, p.score, json.dumps(p.evidence) if p.evidence else None)
                            for p in found])
            bump_version(db)
        added, pairs = added + len(docs), pairs + len(found)
    return {"indexed": added, "pairs": pairs, "stale": len(stale), "skipped": index.skipped if added else None,
            "seconds": round(time.perf_counter() - started, 2)}


class _Doc:
    __slots__ = ("id", "language", "published", "outlet")

    def __init__(self, id: str, language: str | None, published: str | None, outlet: str | None):
        self.id, self.language, self.published, self.outlet = id, language, published, outlet


def clusters(store: Store, *, kind: str | None = None, outlet: str | None = None) -> list[dict[str, Any]]:
    """Propagation clusters from the stored pairs, largest first: the earliest version (origin) and
    each later copy with its outlet, language and lag in days. ``kind``: only duplicate or only
    translation edges; ``outlet``: clusters with a version from that outlet (any case)."""
    sql, args = "SELECT a, b, kind, score FROM corpus_copies", []
    if kind:
        sql, args = sql + " WHERE kind = ?", [kind]

    class _Pair:
        __slots__ = ("a", "b", "kind", "score")

        def __init__(self, a, b, kind_, score):
            self.a, self.b, self.kind, self.score = a, b, kind_, score

    pairs = [_Pair(*row) for row in store.db.execute(sql, args)]
    ids = sorted({p.a for p in pairs} | {p.b for p in pairs})
    docs = []
    for at in range(0, len(ids), 500):
        chunk = ids[at:at + 500]
        docs += [_Doc(*row) for row in store.db.execute(
            f"SELECT id, language, published, outlet FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk)]
    out = []
    for c in propagation(pairs, docs):
        item = c.as_dict()
        versions = [item["origin"], *item["copies"]]
        if outlet and not any((v.get("outlet") or "").casefold() == outlet.casefold() for v in versions):
            continue
        item["size"] = len(versions)
        item["outlets"] = sorted({v["outlet"] for v in versions if v.get("outlet")})
        item["languages"] = sorted({v["language"] for v in versions if v.get("language")})
        out.append(item)
    return sorted(out, key=lambda c: (-c["size"], c["origin"].get("published") or "", c["origin"]["id"]))
