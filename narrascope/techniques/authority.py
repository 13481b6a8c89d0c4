"""Appeal_to_Authority from the ``quotes`` layer: a claim carried by an expert's voice.

A quote counts when its speaker is unnamed and described as an expert ("experts remind us",
"analysts believe", "observers say"), or named and introduced as one ("political expert
Vladimir ..." within a few words before the attribution cue). The span is the claim plus its
attribution, as the guideline asks; its voice is the quote's.
"""
from __future__ import annotations

import re

from ..article import Span

EXPERT = re.compile(
    r"\b(?:experts?|analysts?|observers?|political scientists?|scientists?|specialists?|commentators?|"
    r"political (?:expert|analyst|observer)s?|insiders?|sources?)\b|"
    r"(?:эксперт|аналитик|наблюдател|политолог|учён|ученые|учёные|специалист|обозревател|источник|"
    r"експерт|аналітик|спостерігач|політолог|вчен|науковц|оглядач|джерел)",
    re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…]\s+")
UNNAMED = {"anonymous", "described", "unknown"}
WINDOW = 60  # characters before the attribution cue where an expert descriptor introduces a named speaker


def authority_spans(text: str, quotes: list[Span]) -> list[tuple[int, int, float, str, str]]:
    """(start, end, score, cue text, speaker) of quotes that appeal to an expert's authority;
    the voice of such a span is the speaker's (its text is mostly the quote)."""
    out: list[tuple[int, int, float, str, str]] = []
    outer = [q for q in quotes if not q.attrs.get("nested_in")
             and not any(o is not q and o.start <= q.start and q.end <= o.end and (o.start, o.end) != (q.start, q.end)
                         for o in quotes)]
    for q in sorted(outer, key=lambda q: (min(q.start, (q.attrs.get("cue") or [q.start])[0]), q.end)):
        cue = q.attrs.get("cue") or [q.start, q.start]
        speaker, name = q.attrs.get("speaker") or "", q.attrs.get("speaker_name") or ""
        if speaker in UNNAMED:
            hit = EXPERT.search(name) or EXPERT.search(text[cue[0]:cue[1]])
            score = 0.7
        else:
            lo = max(0, min(cue[0], q.start) - WINDOW)
            window = _SENTENCE_END.split(text[lo:cue[1]])[-1]  # not across the sentence before
            hit = EXPERT.search(window)
            score = 0.55
        if hit:
            start, end = min(q.start, cue[0]), max(q.end, cue[1])
            if out and start < out[-1][1]:  # one claim quoted in two parts: one span
                prev = out.pop()
                start, end, score = min(prev[0], start), max(prev[1], end), max(prev[2], score)
            out.append((start, end, score, hit.group(0), speaker))
    return out
