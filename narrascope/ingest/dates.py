"""Publication dates as ISO 8601, keeping local time and its offset where the text gives one.

    >>> parse_date("06.03.2022 02:45 (Moscow time)")
    '2022-03-06T02:45+03:00'
    >>> parse_date("12 марта 2023, 09:15")
    '2023-03-12T09:15'
    >>> parse_date("March 5, 2023")
    '2023-03-05'
"""
from __future__ import annotations

import re
from datetime import datetime, timezone, timedelta
from zoneinfo import ZoneInfo

MONTHS = {
    # English
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
    # Russian (genitive and nominative stems)
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "мая": 5, "май": 5, "июн": 6, "июл": 7, "авг": 8,
    "сен": 9, "окт": 10, "ноя": 11, "дек": 12,
    # Ukrainian
    "січ": 1, "лют": 2, "бер": 3, "кві": 4, "тра": 5, "чер": 6, "лип": 7, "сер": 8, "вер": 9,
    "жов": 10, "лис": 11, "гру": 12,
    # Kazakh
    "қаң": 1, "ақп": 2, "нау": 3, "сәу": 4, "мам": 5, "мау": 6, "шіл": 7, "там": 8, "қыр": 9,
    "қаз": 10, "қар": 11, "жел": 12,
}

# Named local times in the text -> IANA zone (offset depends on the date: Moscow was +04 in
# 2011-2014, Kazakhstan moved from +06 to +05 in March 2024).
ZONES = [
    (re.compile(r"moscow time|\bmsk\b|мск|по московскому|московское время|москов", re.I), "Europe/Moscow"),
    (re.compile(r"astana time|almaty time|по астанинскому|по времени астаны|алматинск|астана уақыты", re.I), "Asia/Almaty"),
    (re.compile(r"kyiv time|kiev time|по киевскому|за київським", re.I), "Europe/Kyiv"),
    (re.compile(r"\bgmt\b|\butc\b", re.I), "UTC"),
]

_TIME = r"(?P<H>[01]?\d|2[0-3])[:.](?P<M>[0-5]\d)"
_NUMERIC = re.compile(r"(?<!\d)(?P<d>[0-3]?\d)[./](?P<m>[01]?\d)[./](?P<y>(?:19|20)\d\d)(?:[,\sT]+(?:в\s+)?" + _TIME + r")?")
_ISO = re.compile(r"(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:[T\s]" + _TIME +
                  r"(?::\d\d(?:\.\d+)?)?\s*(?P<tz>Z|[+-]\d\d:?\d\d)?)?")
_WORD_DMY = re.compile(r"(?<!\d)(?P<d>[0-3]?\d)\s+(?P<mon>[^\W\d_]{3,})\.?,?\s+(?P<y>(?:19|20)\d\d)(?:\s*(?:г\.|года|ж\.|жылы|р\.|року))?"
                       r"(?:[,\s]+(?:в\s+|at\s+)?" + _TIME + r"(?::\d\d)?(?:\s*(?P<tz>[+-]\d\d:?\d\d|GMT|UTC|Z)\b)?)?", re.I)
# The month must start a word and is taken whole (possessive): unanchored, a long run of
# letters made this search quadratic in the run's length.
_WORD_MDY = re.compile(r"(?<![^\W\d_])(?P<mon>[A-Za-z]{3,}+)\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)"
                       r"(?:[,\s]+(?:at\s+)?" + _TIME + r"\s*(?P<ampm>[ap]\.?m\.?)?)?", re.I)
_RELATIVE = re.compile(r"\b(today|yesterday|сегодня|вчера|бүгін|кеше|сьогодні|учора)\b[,\s]*(?:в\s+|at\s+)?" + _TIME, re.I)


def _month(word: str) -> int | None:
    return MONTHS.get(word[:3].lower())


def _with_zone(dt: datetime, zone: str | None, has_time: bool) -> str:
    if not has_time:
        return dt.strftime("%Y-%m-%d")
    if zone:
        local = dt.replace(tzinfo=ZoneInfo(zone))
        off = local.utcoffset() or timedelta(0)
        sign = "+" if off >= timedelta(0) else "-"
        minutes = abs(int(off.total_seconds())) // 60
        return dt.strftime("%Y-%m-%dT%H:%M") + f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    return dt.strftime("%Y-%m-%dT%H:%M")


def find_zone(text: str) -> str | None:
    for pattern, zone in ZONES:
        if pattern.search(text):
            return zone
    return None


def parse_date(text: str, zone_hint: str | None = None) -> str | None:
    """The first date in ``text`` as ISO 8601, or None. ``zone_hint`` is nearby text naming a zone."""
    if not text:
        return None
    zone = find_zone(text) or (find_zone(zone_hint) if zone_hint else None)
    m = _ISO.search(text)
    if m:
        try:
            dt = datetime(int(m["y"]), int(m["m"]), int(m["d"]), int(m["H"] or 0), int(m["M"] or 0))
        except ValueError:
            return None
        if m["tz"]:
            return dt.strftime("%Y-%m-%dT%H:%M") + _offset(m["tz"])
        return _with_zone(dt, zone, m["H"] is not None)
    for pattern in (_NUMERIC, _WORD_DMY, _WORD_MDY):
        m = pattern.search(text)
        if not m:
            continue
        groups = m.groupdict()
        month = int(groups["m"]) if groups.get("m") else _month(groups.get("mon") or "")
        if not month:
            continue
        hour = int(groups["H"]) if groups.get("H") else 0
        if groups.get("ampm"):
            hour = hour % 12 + (12 if groups["ampm"].lower().startswith("p") else 0)
        try:
            dt = datetime(int(groups["y"]), month, int(groups["d"]), hour, int(groups.get("M") or 0))
        except ValueError:
            continue
        if groups.get("tz"):  # RFC 822 "Mon, 06 Mar 2023 09:15:00 +0600"
            return dt.strftime("%Y-%m-%dT%H:%M") + _offset(groups["tz"])
        return _with_zone(dt, zone, groups.get("H") is not None)
    return None


def _offset(tz: str) -> str:
    if tz.upper() in ("Z", "GMT", "UTC"):
        return "+00:00"
    return tz if ":" in tz else tz[:3] + ":" + tz[3:]


def find_relative_time(text: str) -> str | None:
    """'Today, 12:00' -> '12:00' (a time with no date; kept as meta, never invented into a date)."""
    m = _RELATIVE.search(text)
    return f"{m.group(1)} {int(m['H']):02d}:{m['M']}" if m else None


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00")
