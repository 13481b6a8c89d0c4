"""Sidecar files: ``NAME.meta.json`` beside ``NAME.txt`` / ``.text`` / ``.html`` / ``.htm`` gives that page's
outlet, url, title, author, published, language and external_id.

    >>> sidecar_path("saved/steppe-herald-border.txt")
    'saved/steppe-herald-border.meta.json'

A saved page often carries no outlet; its sidecar says it on the user's behalf, so a sidecar's values
win over what the page's own header or meta tags say. The article id never depends on a sidecar (it
comes from the page's text and the URL the page itself carries): writing or editing a sidecar never
turns a stored article into a new one; a re-run finds the stored article and, when its sidecar now
gives another value, re-analyses and updates it (``Store.input_changed``). A sidecar is never an input of
its own: inside a folder its page consumes it, one without a page is a warning (W145), and one passed by
name is E119.
"""
from __future__ import annotations

import json
import os
from typing import Any

from ..article import Article
from ..errors import InputError, NarrascopeError
from .dates import parse_date
from .files import display_path, read_bounded, stat_regular

SUFFIX = ".meta.json"  # exactly this, lower case: ``A.META.JSON`` is an ordinary JSON input
PAGE_SUFFIXES = (".txt", ".text", ".html", ".htm")
KEYS = ("outlet", "url", "title", "author", "published", "language", "external_id")
MAX_BYTES = 1_000_000   # metadata for one page: anything larger is not a sidecar
MAX_VALUE_CHARS = 2_000
KNOWN = ", ".join(KEYS)


def is_sidecar(path: str | os.PathLike) -> bool:
    """True for ``NAME.meta.json`` (a name before the suffix, the suffix in lower case)."""
    name = os.path.basename(os.fspath(path))
    return name.endswith(SUFFIX) and len(name) > len(SUFFIX)


def sidecar_path(page: str | os.PathLike) -> str | None:
    """Where the sidecar of ``page`` would be (None for a file that is no page: .json, .csv...)."""
    stem, ext = os.path.splitext(os.fspath(page))
    return stem + SUFFIX if ext.lower() in PAGE_SUFFIXES and os.path.basename(stem) else None


def page_names(sidecar: str | os.PathLike) -> list[str]:
    """The page names a sidecar can belong to: ``a.meta.json`` -> ``a.txt``, ``a.text``, ``a.html``, ``a.htm``."""
    stem = os.fspath(sidecar)[:-len(SUFFIX)]
    return [stem + ext for ext in PAGE_SUFFIXES]


def pages_of(sidecar: str | os.PathLike) -> list[str]:
    """The existing pages beside ``sidecar`` that read it (suffix in any case: ``a.TXT`` too), sorted."""
    found, seen = [], set()
    for name in page_names(sidecar):
        stem, ext = os.path.splitext(name)
        for candidate in (name, stem + ext.upper()):
            try:
                st = os.stat(candidate)
            except (OSError, ValueError):
                continue
            if os.path.isfile(candidate) and (st.st_dev, st.st_ino) not in seen:  # one file, whatever its case
                seen.add((st.st_dev, st.st_ino))
                found.append(candidate)
    return sorted(found)


def _bad(source: str, page: str, detail: str) -> InputError:
    return InputError("E118", source=source, page=page, detail=detail, known=KNOWN)


def read_sidecar(path: str | os.PathLike, page: str) -> tuple[dict[str, str], list[str]]:
    """The fields of one sidecar and its unknown keys; raises E118 (or E114) when it cannot be used.

        >>> read_sidecar("samples/corpus/txt/nfr-2023-01-12-qantar-ungrateful-ally.meta.json", "p")[0]["outlet"]
        'Northern Frontier Review'

    ``page`` (the page's display path) is only named in messages. Null or blank values are left out,
    so the page's own value stays; ``published`` is returned as ISO 8601 (:func:`parse_date`).
    """
    source = display_path(path)
    try:
        st = stat_regular(path, source)
        if st.st_size > MAX_BYTES:
            raise _bad(source, page, f"it is {st.st_size} bytes, more than the {MAX_BYTES} a sidecar may have")
        data = read_bounded(path, MAX_BYTES, source)
    except NarrascopeError as exc:
        if exc.code == "E104":
            raise _bad(source, page, f"it holds more than the {MAX_BYTES} bytes a sidecar may have") from exc
        raise
    except OSError as exc:
        raise _bad(source, page, f"it could not be read ({exc.strerror or exc})") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _bad(source, page, f"it is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})") from exc
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _bad(source, page, f"it is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from exc
    except RecursionError as exc:
        raise _bad(source, page, "it is not valid JSON (nested too deeply)") from exc
    if not isinstance(obj, dict):
        raise _bad(source, page, f"it holds a JSON {_kind(obj)}, not one object")
    fields: dict[str, str] = {}
    for key in KEYS:
        value = obj.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise _bad(source, page, f"'{key}' is a JSON {_kind(value)}; every value must be a string")
        if not _encodable(value) or len(value) > MAX_VALUE_CHARS:
            problem = "holds an invalid Unicode escape" if not _encodable(value) else \
                f"is longer than {MAX_VALUE_CHARS} characters"
            raise _bad(source, page, f"'{key}' {problem}")
        if value.strip():
            fields[key] = value.strip()
    if "published" in fields:
        iso = parse_date(fields["published"])
        if iso is None:
            raise _bad(source, page, f"'published' {fields['published'][:80]!r} is not a date narrascope reads "
                                     f"(e.g. 2023-03-06, 2023-03-06T14:10+03:00, 6 March 2023, 06.03.2023 14:10)")
        fields["published_raw"], fields["published"] = fields["published"], iso
    unknown = sorted(display_path(k)[:60] for k in obj if k not in KEYS)
    return fields, unknown


def apply_sidecar(article: Article, fields: dict[str, str], source: str) -> Article:
    """Set the sidecar's fields on ``article`` (they win over the page's own); its id stays as it was.

        >>> a = apply_sidecar(Article.from_text("Body.", "a.txt"), {"outlet": "Steppe Herald"}, "a.meta.json")
        >>> (a.outlet, a.meta["outlet_from"], a.id == Article.from_text("Body.", "a.txt").id)
        ('Steppe Herald', 'sidecar', True)
    """
    for key in ("outlet", "url", "title", "author", "published", "language"):
        if key in fields:
            setattr(article, key, fields[key])
    if "published_raw" in fields:
        article.meta["published_raw"] = fields["published_raw"]
    if "external_id" in fields:
        article.meta["external_id"] = fields["external_id"]
    if "outlet" in fields:
        article.meta["outlet_from"] = "sidecar"
    article.meta["sidecar"] = source
    return article


def _kind(value: Any) -> str:
    return {dict: "object", list: "list", str: "string", bool: "true/false", int: "number", float: "number"}.get(
        type(value), "null" if value is None else type(value).__name__)


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # "\ud800" in the JSON: a lone surrogate no file or store can hold
        return False
    return True
