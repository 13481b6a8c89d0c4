"""The corpus tables: derived from the stored analyses, incremental, and rebuilt identically."""
from __future__ import annotations

import json
import sqlite3

from narrascope.corpus.facts import article_facts, entity_key, pending, refresh
from narrascope.corpus.search import search
from narrascope.store import open_store
from narrascope.store.migrations import m0001_initial


def _table(store, name):
    return sorted(tuple(r[1:]) for r in store.db.execute(f"SELECT * FROM {name}"))


def _facts(store):
    """Every corpus table keyed by article id instead of the (changing) corpus row id."""
    out = {}
    for name in ("corpus_narratives", "corpus_roles", "corpus_quotes", "corpus_techniques", "corpus_entities"):
        out[name] = sorted(store.db.execute(
            f"SELECT c.article_id, t.* FROM {name} t JOIN corpus_articles c ON c.id = t.cid"))
        out[name] = [(r[0], *r[2:]) for r in out[name]]
    out["corpus_articles"] = sorted(r[1:] for r in store.db.execute("SELECT * FROM corpus_articles"))
    return out


def test_analyze_leaves_every_article_in_the_corpus_tables(sample_store):
    assert pending(sample_store) == 0
    stored = {r[0] for r in sample_store.db.execute("SELECT id FROM articles")}
    corpus = {r[0] for r in sample_store.db.execute("SELECT article_id FROM corpus_articles")}
    assert stored == corpus and len(stored) >= 30
    # every emitted narrative is a fact, with the stance the article carries
    spans = sample_store.db.execute("SELECT COUNT(*) FROM spans WHERE layer = 'narratives'").fetchone()[0]
    facts = sample_store.db.execute("SELECT COUNT(*) FROM corpus_narratives").fetchone()[0]
    assert facts == spans > 0
    stances = {r[0] for r in sample_store.db.execute("SELECT DISTINCT stance FROM corpus_narratives")}
    assert stances <= {"promotes", "reports-on", "counters", "unclear"} and "promotes" in stances


def test_roles_without_evidence_are_not_facts(sample_store):
    prior = sample_store.db.execute(
        "SELECT COUNT(*) FROM spans WHERE layer = 'framing' AND json_extract(attrs, '$.evidence_kind') = 'prior'"
    ).fetchone()[0]
    evidence = sample_store.db.execute(
        "SELECT COUNT(*) FROM spans WHERE layer = 'framing' AND json_extract(attrs, '$.evidence_kind') != 'prior'"
    ).fetchone()[0]
    roles = sample_store.db.execute("SELECT COUNT(*) FROM corpus_roles").fetchone()[0]
    assert prior > 0 and 0 < roles <= evidence


def test_article_facts_of_a_hand_made_article():
    data = {"text": "one two three four", "meta": {"entities": {
        "E1": {"name": "Kazakhstan", "registry": "kz", "type": "LOC", "mentions": 2},
        "E2": {"name": "Олег  Петров", "registry": None, "type": "PER", "mentions": 1}}},
        "layers": {
            "narratives": {"spans": [[0, 5, "CA: X", 0.9, {"stance": "promotes", "carrier": {"carrier": "author"},
                                                          "level": "narrative", "taxonomy": "central_asia"}],
                                     [0, 5, "CA: Y", 0.7, {"stance": "reports-on", "carrier": {"carrier": "named source"},
                                                          "level": "narrative"}]]},
            "framing": {"spans": [[0, 5, "Antagonist", 0.6, {"entity": "E1", "voice": "E2", "evidence_kind": "cue",
                                                              "fine_roles": ["Traitor"]}],
                                  [0, 5, "Antagonist", 0.2, {"entity": "E1", "voice": "author",
                                                              "evidence_kind": "prior"}]]},
            "quotes": {"spans": [[0, 3, "direct", 0.8, {"speaker": "E2"}], [4, 7, "direct", 0.8, {"speaker": "E2"}],
                                 [8, 9, "direct", 0.8, {"speaker": "anonymous"}], [10, 12, "direct", 0.8, {}]]},
            "techniques": {"spans": [[0, 3, "Loaded_Language", 0.5, {"voice": "author"}],
                                     [4, 7, "Loaded_Language", 0.5, {"voice": "E2"}]]}}}
    facts = article_facts(data)
    assert facts["words"] == 4
    assert [(n[0], n[4], n[5]) for n in facts["narratives"]] == [("CA: X", "promotes", "author"),
                                                                ("CA: Y", "reports-on", "quoted")]
    assert facts["roles"] == [("reg:kz", "Kazakhstan", "LOC", "Antagonist", "Traitor", "E2", "Олег  Петров", 0.6)]
    assert facts["quotes"] == [("anonymous", "anonymous source", None, 1),
                               ("name:олег петров", "Олег  Петров", "PER", 2)]
    assert facts["techniques"] == [("Loaded_Language", "author", 1), ("Loaded_Language", "quoted", 1)]
    assert entity_key({"registry": None, "name": "OLEG Petrov"}) == entity_key({"name": "oleg  petrov"})


def test_a_changed_article_is_refreshed_alone_and_its_old_text_leaves_the_index(store_copy):
    store = store_copy
    assert pending(store) == 0
    aid, data = store.db.execute(
        "SELECT id, data FROM articles WHERE json_extract(data, '$.text') LIKE '%Russophobia%' LIMIT 1").fetchone()
    before = search(store, "Russophobia")["total"]
    doc = json.loads(data)
    doc["text"] = doc["text"].replace("Russophobia", "Zyxwvut")
    doc["title"] = (doc["title"] or "").replace("Russophobia", "Zyxwvut")
    with store.transaction() as db:
        db.execute("UPDATE articles SET data = ?, title = ? WHERE id = ?",
                   (json.dumps(doc, ensure_ascii=False), doc["title"], aid))
    assert pending(store) == 1
    result = refresh(store)
    assert result["refreshed"] == 1 and result["pending"] == 0
    assert [h["article_id"] for h in search(store, "zyxwvut")["items"]] == [aid]
    assert aid not in [h["article_id"] for h in search(store, "Russophobia", limit=None)["items"]]
    assert search(store, "Russophobia")["total"] == before - 1


def test_deleted_articles_leave_the_corpus_tables(store_copy):
    store = store_copy
    aid = store.db.execute("SELECT article_id FROM corpus_narratives n JOIN corpus_articles c ON c.id = n.cid "
                           "LIMIT 1").fetchone()[0]
    with store.transaction() as db:
        db.execute("DELETE FROM articles WHERE id = ?", (aid,))
    assert store.db.execute("SELECT COUNT(*) FROM corpus_articles WHERE article_id = ?", (aid,)).fetchone()[0] == 0
    assert store.db.execute("SELECT COUNT(*) FROM corpus_narratives n LEFT JOIN corpus_articles c ON c.id = n.cid "
                            "WHERE c.id IS NULL").fetchone()[0] == 0


def test_full_rebuild_gives_the_same_tables_as_the_incremental_ones(store_copy):
    before = _facts(store_copy)
    result = refresh(store_copy, full=True)
    assert result["refreshed"] == len(before["corpus_articles"])
    assert _facts(store_copy) == before
    assert search(store_copy, "Kazakhstan")["total"] > 0


def test_refresh_in_steps_with_a_limit(store_copy):
    refresh(store_copy, full=True, limit=10)
    assert pending(store_copy) > 0
    while pending(store_copy):
        refresh(store_copy, limit=7)
    assert store_copy.db.execute("SELECT COUNT(*) FROM corpus_articles").fetchone()[0] == \
        store_copy.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]


def test_a_store_made_before_the_corpus_layer_queues_all_its_articles(sample_db, tmp_path):
    old = tmp_path / "old.db"
    db = sqlite3.connect(old)
    m0001_initial(db)
    db.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    db.execute("INSERT INTO migrations VALUES ('0001_initial', '2026-01-01T00:00:00+00:00')")
    src = sqlite3.connect(sample_db)
    cols = "id, content_hash, source, url, outlet, title, author, published, language, text_chars, status, " \
           "pipeline, data, created_at, updated_at"
    db.executemany(f"INSERT INTO articles ({cols}) VALUES ({','.join('?' * 15)})",
                   src.execute(f"SELECT {cols} FROM articles LIMIT 5").fetchall())
    db.commit()
    db.close()
    with open_store(old) as store:
        assert store.applied_migrations == ["0002_corpus", "0003_copies"]
        assert pending(store) == 5
        assert refresh(store)["refreshed"] == 5
