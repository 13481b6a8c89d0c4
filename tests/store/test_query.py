"""list_articles: the filters of ``narrascope list``, in SQL, on a store of hand-written articles."""
import pytest

from narrascope import Article, Span
from narrascope.errors import ConfigError, StoreError
from narrascope.store import list_articles, open_store

PUPPET = "CA: Kazakhstan is a Western puppet"
COUP = "CA: The West is preparing a coup in Kazakhstan"


def _article(text, *, outlet, language, published, narratives=(), external_id=None):
    a = Article.from_text(text, source=f"{outlet}.txt", outlet=outlet, language=language, published=published,
                          title=text.split(".")[0])
    a.text = text
    if external_id:
        a.meta["external_id"] = external_id
    spans = []
    for label, stance in narratives:
        spans.append(Span(0, 10, label, 0.8, {"level": "narrative", "parent": None, "stance": stance}))
        spans.append(Span(0, 10, f"{label}: Multi-vector policy is betrayal", 0.7,
                          {"level": "subnarrative", "parent": label, "stance": stance}))
    a.add_layer("narratives", spans, "narratives", "test")
    return a


@pytest.fixture()
def store(tmp_path):
    s = open_store(tmp_path / "q.db")
    for a in [
        _article("Astana is a puppet of Washington, the talk show said.", outlet="Голос Евразии", language="ru",
                 published="2022-01-10T12:30+03:00", narratives=[(PUPPET, "promotes")]),
        _article("Fact check: the puppet claim rests on one edited clip.", outlet="FactLens", language="en",
                 published="2022-03-15T10:05", narratives=[(PUPPET, "counters"), (COUP, "reports-on")],
                 external_id="2140977812"),
        _article("Grants and trainers: is a coup coming to Kazakhstan?", outlet="Eurasia Pulse", language="en",
                 published="2022-03-31", narratives=[(COUP, "promotes")]),
        _article("The city council approved the tram budget on Monday.", outlet="factlens", language="en",
                 published=None),
    ]:
        s.save(a)
    yield s
    s.close()


def titles(rows):
    return [r["title"] for r in rows]


def test_no_filter_lists_everything_oldest_first_undated_last(store):
    rows = list_articles(store)
    assert titles(rows) == ["Astana is a puppet of Washington, the talk show said",
                            "Fact check: the puppet claim rests on one edited clip",
                            "Grants and trainers: is a coup coming to Kazakhstan?",
                            "The city council approved the tram budget on Monday"]
    assert rows[1]["external_id"] == "2140977812" and rows[0]["external_id"] is None


def test_outlet_and_language_ignore_case_even_in_cyrillic(store):
    assert len(list_articles(store, outlet="FACTLENS")) == 2
    assert titles(list_articles(store, outlet="голос евразии")) == ["Astana is a puppet of Washington, the talk show said"]
    assert len(list_articles(store, language="EN")) == 3
    assert list_articles(store, outlet="Fact") == []  # whole names, not prefixes


def test_dates_are_inclusive_and_drop_undated_articles(store):
    assert len(list_articles(store, since="2022-03-15")) == 2
    assert len(list_articles(store, until="2022-03-15")) == 2
    assert titles(list_articles(store, since="2022-03-15", until="2022-03-15")) == [
        "Fact check: the puppet claim rests on one edited clip"]
    with pytest.raises(ConfigError, match="E017.*--since '2022-13-01'"):
        list_articles(store, since="2022-13-01")


def test_narrative_substring_and_stance(store):
    assert len(list_articles(store, narrative="western PUPPET")) == 2
    assert len(list_articles(store, narrative="multi-vector")) == 3  # subnarrative labels count too
    # With --narrative, the stance is toward that narrative; alone, toward any narrative.
    assert titles(list_articles(store, narrative="puppet", stance="promotes")) == [
        "Astana is a puppet of Washington, the talk show said"]
    assert list_articles(store, narrative="coup", stance="counters") == []
    assert len(list_articles(store, stance="promotes")) == 2
    assert len(list_articles(store, stance="reports-on")) == 1
    # % and _ are plain characters, not LIKE wildcards.
    assert list_articles(store, narrative="%") == []


def test_limit_and_bad_values(store):
    assert len(list_articles(store, limit=1)) == 1
    assert list_articles(store, limit=0) == []
    with pytest.raises(ConfigError, match="E017"):
        list_articles(store, stance="supports")
    with pytest.raises(ConfigError, match="E017"):
        list_articles(store, limit=-1)


def test_reading_a_missing_store_is_refused_and_creates_nothing(tmp_path):
    with pytest.raises(StoreError, match="E404.*narrascope analyze INPUTS --db"):
        open_store(tmp_path / "typo.db", create=False)
    assert not (tmp_path / "typo.db").exists()
    open_store(tmp_path / "real.db").close()
    with open_store(tmp_path / "real.db", create=False) as s:
        assert list_articles(s) == []
