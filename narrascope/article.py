"""The Article: one news item and every layer of analysis attached to it.

All spans are character offsets into ``article.text`` (the clean text). ``offset_map`` maps
them back to ``article.raw_text`` (what was read from the input), so evidence can always be
shown in the original.
"""
from __future__ import annotations

import bisect
import copy
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterator

from .errors import ErrorRecord

SCHEMA_VERSION = 1


@dataclass
class Span:
    """A labelled character range ``[start, end)`` in the clean text."""

    start: int
    end: int
    label: str = ""
    score: float | None = None
    attrs: dict[str, Any] = field(default_factory=dict)

    def to_list(self) -> list[Any]:
        out: list[Any] = [self.start, self.end, self.label]
        if self.score is not None or self.attrs:
            out.append(self.score)
        if self.attrs:
            out.append(self.attrs)
        return out

    @classmethod
    def from_list(cls, data: list[Any]) -> "Span":
        start, end, label, *rest = data
        score = rest[0] if rest else None
        attrs = rest[1] if len(rest) > 1 else {}
        return cls(start, end, label, score, attrs)


@dataclass
class Layer:
    """A typed set of spans, with the component (and its version) that produced them."""

    name: str
    spans: list[Span] = field(default_factory=list)
    component: str = ""
    version: str = ""

    def __iter__(self) -> Iterator[Span]:
        return iter(self.spans)

    def __len__(self) -> int:
        return len(self.spans)

    def to_dict(self) -> dict[str, Any]:
        return {"component": self.component, "version": self.version,
                "spans": [s.to_list() for s in self.spans]}

    @classmethod
    def from_dict(cls, name: str, data: dict[str, Any]) -> "Layer":
        return cls(name, [Span.from_list(s) for s in data["spans"]], data.get("component", ""),
                   data.get("version", ""))


class OffsetMap:
    """Maps clean-text offsets to raw-text offsets.

    Stored as segments ``(clean_start, raw_start, length)``: each run of clean text that was
    copied verbatim from the raw text. Characters the cleaner inserted (paragraph breaks)
    map to the end of the preceding segment.
    """

    def __init__(self, segments: list[tuple[int, int, int]] | None = None):
        self.segments: list[tuple[int, int, int]] = sorted(segments or [])
        self._starts = [s[0] for s in self.segments]

    def to_raw(self, offset: int) -> int:
        if not self.segments:
            return offset
        i = bisect.bisect_right(self._starts, offset) - 1
        if i < 0:
            return self.segments[0][1]
        clean_start, raw_start, length = self.segments[i]
        return raw_start + min(offset - clean_start, length)

    def to_raw_span(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            raw = self.to_raw(start)
            return raw, raw
        # The end is exclusive: map the last character, then step past it.
        return self.to_raw(start), self.to_raw(end - 1) + 1

    def raw_ranges(self) -> list[tuple[int, int]]:
        """Raw ranges that survive into the clean text."""
        return [(r, r + n) for _, r, n in self.segments]

    def to_list(self) -> list[list[int]]:
        return [list(s) for s in self.segments]

    @classmethod
    def identity(cls, length: int) -> "OffsetMap":
        return cls([(0, 0, length)] if length else [])


_WS = re.compile(r"\s+")


def normalise_for_hash(text: str) -> str:
    """NFKC, case-folded, whitespace-collapsed: what counts as 'the same content'."""
    return _WS.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def content_hash(text: str) -> str:
    # surrogatepass: any str hashes, even one with lone surrogates that ingest did not repair
    return hashlib.sha256(normalise_for_hash(text).encode("utf-8", "surrogatepass")).hexdigest()


def make_article_id(text: str, url: str | None = None) -> str:
    """Stable id: hash of the normalised content, plus the URL where one exists.

        >>> make_article_id("Astana, Monday.") == make_article_id("astana,  monday.")
        True
    """
    h = hashlib.sha256(content_hash(text).encode("ascii"))
    if url:
        h.update(b"\n" + url.strip().encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:16]


@dataclass
class Article:
    """One news item.

    Example:
        >>> a = Article.from_text("Title\\n\\nBody text.", source="note.txt")
        >>> a.raw_text.startswith("Title")
        True
    """

    id: str
    source: str
    raw_text: str
    text: str = ""
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    layers: dict[str, Layer] = field(default_factory=dict)
    offset_map: OffsetMap = field(default_factory=OffsetMap)
    errors: list[ErrorRecord] = field(default_factory=list)
    # component name -> version, for every component that ran on this article
    analyses: dict[str, str] = field(default_factory=dict)
    # raw-text ranges that ingest identified as header fields (title, byline, date...)
    header_spans: list[Span] = field(default_factory=list)

    @classmethod
    def from_text(cls, raw_text: str, source: str, url: str | None = None, **fields: Any) -> "Article":
        return cls(id=make_article_id(raw_text, url), source=source, raw_text=raw_text, url=url, **fields)

    @property
    def content_hash(self) -> str:
        return content_hash(self.raw_text)

    @property
    def failed(self) -> bool:
        return any(e.level == "error" for e in self.errors)

    def add_layer(self, name: str, spans: list[Span], component: str, version: str) -> Layer:
        layer = Layer(name, sorted(spans, key=lambda s: (s.start, s.end)), component, version)
        self.layers[name] = layer
        return layer

    def span_text(self, span: Span) -> str:
        return self.text[span.start:span.end]

    def has(self, attr: str) -> bool:
        """True if the attribute or layer named ``attr`` is set (used by pipeline checks)."""
        if attr.startswith("layers."):
            return attr[len("layers."):] in self.layers
        if attr.startswith("meta."):
            return attr[len("meta."):] in self.meta
        value = getattr(self, attr, None)
        return value not in (None, "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_VERSION,
            "id": self.id, "source": self.source, "url": self.url, "outlet": self.outlet,
            "title": self.title, "author": self.author, "published": self.published,
            "language": self.language, "meta": copy.deepcopy(self.meta),
            "raw_text": self.raw_text, "text": self.text,
            "offset_map": self.offset_map.to_list(),
            "header_spans": [s.to_list() for s in self.header_spans],
            "layers": {name: layer.to_dict() for name, layer in self.layers.items()},
            "analyses": dict(self.analyses),
            "errors": [e.to_dict() for e in self.errors],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Article":
        return cls(
            id=data["id"], source=data["source"], raw_text=data["raw_text"], text=data.get("text", ""),
            url=data.get("url"), outlet=data.get("outlet"), title=data.get("title"),
            author=data.get("author"), published=data.get("published"), language=data.get("language"),
            meta=data.get("meta") or {},
            layers={n: Layer.from_dict(n, d) for n, d in (data.get("layers") or {}).items()},
            offset_map=OffsetMap([tuple(s) for s in data.get("offset_map") or []]),
            errors=[ErrorRecord.from_dict(e) for e in data.get("errors") or []],
            analyses=data.get("analyses") or {},
            header_spans=[Span.from_list(s) for s in data.get("header_spans") or []],
        )
