"""Full-text search over the articles (SQLite FTS5), with the corpus filters.

The query language is FTS5's, made safe for analysts: words match whole words in any case and
script (``русофобия``, ``Russophobia``), ``word*`` matches a prefix (``русофоб*`` finds every case
ending), ``"a phrase"`` a phrase, and ``AND``/``OR``/``NOT`` (upper case) combine them; anything else
(hyphens, colons, apostrophes) is taken as text, never as syntax.

    >>> to_fts('русофоб* "western puppet" OR coup-plot')
    '"русофоб"* "western puppet" OR "coup-plot"'
    >>> from narrascope.store import open_store
    >>> search(open_store("demo.db", create=False), "русофоб*", language="ru")["total"]   # doctest: +SKIP
    2
"""
from __future__ import annotations

import json
import re
import sqlite3
from typing import Any

from ..errors import ConfigError
from ..store.sqlite import Store
from .facts import ensure_fresh
from .filters import JOIN, Filters, page, prepare, rows

_TOKENS = re.compile(r'"([^"]*)"(\*?)|(\S+)')
_OPERATORS = {"AND", "OR", "NOT"}
SNIPPET_CHARS = 90


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def to_fts(query: str) -> str:
    """An FTS5 MATCH expression from an analyst's query (see the module docstring)."""
    out: list[str] = []
    for phrase, star, word in _TOKENS.findall(query):
        if word:
            if word in _OPERATORS:
                out.append(word)
                continue
            star = "*" if word.endswith("*") and len(word) > 1 else ""
            word = word.rstrip("*") if star else word
            if word.strip('"'):
                out.append(_quote(word.strip('"')) + star)
        elif phrase.strip():
            out.append(_quote(phrase.strip()) + star)
    while out and out[-1] in _OPERATORS:
        out.pop()  # a dangling operator ("coup OR") would be a syntax error
    while out and out[0] in _OPERATORS - {"NOT"}:
        out.pop(0)
    return " ".join(out)


def _terms(query: str) -> list[str]:
    terms = []
    for phrase, _, word in _TOKENS.findall(query):
        term = (phrase or word).strip('"*').strip()
        if term and term not in _OPERATORS:
            terms.append(term.casefold())
    return terms


def snippet(text: str, terms: list[str], width: int = SNIPPET_CHARS) -> dict[str, Any]:
    """The passage around the first match of any term, and the matches' offsets inside it."""
    folded = text.casefold()  # same length as the text for the scripts we read; checked below
    if len(folded) != len(text):
        folded = text.lower()
    hits = sorted((i, len(t)) for t in terms for i in [folded.find(t)] if i >= 0)
    if not hits:
        return {"text": text[:2 * width].strip(), "start": 0, "matches": []}
    first = hits[0][0]
    start = max(0, first - width)
    end = min(len(text), first + width)
    if start > 0 and " " in text[start:first]:
        start = text.index(" ", start) + 1  # whole words at both ends
    if end < len(text) and " " in text[first:end]:
        end = text.rindex(" ", first, end)
    matches = []
    for t in terms:
        i = folded.find(t, start)
        while 0 <= i < end:
            matches.append([i - start, min(i + len(t), end) - start])
            i = folded.find(t, i + len(t))
    return {"text": text[start:end], "start": start, "matches": sorted(matches)}


def search(store: Store, query: str, *, filters: Filters | None = None, limit: int | None = 20,
           offset: int = 0, **filter_args: Any) -> dict[str, Any]:
    """Articles matching ``query`` and the filters, best match first (BM25), one page of them with
    a snippet each, and the total. Filters may be given as a ``Filters`` or as keywords."""
    expression = to_fts(query or "")
    if not expression:
        raise ConfigError("E061", query=query, detail="there is no word to look for")
    ensure_fresh(store)
    prepare(store)
    filters = filters or Filters(**filter_args)
    where, args = filters.where(store)
    base = f"{JOIN} JOIN corpus_fts ON corpus_fts.rowid = c.id WHERE corpus_fts MATCH ? AND {where}"
    try:
        total = store.db.execute(f"SELECT COUNT(*) {base}", [expression, *args]).fetchone()[0]
        sql, extra = page(limit, offset)
        hits = rows(store, f"SELECT c.article_id AS article_id, c.title AS title, c.outlet AS outlet, c.day AS day, "
                           f"c.language AS language, round(bm25(corpus_fts), 3) AS rank {base} "
                           f"ORDER BY bm25(corpus_fts), c.day, c.article_id{sql}", [expression, *args, *extra])
    except sqlite3.OperationalError as exc:
        raise ConfigError("E061", query=query, detail=str(exc)) from None
    terms = _terms(query)
    for hit in hits:
        data = store.db.execute("SELECT json_extract(data, '$.text') FROM articles WHERE id = ?",
                                (hit["article_id"],)).fetchone()
        hit["snippet"] = snippet(data[0] or "", terms) if data else None
    return {"query": query, "fts": expression, "filters": filters.as_dict(), "total": total, "offset": offset,
            "limit": limit, "items": hits}


