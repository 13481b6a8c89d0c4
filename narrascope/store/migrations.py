"""Named schema migrations, applied in order and recorded in the ``migrations`` table.

Several processes may open a new store at once (two ``analyze`` runs started together): the
check and the apply happen in one ``BEGIN IMMEDIATE`` transaction that re-reads the table, so
the second process waits for the first and then finds nothing left to do.

    >>> migrate(sqlite3.connect(":memory:"))
    ['0001_initial', '0002_corpus', '0003_copies']
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


def m0002_corpus(db: sqlite3.Connection) -> None:
    """Tables of the corpus layer (``narrascope.corpus``): one row set per article, derived from its
    stored analysis, plus a queue of articles whose analysis changed since the last refresh (filled by
    triggers, so every writer, old or new, keeps the corpus views incremental)."""
    run_script(db, """
    -- (NOT EXISTS, not OR IGNORE: an outer statement's conflict policy, an upsert's included, would
    -- override the trigger's own.)
    CREATE TABLE corpus_dirty (article_id TEXT PRIMARY KEY);
    CREATE TRIGGER corpus_dirty_insert AFTER INSERT ON articles BEGIN
        INSERT INTO corpus_dirty (article_id) SELECT new.id
            WHERE NOT EXISTS (SELECT 1 FROM corpus_dirty WHERE article_id = new.id);
    END;
    CREATE TRIGGER corpus_dirty_update AFTER UPDATE OF data ON articles BEGIN
        INSERT INTO corpus_dirty (article_id) SELECT new.id
            WHERE NOT EXISTS (SELECT 1 FROM corpus_dirty WHERE article_id = new.id);
    END;
    INSERT INTO corpus_dirty (article_id) SELECT id FROM articles;
    CREATE TABLE corpus_articles (
        id INTEGER PRIMARY KEY AUTOINCREMENT,   -- also the rowid of the article's row in corpus_fts
        article_id TEXT NOT NULL UNIQUE REFERENCES articles(id) ON DELETE CASCADE,
        day TEXT,                               -- YYYY-MM-DD of the article's own publication date
        raw_outlet TEXT, outlet TEXT,           -- as ingested; as resolved through the outlet file
        outlet_key TEXT,                        -- the resolved outlet, case-folded (filters match it)
        language TEXT, title TEXT,
        words INTEGER NOT NULL
    );
    CREATE INDEX corpus_articles_day ON corpus_articles(day);
    CREATE INDEX corpus_articles_outlet ON corpus_articles(outlet);
    CREATE INDEX corpus_articles_outlet_key ON corpus_articles(outlet_key, day);
    CREATE TABLE corpus_narratives (
        cid INTEGER NOT NULL REFERENCES corpus_articles(id) ON DELETE CASCADE,
        label TEXT NOT NULL, level TEXT NOT NULL, parent TEXT, taxonomy TEXT,
        stance TEXT NOT NULL, voice TEXT NOT NULL, score REAL,
        PRIMARY KEY (cid, label)
    );
    CREATE INDEX corpus_narratives_label ON corpus_narratives(label, stance);
    CREATE INDEX corpus_narratives_level ON corpus_narratives(level, label, cid);  -- counts per label, index only
    CREATE TABLE corpus_roles (
        cid INTEGER NOT NULL REFERENCES corpus_articles(id) ON DELETE CASCADE,
        entity TEXT NOT NULL, name TEXT NOT NULL, name_key TEXT NOT NULL, type TEXT,
        role TEXT NOT NULL, fine TEXT, voice TEXT NOT NULL, voice_name TEXT, score REAL,
        PRIMARY KEY (cid, entity, voice, role)
    );
    CREATE INDEX corpus_roles_entity ON corpus_roles(entity, role);
    CREATE TABLE corpus_quotes (
        cid INTEGER NOT NULL REFERENCES corpus_articles(id) ON DELETE CASCADE,
        speaker TEXT NOT NULL, name TEXT NOT NULL, name_key TEXT NOT NULL, type TEXT, quotes INTEGER NOT NULL,
        PRIMARY KEY (cid, speaker)
    );
    CREATE INDEX corpus_quotes_speaker ON corpus_quotes(speaker);
    CREATE TABLE corpus_techniques (
        cid INTEGER NOT NULL REFERENCES corpus_articles(id) ON DELETE CASCADE,
        technique TEXT NOT NULL, voice TEXT NOT NULL, spans INTEGER NOT NULL,
        PRIMARY KEY (cid, technique, voice)
    );
    CREATE INDEX corpus_techniques_technique ON corpus_techniques(technique);
    CREATE TABLE corpus_entities (
        cid INTEGER NOT NULL REFERENCES corpus_articles(id) ON DELETE CASCADE,
        entity TEXT NOT NULL, name TEXT NOT NULL, name_key TEXT NOT NULL, type TEXT, mentions INTEGER NOT NULL,
        PRIMARY KEY (cid, entity)
    );
    CREATE INDEX corpus_entities_entity ON corpus_entities(entity);
    CREATE TABLE outlets (
        outlet TEXT PRIMARY KEY,                -- the canonical name
        country TEXT, "group" TEXT, type TEXT, aliases TEXT   -- aliases: JSON list of other spellings
    );
    CREATE TABLE corpus_state (key TEXT PRIMARY KEY, value TEXT);
    -- Full-text index; contentless (the text stays in articles.data once). A changed article gets a
    -- new corpus_articles.id, so its old row here matches no article and drops out of every search.
    CREATE VIRTUAL TABLE corpus_fts USING fts5(title, body, content='', tokenize='unicode61 remove_diacritics 2');
    """)


def m0003_copies(db: sqlite3.Connection) -> None:
    """Copy detection (``narrascope.corpus.copies_store``): what the index needs per article, the pairs."""
    run_script(db, """
    CREATE TABLE corpus_copy_records (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        content_hash TEXT NOT NULL,             -- the article version the record was made from
        language TEXT, published TEXT, outlet TEXT,
        shingles BLOB, signatures BLOB, spans BLOB, vectors BLOB, scales BLOB, numbers TEXT, names TEXT
    );
    CREATE TABLE corpus_copies (
        a TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        b TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        kind TEXT NOT NULL, score REAL NOT NULL, evidence TEXT,
        PRIMARY KEY (a, b)
    );
    CREATE INDEX corpus_copies_b ON corpus_copies(b);
    """)


MIGRATIONS: list[tuple[str, Callable[[sqlite3.Connection], None]]] = [
    ("0001_initial", m0001_initial),
    ("0002_corpus", m0002_corpus),
    ("0003_copies", m0003_copies),
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
