"""Repetition, computed: the same loaded word or content phrase used again and again in one text.

Two signals, both counted within the article (no model):

- a loaded word or label (a Loaded_Language or Name_Calling-Labeling cue match) that occurs in
  two or more sentences;
- a content phrase (two to four words, at least two of them content words) that occurs in
  three or more different sentences.

Each occurrence after the first is a Repetition span, as the guideline marks it. Identical
sentences (a title repeated by the page, boilerplate) count once.
"""
from __future__ import annotations

import bisect
from collections import defaultdict

from .lexicon import CueMatch
from .tokens import TOKEN

MIN_PHRASE = 3   # occurrences of a content phrase
MIN_LOADED = 2   # occurrences of a loaded word
LOADED = ("Loaded_Language", "Name_Calling-Labeling")


# Frequent function words of four letters or more, which make a phrase a turn of speech, not content.
_FUNCTION = set("""same time also that this with from have were been which their there these those will would
about after before other into over under than then them they what when where while only such more most some
very just like even well said says according however still being does could should through between against
этой этот того тому также более после перед когда тогда чтобы который которые которых всех этих была были было
будет может время если только также тоже через между против однако своей своих этого цього також після перед коли
тоді щоби який які яких всіх цих була були було буде може якщо тільки також через між проти однак своєї своїх""".split())


def _content(word: str) -> bool:
    return len(word) >= 4 and word.isalpha() and word not in _FUNCTION


def repetition_spans(text: str, sentences: list[tuple[int, int]], cues: list[CueMatch]
                     ) -> list[tuple[int, int, float, str]]:
    """(start, end, score, repeated phrase) for every repeated occurrence after the first."""
    starts = [s for s, _ in sentences]

    def sentence_of(pos: int) -> int:
        return max(0, bisect.bisect_right(starts, pos) - 1)

    sentence_text = {i: " ".join(text[s:e].lower().split()) for i, (s, e) in enumerate(sentences)}
    out: list[tuple[int, int, float, str]] = []
    groups: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for m in cues:
        if m.label in LOADED:
            groups["cue:" + text[m.start:m.end].lower()[:6]].append((m.start, m.end))
    toks = [(m.start(), m.end(), m.group().lower()) for m in TOKEN.finditer(text)]
    for n in (4, 3, 2):
        for i in range(len(toks) - n + 1):
            window = toks[i:i + n]
            words = [w for _, _, w in window]
            if not all(w.isalpha() for w in words) or sum(_content(w) for w in words) < 2:
                continue
            if sentence_of(window[0][0]) != sentence_of(window[-1][0]):
                continue
            groups[f"{n}:" + " ".join(w[:6] for w in words)].append((window[0][0], window[-1][1]))
    taken: list[tuple[int, int]] = []
    for key, places in sorted(groups.items(), key=lambda kv: (not kv[0].startswith("cue:"), -len(kv[0]))):
        seen_sentences: dict[str, int] = {}
        distinct = []
        for s, e in sorted(set(places)):
            sent = sentence_text.get(sentence_of(s), "")
            if sent in seen_sentences:
                continue  # the same sentence again (a repeated title) is not repetition for effect
            seen_sentences[sent] = s
            distinct.append((s, e))
        need = MIN_LOADED if key.startswith("cue:") else MIN_PHRASE
        if len(distinct) < need:
            continue
        score = min(0.8, 0.45 + 0.1 * (len(distinct) - need))
        for s, e in distinct[1:]:
            if any(s < te and ts < e for ts, te in taken):
                continue  # inside a longer repeated phrase already marked
            taken.append((s, e))
            out.append((s, e, round(score, 3), key.split(":", 1)[1]))
    return sorted(out)
