"""Read a store back as plain, comparable data (timestamps aside) for the crash and concurrency tests."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path


def snapshot(path: str | Path) -> dict:
    """Every table's rows without created_at/updated_at, plus integrity and duplicate checks.

        >>> snapshot("a.db")["integrity"]   # doctest: +SKIP
        'ok'
    """
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        out = {
            "integrity": db.execute("PRAGMA integrity_check").fetchone()[0],
            "articles": db.execute(
                "SELECT id, content_hash, source, status, pipeline, data FROM articles ORDER BY id").fetchall(),
            "spans": db.execute('SELECT article_id, layer, start, "end", label, score, attrs, component, version '
                                'FROM spans ORDER BY article_id, layer, start, "end", label').fetchall(),
            "analyses": db.execute("SELECT * FROM analyses ORDER BY article_id, component").fetchall(),
            "errors": db.execute("SELECT key, source, code, level, stage, component, version, article_id, reason, "
                                 "detail FROM errors ORDER BY key").fetchall(),
            "migrations": [r[0] for r in db.execute("SELECT name FROM migrations ORDER BY name")],
        }
        # Primary keys forbid duplicates; these catch a duplicate by content under another key.
        out["duplicate_articles"] = db.execute(
            "SELECT COUNT(*) FROM (SELECT data FROM articles GROUP BY data HAVING COUNT(*) > 1)").fetchone()[0]
        out["duplicate_errors"] = db.execute(
            "SELECT COUNT(*) FROM (SELECT source, code, article_id, component FROM errors "
            "GROUP BY source, code, article_id, component HAVING COUNT(*) > 1)").fetchone()[0]
        out["orphan_spans"] = db.execute(
            "SELECT COUNT(*) FROM spans WHERE article_id NOT IN (SELECT id FROM articles)").fetchone()[0]
    finally:
        db.close()
    for row in out["articles"]:
        json.loads(row[5])  # every stored article reads back
    return out


def count_articles(path: str | Path) -> int:
    """Articles committed so far, read without taking any lock a writer would wait for."""
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        try:
            return db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            db.close()
    except sqlite3.OperationalError:
        return 0  # not created or not migrated yet
