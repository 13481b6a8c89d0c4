"""Rule-based sentence splitting for en, ru, uk and kk.

Boundaries are sentence punctuation followed by space and a capital letter, a digit, an
opening quote or a dash, except after abbreviations and initials ("В. В. Путин", "U.S.",
"т. е."). Fast enough to run on every article.

    >>> text = "Г-н Иванов заявил, что т.е. всё хорошо. Затем он ушёл."
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['Г-н Иванов заявил, что т.е. всё хорошо.', 'Затем он ушёл.']
"""
from __future__ import annotations

import re

ABBREVIATIONS = frozenset("""
mr mrs ms dr prof st jr sr vs etc e.g i.e gen col lt sgt gov sen rep rev no nos jan feb mar apr jun jul aug
sep sept oct nov dec inc ltd co corp dept est approx fig vol ed eds pp p cf al u.s u.k u.n e.u a.m p.m
г гг т.е т.д т.п т.к т.н им ул пр просп д см стр тыс млн млрд трлн руб долл проф акад ген др ст п рис обл
р-н ж тел ч мин сек вв н.э до н.э прим ред пер род ср напр гос зам пред тг тенге грн ред канд тов
""".split())

# Linear time: a boundary starts only where a run of punctuation starts and takes it whole;
# otherwise a long run of dots was tried from every position in it.
_BOUNDARY = re.compile(r"(?<![.!?…])[.!?…]++[\"'»”’)\]]*+(?=\s)")
_NEXT_START = re.compile(r"\s++([\"«“„'(\[—–-]?\s?[A-ZА-ЯЁІЇЄҐҚҒҮҰӘӨҺ0-9])")
_TOKEN_BEFORE = re.compile(r"(?<![^\s(\"«“„])([^\s(\"«“„]++)$")
_ABBREVIATION_WINDOW = 64  # longer tokens are never abbreviations; bounds the look-back


def _is_abbreviation(before: str) -> bool:
    m = _TOKEN_BEFORE.search(before)
    if not m:
        return False
    token = m.group(1).rstrip(".").lower()
    if len(token) == 1 and token.isalpha():
        return True  # an initial: "V. Putin", "В. Путин"
    return token in ABBREVIATIONS or token.replace(".", "") in ABBREVIATIONS


_LINE_END_WORD = re.compile(r"(?<!\w)(\w++)[,;]?\s*+$")  # a word start, taken whole: linear
_BULLET_START = re.compile(r"^\s*(?:[-–—•*·▪]|\d+[.)])\s")


def soft_wrap(line: str, next_line: str) -> bool:
    """True if the line break between ``line`` and ``next_line`` only wraps a sentence
    (hard-wrapped plain text), rather than ending a line of its own."""
    line, nxt = line.rstrip(), next_line.strip()
    if len(line) < 40 or not nxt or _BULLET_START.match(next_line) or re.search(r"[.!?…:\"»”]$", line):
        return False
    if nxt[0].islower():
        return True
    m = _LINE_END_WORD.search(line)
    from .words import STOPWORDS  # a line ending in "that", "to", "the", "и", "в"... goes on

    return line.endswith(",") or bool(m and m.group(1).lower() in STOPWORDS)


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` in ``text[start:end]``.

    A line break ends a sentence, except a soft wrap inside a sentence (see :func:`soft_wrap`).
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    seg_start = line_start = start
    while line_start < end:
        nl = text.find("\n", line_start, end)
        line_end = end if nl == -1 else nl
        if nl != -1:
            nxt_end = text.find("\n", nl + 1, end)
            nxt = text[nl + 1:end if nxt_end == -1 else nxt_end]
            if soft_wrap(text[line_start:line_end], nxt):
                line_start = line_end + 1
                continue
        _split_line(text, seg_start, line_end, spans)
        seg_start = line_start = line_end + 1
    return spans


def _split_line(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    sent_start = start
    for m in _BOUNDARY.finditer(text, start, end):
        nxt = _NEXT_START.match(text, m.end(), end)
        if not nxt:
            continue
        punct = m.group(0)
        if punct.startswith(".") and len(punct.rstrip("\"'»”’)]")) == 1 and _is_abbreviation(
                text[max(sent_start, m.start() - _ABBREVIATION_WINDOW):m.start()]):
            continue
        _append(text, sent_start, m.end(), out)
        sent_start = nxt.start(1)
    _append(text, sent_start, end, out)


def _append(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))
