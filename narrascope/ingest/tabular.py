"""JSONL, JSON and CSV exports, with column mappings for Media Cloud and 4CAT.

A mapping takes article fields to column names. ``auto`` picks the first column that exists
from a list of aliases, so Media Cloud and 4CAT exports work out of the box; users override
any field with ``--map field=column``.
"""
from __future__ import annotations

import csv
import io
import json
import re
from typing import Any, Iterator

from ..errors import ConfigError, InputError

MAX_EXTRA_DEPTH = 20         # extra values nested deeper are kept as a truncated JSON string
MAX_EXTRA_CHARS = 100_000    # extra fields of one record beyond this are truncated
_SURROGATE = re.compile("[\ud800-\udfff]")
_DEEP = "…"  # stands in for what lay deeper than MAX_EXTRA_DEPTH

FIELDS = ("text", "title", "url", "outlet", "author", "published", "language", "external_id")

ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "full_text", "story_text", "article_text", "maintext", "message"),
    "title": ("title", "headline", "subject"),
    "url": ("url", "link", "story_url", "permalink", "guid"),
    "outlet": ("outlet", "media_name", "site_name", "sitename", "source", "publication", "channel",
               "domain", "media", "board"),
    "author": ("author", "byline", "authors", "creator", "author_fullname"),
    "published": ("published", "publish_date", "published_at", "pub_date", "date", "timestamp",
                  "created_at", "datetime", "indexed_date"),
    "language": ("language", "lang"),
    "external_id": ("id", "stories_id", "story_id", "item_id", "post_id"),
}

PRESETS: dict[str, dict[str, str]] = {
    # search.mediacloud.org story exports
    "mediacloud": {"text": "text", "title": "title", "url": "url", "outlet": "media_name",
                   "published": "publish_date", "language": "language", "external_id": "id"},
    # 4CAT dataset exports (timestamps are UTC)
    "4cat": {"text": "body", "title": "subject", "url": "url", "author": "author",
             "published": "timestamp", "external_id": "id"},
}
PRESET_TZ = {"4cat": "+00:00"}


def detect_preset(columns: list[str]) -> str | None:
    cols = set(columns)
    if {"media_name", "publish_date"} <= cols:
        return "mediacloud"
    if {"thread_id", "body", "timestamp"} <= cols:
        return "4cat"
    return None


def resolve_mapping(columns: list[str], preset: str | None = None,
                    overrides: dict[str, str] | None = None) -> tuple[dict[str, str], str | None]:
    """Field -> column for these columns. Returns the mapping and the preset used."""
    if preset and preset not in PRESETS and preset != "auto":
        raise ConfigError("E004", name=preset, known=", ".join(["auto", *PRESETS]))
    preset = detect_preset(columns) if preset in (None, "auto") else preset
    mapping: dict[str, str] = {}
    lower = {c.lower(): c for c in columns}
    for fld in FIELDS:
        if preset and fld in PRESETS[preset] and PRESETS[preset][fld] in columns:
            mapping[fld] = PRESETS[preset][fld]
            continue
        for alias in ALIASES[fld]:
            if alias in lower and lower[alias] not in mapping.values():
                mapping[fld] = lower[alias]
                break
    for fld, col in (overrides or {}).items():
        if fld not in FIELDS:
            raise ConfigError("E003", name=f"map {fld}", known=", ".join(FIELDS))
        mapping[fld] = col
    return mapping, preset


def record_fields(record: dict[str, Any], mapping: dict[str, str], preset: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for fld, col in mapping.items():
        value = record.get(col)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        if value not in (None, ""):
            out[fld] = str(value)
    if preset in PRESET_TZ and out.get("published") and "T" not in out["published"] and "+" not in out["published"]:
        out["published_tz"] = PRESET_TZ[preset]
    extra = {k: v for k, v in record.items() if k not in mapping.values() and v not in (None, "")}
    if extra:
        out["extra"] = extra
    return out


def _walk(value: Any, depth: int, notes: set[str]) -> Any:
    """``value`` with lone surrogates replaced and containers below MAX_EXTRA_DEPTH cut off."""
    if isinstance(value, str):
        if _SURROGATE.search(value):
            notes.add("surrogate")
            return _SURROGATE.sub("\ufffd", value)
        return value
    if isinstance(value, (dict, list)):
        if depth >= MAX_EXTRA_DEPTH:
            notes.add("deep")
            return _DEEP
        if isinstance(value, list):
            return [_walk(v, depth + 1, notes) for v in value]
        return {_walk(k, depth, notes): _walk(v, depth + 1, notes) for k, v in value.items()}
    return value


def sanitize_record(record: dict[str, Any], where: str) -> tuple[dict[str, Any], list[InputError]]:
    """A record safe to store, and warnings for what was changed.

    Lone surrogates (``"\\ud800"`` escapes) become U+FFFD (W130); a value nested deeper than
    MAX_EXTRA_DEPTH becomes a truncated JSON string (W131), so nothing later recurses without bound.

        >>> rec, [w] = sanitize_record({"text": "a\\ud800b"}, "f.jsonl:1")
        >>> rec["text"], w.code
        ('a\ufffdb', 'W130')
    """
    out: dict[str, Any] = {}
    surrogate_fields, deep_fields = [], []
    for key, value in record.items():
        notes: set[str] = set()
        key = _walk(key, 0, notes)
        value = _walk(value, 0, notes)
        if "deep" in notes:
            deep_fields.append(key)
            value = json.dumps(value, ensure_ascii=False, default=str)
        if "surrogate" in notes:
            surrogate_fields.append(key)
        out[key] = value
    warnings = []
    if surrogate_fields:
        warnings.append(InputError("W130", source=where, fields=", ".join(surrogate_fields)))
    if deep_fields:
        warnings.append(InputError("W131", source=where, fields=", ".join(deep_fields), limit=MAX_EXTRA_DEPTH))
    return out, warnings


def bound_extra(extra: dict[str, Any], where: str) -> tuple[dict[str, Any], list[InputError]]:
    """Extra fields cut to MAX_EXTRA_CHARS of JSON in all; larger values become truncated strings (W132)."""
    out: dict[str, Any] = {}
    budget, cut = MAX_EXTRA_CHARS, []
    for key, value in extra.items():
        # default=str: a record given to article_from_record directly may hold any object
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
        size = len(text) + len(key)
        if size > budget:
            cut.append(key)
            value = text[:max(0, budget - len(key))] + "…"
        budget = max(0, budget - size)
        out[key] = value
    warnings = [InputError("W132", source=where, fields=", ".join(cut), limit=MAX_EXTRA_CHARS)] if cut else []
    return out, warnings


def _loads(text: str) -> Any:
    """json.loads, with the parser's own limits (nesting, huge integers) as E106-style errors."""
    try:
        return json.loads(text)
    except RecursionError:
        raise _ParserLimit("nested too deeply to parse (more than ~1,000 levels)") from None
    except json.JSONDecodeError:
        raise
    except ValueError as exc:  # "Exceeds the limit (4300 digits) for integer string conversion"
        raise _ParserLimit(str(exc).split(";")[0]) from None


class _ParserLimit(ValueError):
    pass


def iter_jsonl(text: str, source: str) -> Iterator[tuple[str, dict[str, Any] | InputError]]:
    """(location, record or error) for every non-blank line."""
    for lineno, line in enumerate(io.StringIO(text), start=1):
        if not line.strip():
            continue
        where = f"{source}:{lineno}"
        try:
            obj = _loads(line)
        except json.JSONDecodeError as exc:
            yield where, InputError("E106", source=where, detail=exc.msg + f" (column {exc.colno})")
            continue
        except _ParserLimit as exc:
            yield where, InputError("E106", source=where, detail=str(exc))
            continue
        if not isinstance(obj, dict):
            yield where, InputError("E107", source=where, detail=f"got a JSON {type(obj).__name__}")
            continue
        yield where, obj


def iter_json(text: str, source: str) -> Iterator[tuple[str, dict[str, Any] | InputError]]:
    try:
        obj = _loads(text)
    except _ParserLimit as exc:
        yield source, InputError("E106", source=source, detail=str(exc))
        return
    except json.JSONDecodeError as exc:
        # Many ".json" exports are really JSON Lines.
        if "\n" in text.strip():
            yield from iter_jsonl(text, source)
            return
        yield source, InputError("E106", source=source, detail=exc.msg)
        return
    if isinstance(obj, dict):
        items = next((obj[k] for k in ("articles", "items", "data", "stories", "results")
                      if isinstance(obj.get(k), list)), [obj])
    elif isinstance(obj, list):
        items = obj
    else:
        items = [obj]
    for i, item in enumerate(items, start=1):
        where = f"{source}#{i}"
        if isinstance(item, dict):
            yield where, item
        else:
            yield where, InputError("E107", source=where, detail=f"got a JSON {type(item).__name__}")


def iter_csv(text: str, source: str) -> Iterator[tuple[str, dict[str, Any] | InputError]]:
    """(location, row or error) for every row. A quote that never closes swallows the rest of
    the file into one cell: that row becomes E109 naming the line where the quote opened."""
    csv.field_size_limit(1 << 30)
    # The delimiter is judged on the header line alone: csv.Sniffer is fooled by quoted
    # multi-line article bodies.
    header = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header.count)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    held: tuple[str, dict[str, Any] | InputError] | None = None  # the last row waits for the quote check
    start = 1  # physical line where the held row starts
    try:
        reader.fieldnames  # reads the header
        while True:
            row_start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            if held:
                yield held
            start = row_start
            where = f"{source}#row{reader.line_num}"
            if None in row:  # more cells than header columns
                held = where, InputError("E109", source=where, detail=f"{len(row[None])} cell(s) beyond the header")
            else:
                held = where, row
    except csv.Error as exc:
        if held:
            yield held
        yield f"{source}#row{reader.line_num}", InputError("E109", source=f"{source}#row{reader.line_num}", detail=str(exc))
        return
    if held is None:
        start = 1  # only a header (or nothing): the header itself may hold the open quote
    lines = io.StringIO(text, newline="").readlines()
    opened = _unclosed_quote(lines, start, delimiter)
    if opened is not None:
        where = f"{source}#row{opened}"
        yield where, InputError("E109", source=where, detail=f"a quote opened on line {opened} is never closed, "
                                "so the rest of the file would be one cell; close the quote (rows before it were read)")
    elif held:
        yield held


def _unclosed_quote(lines: list[str], start: int, delimiter: str) -> int | None:
    """The line (1-based, from ``start``) where a quote opens that runs to the end of the file, or None."""
    rest = lines[start - 1:]
    if not rest:
        return None
    try:
        for _ in csv.reader(rest, delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            skipped = next((i for i, line in enumerate(rest) if line.strip()), 0)
            return start + skipped
    return None
