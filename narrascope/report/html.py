"""The report's pages: the page shell, the article index, error records, and each article with its
panels and its text once, every span layer highlighted in it (``text_view``). ``store_report``
assembles them with the corpus overview from a store; :func:`render_report` does it for articles held
in memory. No CDN, no script, no external request; all article text is escaped,
because inputs are adversarial by nature: fields such as URLs, titles, outlets and authors are also
isolated in ``<bdi>``, and bidi controls in URLs, titles and file names are shown as ``[U+202E]``."""
from __future__ import annotations

import collections
from html import escape
from importlib import resources
from pathlib import Path
from typing import Callable, Iterable

from .. import __version__
from ..article import Article
from ..ingest.dates import utc_now
from .panels import (BIDI_CONTROLS, bdi, corpus_entities, entity_index, entity_panel, narrative_panel, quote_panel,
                     technique_view)
from .text_view import highlighted, removed_parts, technique_names, toggle_css, toggles

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _link(url: str | None) -> str:
    """A link for http(s) URLs (bidi controls percent-encoded in the target, visible in the text)."""
    if url and url.lower().startswith(("http://", "https://")):
        href = BIDI_CONTROLS.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), url)
        return f'<a href="{_e(href)}" rel="noopener noreferrer nofollow">{bdi(url, show=True)}</a>'
    return bdi(url or "", show=True)


def table(headers: list[str], rows: Iterable[Iterable[object]], raw_cols: tuple[int, ...] = ()) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c if i in raw_cols else _e(c)}</td>" for i, c in enumerate(r)) + "</tr>"
                   for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _same_page(article_id: str) -> str:
    return f"#a-{article_id}"


def article_section(a: Article, index: dict, link: Callable[[str], str] = _same_page) -> str:
    """One article: metadata, panels that point into the text, and the text once, highlighted."""
    meta_rows = [("id", a.id), ("source", a.source), ("outlet", a.outlet), ("author", a.author),
                 ("published", a.published),
                 ("language", f"{a.language} ({a.meta.get('language_confidence', '')})" if a.language else None),
                 ("views", a.meta.get("views")), ("tags", ", ".join(a.meta.get("tags") or [])),
                 ("time (no date given)", a.meta.get("time_raw")),
                 ("components", ", ".join(f"{k} {v}" for k, v in a.analyses.items()))]
    # every field comes from the input: isolated; the source (a file name or URL) shows its controls
    meta = "".join(f"<tr><th>{_e(k)}</th><td>{bdi(v, show=k == 'source')}</td></tr>" for k, v in meta_rows if v)
    url = f"<tr><th>url</th><td>{_link(a.url)}</td></tr>" if a.url else ""
    errs = "".join(f'<li class="err">{_e(e.level)}: {_e(e.reason)}</li>' for e in a.errors)
    layers = ", ".join(f"{_e(n)} ({len(l)})" for n, l in a.layers.items())
    return (f'<section class="article" id="a-{_e(a.id)}"><h3>{bdi(a.title or "(untitled)", show=True)}</h3>'
            f"<details class=\"meta\"><summary>Metadata</summary><table class=\"meta\">{meta}{url}<tr><th>layers</th>"
            f"<td>{layers}</td></tr></table></details>"
            f"{'<ul>' + errs + '</ul>' if errs else ''}{narrative_panel(a)}{entity_panel(a, index, link)}"
            f"{quote_panel(a)}{technique_view(a)}"
            f"<div class=\"text\">{highlighted(a)}</div>"
            f"{removed_parts(a)}<p><a href=\"#top\">back to top</a></p></section>")


def css() -> str:
    """The report's style sheet (inlined in every page)."""
    return (resources.files("narrascope.report").joinpath("report.css").read_text(encoding="utf-8")
            + toggle_css(len(technique_names())))


def page(title: str, body: str, generated: bool = True) -> str:
    """A complete HTML page: no script, no external request (the CSP forbids both)."""
    stamp = f"<p class=\"generated\">Generated {_e(utc_now())} by narrascope {_e(__version__)}.</p>" if generated else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title><style>{css()}</style></head>
<body><a id="top"></a>
{body}
{stamp}
<footer><p>Highlights: technique spans coloured by technique, quotes underlined in their speaker's colour,
narrative evidence marked; the boxes above the articles switch each on and off. Struck-through text was
removed as boilerplate. All text is shown escaped.</p></footer>
</body></html>
"""


def index_row(a: Article, href: str) -> tuple[str, ...]:
    """An article's row in the article index: title (linked), date, outlet, language, narratives with
    their stance."""
    layer = a.layers.get("narratives")
    # "unclear" = the stance model abstained: "no evidence", as in the narrative panel
    stance = lambda s: "no evidence" if s.attrs.get("stance") == "unclear" else _e(s.attrs.get("stance"))  # noqa: E731
    narratives = "; ".join(f"{bdi(s.label)} ({stance(s)})" for s in (layer.spans if layer else [])
                           if s.attrs.get("level") == "narrative")
    return (f'<a href="{_e(href)}">{bdi(a.title or "(untitled)", show=True)}</a>', _e((a.published or "")[:10]),
            bdi(a.outlet or ""), _e(a.language or ""), narratives)


INDEX_HEADERS = ["title", "published", "outlet", "lang", "narratives (stance)"]


def error_table(errors: list[dict], total: int | None = None) -> str:
    real = [e for e in errors if e["level"] != "warning"]
    warnings = [e for e in errors if e["level"] == "warning"]
    if not errors:
        return "<p>None.</p>"
    rows = table(["input", "code", "level", "reason"], [(bdi(e["source"], show=True), _e(e["code"]), _e(e["level"]),
                   bdi(e["reason"], show=True)) for e in real + warnings], raw_cols=(0, 1, 2, 3))
    more = (total or 0) - len(errors)
    return rows + (f"<p>{more} more record(s) not listed (narrascope export lists them all).</p>" if more > 0 else "")


def render_report(articles: list[Article], errors: list[dict], title: str = "narrascope report") -> str:
    """A report of articles held in memory (no store: tables of counts instead of the corpus charts).
    ``narrascope report`` renders from the store instead (``report.store_report``)."""
    by_outlet = collections.defaultdict(list)
    for a in articles:
        by_outlet[a.outlet or "(unknown)"].append(a)
    outlet_rows = [(bdi(o), len(items), ", ".join(sorted({a.language or "?" for a in items})),
                    min((a.published for a in items if a.published), default=""),
                    max((a.published for a in items if a.published), default=""))
                   for o, items in sorted(by_outlet.items(), key=lambda kv: (-len(kv[1]), kv[0]))]
    langs = collections.Counter(a.language or "?" for a in articles)
    months = collections.Counter((a.published or "")[:7] or "(undated)" for a in articles)
    real_errors = [e for e in errors if e["level"] != "warning"]
    index = entity_index(articles)
    body = f"""<header><h1>{_e(title)}</h1><p>{len(articles)} article(s), {len(real_errors)} error/duplicate record(s),
{len(errors) - len(real_errors)} warning(s).</p></header>
<h2>Corpus</h2>
<div class="grid">
<div><h3>By outlet</h3>{table(["outlet", "articles", "languages", "first", "last"], outlet_rows, raw_cols=(0,))}</div>
<div><h3>By language</h3>{table(["language", "articles"], sorted(langs.items()))}
<h3>By month</h3>{table(["month", "articles"], sorted(months.items()))}</div>
</div>
<h2>Error records</h2>
{error_table(errors)}
{corpus_entities(articles, index)}
<h2>Articles</h2>
{table(INDEX_HEADERS, [index_row(a, _same_page(a.id)) for a in articles], raw_cols=(0, 1, 2, 3, 4))}
{toggles()}<div class="articles">{"".join(article_section(a, index) for a in articles)}</div>"""
    return page(title, body)


def write_report(articles: list[Article], errors: list[dict], path: str | Path, title: str = "narrascope report") -> Path:
    path = Path(path)
    path.write_text(render_report(articles, errors, title), encoding="utf-8")
    return path
