"""One self-contained HTML report: corpus summary, error records, and every article with
its span layers highlighted. No CDN, no external request; all article text is escaped,
because inputs are adversarial by nature: fields such as URLs, titles, outlets and authors are also
isolated in ``<bdi>``, and bidi controls in URLs, titles and file names are shown as ``[U+202E]``."""
from __future__ import annotations

import collections
from html import escape
from importlib import resources
from pathlib import Path
from typing import Iterable

from .. import __version__
from ..article import Article
from ..ingest.dates import utc_now
from .panels import (BIDI_CONTROLS, bdi, corpus_entities, entity_index, entity_panel, narrative_panel, quote_panel,
                     show_controls, technique_css, technique_view)

# Layers that structure the text rather than highlight it.
STRUCTURAL = {"paragraphs", "voices"}


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _link(url: str | None) -> str:
    """A link for http(s) URLs (bidi controls percent-encoded in the target, visible in the text)."""
    if url and url.lower().startswith(("http://", "https://")):
        href = BIDI_CONTROLS.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), url)
        return f'<a href="{_e(href)}" rel="noopener noreferrer nofollow">{bdi(url, show=True)}</a>'
    return bdi(url or "", show=True)


def _table(headers: list[str], rows: Iterable[Iterable[object]], raw_cols: tuple[int, ...] = ()) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c if i in raw_cols else _e(c)}</td>" for i, c in enumerate(r)) + "</tr>"
                   for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _highlighted(article: Article) -> str:
    """Paragraphs as <p>; inside them, segments classed by every layer span covering them."""
    layers = [l for name, l in article.layers.items() if name not in STRUCTURAL]
    spans = [(s.start, s.end, layer.name, i, s) for layer in layers for i, s in enumerate(layer.spans)]
    out = []
    paragraphs = article.layers.get("paragraphs")
    para_spans = paragraphs.spans if paragraphs else []
    for p in para_spans:
        cuts = {p.start, p.end}
        inside = [sp for sp in spans if sp[0] < p.end and sp[1] > p.start]
        for sp in inside:
            cuts.update(c for c in (sp[0], sp[1]) if p.start < c < p.end)
        cuts_sorted = sorted(cuts)
        parts = []
        for a, b in zip(cuts_sorted, cuts_sorted[1:]):
            covering = [sp for sp in inside if sp[0] <= a and sp[1] >= b]
            classes = " ".join(f"l-{sp[2]} l-{sp[2]}-{sp[3] % 2}" for sp in covering)
            tips = show_controls("; ".join(_tip(sp[2], sp[4]) for sp in covering if sp[2] != "sentences"))
            text = _e(article.text[a:b])
            parts.append(f'<span class="{classes}" title="{_e(tips)}">{text}</span>' if covering else text)
        lang = p.attrs.get("lang")
        tag = f' <small class="lang">[{_e(lang)}]</small>' if lang and lang != article.language else ""
        cls = "subheading" if p.label == "subheading" else ""
        out.append(f'<p class="{cls}">{"".join(parts)}{tag}</p>')
    return "\n".join(out) or "<p><em>No clean text.</em></p>"


def _tip(layer: str, span) -> str:
    """Hover text for a highlighted span: what it is, who says it, how sure."""
    extra = span.attrs.get("name") or span.attrs.get("speaker_name") or span.attrs.get("speaker") or ""
    score = f" ({span.score:.2f})" if span.score is not None else ""
    return f"{layer}: {span.label}{' - ' + str(extra) if extra else ''}{score}"


def _removed_view(article: Article) -> str:
    removed = sorted(article.meta.get("removed") or [])
    if not removed:
        return ""
    raw, pos, parts = article.raw_text, 0, []
    for start, end, reason in removed:
        if start < pos:
            continue
        parts.append(_e(raw[pos:start]))
        parts.append(f'<del title="{_e(reason)}">{_e(raw[start:end])}</del>')
        pos = end
    parts.append(_e(raw[pos:]))
    return (f"<details><summary>Raw text with {len(removed)} removed part(s) struck through "
            f"(hover for the reason)</summary><pre class=\"raw\">{''.join(parts)}</pre></details>")


def _article_section(a: Article, index: dict) -> str:
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
            f"<table class=\"meta\">{meta}{url}<tr><th>layers</th><td>{layers}</td></tr></table>"
            f"{'<ul>' + errs + '</ul>' if errs else ''}{narrative_panel(a)}{entity_panel(a, index)}{quote_panel(a)}{technique_view(a)}"
            f"<div class=\"text\">{_highlighted(a)}</div>"
            f"{_removed_view(a)}<p><a href=\"#top\">back to top</a></p></section>")


def render_report(articles: list[Article], errors: list[dict], title: str = "narrascope report") -> str:
    by_outlet = collections.defaultdict(list)
    for a in articles:
        by_outlet[a.outlet or "(unknown)"].append(a)
    outlet_rows = [(bdi(o), len(items), ", ".join(sorted({a.language or "?" for a in items})),
                    min((a.published for a in items if a.published), default=""),
                    max((a.published for a in items if a.published), default=""))
                   for o, items in sorted(by_outlet.items(), key=lambda kv: (-len(kv[1]), kv[0]))]
    langs = collections.Counter(a.language or "?" for a in articles)
    months = collections.Counter((a.published or "")[:7] or "(undated)" for a in articles)
    index_rows = [(f'<a href="#a-{_e(a.id)}">{_e(a.id)}</a>', _e(a.published or ""), bdi(a.outlet or ""),
                   _e(a.language or ""), bdi(a.title or "(untitled)", show=True)) for a in articles]
    real_errors = [e for e in errors if e["level"] != "warning"]
    warnings = [e for e in errors if e["level"] == "warning"]
    index = entity_index(articles)
    css = resources.files("narrascope.report").joinpath("report.css").read_text(encoding="utf-8") + technique_css()
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title><style>{css}</style></head>
<body><a id="top"></a>
<header><h1>{_e(title)}</h1><p>{len(articles)} article(s), {len(real_errors)} error/duplicate record(s),
{len(warnings)} warning(s). Generated {_e(utc_now())} by narrascope {_e(__version__)}.</p></header>
<h2>Corpus</h2>
<div class="grid">
<div><h3>By outlet</h3>{_table(["outlet", "articles", "languages", "first", "last"], outlet_rows, raw_cols=(0,))}</div>
<div><h3>By language</h3>{_table(["language", "articles"], sorted(langs.items()))}
<h3>By month</h3>{_table(["month", "articles"], sorted(months.items()))}</div>
</div>
<h2>Error records</h2>
{_table(["input", "code", "level", "reason"], [(bdi(e["source"], show=True), _e(e["code"]), _e(e["level"]),
        bdi(e["reason"], show=True)) for e in real_errors + warnings], raw_cols=(0, 1, 2, 3)) if errors else "<p>None.</p>"}
{corpus_entities(articles, index)}
<h2>Articles</h2>
{_table(["id", "published", "outlet", "lang", "title"], index_rows, raw_cols=(0, 1, 2, 3, 4))}
{"".join(_article_section(a, index) for a in articles)}
<footer><p>Highlights: alternating shades mark sentences; struck-through text in the raw view was
removed as boilerplate. All text is shown escaped.</p></footer>
</body></html>
"""


def write_report(articles: list[Article], errors: list[dict], path: str | Path, title: str = "narrascope report") -> Path:
    path = Path(path)
    path.write_text(render_report(articles, errors, title), encoding="utf-8")
    return path
