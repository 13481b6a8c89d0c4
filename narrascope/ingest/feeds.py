"""RSS 2.0 and Atom feeds: the item links (and any full content the feed carries)."""
from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from ..errors import InputError

_ATOM = "{http://www.w3.org/2005/Atom}"
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
_DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"


@dataclass
class FeedItem:
    link: str
    title: str | None = None
    published: str | None = None
    author: str | None = None
    content_html: str | None = None


def looks_like_feed(content: bytes, content_type: str = "") -> bool:
    if any(t in content_type for t in ("rss", "atom")):
        return True
    head = content[:1024].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in content[:4096].lower() or b"<feed" in content[:4096].lower())


def parse_feed(content: bytes, source: str) -> tuple[str | None, list[FeedItem]]:
    """(feed title, items with a link). External entities and network access are disabled."""
    title, items, _ = parse_feed_all(content, source)
    return title, items


def parse_feed_all(content: bytes, source: str) -> tuple[str | None, list[FeedItem], list[str]]:
    """(feed title, items with a link, titles of the items without one).

        >>> parse_feed_all(b"<rss><channel><item><title>T</title></item></channel></rss>", "f")
        (None, [], ['T'])
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError("E112", source=source, detail=str(exc)) from exc
    items: list[FeedItem] = []
    linkless: list[str] = []
    if root.tag == "rss" or root.find("channel") is not None:
        channel = root.find("channel")
        title = channel.findtext("title") if channel is not None else None
        for item in root.iter("item"):
            link = (item.findtext("link") or item.findtext("guid") or "").strip()
            if link:
                items.append(FeedItem(link, item.findtext("title"), item.findtext("pubDate"),
                                      item.findtext(_DC_CREATOR) or item.findtext("author"),
                                      item.findtext(_CONTENT)))
            else:
                linkless.append((item.findtext("title") or "").strip() or "untitled")
        return title, items, linkless
    if root.tag == f"{_ATOM}feed":
        title = root.findtext(f"{_ATOM}title")
        for entry in root.iter(f"{_ATOM}entry"):
            link_el = next((l for l in entry.findall(f"{_ATOM}link") if l.get("rel", "alternate") == "alternate"), None)
            link = (link_el.get("href") if link_el is not None else "") or ""
            if link:
                author = entry.find(f"{_ATOM}author")
                items.append(FeedItem(link.strip(), entry.findtext(f"{_ATOM}title"),
                                      entry.findtext(f"{_ATOM}published") or entry.findtext(f"{_ATOM}updated"),
                                      author.findtext(f"{_ATOM}name") if author is not None else None,
                                      entry.findtext(f"{_ATOM}content")))
            else:
                linkless.append((entry.findtext(f"{_ATOM}title") or "").strip() or "untitled")
        return title, items, linkless
    raise InputError("E112", source=source, detail=f"root element <{etree.QName(root).localname}> is neither rss nor feed")
