import sqlite3

import pytest

from narrascope import analyze, open_store
from narrascope.errors import StoreError
from narrascope.store.migrations import MIGRATIONS


def test_migrations_named_and_recorded(tmp_path):
    store = open_store(tmp_path / "s.db")
    assert [name for name, _ in store.migrations()] == [name for name, _ in MIGRATIONS]
    assert store.applied_migrations == ["0001_initial", "0002_corpus", "0003_copies"]
    store.close()
    again = open_store(tmp_path / "s.db")
    assert again.applied_migrations == []  # nothing re-applied
    again.close()


def test_store_from_newer_version_is_refused(tmp_path):
    path = tmp_path / "s.db"
    open_store(path).close()
    db = sqlite3.connect(path)
    db.execute("INSERT INTO migrations VALUES ('9999_future', 'x')")
    db.commit()
    db.close()
    with pytest.raises(StoreError) as err:
        open_store(path)
    assert err.value.code == "E402"


def test_analyze_twice_adds_nothing(tmp_path, seeds_dir):
    store = open_store(tmp_path / "s.db")
    first = analyze([str(seeds_dir)], store)
    counts = store.counts()
    second = analyze([str(seeds_dir)], store)
    assert first.analysed == 3 and second.analysed == 0 and second.unchanged == 3
    assert store.counts() == counts
    assert counts["articles"] == 3 and counts["spans"] > 100


def test_save_roundtrip_and_versions(tmp_path, seeds_analysed):
    store = open_store(tmp_path / "s.db")
    a = seeds_analysed["002"]
    assert store.save(a) == "new"
    assert store.save(a) == "unchanged"
    back = store.get(a.id[:8])
    assert back.to_dict() == a.to_dict()
    rows = store.db.execute("SELECT component, version FROM spans WHERE article_id=? AND layer='sentences' LIMIT 1",
                            (a.id,)).fetchall()
    assert rows == [("sentences", "1.0.0")]
    assert dict(store.db.execute("SELECT component, version FROM analyses WHERE article_id=?", (a.id,))) == a.analyses


def test_changed_component_version_updates_in_place(tmp_path, seeds_analysed):
    store = open_store(tmp_path / "s.db")
    a = seeds_analysed["000"]
    store.save(a)
    a2 = type(a).from_dict(a.to_dict())
    a2.analyses["sentences"] = "2.0.0"
    assert store.save(a2) == "updated"
    assert store.counts()["articles"] == 1
    assert store.pipeline_of(a.id)["sentences"] == "2.0.0"


def test_unknown_id_says_how_to_list(tmp_path):
    store = open_store(tmp_path / "s.db")
    with pytest.raises(StoreError) as err:
        store.get("nope")
    assert err.value.code == "E403" and "narrascope list" in str(err.value)


def test_input_changed_only_for_new_values_from_the_same_source(tmp_path):
    from narrascope.article import Article

    text = "Grain corridor reopens\n\nThe rail corridor to Aktau reopened on Monday after a week of repairs."

    def read(source, **fields):
        article = Article.from_text(text, source=source, **fields)
        article.meta["sidecar"] = source.replace(".txt", ".meta.json")
        return article

    with open_store(tmp_path / "s.db") as store:
        assert not store.input_changed(read("a.txt", outlet="Steppe Herald"))  # not stored yet
        store.save(read("a.txt", outlet="Steppe Herald", title="Grain corridor reopens"))
        assert not store.input_changed(read("a.txt", outlet="Steppe Herald", title="Grain corridor reopens"))
        assert store.input_changed(read("a.txt", outlet="Almaty Ledger"))        # the sidecar was edited
        assert store.input_changed(read("a.txt", outlet="Steppe Herald", published="2023-03-06"))
        assert not store.input_changed(read("a.txt"))                           # no longer given: kept
        assert not store.input_changed(read("mirror/b.txt", outlet="Almaty Ledger"))  # same text, other file
