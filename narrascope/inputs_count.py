"""A cheap estimate of how many items a run will see, for a progress bar's total and ETA.

    >>> count_inputs(["samples/corpus", "https://example.org/a"])   # doctest: +SKIP
    46

Files under folders count one each; JSONL files count their lines and CSV files their rows
(minus the header): an estimate, which is all a progress bar needs. A sidecar (``NAME.meta.json``)
in a folder counts nothing (its page reads it, or it is a warning), nor one given beside its page. Symlinks are not followed
and only regular files are opened, so counting never hangs on a FIFO or a device.
"""
from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path
from typing import Iterable

from .ingest.sidecar import is_sidecar, pages_of

_LINE_COUNTED = {".jsonl": 0, ".ndjson": 0, ".csv": 1, ".tsv": 1}  # suffix -> header lines to subtract
_CHUNK = 1 << 20


def _csv_rows(path: Path, limit: int) -> int:
    """Rows of a CSV (quoted newlines stay inside their row); past ``limit`` bytes, rows so far."""
    rows = 0
    with open(path, "rb") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="")
        reader = csv.reader(text, delimiter="\t" if path.suffix.lower() == ".tsv" else ",")
        try:
            for rows, _ in enumerate(reader, 1):
                if rows % 1000 == 0 and raw.tell() > limit:
                    break
        except csv.Error:  # a malformed file: the run will say so; its lines are estimate enough
            return _lines(path, limit)
    return rows


def _lines(path: Path, limit: int) -> int:
    """Newlines in the first ``limit`` bytes, plus one for an unterminated last line."""
    n, last, read = 0, b"\n", 0
    with open(path, "rb") as fh:
        while read < limit and (chunk := fh.read(min(_CHUNK, limit - read))):
            n += chunk.count(b"\n")
            last, read = chunk[-1:], read + len(chunk)
    return n + (last != b"\n")


def _count_file(path: Path, max_bytes: int) -> int:
    try:
        info = path.lstat()
    except OSError:
        return 1  # the run will record it (E110 and friends): still one item
    header = _LINE_COUNTED.get(path.suffix.lower())
    if header is None or not stat.S_ISREG(info.st_mode):
        return 1
    try:
        rows = _csv_rows(path, max_bytes) if header else _lines(path, max_bytes)
        return max(1, rows - header)
    except OSError:
        return 1


def count_inputs(inputs: Iterable[str], max_bytes: int = 1 << 28) -> int:
    """Estimated number of items (articles or records) that reading ``inputs`` will give.

    ``max_bytes`` bounds how much of each JSONL/CSV file is scanned for line ends.
    """
    total = 0
    inputs = [str(given) for given in inputs]
    named = {os.path.realpath(given) for given in inputs if "://" not in given}
    for given in inputs:
        if "://" in given:
            total += 1  # a page or a feed: its size is unknown before fetching
            continue
        path = Path(given)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                total += sum(_count_file(Path(root) / name, max_bytes) for name in files
                             if not name.startswith(".") and not is_sidecar(name))
        elif not (is_sidecar(given) and any(os.path.realpath(p) in named for p in pages_of(given))):
            total += _count_file(path, max_bytes)
    return total
