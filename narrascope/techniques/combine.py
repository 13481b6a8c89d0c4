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
        for m in decode(model, toks, probs, lang, style, text):
            found.append(Found(m.start, m.end, m.label, round(m.score, 4), "model"))
    best: dict[tuple[int, int, str], Found] = {}
    for f in found:
        key = (f.start, f.end, f.label)
        if key not in best or f.score > best[key].score:
            best[key] = f
    return merge_overlapping(list(best.values()))


def merge_overlapping(found: list[Found]) -> list[Found]:
    """One span where several sources found the same technique on overlapping text: the cue
    "anti-Russian" and the scare quotes around it, or an expert quote and the sentence citing
    the experts. The merged span covers them all and keeps the best-scored finding's source,
    attributes and voice; ``attrs["sources"]`` and ``attrs["cues"]`` list every source and cue
    when there were several."""
    out: list[Found] = []
    for f in sorted(found, key=lambda f: (f.label, f.start, -f.end)):
        last = out[-1] if out and out[-1].label == f.label else None
        if last is None or f.start >= last.end:
            out.append(Found(f.start, f.end, f.label, f.score, f.source, dict(f.attrs)))
            continue
        sources = sorted({*last.attrs.get("sources", [last.source]), f.source})
        cues = [*last.attrs.get("cues", [last.attrs["cue"]] if "cue" in last.attrs else [])]
        cues += [f.attrs["cue"]] if "cue" in f.attrs and f.attrs["cue"] not in cues else []
        keep = f if f.score > last.score else last
        merged = Found(min(last.start, f.start), max(last.end, f.end), f.label, max(last.score, f.score),
                       keep.source, dict(keep.attrs))
        if len(sources) > 1:
            merged.attrs["sources"] = sources
        if len(cues) > 1:
            merged.attrs["cues"] = cues
        out[-1] = merged
    return sorted(out, key=lambda f: (f.start, f.end, f.label))
