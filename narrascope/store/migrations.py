"""Named schema migrations, applied in order and recorded in the ``migrations`` table.

Several processes may open a new store at once (two ``analyze`` runs started together): the
check and the apply happen in one ``BEGIN IMMEDIATE`` transaction that re-reads the table, so
the second process waits for the first and then finds nothing left to do.

    >>> migrate(sqlite3.connect(":memory:"))
    ['0001_initial']
"""
from __future__ import annotations

import sqlite3
from typing import Callable

from ..ingest.dates import utc_now


def run_script(db: sqlite3.Connection, script: str) -> None:
    """Run ``script`` statement by statement inside the caller's transaction
    (``executescript`` would COMMIT first and break the migration's atomicity)."""
    statement = ""
    for piece in script.split(";"):
        statement += piece + ";"
        if sqlite3.complete_statement(statement):
            if statement.strip(" \n\t;"):
                db.execute(statement)
            statement = ""
    if statement.strip(" \n\t;"):
        db.execute(statement)


def m0001_initial(db: sqlite3.Connection) -> None:
    run_script(db, """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL,
        source TEXT NOT NULL,
        url TEXT, outlet TEXT, title TEXT, author TEXT, published TEXT, language TEXT,
        text_chars INTEGER NOT NULL,
        status TEXT NOT NULL,            -- 'ok' or 'error' (a component failed)
        pipeline TEXT NOT NULL,          -- JSON {component: version}
        data TEXT NOT NULL,              -- the Article as JSON (lossless)
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX articles_outlet ON articles(outlet);
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_content_hash ON articles(content_hash);
    CREATE TABLE spans (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        layer TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        label TEXT NOT NULL,
        score REAL,
        attrs TEXT,
        component TEXT NOT NULL,
        version TEXT NOT NULL,
        PRIMARY KEY (article_id, layer, start, "end", label)
    );
    CREATE INDEX spans_layer_label ON spans(layer, label);
    CREATE TABLE analyses (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        component TEXT NOT NULL,
        version TEXT NOT NULL,
        PRIMARY KEY (article_id, component)
    );
    CREATE TABLE errors (
        key TEXT PRIMARY KEY,            -- hash of (source, code, article_id): re-runs add nothing
        source TEXT NOT NULL,
        code TEXT NOT NULL,
        level TEXT NOT NULL,
        stage TEXT NOT NULL,
        component TEXT, version TEXT, article_id TEXT,
        reason TEXT NOT NULL,
        detail TEXT,
        created_at TEXT NOT NULL
    );
    CREATE INDEX errors_level ON errors(level);
    """)


MIGRATIONS: list[tuple[str, Callable[[sqlite3.Connection], None]]] = [
    ("0001_initial", m0001_initial),
]


def _applied(db: sqlite3.Connection) -> set[str] | None:
    """Names in the ``migrations`` table, or None when there is no table yet."""
    try:
        return {row[0] for row in db.execute("SELECT name FROM migrations")}
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return None
        raise


def _refuse_unknown(done: set[str]) -> None:
    unknown = done - {name for name, _ in MIGRATIONS}
    if unknown:
        from ..errors import StoreError
        raise StoreError("E402", path="(this store)", name=", ".join(sorted(unknown)))


def migrate(db: sqlite3.Connection) -> list[str]:
    """Apply pending migrations; returns the names applied now (by this connection).

    Safe when several processes migrate the same new store at once: the check and the apply run
    in one ``BEGIN IMMEDIATE`` transaction (writers queue on the busy timeout), so a migration is
    applied exactly once and the others see it done."""
    done = _applied(db)
    if done is not None:
        _refuse_unknown(done)
        if all(name in done for name, _ in MIGRATIONS):
            return []  # the common case takes no write lock
    if db.in_transaction:
        db.commit()
    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        done = _applied(db) or set()  # re-read under the lock: another process may have migrated meanwhile
        _refuse_unknown(done)
        applied = []
        for name, fn in MIGRATIONS:
            if name in done:
                continue
            fn(db)
            db.execute("INSERT INTO migrations (name, applied_at) VALUES (?, ?)", (name, utc_now()))
            applied.append(name)
        db.commit()
    except BaseException:
        db.rollback()
        raise
    return applied
