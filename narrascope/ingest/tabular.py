"""JSONL, JSON and CSV exports, with column mappings for Media Cloud and 4CAT.

A mapping takes article fields to column names. ``auto`` picks the first column that exists
from a list of aliases, so Media Cloud and 4CAT exports work out of the box; users override
any field with ``--map field=column``.
"""
from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterator

from ..errors import ConfigError, InputError

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


def iter_jsonl(text: str, source: str) -> Iterator[tuple[str, dict[str, Any] | InputError]]:
    """(location, record or error) for every non-blank line."""
    for lineno, line in enumerate(io.StringIO(text), start=1):
        if not line.strip():
            continue
        where = f"{source}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield where, InputError("E106", source=where, detail=exc.msg + f" (column {exc.colno})")
            continue
        if not isinstance(obj, dict):
            yield where, InputError("E107", source=where, detail=f"got a JSON {type(obj).__name__}")
            continue
        yield where, obj


def iter_json(text: str, source: str) -> Iterator[tuple[str, dict[str, Any] | InputError]]:
    try:
        obj = json.loads(text)
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
    csv.field_size_limit(1 << 30)
    # The delimiter is judged on the header line alone: csv.Sniffer is fooled by quoted
    # multi-line article bodies.
    header = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header.count)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            where = f"{source}#row{reader.line_num}"
            if None in row:  # more cells than header columns
                yield where, InputError("E109", source=where, detail=f"{len(row[None])} cell(s) beyond the header")
                continue
            yield where, row
    except csv.Error as exc:
        yield f"{source}#row{reader.line_num}", InputError("E109", source=f"{source}#row{reader.line_num}", detail=str(exc))
