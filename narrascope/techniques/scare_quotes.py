"""Scare quotes: a word or short phrase put in quotation marks to mock or distance it
("their "friend"", «братские», "многовекторность"), marked Loaded_Language in news articles.

A quoted stretch counts when it has one to three words and starts with a lower-case letter;
speech quotes are longer, and titles of outlets or works ("Лента.ру", «День-ТВ») are
capitalised. The span includes the quotation marks. Chosen by cross-validation on our own
train pages (page-grouped 5-fold): it raised labelled span F1 there; in UNLP-style posts it is
not used.

Example:
    >>> [text[s:e] for s, e in scare_quote_spans(text := 'They call it "help" again.')]
    ['"help"']
"""
from __future__ import annotations

import re

MAX_WORDS = 3
SCORE = 0.45
_QUOTED = re.compile(r'(?<![\w])["«“„]([^"«»“”„\n]{2,40}?)["»”](?![\w])')


def scare_quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each scare-quoted stretch, quotation marks included."""
    out = []
    for m in _QUOTED.finditer(text):
        inner = m.group(1).strip()
        if inner and inner[0].islower() and len(inner.split()) <= MAX_WORDS:
            out.append((m.start(), m.end()))
    return out
