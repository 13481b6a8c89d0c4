"""HTML pages through trafilatura: body, title, author, date, site name.

The raw text of an HTML article is trafilatura's extracted text; the cleaner then works on
it like on any other text, so offsets always refer to that extracted text.
"""
from __future__ import annotations

import re
from typing import Any

from ..errors import InputError
from .dates import parse_date

# Publication time with its offset, which trafilatura reduces to a bare date.
_PUBLISHED = [
    re.compile(r"""<meta[^>]+(?:property|name|itemprop)\s*=\s*["'](?:article:published_time|og:published_time|datePublished|pubdate|publishdate|date|dc\.date|DC\.date\.issued)["'][^>]*>""", re.I),
    re.compile(r""""datePublished"\s*:\s*"([^"]+)\""""),
    re.compile(r"""<time[^>]+datetime\s*=\s*["']([^"']+)["']""", re.I),
]
_CONTENT = re.compile(r"""content\s*=\s*["']([^"']+)["']""", re.I)


def _published_with_time(html: str) -> str | None:
    head = html[:200_000]
    for pattern in _PUBLISHED:
        m = pattern.search(head)
        if not m:
            continue
        value = m.group(1) if m.groups() else (_CONTENT.search(m.group(0)) or [None, None])[1]
        if value and (date := parse_date(value)):
            return date
    return None


def extract_html(html: str, source: str, url: str | None = None) -> dict[str, Any]:
    """Fields of an article page. Raises E108 when the page holds no article text."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                          include_tables=True, deduplicate=False)
    except Exception as exc:  # trafilatura raises many types on broken markup
        raise InputError("E108", source=source, detail=f"HTML could not be parsed: {exc}") from exc
    if doc is None or not (doc.text or "").strip():
        raise InputError("E108", source=source, detail="no main text in the HTML")
    published = _published_with_time(html) or (doc.date if doc.date else None)
    return {
        "raw_text": doc.text,
        "title": doc.title or None,
        "author": doc.author or None,
        "published": published,
        "outlet": doc.sitename or doc.hostname or None,
        "url": url or doc.url or None,
        "meta": {k: v for k, v in {"description": doc.description, "tags": doc.tags or None,
                                    "categories": doc.categories or None}.items() if v},
    }
