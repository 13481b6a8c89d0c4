"""Turn files, directories, URLs and feeds into Articles (or error records).

    >>> from narrascope.ingest import read_inputs
    >>> for item in read_inputs(["samples/corpus"]):   # doctest: +SKIP
    ...     print(item)

Every input yields at least one item: an :class:`Article`, or an :class:`ErrorRecord` that
names the input and the reason. Nothing is dropped silently.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..article import Article
from ..errors import ErrorRecord, FetchError, InputError, NarrascopeError
from ..settings import Settings
from .dates import parse_date
from .decode import decode_bytes
from .feeds import looks_like_feed, parse_feed_all
from .files import display_path, inside, read_bounded, stat_regular, walk_folder
from .header import parse_header
from .html import extract_html
from .sidecar import KEYS as SIDECAR_KEYS
from .sidecar import apply_sidecar, is_sidecar, page_names, pages_of, read_sidecar, sidecar_path
from .tabular import (bound_extra, iter_csv, iter_json, iter_jsonl, record_fields, resolve_mapping,
                      sanitize_record)
from .transport import HTTPTransport, Transport

__all__ = ["read_inputs", "read_path", "read_url", "article_from_text", "article_from_record", "SUPPORTED_EXTENSIONS"]

SUPPORTED_EXTENSIONS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html",
                        ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv", ".tsv": "csv"}

Item = Article | ErrorRecord


def article_from_text(raw: str, source: str, url: str | None = None, fmt: str = "text",
                      fields: dict[str, Any] | None = None, parse_headers: bool = True) -> Article:
    """An Article from decoded text; header lines become fields and ``header_spans``."""
    fields = dict(fields or {})
    meta = dict(fields.pop("meta", {}) or {})
    meta["format"] = fmt
    article = Article.from_text(raw, source=source, url=url or fields.pop("url", None))
    fields.pop("url", None)
    if parse_headers:
        header = parse_header(raw)
        article.header_spans = header.spans
        for key in ("title", "author", "published"):
            if not fields.get(key) and getattr(header, key):
                fields[key] = getattr(header, key)
        meta.update({k: v for k, v in header.meta.items() if k != "published"})
        if not fields.get("outlet") and header.meta.get("site_name"):
            fields["outlet"] = header.meta["site_name"]
    for key, value in fields.items():
        setattr(article, key, value)
    article.meta = meta
    return article


def article_from_record(record: dict[str, Any], where: str, settings: Settings | None = None,
                        preset: str | None = None, overrides: dict[str, str] | None = None) -> Item:
    """An Article (or error record) from one JSONL/CSV record, mapping its columns.

    Repairs (lone surrogates, deep or huge extra fields) are warning records in ``article.errors``.
    """
    record, warnings = sanitize_record(record, where)
    mapping, used = resolve_mapping(list(record), preset, overrides)
    return _record_article(record_fields(record, mapping, used), where, settings or Settings(), warnings)


def _record_article(fields: dict[str, Any], where: str, settings: Settings,
                    warnings: list[InputError] | None = None) -> Item:
    text = fields.pop("text", None)
    if not text or not text.strip():
        return ErrorRecord.from_error(where, InputError("E108", source=where, detail="the record has no text column value"))
    if len(text) > settings.max_record_chars:
        return ErrorRecord.from_error(where, InputError("E104", source=where, size=len(text), limit=settings.max_record_chars))
    warnings = list(warnings or [])
    published = fields.pop("published", None)
    tz = fields.pop("published_tz", None)
    meta = {}
    if published:
        meta["published_raw"] = published
        iso = parse_date(published)
        if iso and tz and "T" in iso and "+" not in iso[10:] and "-" not in iso[10:]:
            iso += tz
        fields["published"] = iso
    if "external_id" in fields:
        meta["external_id"] = fields.pop("external_id")
    if "extra" in fields:
        meta["extra"], cut = bound_extra(fields.pop("extra"), where)
        warnings.extend(cut)
    fields["meta"] = meta
    article = article_from_text(text, where, fmt="record", fields=fields, parse_headers=False)
    article.errors.extend(ErrorRecord.from_error(where, w, article_id=article.id) for w in warnings)
    return article


def _read_records(text: str, kind: str, source: str, settings: Settings, preset: str | None,
                  overrides: dict[str, str] | None) -> Iterator[Item]:
    reader = {"jsonl": iter_jsonl, "json": iter_json, "csv": iter_csv}[kind]
    mapping, used = None, None
    empty = True
    for where, record in reader(text, source):
        empty = False
        if isinstance(record, NarrascopeError):
            yield ErrorRecord.from_error(where, record)
            continue
        record, warnings = sanitize_record(record, where)
        if mapping is None or kind != "csv":
            mapping, used = resolve_mapping(list(record), preset, overrides)
        yield _record_article(record_fields(record, mapping, used), where, settings, warnings)
    if empty:
        detail = {"csv": "only a header row, or nothing", "json": "an empty list or an empty articles list",
                  "jsonl": "only blank lines"}[kind]
        yield ErrorRecord.from_error(source, InputError("E125", source=source, detail=detail))


def read_path(path: str | Path, settings: Settings | None = None, preset: str | None = None,
              overrides: dict[str, str] | None = None) -> Iterator[Item]:
    """Items from one file or, recursively and in sorted order, a folder.

        >>> [type(i).__name__ for i in read_path("samples/corpus")]   # doctest: +SKIP

    A path given here is the caller's explicit choice: a link is followed, a dot-file read.
    Inside a folder, hidden entries are skipped (W120), links leaving the folder refused
    (E115, unless ``settings.follow_links_outside``), nothing is read twice (W121), and a
    folder that yields nothing but those gives E116. Only regular files are read (E114).
    A page's sidecar (``NAME.meta.json``, :mod:`.sidecar`) is read with the page, never as an
    input of its own; one without a page gives W145, and one passed by name E119.
    """
    settings = settings or Settings()
    path = Path(path)
    if not path.is_dir():
        if is_sidecar(path):
            source = display_path(path)
            page = " or ".join(display_path(p) for p in pages_of(path) or page_names(path))
            yield ErrorRecord.from_error(source, InputError("E119", source=source, page=page))
            return
        yield from _read_file(path, settings, preset, overrides)
        return
    produced = skipped = orphans = 0
    root = None if settings.follow_links_outside else os.path.realpath(path)
    for entry, problem in walk_folder(path, settings.follow_links_outside):
        if problem is None and is_sidecar(entry):
            if pages_of(entry):
                continue  # its page reads it
            orphans += 1
            items = [_orphan(entry)]
        else:
            items = [ErrorRecord.from_error(display_path(entry), problem)] if problem else \
                _read_file(Path(entry), settings, preset, overrides, root)
        for item in items:
            if isinstance(item, ErrorRecord) and item.level == "warning" and item.code in ("W120", "W121"):
                skipped += 1
            elif not (isinstance(item, ErrorRecord) and item.level == "warning"):
                produced += 1
            yield item
    if not produced:  # every input yields an article or an error: an empty folder is not silent
        parts = [f"{skipped} hidden or repeated entr{'y' if skipped == 1 else 'ies'} skipped"] if skipped else []
        parts += [f"{orphans} sidecar file{'' if orphans == 1 else 's'} without a page"] if orphans else []
        detail = "; ".join(parts) or "it holds no files"
        yield ErrorRecord.from_error(display_path(path), InputError("E116", source=display_path(path), detail=detail))


def _orphan(sidecar: str) -> ErrorRecord:
    source = display_path(sidecar)
    pages = ", ".join(display_path(os.path.basename(p)) for p in page_names(sidecar))
    return ErrorRecord.from_error(source, InputError("W145", source=source, pages=f"looked for {pages}"))


def _with_sidecar(article: Article, page: Path, root: str | None) -> Iterator[ErrorRecord]:
    """Apply the page's sidecar, if it has one; records for a sidecar that is bad (E118) or has unknown keys.

    Inside a folder (``root``), a sidecar that is a link leaving it is not read: the walk reports it (E115).
    """
    side = sidecar_path(page)
    if side is None or not os.path.lexists(side):
        return
    if root is not None and not inside(os.path.realpath(side), root):
        return
    source, page_source = display_path(side), display_path(page)
    try:
        fields, unknown = read_sidecar(side, page_source)
    except NarrascopeError as exc:  # the page is still read, without the sidecar
        yield ErrorRecord.from_error(source, exc, article_id=article.id)
        return
    apply_sidecar(article, fields, source)
    if unknown:
        keys = ", ".join(unknown[:10]) + (f" (and {len(unknown) - 10} more)" if len(unknown) > 10 else "")
        yield ErrorRecord.from_error(source, InputError("W144", source=source, keys=keys, page=page_source,
                                                        known=", ".join(SIDECAR_KEYS)), article_id=article.id)


def _read_file(path: Path, settings: Settings, preset: str | None, overrides: dict[str, str] | None,
               root: str | None = None) -> Iterator[Item]:
    source = display_path(path)
    name = display_path(path.name)
    try:
        st = stat_regular(path, source)  # before anything is opened: a FIFO would block, /dev/zero never ends
        kind = SUPPORTED_EXTENSIONS.get(path.suffix.lower())
        if kind is None:
            raise InputError("E105", source=source, ext=display_path(path.suffix) or "(none)")
        limit = settings.max_bytes * (50 if kind in ("jsonl", "json", "csv") else 1)
        if st.st_size > limit:
            raise InputError("E104", source=source, size=st.st_size, limit=limit)
        data = read_bounded(path, limit, source)
        text, warnings, encoding = decode_bytes(data, source, html=(kind == "html"))
        yield from warnings
        if kind == "text":
            if not text.strip():
                raise InputError("E101", source=source)
            art = article_from_text(text, source, fmt="text")
        elif kind == "html":
            fields = extract_html(text, source)
            raw = fields.pop("raw_text")
            art = article_from_text(raw, source, url=fields.pop("url"), fmt="html", fields=fields, parse_headers=False)
        else:
            for item in _read_records(text, kind, source, settings, preset, overrides):
                if isinstance(item, Article) and not item.meta.get("external_id"):
                    # no id column: the file name and the record's place in it (":3", "#row4")
                    item.meta["external_id"] = name + item.source[len(source):]
                yield item
            return
        art.meta["encoding"] = encoding
        art.meta.setdefault("external_id", name)  # SemEval and most exports use the file name as the id
        yield from _with_sidecar(art, path, root)
        yield art
    except NarrascopeError as exc:
        yield ErrorRecord.from_error(source, exc)
    except (OSError, ValueError) as exc:  # ValueError: a path no file system can hold (NUL, lone surrogate)
        yield ErrorRecord.from_error(source, InputError("E103", source=source, detail=f"could not be read: {exc}"))


def read_url(url: str, transport: Transport, settings: Settings | None = None,
             max_items: int | None = None) -> Iterator[Item]:
    """A page, or every item of an RSS/Atom feed (up to ``settings.max_feed_items``), through ``transport``.

        >>> from narrascope.ingest.transport import OfflineTransport
        >>> [e.code for e in read_url("https://news.example/gone", OfflineTransport({}))]
        ['E202']
    """
    settings = settings or Settings()
    max_items = settings.max_feed_items if max_items is None else max_items
    source = display_path(url)
    try:
        if source != url:  # bytes from the command line that are not UTF-8: no server could be asked for them
            raise FetchError("E203", source=source, detail="the URL holds bytes that are not UTF-8")
        resp = transport.fetch(url)
        if looks_like_feed(resp.content, resp.content_type):
            _, items, linkless = parse_feed_all(resp.content, source)
            if not items:
                raise InputError("E117", source=source)
            if linkless:
                yield ErrorRecord.from_error(source, InputError("W123", source=source, count=len(linkless),
                                                                titles="; ".join(linkless[:5])[:300]))
            if len(items) > max_items:
                yield ErrorRecord.from_error(source, InputError("W122", source=source, count=len(items),
                                                                limit=max_items))
            for item in items[:max_items]:
                yield from _read_feed_item(item, transport, settings)
            return
        text, warnings, _ = decode_bytes(resp.content, source, html=True)
        yield from warnings
        fields = extract_html(text, source, url=resp.url)
        raw = fields.pop("raw_text")
        fields.pop("url", None)
        yield article_from_text(raw, source, url=resp.url, fmt="html", fields=fields, parse_headers=False)
    except NarrascopeError as exc:
        yield ErrorRecord.from_error(source, exc)


def _read_feed_item(item, transport: Transport, settings: Settings) -> Iterator[Item]:
    source = display_path(item.link)
    extra = {"title": item.title, "author": item.author,
             "published": parse_date(item.published or "") if item.published else None}
    try:
        if item.content_html and len(item.content_html) > 1500:
            fields = extract_html(item.content_html, source, url=item.link)
        else:
            resp = transport.fetch(item.link)
            text, warnings, _ = decode_bytes(resp.content, source, html=True)
            yield from warnings
            fields = extract_html(text, source, url=resp.url)
        raw = fields.pop("raw_text")
        fields.pop("url", None)
        for key, value in extra.items():
            if value and not fields.get(key):
                fields[key] = value
        yield article_from_text(raw, source, url=item.link, fmt="feed", fields=fields, parse_headers=False)
    except NarrascopeError as exc:  # one bad item never loses the rest of the feed
        yield ErrorRecord.from_error(source, exc)


def read_inputs(inputs: Iterable[str], settings: Settings | None = None, transport: Transport | None = None,
                preset: str | None = None, overrides: dict[str, str] | None = None) -> Iterator[Item]:
    """Items from paths and URLs, with duplicates turned into dedup notes.

        >>> items = list(read_inputs(["samples/corpus", "https://example.org/a"]))   # doctest: +SKIP

    Every input yields at least one item (but a sidecar given beside its page: the page reads
    it); every ``source`` is a clean str (undecodable bytes in a file name appear as ``\\xNN``),
    while the real path is what is read. An article that names no outlet gets
    ``settings.default_outlet`` (``--outlet``), if set; a sidecar's or the input's own outlet wins.
    """
    settings = settings or Settings()
    seen: dict[str, str] = {}
    inputs = [os.fspath(inp) for inp in inputs]
    paths = [inp for inp in inputs if not inp.startswith(("http://", "https://"))]
    given = {os.path.realpath(inp) for inp in paths}
    given_sidecars = {inp for inp in paths if is_sidecar(inp) and any(os.path.realpath(p) in given
                                                                      for p in pages_of(inp))}
    for inp in inputs:
        if inp in given_sidecars:
            continue  # `narrascope analyze dir/*`: the page, given too, reads its sidecar
        if inp.startswith(("http://", "https://")):
            transport = transport or HTTPTransport(settings.fetch_timeout, settings.max_bytes,
                                                   settings.allow_private_addresses)
            items = read_url(inp, transport, settings)
        else:
            items = read_path(inp, settings, preset, overrides)
        for item in items:
            if isinstance(item, Article):
                if item.id in seen:
                    yield ErrorRecord.from_error(item.source, InputError(
                        "D113", source=item.source, article_id=item.id, first=seen[item.id]), article_id=item.id)
                    continue
                seen[item.id] = item.source
                if settings.default_outlet and not item.outlet:
                    item.outlet = settings.default_outlet
                    item.meta["outlet_from"] = "default_outlet"
            yield item
