"""Find every technique span in one text: cues, scare quotes (articles), expert quotes, the model,
and (when asked for) computed repetition.

:func:`find_techniques` is the library function behind the ``techniques`` component; it takes
plain offsets so that tests and other callers need no pipeline.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from ..article import Span
from .authority import authority_spans
from .decode import decode
from .lexicon import Lexicon
from .model import TechniqueModel
from .repetition import repetition_spans
from .scare_quotes import SCORE as SCARE_SCORE, scare_quote_spans
from .tokens import tokenize

# Argument techniques are marked on their clause or sentence, not on the cue words alone.
SENTENCE_LEVEL = {"Appeal_to_Authority", "Causal_Oversimplification", "False_Dilemma-No_Choice",
                  "Consequential_Oversimplification", "Whataboutism", "Straw_Man", "Red_Herring"}
# Computed Repetition is off by default: in page-grouped CV on our train pages 0 of its 30 spans
# matched gold (annotators mark almost no Repetition in news), and on held-out UNLP train posts it
# lowered trigger token F1 (0.536 without, 0.533 with).
REPETITION = False
# These need the sentence before them: a deflection answers something.
NEEDS_CONTEXT = {"Whataboutism", "Straw_Man", "Red_Herring"}


@dataclass
class Found:
    start: int
    end: int
    label: str
    score: float
    source: str
    attrs: dict[str, Any] = field(default_factory=dict)


def _sentence_index(sentences: list[tuple[int, int]], pos: int) -> int:
    return max(0, bisect.bisect_right([s for s, _ in sentences], pos) - 1)


def _cue_spans(text: str, lang: str | None, lexicon: Lexicon, sentences: list[tuple[int, int]]) -> tuple[list[Found], list]:
    matches = lexicon.find(text, lang)
    out = []
    for m in matches:
        start, end, attrs, score = m.start, m.end, {"cue": m.cue}, m.score
        if m.label in SENTENCE_LEVEL and sentences:
            i = _sentence_index(sentences, m.start)
            start, end = min(start, sentences[i][0]), max(end, sentences[i][1])
            if m.label in NEEDS_CONTEXT:
                if i == 0:
                    score *= 0.6  # nothing before it to deflect from
                else:
                    attrs["context"] = list(sentences[i - 1])
                if text[sentences[i][0]:sentences[i][1]].rstrip().endswith("?"):
                    score = min(0.9, score + 0.15)  # "what about ...?" asked back
        out.append(Found(start, end, m.label, round(score, 3), "lexicon", attrs))
    return out, matches


def find_techniques(text: str, lang: str | None, sentences: list[tuple[int, int]], quotes: list[Span],
                    lexicon: Lexicon, model: TechniqueModel | None, style: str = "article",
                    repetition: bool = REPETITION) -> list[Found]:
    """Technique spans of ``text`` from every source, exact duplicates merged (highest score kept).
    ``style``: "article" (news) or "post" (a social-media post; see :mod:`.decode`); articles also
    get scare-quote Loaded_Language (:mod:`.scare_quotes`). ``repetition``: add computed
    Repetition spans (:mod:`.repetition`)."""
    found, matches = _cue_spans(text, lang, lexicon, sentences)
    if repetition:
        for s, e, score, phrase in repetition_spans(text, sentences, matches):
            found.append(Found(s, e, "Repetition", score, "repetition", {"cue": phrase}))
    if style != "post":
        for s, e in scare_quote_spans(text):
            found.append(Found(s, e, "Loaded_Language", SCARE_SCORE, "scare_quotes", {"cue": text[s:e]}))
    for s, e, score, cue, speaker in authority_spans(text, quotes):
        voice_pos = next((q.start for q in quotes if s <= q.start < e), s)  # the quote's voice, not the cue's
        found.append(Found(s, e, "Appeal_to_Authority", score, "quotes", {"cue": cue, "voice_pos": voice_pos}))
    if model is not None:
        toks = tokenize(text)
        probs = model.token_probabilities(text, toks)
        for m in decode(model, toks, probs, lang, style):
            found.append(Found(m.start, m.end, m.label, round(m.score, 4), "model"))
    best: dict[tuple[int, int, str], Found] = {}
    for f in found:
        key = (f.start, f.end, f.label)
        if key not in best or f.score > best[key].score:
            best[key] = f
    return _drop_nested_authority(sorted(best.values(), key=lambda f: (f.start, f.end, f.label)))


def _drop_nested_authority(found: list[Found]) -> list[Found]:
    """A cue-sentence Appeal_to_Authority inside a quote-based one says the same thing twice."""
    quoted = [f for f in found if f.label == "Appeal_to_Authority" and f.source == "quotes"]
    return [f for f in found if not (f.label == "Appeal_to_Authority" and f.source == "lexicon"
                                     and any(q.start <= f.start and f.end <= q.end for q in quoted))]
