"""The file-system side of ingest: what a folder yields, and bounded reads of regular files.

    >>> for path, problem in walk_folder("samples/corpus"):   # doctest: +SKIP
    ...     print(path, problem)

A folder is walked in sorted order (a folder's files, then its subfolders), without following
links that leave it (unless asked), without reading anything twice (directory-link loops
included), and with a coded reason for every entry it skips. Only regular files are read,
and never more than the limit allows.
"""
from __future__ import annotations

import os
import stat
from typing import Iterator

from ..errors import InputError, NarrascopeError, TooLargeError

_CHUNK = 1 << 20
_KINDS = ((stat.S_ISFIFO, "a FIFO, a named pipe"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def display_path(path: str | os.PathLike) -> str:
    """``path`` as a clean str for sources and messages: undecodable bytes become ``\\xNN``.

        >>> display_path(os.fsdecode(b"caf\\xe9.txt"))
        'caf\\\\xe9.txt'
    """
    text = os.fspath(path)
    try:
        raw = os.fsencode(text)
    except UnicodeEncodeError:  # a lone surrogate that no file name decodes to (e.g. from JSON)
        raw = text.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "backslashreplace")


def not_regular(mode: int) -> str | None:
    """What a non-regular file is ("a FIFO, a named pipe", ...), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def stat_regular(path: str | os.PathLike, source: str) -> os.stat_result:
    """``os.stat`` (following links) of a regular file; E110 if missing, E114 if not regular."""
    try:
        st = os.stat(path)
    except FileNotFoundError as exc:
        raise InputError("E110", source=source) from exc
    kind = not_regular(st.st_mode)
    if kind:
        raise InputError("E114", source=source, detail=kind)
    return st


def read_bounded(path: str | os.PathLike, limit: int, source: str) -> bytes:
    """The bytes of the regular file ``path``; never reads more than ``limit`` + 1 bytes (then E104).

    Opened without blocking and checked again once open, so a FIFO or device swapped in
    after :func:`stat_regular` is refused (E114) instead of hanging the batch.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        kind = not_regular(os.fstat(fd).st_mode)
        if kind:
            raise InputError("E114", source=source, detail=kind)
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    finally:
        os.close(fd)
    if total > limit:  # the file grew after its size was checked
        raise TooLargeError("E104", source=source, size=f">{limit}", limit=limit)
    return b"".join(chunks)


def inside(target: str, root: str) -> bool:
    """True if the real path ``target`` lies in the real folder ``root`` (or is it)."""
    try:
        return os.path.commonpath([target, root]) == root
    except ValueError:  # different drives
        return False


def walk_folder(root: str | os.PathLike, follow_links_outside: bool = False
                ) -> Iterator[tuple[str, NarrascopeError | None]]:
    """``(path, None)`` for each file to read under ``root``, ``(path, error)`` for each entry skipped.

    Hidden entries give W120; links whose target lies outside ``root`` give E115 unless
    ``follow_links_outside``; a file or folder already reached by another path gives W121
    (so a directory link back to an ancestor cannot loop); an unreadable folder gives E103.
    """
    root = os.fspath(root)
    root_real = os.path.realpath(root)
    files_seen: dict[str, str] = {}
    dirs_seen = {root_real: root}
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield folder, InputError("E103", source=display_path(folder), detail=f"could not be listed: {exc}")
            continue
        subfolders = []
        for entry in entries:
            source = display_path(entry.path)
            try:
                is_dir = entry.is_dir()  # follows links: a link to a folder is walked like one
            except OSError:
                is_dir = False
            if entry.name.startswith("."):
                yield entry.path, InputError("W120", source=source, kind="folder" if is_dir else "file")
                continue
            real = os.path.realpath(entry.path)
            if entry.is_symlink() and not follow_links_outside and not inside(real, root_real):
                yield entry.path, InputError("E115", source=source, target=display_path(real),
                                             root=display_path(root))
                continue
            seen = dirs_seen if is_dir else files_seen
            if real in seen:
                yield entry.path, InputError("W121", source=source, target=display_path(real),
                                             first=display_path(seen[real]))
                continue
            seen[real] = entry.path
            if is_dir:
                subfolders.append(entry.path)
            else:
                yield entry.path, None
        stack.extend(reversed(subfolders))  # depth-first, in sorted order, like os.walk
