"""What the ``narrascope`` command prints, and where: data to stdout, messages to stderr.

Text from articles is untrusted: a title may hold ``\\x1b[2J`` (clear the screen) or a
right-to-left override. Every human-readable printer passes it through :func:`visible`;
JSON goes through :func:`dumps`, which escapes the same characters inside strings.

    >>> visible("Title\\x1b[2J\\u202e")
    'Title\\\\x1b[2J\\\\u202e'
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, Callable, TextIO

from .article import Article
from .errors import ConfigError, ErrorRecord

# Bidi embeddings, overrides, isolates and marks: they reorder what a terminal shows.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# C0 (but newline and tab), DEL, C1, bidi controls, the Unicode line/paragraph separators, and
# lone surrogates (they cannot be encoded, so printing one would crash the command).
_UNSAFE = [c for c in range(0x20) if c not in (0x09, 0x0A)] + list(range(0x7F, 0xA0)) + \
    [ord(c) for c in BIDI_CONTROLS] + [0x2028, 0x2029] + list(range(0xD800, 0xE000))
_VISIBLE = {c: (f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}") for c in _UNSAFE}
# json.dumps(ensure_ascii=False) escapes only below U+0020; the rest may appear raw inside strings.
_JSON = {c: f"\\u{c:04x}" for c in _UNSAFE if c >= 0x7F}


def visible(text: Any) -> str:
    """``text`` with every control character but newline and tab shown as an escape.

    >>> visible("a\\x9bb\\tc")
    'a\\\\x9bb\\tc'
    """
    return str(text).translate(_VISIBLE)


def one_line(text: Any) -> str:
    """:func:`visible`, with newlines and tabs as spaces: for one row of a listing."""
    return visible(text).replace("\n", " ").replace("\t", " ")


def dumps(data: Any, indent: int | None = None) -> str:
    """JSON with non-ASCII text kept readable, and C1, DEL and bidi controls escaped.

    >>> dumps({"title": "x\\u202ey"})
    '{"title": "x\\\\u202ey"}'
    """
    return json.dumps(data, ensure_ascii=False, indent=indent).translate(_JSON)


def list_row(row: dict[str, Any]) -> str:
    """One row of ``narrascope list``: id, date, language, outlet, [the input's own id], title."""
    own = f"[{one_line(row['external_id'])}]  " if row.get("external_id") not in (None, "") else ""
    return (f"{row['id']}  {one_line(row['published'] or '')[:16]:16}  {one_line(row['language'] or '?'):3} "
            f"{one_line(row['outlet'] or '')[:28]:28}  {own}{one_line(row['title'] or '(untitled)')[:80]}")


def print_rows(rows: list[dict[str, Any]], as_json: bool = False, out: TextIO | None = None) -> None:
    """Listing rows to stdout: JSON Lines (one object per line) or human-readable rows."""
    out = out or sys.stdout
    for row in rows:
        print(dumps(row) if as_json else list_row(row), file=out)


def format_summary(summary: Any) -> str:
    """The one-line account of a run (``api.Summary``)."""
    return (f"inputs: {summary.inputs}  analysed: {summary.analysed}  updated: {summary.updated}  "
            f"unchanged: {summary.unchanged}  duplicate: {summary.duplicate}  error: {summary.error}  "
            f"warnings: {summary.warnings}  ({summary.seconds:.1f}s)")


def check_writable(path: str | Path, kind: str = "file") -> None:
    """Raise ConfigError E015 unless ``path`` can be written, before any work is done.

    ``kind="file"``: its folder must exist; ``kind="folder"``: it may be created, so the nearest
    existing folder above it must be writable. Example: ``check_writable("/no/such/dir/x.html")``
    raises ``[E015] Cannot write /no/such/dir/x.html: the folder /no/such/dir does not exist; ...``.
    """
    target = Path(path)

    def refuse(reason: str) -> None:
        raise ConfigError("E015", path=str(path), reason=reason)

    if kind == "file":
        folder = target.parent
        if target.is_dir():
            refuse("it is a folder")
        if not folder.is_dir():
            refuse(f"the folder {folder} does not exist")
        if not os.access(folder, os.W_OK | os.X_OK):
            refuse(f"the folder {folder} is not writable")
        if target.exists() and not os.access(target, os.W_OK):
            refuse("the file is not writable")
        return
    if target.exists() and not target.is_dir():
        refuse("it is a file, not a folder")
    existing = target
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        refuse(f"{existing} is not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        refuse(f"the folder {existing} is not writable")


class Reporter:
    """Messages and progress on stderr at one verbosity: -1 quiet (errors only), 0 normal, 1 verbose.

    The progress bar (rich) shows a total and an ETA, and appears only on a terminal and not quiet.

        >>> reporter = Reporter(verbosity=0)
        >>> with reporter.progress("analyze", total=3) as on_item:   # doctest: +SKIP
        ...     summary = analyze(inputs, store, on_item=on_item)
    """

    def __init__(self, verbosity: int = 0, stream: TextIO | None = None, bar: bool | None = None):
        self.verbosity = verbosity
        self.stream = stream or sys.stderr
        self.bar = (self.stream.isatty() if bar is None else bar) and verbosity >= 0
        self.stored = 0           # articles in the store so far in this run: for the Ctrl-C message
        self._live: Any = None    # the running rich Progress, through which lines must go

    def _print(self, text: str) -> None:
        if self._live is not None:
            self._live.console.print(text, markup=False, highlight=False, soft_wrap=True)
        else:
            print(text, file=self.stream, flush=True)

    def error(self, text: str) -> None:
        self._print(visible(text))

    def info(self, text: str) -> None:
        if self.verbosity >= 0:
            self._print(visible(text))

    def detail(self, text: str) -> None:
        if self.verbosity >= 1:
            self._print(visible(text))

    def record(self, rec: ErrorRecord) -> None:
        """Errors always; warnings unless quiet; duplicate notes only when verbose."""
        level = {"error": -1, "warning": 0}.get(rec.level, 1)
        if self.verbosity >= level:
            self._print(visible(f"  {rec.level}: {rec.reason}"))

    def summary(self, summary: Any) -> None:
        self.info(format_summary(summary))
        for rec in summary.records:
            self.record(rec)

    def progress(self, label: str, total: int | None) -> "_ProgressContext":
        """A context manager giving the ``on_item`` callback for ``api.analyze``/``ingest_into``."""
        return _ProgressContext(self, label, total)

    def _item(self, item: Article | ErrorRecord) -> None:
        if isinstance(item, Article):
            self.stored += 1
            self.detail(f"  done {item.id} {item.source}")


class _ProgressContext:
    def __init__(self, reporter: Reporter, label: str, total: int | None):
        self.reporter, self.label, self.total = reporter, label, total
        self.task: Any = None

    def __enter__(self) -> Callable[[Article | ErrorRecord], None]:
        rep = self.reporter
        if rep.bar:
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                       TimeRemainingColumn)

            console = Console(file=rep.stream, force_terminal=True)
            rep._live = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                                 console=console, transient=False)
            rep._live.start()
            self.task = rep._live.add_task(self.label, total=self.total)
        return self.on_item

    def on_item(self, item: Article | ErrorRecord) -> None:
        self.reporter._item(item)
        if self.task is not None:
            self.reporter._live.advance(self.task)

    def __exit__(self, *exc: Any) -> None:
        live, self.reporter._live = self.reporter._live, None
        if live is not None:
            if exc[0] is None:  # the total was an estimate: end on a full bar
                live.update(self.task, total=live.tasks[0].completed)
            live.stop()
