"""The SQLite store.

    >>> store = open_store("corpus.db")        # doctest: +SKIP
    >>> store.save(article)                      # 'new', 'updated' or 'unchanged'

Safe to share between processes: every connection waits up to ``BUSY_TIMEOUT`` seconds for
another writer instead of failing, every write is one ``BEGIN IMMEDIATE`` transaction (an
article with its spans, analyses and errors is saved whole or not at all, even on kill -9 or
Ctrl-C), and the journal is WAL so readers never wait for writers.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
import time
import urllib.parse
import contextlib
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from ..article import Article
from ..errors import ErrorRecord, StoreError
from ..ingest.dates import utc_now
from .migrations import MIGRATIONS, migrate

# Seconds a connection waits for another process's write before giving up (E405).
BUSY_TIMEOUT = 60.0


def _error_key(err: ErrorRecord) -> str:
    raw = "\x1f".join([err.source, err.code, err.article_id or "", err.component or ""])
    # surrogatepass: a file name with undecodable bytes still gets a key, the same on every run
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:24]


# What an input gives an article besides its text; a sidecar or --outlet can change them between runs.
INPUT_FIELDS = ("url", "outlet", "title", "author", "published")
INPUT_META = ("sidecar", "outlet_from", "external_id", "published_raw")


def storable(value: Any) -> Any:
    """``value`` with lone surrogates (undecodable file names, ``"\\ud800"`` in JSON) written as
    ``\\udXXX`` escapes: SQLite only takes valid UTF-8. Inside JSON the escape reads back as the
    same surrogate, so the stored ``data`` stays lossless.

        >>> storable("a\\udcff.txt")
        'a\\\\udcff.txt'
    """
    if not isinstance(value, str):
        return value
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        return value.encode("utf-8", "backslashreplace").decode("utf-8")


def _set_wal(db: sqlite3.Connection, path: str, timeout: float) -> None:
    """Switch to WAL once; another process switching at the same moment makes us retry, not fail."""
    deadline = time.monotonic() + timeout
    delay = 0.01
    while True:
        try:
            if db.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
                return
            db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if time.monotonic() > deadline:
                raise StoreError("E405", path=path, seconds=timeout) from exc
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


class Store:
    def __init__(self, path: str | Path, create: bool = True, readonly: bool = False):
        self.path = str(path)
        self.readonly = readonly
        # Reading commands pass create=False so that a mistyped path is an error, not a new empty store.
        if (readonly or not create) and self.path != ":memory:" and not Path(self.path).is_file():
            raise StoreError("E404", path=self.path)
        if readonly:
            self._open_readonly()
            return
        try:
            if create and self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            # timeout = SQLite's busy timeout: a concurrent writer makes us wait, not fail
            self.db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT)
            self.db.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                _set_wal(self.db, self.path, BUSY_TIMEOUT)
            self.applied_migrations = migrate(self.db)
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise StoreError("E405", path=self.path, seconds=BUSY_TIMEOUT) from exc
            raise StoreError("E401", path=self.path, detail=str(exc)) from exc
        except sqlite3.DatabaseError as exc:
            raise StoreError("E401", path=self.path, detail=str(exc)) from exc
        except StoreError as exc:
            if exc.code != "E402":
                raise
            raise StoreError("E402", path=self.path, name=exc.context.get("name")) from exc

    def _open_readonly(self) -> None:
        """A connection that cannot write (SQLite's mode=ro): for servers and dashboards. The store
        must already be migrated (E407 otherwise: open it once for writing)."""
        uri = "file:" + urllib.parse.quote(str(Path(self.path).resolve())) + "?mode=ro"
        try:
            self.db = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT, check_same_thread=False)
            done = {row[0] for row in self.db.execute("SELECT name FROM migrations")}
        except sqlite3.DatabaseError as exc:
            raise StoreError("E401", path=self.path, detail=str(exc)) from exc
        missing = [name for name, _ in MIGRATIONS if name not in done]
        if missing:
            self.db.close()
            raise StoreError("E407", path=self.path, names=", ".join(missing))
        unknown = done - {name for name, _ in MIGRATIONS}
        if unknown:
            self.db.close()
            raise StoreError("E402", path=self.path, name=", ".join(sorted(unknown)))
        self.applied_migrations = []

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- writes ---------------------------------------------------------------------------
    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken up front (BEGIN IMMEDIATE) so that a concurrent writer
        queues on the busy timeout instead of failing halfway; rolled back on any exit but a
        normal one, Ctrl-C included."""
        if self.db.in_transaction:
            self.db.commit()
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise StoreError("E405", path=self.path, seconds=BUSY_TIMEOUT) from exc
            raise
        try:
            yield self.db
        except BaseException:
            self.db.rollback()
            raise
        self.db.commit()

    def transaction(self) -> "contextlib.AbstractContextManager[sqlite3.Connection]":
        """One write transaction for code that derives tables from the store (the corpus layer):
        taken up front, committed on a normal exit, rolled back on any other."""
        return self._write()

    def pipeline_of(self, article_id: str) -> dict[str, str] | None:
        row = self.db.execute("SELECT pipeline FROM articles WHERE id = ?", (storable(article_id),)).fetchone()
        return json.loads(row[0]) if row else None

    def input_changed(self, article: Article) -> bool:
        """True if ``article``, read again from the source it was stored from, now gives one of its input
        fields (:data:`INPUT_FIELDS`, :data:`INPUT_META`) another value: its sidecar was edited, or
        ``--outlet`` now names it. A field the input no longer gives is no change (it keeps its value).

            >>> store.input_changed(article)   # doctest: +SKIP
        """
        cols = ", ".join(INPUT_FIELDS) + "".join(f", json_extract(data, '$.meta.{k}')" for k in INPUT_META)
        row = self.db.execute(f"SELECT source, {cols} FROM articles WHERE id = ?", (storable(article.id),)).fetchone()
        if row is None or row[0] != storable(article.source):  # another file with the same text: not its input
            return False
        new = [getattr(article, f) for f in INPUT_FIELDS] + [article.meta.get(k) for k in INPUT_META]
        return any(value is not None and storable(value) != old for value, old in zip(new, row[1:]))

    def save(self, article: Article) -> str:
        """Upsert one article with its spans, analyses and errors in one transaction; returns
        'new', 'updated' or 'unchanged' (same data: nothing is written, not even a timestamp).
        Raises E406 when the article cannot be serialised (the caller records it and goes on)."""
        try:
            data = storable(json.dumps(article.to_dict(), ensure_ascii=False, sort_keys=True))
            spans = [(storable(article.id), storable(layer.name), s.start, s.end, storable(s.label), s.score,
                      storable(json.dumps(s.attrs, ensure_ascii=False, sort_keys=True)) if s.attrs else None,
                      storable(layer.component), storable(layer.version))
                     for layer in article.layers.values() for s in layer.spans]
        except (RecursionError, ValueError, TypeError) as exc:
            raise StoreError("E406", article_id=storable(article.id), source=storable(article.source),
                             detail=f"{type(exc).__name__}: {exc}") from exc
        aid = storable(article.id)
        status = "error" if article.failed else "ok"
        with self._write() as db:
            # read inside the transaction: a concurrent run may have saved this article a moment ago
            row = db.execute("SELECT data FROM articles WHERE id = ?", (aid,)).fetchone()
            if row and row[0] == data:
                return "unchanged"
            now = utc_now()
            db.execute(
                """INSERT INTO articles (id, content_hash, source, url, outlet, title, author, published, language,
                                         text_chars, status, pipeline, data, created_at, updated_at)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                   ON CONFLICT(id) DO UPDATE SET content_hash=excluded.content_hash, source=excluded.source,
                     url=excluded.url, outlet=excluded.outlet, title=excluded.title, author=excluded.author,
                     published=excluded.published, language=excluded.language, text_chars=excluded.text_chars,
                     status=excluded.status, pipeline=excluded.pipeline, data=excluded.data,
                     updated_at=excluded.updated_at""",
                tuple(storable(v) for v in (
                    article.id, article.content_hash, article.source, article.url, article.outlet, article.title,
                    article.author, article.published, article.language, len(article.text), status,
                    json.dumps(article.analyses, sort_keys=True), data, now, now)))
            db.execute("DELETE FROM spans WHERE article_id = ?", (aid,))
            db.executemany(
                'INSERT OR REPLACE INTO spans (article_id, layer, start, "end", label, score, attrs, component, version) '
                "VALUES (?,?,?,?,?,?,?,?,?)", spans)
            db.execute("DELETE FROM analyses WHERE article_id = ?", (aid,))
            db.executemany("INSERT INTO analyses (article_id, component, version) VALUES (?,?,?)",
                           [(aid, storable(c), storable(v)) for c, v in article.analyses.items()])
            # The article's analysis errors are those of this run: a failure fixed since goes away.
            keys = [_error_key(e) for e in article.errors]
            db.execute(f"DELETE FROM errors WHERE article_id = ? AND stage = 'analyze' "
                       f"AND key NOT IN ({','.join('?' * len(keys))})", (aid, *keys))
            for err in article.errors:
                self._insert_error(err, now)
        return "updated" if row else "new"

    def save_error(self, err: ErrorRecord) -> bool:
        """Record an error once (keyed on source, code, article and component); True if it was new."""
        with self._write():
            return self._insert_error(err, utc_now())

    def _insert_error(self, err: ErrorRecord, now: str) -> bool:
        try:
            detail = json.dumps(err.detail, ensure_ascii=False, sort_keys=True)
        except (RecursionError, ValueError, TypeError) as exc:
            detail = json.dumps({"unserialisable": f"{type(exc).__name__}: {exc}"})
        cur = self.db.execute(
            "INSERT OR IGNORE INTO errors (key, source, code, level, stage, component, version, article_id, "
            "reason, detail, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            tuple(storable(v) for v in (_error_key(err), err.source, err.code, err.level, err.stage, err.component,
                                        err.version, err.article_id, err.reason, detail, now)))
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


def open_store(path: str | Path, create: bool = True, readonly: bool = False) -> Store:
    """Open (creating and migrating as needed) the SQLite store at ``path``.

    With ``create=False`` a path that does not exist raises StoreError E404 instead of
    creating an empty store: ``open_store("typo.db", create=False)``.
    """
    return Store(path, create=create, readonly=readonly)
