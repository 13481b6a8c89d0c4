"""Quoted passages by their quotation marks, in every style the press uses:
“ ” (English), « » with „ “ inside (Russian, Kazakh, Ukrainian), " " and ‘ ’, including a
quote that runs over several paragraphs (each one opened again, or left open to the end).
"""
from __future__ import annotations

from dataclasses import dataclass

PAIRS = {"«": "»", "“": "”", "„": "“", "‘": "’", '"': '"', "‹": "›"}
CLOSERS = {"»", "”", "“", "’", '"', "›"}


@dataclass
class QuoteMark:
    """The content between an opening and a closing mark: ``[start, end)`` excludes the marks."""

    start: int
    end: int
    open_char: str
    closed: bool           # False: the paragraph ended before a closing mark
    paragraph_start: bool  # the opening mark begins its paragraph


def _opens(text: str, i: int, ch: str) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch in ("'", "‘", '"'):
        # Straight quotes and ‘ open only before a word and after a space or punctuation.
        return (prev.isspace() or prev in "([{—–-:;,/«„“") and not nxt.isspace()
    return True


def _paragraph_quotes(text: str, start: int, end: int) -> list[QuoteMark]:
    out: list[QuoteMark] = []
    stack: list[tuple[str, int]] = []
    first = start
    while first < end and text[first].isspace():
        first += 1
    i = start
    while i < end:
        ch = text[i]
        if stack and ch == PAIRS[stack[-1][0]] and (ch not in ("’", '"') or _closes(text, i)):
            opener, pos = stack.pop()
            if not stack:
                out.append(QuoteMark(pos + 1, i, opener, True, pos == first))
        elif ch in PAIRS and ch not in ("’",) and _opens(text, i, ch) and not (ch == "“" and stack and stack[-1][0] == "„"):
            stack.append((ch, i))
        i += 1
    if stack:
        opener, pos = stack[0]
        if pos + 1 < end:
            out.append(QuoteMark(pos + 1, end, opener, False, pos == first))
    return out


def _closes(text: str, i: int) -> bool:
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return not nxt.isalnum()  # "Kazakhstan’s" is an apostrophe, not a closing mark


def find_quoted(text: str, paragraphs: list[tuple[int, int]]) -> list[QuoteMark]:
    """Outermost quoted passages, paragraph by paragraph; a passage left open at the end of
    its paragraph continues into the next paragraph when that one opens with a quote mark too."""
    out: list[QuoteMark] = []
    open_until = -1  # index of the paragraph whose last quote was left open
    for pi, (start, end) in enumerate(paragraphs):
        marks = _paragraph_quotes(text, start, end)
        continues = open_until == pi - 1
        open_until = pi if marks and not marks[-1].closed else -2
        if (marks and out and continues and not out[-1].closed and marks[0].paragraph_start
                and out[-1].open_char == marks[0].open_char):
            cont = marks.pop(0)  # English convention: each paragraph of a long quote reopens
            out[-1] = QuoteMark(out[-1].start, cont.end, out[-1].open_char, cont.closed, out[-1].paragraph_start)
        out.extend(marks)
    return out
