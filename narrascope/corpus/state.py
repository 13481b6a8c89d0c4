"""Small persistent counters of the corpus tables (``corpus_state``): the version readers key their
caches on, and the count of stale full-text rows.

    >>> import sqlite3
    >>> db = sqlite3.connect(":memory:"); _ = db.execute("CREATE TABLE corpus_state (key TEXT PRIMARY KEY, value TEXT)")
    >>> bump_version(db); bump_version(db); get_state(db, "version")
    2
"""
from __future__ import annotations

from typing import Any


def get_state(db, key: str, default: int = 0) -> int:
    row = db.execute("SELECT value FROM corpus_state WHERE key = ?", (key,)).fetchone()
    return int(row[0]) if row else default


def set_state(db, key: str, value: Any) -> None:
    db.execute("INSERT INTO corpus_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = "
               "excluded.value", (key, str(value)))


def bump_version(db) -> None:
    """Mark the corpus tables changed (a refresh, an outlet file): readers key their caches on it."""
    set_state(db, "version", get_state(db, "version") + 1)


def version(db) -> int:
    """A number that changes whenever the corpus tables do."""
    return get_state(db, "version")
