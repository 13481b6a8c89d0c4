"""The report of a store: one self-contained file up to 1,000 articles, a folder of pages beyond.

The folder holds ``index.html`` (the corpus overview, the error records and the list of article pages)
and ``articles/page-0001.html``... with 100 articles each, every page starting with the index of its
own articles; links are relative and nothing is fetched. Articles are streamed from the store a page
at a time (ids in report order go to a temporary table), so memory does not grow with the store.

    >>> from narrascope.store import open_store
    >>> write_store_report(open_store("demo.db", create=False), "report.html")   # doctest: +SKIP
    {'mode': 'file', 'path': 'report.html', 'articles': 33, 'pages': 1}
"""
from __future__ import annotations

import json
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any, Callable, Iterator

from ..article import Article
from ..corpus.facts import ensure_fresh
from ..corpus.facts import entity_key as corpus_key
from ..errors import ConfigError
from ..store.sqlite import Store
from .html import INDEX_HEADERS, table, article_section, error_table, index_row, page
from .overview import overview_data, overview_html
from .panels import bdi, entity_key
from .text_view import toggles

MAX_SINGLE_FILE = 1000
PAGE_SIZE = 100
ERRORS_SHOWN = 500
PAGE_NAME = "page-{:04d}.html"


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _load(data: str) -> Article:
    """A stored article without what the report never shows (the voices layer, the offset map)."""
    doc = json.loads(data)
    doc.get("layers", {}).pop("voices", None)
    doc.pop("offset_map", None)
    return Article.from_dict(doc)


class _Order:
    """The report order of the store's articles (date, undated last, then id), held in a temporary
    table: page n is a range of positions, and any article's page is one indexed look-up."""

    def __init__(self, store: Store):
        self.db = store.db
        self.db.execute("DROP TABLE IF EXISTS temp.report_order")
        self.db.execute("CREATE TEMP TABLE report_order (pos INTEGER PRIMARY KEY, id TEXT NOT NULL)")
        self.db.execute("INSERT INTO temp.report_order (pos, id) SELECT ROW_NUMBER() OVER (ORDER BY published IS NULL, "
                        "published, id) - 1, id FROM articles")
        self.db.execute("CREATE UNIQUE INDEX temp.report_order_id ON report_order(id)")
        self.total = self.db.execute("SELECT COUNT(*) FROM temp.report_order").fetchone()[0]
        self.page_of = lru_cache(maxsize=8192)(self._page_of)

    def _page_of(self, article_id: str) -> int | None:
        row = self.db.execute("SELECT pos FROM temp.report_order WHERE id = ?", (article_id,)).fetchone()
        return None if row is None else row[0] // PAGE_SIZE + 1

    def page(self, n: int) -> list[Article]:
        """The articles of page ``n`` (from 1), in report order."""
        lo = (n - 1) * PAGE_SIZE
        rows = self.db.execute("SELECT a.data FROM temp.report_order o JOIN articles a ON a.id = o.id "
                               "WHERE o.pos >= ? AND o.pos < ? ORDER BY o.pos", (lo, lo + PAGE_SIZE)).fetchall()
        return [_load(data) for (data,) in rows]

    def pages(self) -> Iterator[list[Article]]:
        for n in range(1, -(-self.total // PAGE_SIZE) + 1):
            yield self.page(n)

    def close(self) -> None:
        self.db.execute("DROP TABLE IF EXISTS temp.report_order")


def _also_in(store: Store) -> Callable[[list[Article]], dict[str, list[tuple[str, str]]]]:
    """For a page of articles: entity key -> up to 6 articles of the store that mention the entity
    (from the corpus tables, one indexed query per entity, cached)."""

    @lru_cache(maxsize=8192)
    def lookup(key: str) -> tuple[tuple[str, str], ...]:
        return tuple(store.db.execute(
            "SELECT c.article_id, COALESCE(c.title, c.article_id) FROM corpus_entities e JOIN corpus_articles c "
            "ON c.id = e.cid WHERE e.entity = ? ORDER BY e.cid LIMIT 7", (key,)).fetchall())

    def index(articles: list[Article]) -> dict[str, list[tuple[str, str]]]:
        out: dict[str, list[tuple[str, str]]] = {}
        for a in articles:
            for info in (a.meta.get("entities") or {}).values():
                if isinstance(info, dict) and info.get("name"):
                    out[entity_key(info)] = list(lookup(corpus_key(info)))
        return out

    return index


def _errors(store: Store) -> tuple[list[dict[str, Any]], int]:
    cur = store.db.execute("SELECT source, code, level, stage, component, article_id, reason FROM errors "
                           "ORDER BY level = 'warning', source, code LIMIT ?", (ERRORS_SHOWN,))
    cols = [c[0] for c in cur.description]
    total = store.db.execute("SELECT COUNT(*) FROM errors").fetchone()[0]
    return [dict(zip(cols, r)) for r in cur.fetchall()], total


def _header(title: str, order: _Order, errors_total: int) -> str:
    return (f"<header><h1>{_e(title)}</h1><p>{order.total} article(s), {errors_total} error, duplicate and warning "
            "record(s).</p></header>")


def render_single(store: Store, title: str = "narrascope report") -> str:
    """The whole report as one HTML page (for stores of at most ``MAX_SINGLE_FILE`` articles)."""
    ensure_fresh(store)
    order = _Order(store)
    try:
        errors, errors_total = _errors(store)
        index = _also_in(store)
        link = lambda aid: f"#a-{aid}"  # noqa: E731
        sections, rows = [], []
        for articles in order.pages():
            entity_links = index(articles)
            for a in articles:
                sections.append(article_section(a, entity_links, link))
                rows.append(index_row(a, link(a.id)))
        body = (_header(title, order, errors_total) + overview_html(overview_data(store), link)
                + f"<h2>Error records</h2>{error_table(errors, errors_total)}<h2 id=\"articles\">Articles</h2>"
                + table(INDEX_HEADERS, rows, raw_cols=(0, 1, 2, 3, 4))
                + f'{toggles()}<div class="articles">{"".join(sections)}</div>')
    finally:
        order.close()
    return page(title, body)


def _nav(n: int, pages: int) -> str:
    prev = f'<a href="{PAGE_NAME.format(n - 1)}">previous page</a>' if n > 1 else ""
    nxt = f'<a href="{PAGE_NAME.format(n + 1)}">next page</a>' if n < pages else ""
    return f'<nav><a href="../index.html">overview and all pages</a> · page {n} of {pages} {prev} {nxt}</nav>'


class _PageWriter:
    """Writes article pages ``articles/page-NNNN.html`` of one store (in this process or a worker)."""

    def __init__(self, store: Store, order: _Order, folder: Path, title: str, pages: int):
        self.store, self.order, self.folder, self.title, self.pages = store, order, folder, title, pages
        self.index = _also_in(store)

    def href(self, n: int, aid: str) -> str:
        where = self.order.page_of(aid)
        return "#" if where is None else f"#a-{aid}" if where == n else f"{PAGE_NAME.format(where)}#a-{aid}"

    def write(self, n: int) -> tuple[str, ...]:
        """Page ``n`` (from 1); returns its row in the list of pages."""
        articles = self.order.page(n)
        entity_links = self.index(articles)
        rows = [index_row(a, f"#a-{a.id}") for a in articles]
        sections = "".join(article_section(a, entity_links, lambda aid: self.href(n, aid)) for a in articles)
        body = (f"<header><h1>{_e(self.title)}</h1>{_nav(n, self.pages)}</header><h2>Articles on this page</h2>"
                + table(INDEX_HEADERS, rows, raw_cols=(0, 1, 2, 3, 4))
                + f'{toggles()}<div class="articles">{sections}</div>{_nav(n, self.pages)}')
        (self.folder / "articles" / PAGE_NAME.format(n)).write_text(page(f"{self.title}: page {n}", body, False),
                                                                    encoding="utf-8")
        dates = [a.published[:10] for a in articles if a.published]
        return (f'<a href="articles/{PAGE_NAME.format(n)}">page {n}</a>', str(len(articles)),
                _e(f"{min(dates)} – {max(dates)}" if dates else "undated"),
                bdi(articles[0].title or "(untitled)", show=True) if articles else "")


_WORKER: dict[str, Any] = {}


def _worker_init(db_path: str, folder: str, title: str, pages: int) -> None:
    from ..store.sqlite import open_store

    store = open_store(db_path, readonly=True)
    _WORKER["writer"] = _PageWriter(store, _Order(store), Path(folder), title, pages)


def _worker_pages(numbers: list[int]) -> list[tuple[str, ...]]:
    return [_WORKER["writer"].write(n) for n in numbers]


def _write_pages(store: Store, order: _Order, folder: Path, title: str, pages: int, jobs: int) -> list[tuple]:
    """Every article page, in ``jobs`` processes (each with its own read-only connection); the rows
    of the list of pages, in page order."""
    if jobs <= 1 or pages < 4 or store.path == ":memory:":
        writer = _PageWriter(store, order, folder, title, pages)
        return [writer.write(n) for n in range(1, pages + 1)]
    import multiprocessing

    chunks = [list(range(n, min(n + 5, pages + 1))) for n in range(1, pages + 1, 5)]
    with multiprocessing.Pool(jobs, _worker_init, (str(store.path), str(folder), title, pages)) as pool:
        return [row for rows in pool.imap(_worker_pages, chunks) for row in rows]


def write_folder(store: Store, folder: Path, title: str = "narrascope report", jobs: int = 1) -> dict[str, Any]:
    """``folder/index.html`` and ``folder/articles/page-NNNN.html``, written by ``jobs`` processes; old
    pages beyond the new last page are removed (only files named like ours)."""
    ensure_fresh(store)
    if folder.exists() and not folder.is_dir():
        raise ConfigError("E068", path=str(folder), detail="it is a file")
    articles_dir = folder / "articles"
    try:
        articles_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError("E068", path=str(folder), detail=str(exc)) from None
    order = _Order(store)
    try:
        pages = max(1, -(-order.total // PAGE_SIZE))
        page_rows = _write_pages(store, order, folder, title, pages, jobs)
        for old in articles_dir.glob("page-*.html"):
            stem = old.stem[5:]
            if stem.isdigit() and len(stem) == 4 and int(stem) > pages:
                old.unlink()
        link = lambda aid: (f"articles/{PAGE_NAME.format(order.page_of(aid))}#a-{aid}"  # noqa: E731
                            if order.page_of(aid) else "#")
        errors, errors_total = _errors(store)
        body = (_header(title, order, errors_total) + overview_html(overview_data(store), link)
                + f"<h2>Error records</h2>{error_table(errors, errors_total)}"
                + f"<h2 id=\"articles\">Articles: {pages} page(s) of up to {PAGE_SIZE}</h2>"
                + table(["page", "articles", "published", "first article"], page_rows, raw_cols=(0, 2, 3)))
        (folder / "index.html").write_text(page(title, body), encoding="utf-8")
        total = order.total
    finally:
        order.close()
    return {"mode": "folder", "path": str(folder), "articles": total, "pages": pages}


def write_store_report(store: Store, output: str | Path, title: str = "narrascope report",
                       jobs: int = 1) -> dict[str, Any]:
    """The report of ``store`` at ``output``: one file when the store has at most ``MAX_SINGLE_FILE``
    articles and ``output`` does not end with a slash (or name a folder); a folder otherwise (for
    ``report.html``, the folder ``report/``). Returns what was written: mode, path, articles, pages."""
    text = str(output)
    path = Path(output)
    count = store.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    wants_folder = text.endswith(("/", "\\")) or path.is_dir()
    if not wants_folder and count <= MAX_SINGLE_FILE:
        path.write_text(render_single(store, title), encoding="utf-8")
        return {"mode": "file", "path": str(path), "articles": count, "pages": 1}
    return write_folder(store, path if wants_folder else path.with_suffix(""), title, jobs)
