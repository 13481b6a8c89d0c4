"""HTML pages through trafilatura: body, title, author, date, site name.

The raw text of an HTML article is trafilatura's extracted text; the cleaner then works on
it like on any other text, so offsets always refer to that extracted text.
"""
from __future__ import annotations

import re
from typing import Any

from ..errors import InputError
from .dates import parse_date

# Publication time with its offset, which trafilatura reduces to a bare date. Tags are found
# first with a pattern that stops at the next "<" (linear time even on "<meta" repeated with no
# ">"), then their attributes are read.
_TAG = re.compile(r"<(?:meta|time)\b[^<>]*+>", re.I)
_META_PUBLISHED = re.compile(r"""^<meta\b.*?(?:property|name|itemprop)\s*=\s*["'](?:article:published_time|og:published_time|datePublished|pubdate|publishdate|date|dc\.date|DC\.date\.issued)["']""", re.I | re.S)
_TIME_DATETIME = re.compile(r"""^<time\b.*?datetime\s*=\s*["']([^"']+)["']""", re.I | re.S)
_JSON_LD = re.compile(r""""datePublished"\s*:\s*"([^"]+)\"""")
_CONTENT = re.compile(r"""content\s*=\s*["']([^"']+)["']""", re.I)


def _published_with_time(html: str) -> str | None:
    head = html[:200_000]
    metas, times = [], []
    for tag in _TAG.finditer(head):
        text = tag.group(0)
        if _META_PUBLISHED.match(text) and (content := _CONTENT.search(text)):
            metas.append(content.group(1))
        elif tm := _TIME_DATETIME.match(text):
            times.append(tm.group(1))
    json_ld = _JSON_LD.search(head)
    # The same order of preference as before: meta tags, then JSON-LD, then <time>.
    for value in (metas[:1] + ([json_ld.group(1)] if json_ld else []) + times[:1]):
        if date := parse_date(value):
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
