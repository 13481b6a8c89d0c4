"""Full-text search: any case, any script, prefixes and phrases, filters, pages, and no query
that reaches SQLite as syntax."""
from __future__ import annotations

import pytest

from narrascope.corpus.search import search, snippet, to_fts
from narrascope.errors import ConfigError


def _ids(result):
    return [h["article_id"] for h in result["items"]]


def test_case_and_script(sample_store):
    lower = search(sample_store, "русофобия", limit=None)
    assert lower["total"] >= 1
    assert _ids(search(sample_store, "РУСОФОБИЯ", limit=None)) == _ids(lower)
    prefix = search(sample_store, "русофоб*", limit=None)
    assert set(_ids(lower)) < set(_ids(prefix))  # other case endings (русофобии, русофобской...)
    for hit in prefix["items"]:
        text = sample_store.get(hit["article_id"]).text.casefold() + (hit["title"] or "").casefold()
        assert "русофоб" in text


def test_phrase_and_operators(sample_store):
    phrase = search(sample_store, '"ungrateful ally"', limit=None)
    assert phrase["total"] >= 1
    for hit in phrase["items"]:
        article = sample_store.get(hit["article_id"])
        assert "ungrateful ally" in " ".join((article.title + " " + article.text).casefold().split())
    either = search(sample_store, 'coup OR "ungrateful ally"', limit=None)
    assert set(_ids(phrase)) <= set(_ids(either))
    without = search(sample_store, 'coup NOT Kazakhstan', limit=None)
    assert not set(_ids(without)) & set(_ids(search(sample_store, "Kazakhstan", limit=None)))


def test_filters_and_pages(sample_store):
    everything = search(sample_store, "Kazakhstan OR Казахстан", limit=None)
    ru = search(sample_store, "Kazakhstan OR Казахстан", language="ru", limit=None)
    assert 0 < ru["total"] < everything["total"]
    assert all(h["language"] == "ru" for h in ru["items"])
    pages = [search(sample_store, "Kazakhstan OR Казахстан", limit=4, offset=o) for o in (0, 4, 8)]
    assert all(p["total"] == everything["total"] for p in pages)
    assert sum((_ids(p) for p in pages), []) == _ids(everything)[:12]


def test_snippets_show_the_match(sample_store):
    hit = search(sample_store, "русофобия")["items"][0]
    snip = hit["snippet"]
    assert snip["matches"]
    start, end = snip["matches"][0]
    assert snip["text"][start:end].casefold() == "русофобия"
    assert snippet("no match here", ["absent"])["matches"] == []


@pytest.mark.parametrize("query", ['coup-plot', "Kazakhstan's", 'a:b', '"unclosed', 'NEAR(', "*", "x AND", "'; DROP TABLE articles; --"])
def test_no_query_reaches_sqlite_as_syntax(sample_store, query):
    try:
        result = search(sample_store, query)
    except ConfigError as err:  # only "nothing to look for", never an SQLite error
        assert err.code == "E061" and "no word" in str(err)
    else:
        assert result["total"] >= 0
    assert sample_store.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] > 0


def test_to_fts():
    assert to_fts('русофоб* "western puppet" OR coup-plot') == '"русофоб"* "western puppet" OR "coup-plot"'
    assert to_fts("OR coup AND") == '"coup"'
    with pytest.raises(ConfigError):
        search(None, "  ")
