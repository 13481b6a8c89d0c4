"""Bytes to text: binary detection, UTF-8 first, then charset detection."""
from __future__ import annotations

import re

from ..errors import DecodeError, ErrorRecord, InputError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.I)
_CONTROL = set(range(0, 32)) - {9, 10, 12, 13}


def looks_binary(data: bytes) -> str | None:
    """A reason string if ``data`` is not text, else None."""
    head = data[:8192]
    if b"\x00" in head and not (head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff")):
        return "contains NUL bytes"
    if head:
        controls = sum(1 for b in head if b in _CONTROL)
        if controls / len(head) > 0.05:
            return f"{controls} control bytes in the first {len(head)}"
    return None


def decode_bytes(data: bytes, source: str, html: bool = False) -> tuple[str, list[ErrorRecord], str]:
    """Decode ``data``; returns (text, warnings, encoding).

    Order: BOM, a charset declared in HTML, strict UTF-8, UTF-8 with a few bad bytes
    (a warning record), then charset-normalizer (cp1251, KOI8-R and friends).
    """
    if not data.strip():
        raise InputError("E101", source=source)
    # A byte-order mark settles the encoding (UTF-16 text is full of NUL bytes, yet not binary).
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), [], enc
    reason = looks_binary(data)
    if reason:
        raise InputError("E102", source=source, detail=reason)
    if html:
        m = _META_CHARSET.search(data[:4096])
        if m:
            enc = m.group(1).decode("ascii", "ignore").lower()
            try:
                return data.decode(enc), [], enc
            except (LookupError, UnicodeDecodeError):
                pass  # a lying declaration: fall through to detection
    try:
        return data.decode("utf-8"), [], "utf-8"
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd")
    multibyte = sum(1 for ch in replaced if ord(ch) > 127 and ch != "\ufffd")
    # Mostly valid UTF-8 with a few broken sequences: keep it, and say so. (Text in a legacy
    # single-byte encoding has no valid multi-byte sequences and fails on almost every
    # non-ASCII byte, so it goes on to detection.)
    if multibyte and (bad <= max(3, len(replaced) // 100) or multibyte >= bad * 4):
        first = replaced.index("\ufffd")
        warn = ErrorRecord.from_error(source, InputError(
            "W111", source=source, detail=f"{bad} invalid byte sequence(s), first at character {first}"))
        return replaced, [warn], "utf-8"
    try:
        from charset_normalizer import from_bytes
    except ImportError as exc:  # pragma: no cover - a hard dependency
        raise DecodeError("E103", source=source, detail=str(exc)) from exc
    best = from_bytes(data, cp_isolation=None).best()
    if best is None:
        raise DecodeError("E103", source=source, detail="no encoding fits")
    return str(best), [], best.encoding
