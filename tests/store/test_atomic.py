"""Each article is saved whole or not at all; re-runs write nothing; any text can be stored."""
from __future__ import annotations

import sqlite3

import pytest

from narrascope import analyze, open_store
from narrascope.article import Article, Span
from narrascope.errors import ErrorRecord, StoreError
from narrascope.pipeline import Component, component
from narrascope.settings import Settings

TEXT = ("Kazakhstan's parliament approved the new grain export quota on Tuesday, the ministry said.\n\n"
        "Traders in Aktau expect the first shipments across the Caspian before the end of the month.")


def _article(text: str = TEXT, source: str = "grain.txt", **fields) -> Article:
    a = Article.from_text(text, source=source, **fields)
    a.text = text
    a.add_layer("paragraphs", [Span(0, 90, "paragraph"), Span(92, len(text), "paragraph")], "clean", "1.2.0")
    a.analyses["clean"] = "1.2.0"
    return a


def _rows(path) -> dict:
    db = sqlite3.connect(path)
    try:
        return {t: db.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
                for t in ("articles", "spans", "analyses", "errors", "migrations")}
    finally:
        db.close()


class _InterruptSpans:
    """A connection that is interrupted (Ctrl-C) while the spans of an article are written."""

    def __init__(self, db: sqlite3.Connection):
        self._db = db

    def executemany(self, sql, rows):
        if "spans" in sql:
            raise KeyboardInterrupt
        return self._db.executemany(sql, rows)

    def __enter__(self):
        return self._db.__enter__()

    def __exit__(self, *exc):
        return self._db.__exit__(*exc)

    def __getattr__(self, name):
        return getattr(self._db, name)


def test_interrupted_save_leaves_no_half_article(tmp_path):
    store = open_store(tmp_path / "s.db")
    real = store.db
    store.db = _InterruptSpans(real)
    with pytest.raises(KeyboardInterrupt):
        store.save(_article())
    store.db = real
    assert store.counts()["articles"] == 0 and store.counts()["spans"] == 0  # the article row was rolled back
    assert not real.in_transaction
    assert store.save(_article()) == "new" and store.counts()["spans"] == 2


def test_resave_writes_nothing_not_even_a_timestamp(tmp_path, seeds_dir):
    path = tmp_path / "s.db"
    settings = Settings(pipeline=("clean", "langid", "sentences"))
    with open_store(path) as store:
        analyze([str(seeds_dir), str(tmp_path / "missing.txt")], store, settings)
    before = _rows(path)
    with open_store(path) as store:
        again = analyze([str(seeds_dir), str(tmp_path / "missing.txt")], store, settings)
        assert again.unchanged == 3 and again.error == 1
        assert [store.save(a) for a in store.articles()] == ["unchanged"] * 3
        forced = analyze([str(seeds_dir)], store, settings, force=True)
        assert forced.unchanged == 3 and forced.analysed == 0
    assert _rows(path) == before  # byte-identical, timestamps included


def test_lone_surrogates_and_undecodable_file_names_are_stored_losslessly(tmp_path):
    # "\ud800" from a JSON escape; "\udcff" from a file name with a byte that is not UTF-8
    a = _article(source="exports-\udcff.txt", title="Quota \ud800 row")
    store = open_store(tmp_path / "s.db")
    assert store.save(a) == "new"
    assert store.get(a.id).to_dict() == a.to_dict()
    assert store.rows()[0]["source"] == "exports-\\udcff.txt"  # readable columns get an escape
    err = ErrorRecord(source="exports-\udcff.txt", code="E101", reason="empty \ud800")
    assert store.save_error(err) is True and store.save_error(err) is False


def test_unserialisable_article_is_refused_with_a_code(tmp_path):
    a = _article()
    nested: list = []
    for _ in range(5000):
        nested = [nested]
    a.meta["extra"] = nested
    with pytest.raises(StoreError) as exc:
        open_store(tmp_path / "s.db").save(a)
    assert exc.value.code == "E406" and a.id in str(exc.value) and "grain.txt" in str(exc.value)


@component("test_deep_meta", requires=("text",), assigns=("meta",), version="1.0")
class _DeepMeta(Component):
    def __call__(self, article):
        if "Aktau" in article.text:
            nested: list = []
            for _ in range(5000):
                nested = [nested]
            article.meta["extra"] = nested
        return article


def test_an_article_that_cannot_be_stored_does_not_stop_the_batch(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Astana hosted a summit of Central Asian leaders on water sharing in the Syr Darya basin, "
                    "where upstream dams have cut the summer flow.\n\nThe ministers agreed to publish reservoir "
                    "levels every week and to meet again in Tashkent in the autumn.\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text(TEXT, encoding="utf-8")
    store = open_store(tmp_path / "s.db")
    summary = analyze([str(bad), str(good)], store, Settings(pipeline=("clean", "test_deep_meta")))
    assert summary.analysed == 1 and summary.error == 1
    assert [r.code for r in summary.records] == ["E406"]
    assert [e["code"] for e in store.errors()] == ["E406"] and store.counts()["articles"] == 1


def test_a_fixed_failure_leaves_the_errors_table(tmp_path):
    store = open_store(tmp_path / "s.db")
    a = _article()
    a.errors.append(ErrorRecord(source=a.source, code="E301", reason="boom", stage="analyze",
                                component="quotes", article_id=a.id))
    a.errors.append(ErrorRecord(source=a.source, code="W111", reason="bad bytes", level="warning",
                                article_id=a.id))
    store.save(a)
    assert sorted(e["code"] for e in store.errors()) == ["E301", "W111"]
    a.errors = a.errors[1:]  # re-analysed with a fixed component
    assert store.save(a) == "updated"
    assert [e["code"] for e in store.errors()] == ["W111"]  # the ingest warning stays
