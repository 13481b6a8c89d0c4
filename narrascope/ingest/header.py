"""Header fields in plain-text articles: title, byline, date, view counts, tags, caption.

Saved pages often start with a header block (seed 002), or run the whole header into the
first sentence of a one-line text (seed 004). The fields found here become article fields;
their raw ranges become ``header_spans`` so the cleaner keeps them out of the body.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..article import Span
from .dates import find_relative_time, find_zone, parse_date

_AUTHOR_PREFIX = re.compile(
    # Longer prefixes first: "Автор материала: X" must not yield "материала: X".
    r"^\s*(?:written by|published by|posted by|автор материала|авторы материала|автор статті|автор статьи|"
    r"опубликовал\w*|авторка|авторы|автор|текст|редактор|корреспондент|authors|author|by)"
    r"\s*[:\-–—]?\s*(?P<name>.{3,80}?)\s*\.?\s*$", re.I)
_NAME = re.compile(r"^\s*(?P<name>[A-ZА-ЯЁІЇЄҚҒҮҰӘӨҺ][\w'’\-]+(?:\s+[A-ZА-ЯЁІЇЄҚҒҮҰӘӨҺ][\w'’\-.]*){1,3})\s*\.?\s*$")
_VIEWS = re.compile(r"^\s*(?:views|просмотр\w*|переглядів|переглядів:|көрілім\w*|қаралым\w*)\s*:?\s*(?P<n>\d[\d\s ]*)\s*$"
                    r"|^\s*(?P<n2>\d[\d\s ]*)\s+(?:views|просмотр\w*|переглядів)\s*$", re.I)
_NAV = re.compile(r"(?:\S\s+[|>›»/]\s+\S.*){2,}|^\s*(?:home|главная|головна|басты бет)\s*[>/|›»]", re.I)
_SITE = re.compile(r"^\s*([^|>›»/]{2,60}?)\s+(?:[|>›»/]|—)\s+")
_READING = re.compile(r"^\s*(?:время чтения|reading time|час читання|\d+\s*(?:min|мин)\w*\.?\s*(?:read|чтения)?)\b.*$", re.I)
_TAGS_PREFIX = re.compile(r"^\s*(?:tags|теги|тэги|теґи|тегтер|topics|темы|рубрики)\s*:\s*(?P<items>.*)$", re.I)
_ZONE_LINE = re.compile(r"^\s*\(?[^()]{0,30}\)?\s*(?:,\s*[\w\- ]{2,30})?\s*$")
_SENTENCE_END = re.compile(r"[.!?…][\"'»”)]*\s+(?=[\"«“A-ZА-ЯЁІЇЄҚҒҮҰӘӨҺ])")
_ONE_LINE_HEAD = re.compile(
    r"^(?P<title>.{10,300}?)\s+(?P<time>(?:today|yesterday|сегодня|вчера|сьогодні|учора|бүгін|кеше),?\s+(?:в\s+|at\s+)?\d{1,2}:\d\d"
    r"|\d{1,2}[./]\d{1,2}[./]\d{4}(?:,?\s+\d{1,2}:\d\d)?"
    r"|\d{1,2}\s+[^\W\d_]{3,}\.?\s+\d{4}(?:\s*г\.)?(?:,?\s+\d{1,2}:\d\d)?"
    r"|[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4}(?:,?\s+\d{1,2}:\d\d)?)"
    r"(?:\s+(?:author|by|автор)\s*:?\s+(?P<author>[A-ZА-ЯЁ][\w'’\-]+(?:\s+[A-ZА-ЯЁ][\w'’\-]+){0,2}))?\s+",
    re.I)


@dataclass
class Header:
    title: str | None = None
    author: str | None = None
    published: str | None = None
    meta: dict = field(default_factory=dict)
    spans: list[Span] = field(default_factory=list)  # raw offsets

    def add(self, start: int, end: int, label: str) -> None:
        self.spans.append(Span(start, end, label))


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        start = pos + (len(line) - len(line.lstrip()))
        end = pos + len(line.rstrip())
        out.append((start, max(start, end)))
        pos += len(line) + 1
    return out


def _tags(line: str) -> list[str] | None:
    m = _TAGS_PREFIX.match(line)
    items_text = m.group("items") if m else line
    if not m and (line.rstrip().endswith((".", "!", "?")) or line.count(",") < 3):
        return None
    items = [i.strip() for i in items_text.split(",") if i.strip()]
    if not items:
        return [] if m else None
    if m or all(len(i.split()) <= 4 and i[:1].isupper() for i in items):
        return items
    return None


def parse_header(raw: str) -> Header:
    """Find the header block of a plain-text article."""
    header = Header()
    lines = [(s, e) for s, e in _lines(raw)]
    nonblank = [(s, e) for s, e in lines if e > s]
    if not nonblank:
        return header
    first_s, first_e = nonblank[0]
    if first_e - first_s > 600:
        return _parse_one_line(raw, first_s, first_e, header)
    # Site name and breadcrumbs above the headline: "Outlet | Analysis | Video", "Home > News".
    k = 0
    def is_nav(j: int) -> bool:
        line = raw[nonblank[j][0]:nonblank[j][1]]
        return bool(_NAV.search(line)) or (j == 0 and len(line) < 80 and bool(_SITE.match(line))
                                           and len(nonblank) > 1 and bool(_NAV.search(raw[nonblank[1][0]:nonblank[1][1]])))

    while k < min(3, len(nonblank) - 1) and is_nav(k):
        s, e = nonblank[k]
        if k == 0 and (site := _SITE.match(raw[s:e])) and len(site.group(1).split()) <= 4:
            header.meta["site_name"] = site.group(1).strip()
        header.add(s, e, "navigation")
        k += 1
    first_s, first_e = nonblank[k]
    first = raw[first_s:first_e]
    if len(first) <= 300 and not (len(first) > 150 and first.endswith(".")):
        header.title = first.strip()
        header.add(first_s, first_e, "title")
    else:
        header.spans = []
        header.meta.pop("site_name", None)
        return header
    i = k + 1
    while i < len(nonblank) and i <= k + 12:
        s, e = nonblank[i]
        line = raw[s:e]
        if len(line) > 300:
            break
        nxt = raw[nonblank[i + 1][0]:nonblank[i + 1][1]] if i + 1 < len(nonblank) else ""
        parts = [p for p in re.split(r"\s+\|\s+", line) if p.strip()]
        labels = [_field(p, header, nxt if len(parts) == 1 else "") for p in parts]
        if len(parts) > 1 and any(labels) and sum(1 for x in labels if x) * 2 >= len(parts) - 1:
            header.add(s, e, "byline")  # "Fact check | 17.10.2023 | Author: Name | 4 min read"
        elif labels[0] == "date+zone":
            header.add(s, e, "date")
            header.add(nonblank[i + 1][0], nonblank[i + 1][1], "date")
            i += 1
        elif labels[0]:
            header.add(s, e, labels[0])
        else:
            break
        i += 1
    return header


def _field(text: str, header: Header, nxt: str = "") -> str | None:
    """Record a header field found in ``text``; return its label, or None."""
    if "published" not in header.meta and len(text) <= 80 and (date := parse_date(text)):
        label = "date"
        # The zone may stand on the next line: "06.03.2022 02:45\n  (Moscow time), Moscow"
        if not find_zone(text) and nxt and find_zone(nxt) and _ZONE_LINE.match(nxt):
            date = parse_date(text, zone_hint=nxt)
            header.meta["dateline"] = nxt.strip()
            label = "date+zone"
        header.published = header.meta["published"] = date
        return label
    if (rel := find_relative_time(text)) and len(text) <= 40:
        header.meta["time_raw"] = rel
        return "date"
    if m := _VIEWS.match(text):
        header.meta["views"] = int(re.sub(r"\D", "", m.group("n") or m.group("n2")))
        return "views"
    if m := _READING.match(text):
        header.meta["reading_time"] = text.strip()
        return "reading time"
    if header.author is None and (m := _AUTHOR_PREFIX.match(text) or _NAME.match(text)):
        header.author = m.group("name").strip().rstrip(".")
        return "author"
    if (tags := _tags(text)) is not None:
        header.meta["tags"] = tags
        return "tags"
    return None


def _parse_one_line(raw: str, start: int, end: int, header: Header) -> Header:
    """Title, time and author run into the first sentence of a one-line text (seed 004)."""
    m = _ONE_LINE_HEAD.match(raw, start, min(end, start + 500))
    if not m:
        return header
    header.title = m.group("title").strip()
    header.add(m.start("title"), m.end("title"), "title")
    time_text = m.group("time")
    date = parse_date(time_text)
    if date:
        header.published = date
    else:
        header.meta["time_raw"] = find_relative_time(time_text) or time_text
    header.add(m.start("time"), m.end("time"), "date")
    pos = m.end("time")
    if m.group("author"):
        author_end = m.end("author")
        tokens = m.group("author").split()
        after = raw[author_end:author_end + 30].split()
        # "Author: Alan Pukhaev Flag of the..." - a third capitalised word followed by a
        # lowercase one starts the next sentence, not the name.
        if len(tokens) == 3 and after and after[0][:1].islower():
            author_end = m.start("author") + m.group("author").rindex(tokens[2]) - 1
            tokens = tokens[:2]
        header.author = " ".join(tokens)
        header.add(m.end("time"), author_end, "author")
        pos = author_end
        # A short sentence right after the byline is a photo caption ("Flag of X.").
        rest = raw[pos:end]
        lead = len(rest) - len(rest.lstrip())
        sm = _SENTENCE_END.search(rest, lead)
        if sm and len(rest[lead:sm.start()].split()) <= 8:
            header.meta["caption"] = rest[lead:sm.start() + 1].strip()
            header.add(pos + lead, pos + sm.start() + 1, "caption")
    return header
