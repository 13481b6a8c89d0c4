"""Bytes to text: binary detection, UTF-8 first, then charset detection.

    >>> decode_bytes("Новая дорога к Каспию.".encode("koi8_r"), "news.txt")[0]
    'Новая дорога к Каспию.'
"""
from __future__ import annotations

import codecs
import re
import unicodedata

from ..errors import DecodeError, ErrorRecord, InputError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.I)
_CONTROL = set(range(0, 32)) - {9, 10, 12, 13}
# Longest first: a UTF-32LE BOM begins with the UTF-16LE one.
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
# Codecs that pass as text encodings but transform text (or fail on every input): never trust a page naming them.
_NOT_CHARSETS = {"punycode", "idna", "undefined", "utf-7", "unicode-escape", "raw-unicode-escape",
                 "unicode-internal", "palmos"}
# The encodings the project's languages (see Settings.languages) are found in, for detection.
CANDIDATE_ENCODINGS = ["utf_8", "utf_8_sig", "utf_16", "utf_32", "cp1251", "koi8_r", "koi8_u", "iso8859_5",
                       "mac_cyrillic", "cp866", "cp1252", "latin_1", "iso8859_2", "iso8859_15", "cp1250", "cp1254"]
# Letters of those languages, lower case: the plain Russian alphabet, then each language's own marks.
_CYRILLIC = set("абвгдежзийклмнопрстуфхцчшщьюя")
_MARKS = {"ru": "ёъыэ", "uk": "єіїґ", "be": "ёўыэі", "kk": "ёъыэәғқңөұүһі", "de": "äöüß",
          "fr": "àâæçéèêëîïôœùûüÿ", "es": "áéíñóúü", "it": "àèéìíîòóù", "pt": "áâãàçéêíóôõú",
          "pl": "ąćęłńóśźż", "ro": "ăâîșțşţ", "nl": "éëïèöü", "tr": "çğıöşüâî"}
_LETTERS = _CYRILLIC.union(*_MARKS.values())
_MARKED = set().union(*_MARKS.values())
_RARE = set("ґў")  # real letters, but a legacy decode that yields them is usually a confusion
_SAMPLE = 16_384  # bytes per sampled window: enough letters to judge, cheap on a 20 MB file
_PUNCT_OK = set("«»„“”‘’–—…•№°€£§©®™·×±\u00a0\u00ad")


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


def text_charset(name: str) -> str | None:
    """``name`` if it is a real text encoding a page may declare, else None.

        >>> text_charset("windows-1251"), text_charset("punycode"), text_charset("undefined")
        ('windows-1251', None, None)
    """
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError, TypeError):
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:
        return None
    # A meta tag found by an ASCII regex cannot be in UTF-16/32 (WHATWG treats that declaration as UTF-8).
    if info.name.startswith(("utf-16", "utf-32")):
        return None
    return name


def implausibility(text: str) -> float:
    """Per-character penalty for signs of a wrong legacy decode (lower is more plausible).

    Counts letters outside the project's alphabets, stray symbols and controls, capitals
    inside lower-case words, letters of a second language's alphabet, and Latin words made
    mostly of accented letters.

        >>> implausibility("Вчера открыли мост.") < implausibility("‚чера открыли мост.")
        True
    """
    penalty = 0.0
    prev_lower = False
    for ch in text:
        if ch.isascii():
            if ch.isalpha():
                penalty += ch.isupper() and prev_lower
                prev_lower = ch.islower()
            else:
                penalty += 3.0 * (ord(ch) < 32 and ch not in "\t\n\r\f")
                prev_lower = False
            continue
        if ch.isalpha():
            low = ch.lower()
            penalty += 0.0 if low in _LETTERS else 2.0
            penalty += 0.5 * (low in _RARE)
            penalty += ch.isupper() and prev_lower
            prev_lower = ch.islower()
            continue
        prev_lower = False
        if ch in _PUNCT_OK or ch.isspace():
            continue
        penalty += 3.0 if unicodedata.category(ch)[0] in "CS" else 1.0
    # One text, one language: marks of several alphabets (ę beside ñ, є beside ы) point to a confusion.
    marked = [ch.lower() for ch in text if ch.lower() in _MARKED]
    if marked:
        penalty += len(marked) - max(sum(1 for ch in marked if ch in marks) for marks in _MARKS.values())
    for word in re.findall(r"[^\W\d_]{3,}", text):
        accented = sum(1 for ch in word if not ch.isascii() and "LATIN" in unicodedata.name(ch, ""))
        if accented * 2 > len(word):
            penalty += accented
    return penalty / max(1, len(text))


def _detect(data: bytes, source: str) -> tuple[str, str]:
    try:
        from charset_normalizer import from_bytes
    except ImportError as exc:  # pragma: no cover - a hard dependency
        raise DecodeError("E103", source=source, detail=str(exc)) from exc
    results = from_bytes(data, cp_isolation=CANDIDATE_ENCODINGS)
    if results.best() is None:
        raise DecodeError("E103", source=source, detail="no encoding fits")
    # Short texts leave charset-normalizer undecided between code pages (cp1251 or mac-cyrillic,
    # cp1252 or cp1250): the letters of the project's languages decide, its ranking breaks ties.
    sample = _sample(data)
    scored = [(implausibility(sample.decode(m.encoding, errors="replace")), i, m) for i, m in enumerate(results)]
    best = min(scored, key=lambda t: t[:2])[2]
    return str(best), best.encoding


def _sample(data: bytes, size: int = _SAMPLE) -> bytes:
    """Up to ``3 * size`` bytes from the start, middle and end, cut at multiples of 4 (UTF-16/32 stay aligned)."""
    if len(data) <= 3 * size:
        return data
    middle = (len(data) // 2) & ~3
    end = (len(data) - size) & ~3
    return data[:size] + data[middle:middle + size] + data[end:end + size]


def decode_bytes(data: bytes, source: str, html: bool = False) -> tuple[str, list[ErrorRecord], str]:
    """Decode ``data``; returns (text, warnings, encoding).

    Order: BOM (UTF-32 before UTF-16), a real text charset declared in HTML, strict UTF-8,
    UTF-8 with a few bad bytes (a warning record), then charset-normalizer limited to
    :data:`CANDIDATE_ENCODINGS` (cp1251, KOI8-R and friends).
    """
    if not data.strip():
        raise InputError("E101", source=source)
    # A byte-order mark settles the encoding (UTF-16 text is full of NUL bytes, yet not binary).
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), [], enc
    reason = looks_binary(data)
    if reason:
        raise InputError("E102", source=source, detail=reason)
    if html:
        m = _META_CHARSET.search(data[:4096])
        enc = text_charset(m.group(1).decode("ascii", "ignore").lower()) if m else None
        if enc:
            try:
                return data.decode(enc), [], enc
            except (LookupError, ValueError):
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
    text, encoding = _detect(data, source)
    return text, [], encoding
