"""Features of the author's treatment of one narrative, for the trained stance head.

Computed from the text, the ``voices`` layer, the narrative's evidence spans and its cue hits:
where the evidence sits (author or quoted voices), refutation and distancing vocabulary near it
and in the whole article, attribution verbs in the evidence, the narrative's own cues in the
author's voice, scare quotes, questions and exclamations, and how many voices the article has.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from .stance_vocab import stance_patterns, word_pattern

ATTRIBUTION = {
    "en": ["said", "says", "stated", "told", "according to", "reported", "reports", "claimed", "claims", "noted",
           "added", "wrote", "quoted", "announced", "argued", "believes", "insisted", "accused"],
    "ru": ["заявил", "заявила", "заявля", "сообщ", "по словам", "по мнению", "отметил", "добавил", "написал",
           "считает", "уверен", "подчеркнул", "пояснил", "утвержда", "передает", "пишет", "цитирует", "говорит"],
    "uk": ["заявив", "заявила", "повідом", "за словами", "на думку", "зазначив", "додав", "написав", "вважає",
           "наголосив", "пояснив", "стверджу", "пише"],
    "kk": ["деді", "деп", "мәлімдеді", "хабарла", "айтты", "атап өтті", "жазды", "пікірінше", "айтуынша"],
}
NAMES = ("author_share", "counter_near", "counter_per_1k", "title_counter", "distance_evidence", "distance_per_1k",
         "attribution_evidence", "own_cues_author_ratio", "own_cues_in_author", "scare_quotes_per_1k",
         "questions_per_1k", "exclamations_per_1k", "author_text_share", "lang_en", "lang_ru",
         "loaded_author_per_1k", "loaded_author_near", "carrying_voices",
         "counter_at_cue", "counter_away_per_1k", "bias")
# Techniques whose density in the author's own words marks an author who pushes, not reports.
LOADED = ("Loaded_Language", "Name_Calling-Labeling", "Appeal_to_Fear-Prejudice", "Exaggeration-Minimisation")
CUE_WINDOW = 150  # characters either side of a cue: about the cue's sentence
_SCARE = re.compile(r"[«“\"‘']([^«»“”\"‘’'\n]{2,30})[»”\"’']")


@lru_cache(maxsize=8)
def _attribution(lang: str) -> re.Pattern:
    return word_pattern(ATTRIBUTION.get(lang, ATTRIBUTION["en"]))


def stance_features(text: str, lang: str | None, evidence: list[tuple[int, int]], voices: list[tuple[int, int, str]],
                    own_cues: list[tuple[int, int]], title: str = "",
                    techniques: list[tuple[int, int, str]] | None = None) -> np.ndarray:
    """The feature vector (:data:`NAMES`). ``techniques``: (start, end, technique) spans of the
    techniques layer, when the pipeline ran it."""
    lang = lang or "en"
    counter_re, distance_re = stance_patterns(lang)
    author = [(s, e) for s, e, v in voices if v == "author"] or ([(0, len(text))] if not voices else [])

    def in_author(s: int, e: int) -> int:
        return sum(max(0, min(e, ae) - max(s, as_)) for as_, ae in author)

    def own(a: tuple[int, int]) -> bool:
        return any(a[0] < e and s < a[1] for s, e in own_cues)

    def count(regex: re.Pattern, spans: list[tuple[int, int]], author_only: bool = True) -> int:
        n = 0
        for s, e in spans:
            for m in regex.finditer(text, s, e):
                if (not author_only or in_author(m.start(), m.end())) and not own(m.span()):
                    n += 1
        return n

    total = sum(e - s for s, e in evidence) or 1
    near = [(max(0, s - 300), min(len(text), e + 300)) for s, e in evidence]
    whole = [(0, len(text))]
    author_chars = sum(e - s for s, e in author) or 0
    scare = sum(1 for m in _SCARE.finditer(text) if in_author(*m.span()) and len(m.group(1).split()) <= 3)
    cue_author = sum(1 for s, e in own_cues if in_author(s, e))
    # Rates and indicators, not counts: the same article cut at 2,000 characters or read whole
    # should look alike to the head.
    per_1k = max(1, len(text)) / 1000
    vec = [
        sum(in_author(s, e) for s, e in evidence) / total,
        float(count(counter_re, near) > 0), np.log1p(count(counter_re, whole) / per_1k),
        float(bool(counter_re.search(title))) if title else 0.0,
        float(count(distance_re, evidence) > 0), np.log1p(count(distance_re, whole) / per_1k),
        float(count(_attribution(lang), evidence, author_only=False) > 0),
        cue_author / max(1, len(own_cues)), float(cue_author > 0),
        np.log1p(scare / per_1k),
        np.log1p(sum(text[s:e].count("?") for s, e in author) / per_1k),
        np.log1p(sum(text[s:e].count("!") for s, e in author) / per_1k),
        author_chars / max(1, len(text)),
        float(lang == "en"), float(lang in ("ru", "uk")),
    ]
    loaded = [(s, e) for s, e, t in techniques or [] if t in LOADED]
    by_author = [(s, e) for s, e in loaded if in_author(s, e)]
    vec += [np.log1p(len(by_author) / per_1k),
            float(any(a - 300 <= s < b + 300 for s, _ in by_author for a, b in evidence))]
    # (Loaded language in quoted voices is left out: fact-checks quote it as much as the pages
    # that push it, and it cost the head 4 points of page-grouped cross-validated accuracy.)
    # A chorus: how many voices (author included) use the narrative's own cues, up to four.
    carrying = {v for s, e in own_cues for vs, ve, v in voices if vs <= s < ve}
    # Refutation aimed at this narrative (beside its own cues) or elsewhere: a page that calls the
    # other side's claims "fakes" while pushing its own narrative uses the same words.
    refuted = [m.span() for m in counter_re.finditer(text) if in_author(*m.span()) and not own(m.span())]
    at_cue = sum(1 for a, b in refuted if any(s - CUE_WINDOW <= a and b <= e + CUE_WINDOW for s, e in own_cues))
    vec += [min(len(carrying), 4) / 4, float(at_cue > 0), np.log1p((len(refuted) - at_cue) / per_1k), 1.0]
    return np.array(vec, dtype=np.float64)


def technique_spans(article) -> list[tuple[int, int, str]]:
    """(start, end, technique) of an article's ``techniques`` layer, or [] without one."""
    layer = article.layers.get("techniques")
    return [(s.start, s.end, s.label) for s in layer] if layer is not None else []
