"""Named schema migrations, applied in order and recorded in the ``migrations`` table."""
from __future__ import annotations

import sqlite3
from typing import Callable

from ..ingest.dates import utc_now


def m0001_initial(db: sqlite3.Connection) -> None:
    db.executescript("""
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


def migrate(db: sqlite3.Connection) -> list[str]:
    """Apply pending migrations; returns the names applied now."""
    db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = {row[0] for row in db.execute("SELECT name FROM migrations")}
    known = {name for name, _ in MIGRATIONS}
    unknown = done - known
    if unknown:
        from ..errors import StoreError
        raise StoreError("E402", path="(this store)", name=", ".join(sorted(unknown)))
    applied = []
    for name, fn in MIGRATIONS:
        if name in done:
            continue
        with db:
            fn(db)
            db.execute("INSERT INTO migrations (name, applied_at) VALUES (?, ?)", (name, utc_now()))
        applied.append(name)
    return applied
