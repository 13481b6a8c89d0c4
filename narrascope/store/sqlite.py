"""The SQLite store.

    >>> store = open_store("corpus.db")        # doctest: +SKIP
    >>> store.save(article)                      # 'new', 'updated' or 'unchanged'
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any, Iterator

from ..article import Article
from ..errors import ErrorRecord, StoreError
from ..ingest.dates import utc_now
from .migrations import migrate


def _error_key(err: ErrorRecord) -> str:
    raw = "\x1f".join([err.source, err.code, err.article_id or "", err.component or ""])
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:24]


class Store:
    def __init__(self, path: str | Path, create: bool = True):
        self.path = str(path)
        # Reading commands pass create=False so that a mistyped path is an error, not a new empty store.
        if not create and self.path != ":memory:" and not Path(self.path).is_file():
            raise StoreError("E404", path=self.path)
        try:
            if create and self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path)
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA journal_mode = WAL")
            self.applied_migrations = migrate(self.db)
        except sqlite3.DatabaseError as exc:
            raise StoreError("E401", path=self.path, detail=str(exc)) from exc
        except StoreError as exc:
            raise StoreError("E402", path=self.path, name=exc.context.get("name")) from exc

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- writes ---------------------------------------------------------------------------
    def pipeline_of(self, article_id: str) -> dict[str, str] | None:
        row = self.db.execute("SELECT pipeline FROM articles WHERE id = ?", (article_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def save(self, article: Article) -> str:
        """Upsert one article with its spans; returns 'new', 'updated' or 'unchanged'."""
        data = json.dumps(article.to_dict(), ensure_ascii=False, sort_keys=True)
        row = self.db.execute("SELECT data FROM articles WHERE id = ?", (article.id,)).fetchone()
        if row and row[0] == data:
            return "unchanged"
        now = utc_now()
        status = "error" if article.failed else "ok"
        with self.db:
            self.db.execute(
                """INSERT INTO articles (id, content_hash, source, url, outlet, title, author, published, language,
                                         text_chars, status, pipeline, data, created_at, updated_at)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                   ON CONFLICT(id) DO UPDATE SET content_hash=excluded.content_hash, source=excluded.source,
                     url=excluded.url, outlet=excluded.outlet, title=excluded.title, author=excluded.author,
                     published=excluded.published, language=excluded.language, text_chars=excluded.text_chars,
                     status=excluded.status, pipeline=excluded.pipeline, data=excluded.data,
                     updated_at=excluded.updated_at""",
                (article.id, article.content_hash, article.source, article.url, article.outlet, article.title,
                 article.author, article.published, article.language, len(article.text), status,
                 json.dumps(article.analyses, sort_keys=True), data, now, now))
            self.db.execute("DELETE FROM spans WHERE article_id = ?", (article.id,))
            self.db.executemany(
                'INSERT OR REPLACE INTO spans (article_id, layer, start, "end", label, score, attrs, component, version) '
                "VALUES (?,?,?,?,?,?,?,?,?)",
                [(article.id, layer.name, s.start, s.end, s.label, s.score,
                  json.dumps(s.attrs, ensure_ascii=False) if s.attrs else None, layer.component, layer.version)
                 for layer in article.layers.values() for s in layer.spans])
            self.db.execute("DELETE FROM analyses WHERE article_id = ?", (article.id,))
            self.db.executemany("INSERT INTO analyses (article_id, component, version) VALUES (?,?,?)",
                                [(article.id, c, v) for c, v in article.analyses.items()])
            for err in article.errors:
                self._insert_error(err, now)
        return "updated" if row else "new"

    def save_error(self, err: ErrorRecord) -> bool:
        """Record an error once; returns True if it was new."""
        with self.db:
            return self._insert_error(err, utc_now())

    def _insert_error(self, err: ErrorRecord, now: str) -> bool:
        cur = self.db.execute(
            "INSERT OR IGNORE INTO errors (key, source, code, level, stage, component, version, article_id, "
            "reason, detail, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (_error_key(err), err.source, err.code, err.level, err.stage, err.component, err.version,
             err.article_id, err.reason, json.dumps(err.detail, ensure_ascii=False), now))
        return cur.rowcount == 1

    # -- reads ----------------------------------------------------------------------------
    def get(self, article_id: str) -> Article:
        row = self.db.execute("SELECT data FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            matches = self.db.execute("SELECT data FROM articles WHERE id LIKE ? LIMIT 2",
                                      (article_id + "%",)).fetchall()
            if len(matches) != 1:
                raise StoreError("E403", article_id=article_id, path=self.path)
            row = matches[0]
        return Article.from_dict(json.loads(row[0]))

    def articles(self, outlet: str | None = None, language: str | None = None) -> Iterator[Article]:
        sql, args = "SELECT data FROM articles WHERE 1=1", []
        if outlet:
            sql, args = sql + " AND outlet = ?", args + [outlet]
        if language:
            sql, args = sql + " AND language = ?", args + [language]
        for (data,) in self.db.execute(sql + " ORDER BY published IS NULL, published, id", args):
            yield Article.from_dict(json.loads(data))

    def rows(self) -> list[dict[str, Any]]:
        cur = self.db.execute(
            "SELECT id, published, outlet, language, title, source, status, text_chars FROM articles "
            "ORDER BY published IS NULL, published, id")
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]

    def errors(self, level: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT source, code, level, stage, component, article_id, reason FROM errors"
        cur = self.db.execute(sql + (" WHERE level = ?" if level else "") + " ORDER BY source, code",
                              (level,) if level else ())
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]

    def counts(self) -> dict[str, int]:
        q = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        return {"articles": q("SELECT COUNT(*) FROM articles"),
                "articles_with_errors": q("SELECT COUNT(*) FROM articles WHERE status = 'error'"),
                "spans": q("SELECT COUNT(*) FROM spans"),
                "errors": q("SELECT COUNT(*) FROM errors WHERE level = 'error'"),
                "warnings": q("SELECT COUNT(*) FROM errors WHERE level = 'warning'")}

    def migrations(self) -> list[tuple[str, str]]:
        return list(self.db.execute("SELECT name, applied_at FROM migrations ORDER BY name"))


def open_store(path: str | Path, create: bool = True) -> Store:
    """Open (creating and migrating as needed) the SQLite store at ``path``.

    With ``create=False`` a path that does not exist raises StoreError E404 instead of
    creating an empty store: ``open_store("typo.db", create=False)``.
    """
    return Store(path, create=create)
