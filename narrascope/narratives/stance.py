"""Stance per narrative: does the author promote it, report on it, or counter it?

Decided from where the narrative's evidence sits in the ``voices`` layer (the author's own
voice or quoted voices) and from the author's own words around it: refutation vocabulary
("no evidence", "фейк", "спростов") makes ``counters``; distancing vocabulary ("so-called",
"якобы", "Kremlin propaganda", "claimed") makes ``reports-on``; evidence in the author's voice
or quoted voices left unchallenged makes ``promotes``. The same rules apply to every side.
Cue matches that are themselves cues of the narrative being judged are ignored, so an
analysis whose narrative *is* "Kremlin propaganda targets Kazakhstan" is not distanced from it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .stance_features import stance_features
from .stance_vocab import stance_patterns


@dataclass
class Stance:
    stance: str
    score: float
    author_share: float
    cues: list[tuple[int, int, str]]   # (start, end, kind) of the cues that decided it


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


STANCES = ("counters", "promotes", "reports-on")


@dataclass
class StanceHead:
    """A trained multinomial logistic head over :func:`stance_features.stance_features`."""
    weights: "np.ndarray"   # (3, features)
    classes: tuple[str, ...] = STANCES

    def predict(self, x: "np.ndarray") -> tuple[str, float]:
        import numpy as np

        z = self.weights @ x
        p = np.exp(z - z.max())
        p /= p.sum()
        return self.classes[int(p.argmax())], float(p.max())


def judge(text: str, lang: str | None, evidence: list[tuple[int, int]], voices: list[tuple[int, int, str]],
          own_cues: list[tuple[int, int]], title: str = "", head: StanceHead | None = None,
          techniques: list[tuple[int, int, str]] | None = None) -> Stance:
    """Stance of the author toward one narrative with the given evidence sentence spans: the
    trained head's decision when one is given, else the rules; the cues are the rules' in both."""
    ruled = _rules(text, lang, evidence, voices, own_cues, title)
    if head is None:
        return ruled
    stance, score = head.predict(stance_features(text, lang, evidence, voices, own_cues, title, techniques))
    return Stance(stance, score, ruled.author_share, ruled.cues)


def _rules(text: str, lang: str | None, evidence: list[tuple[int, int]], voices: list[tuple[int, int, str]],
           own_cues: list[tuple[int, int]], title: str = "") -> Stance:
    counter_re, distance_re = stance_patterns(lang or "en")
    author = [(s, e) for s, e, v in voices if v == "author"] or ([(0, len(text))] if not voices else [])

    def author_chars(s: int, e: int) -> int:
        return sum(max(0, min(e, ae) - max(s, as_)) for as_, ae in author)

    total = sum(e - s for s, e in evidence) or 1
    share = sum(author_chars(s, e) for s, e in evidence) / total

    def found(regex: re.Pattern, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        out = []
        for s, e in spans:
            for m in regex.finditer(text, s, e):
                hit = (m.start(), m.end())
                if author_chars(*hit) and not _overlaps(hit, own_cues):
                    out.append(hit)
        return out

    # The author's words around the evidence: the evidence sentences and their neighbours.
    near = [(max(0, s - 300), min(len(text), e + 300)) for s, e in evidence]
    counter_near = found(counter_re, near)
    counter_all = found(counter_re, [(0, len(text))])
    title_counter = [m.span() for m in counter_re.finditer(title)] if title else []
    distance_ev = found(distance_re, evidence)
    distance_all = found(distance_re, [(0, len(text))])
    if counter_near and (len(counter_all) >= 2 or title_counter):
        return Stance("counters", min(0.95, 0.6 + 0.07 * len(counter_all)), share,
                      [(s, e, "counter") for s, e in counter_near])
    if share < 0.5:
        if len(distance_all) >= 2 or counter_all:
            cues = distance_all or counter_all
            return Stance("reports-on", min(0.9, 0.55 + 0.05 * len(cues)), share, [(s, e, "distance") for s, e in cues])
        return Stance("promotes", 0.6, share, [])
    if distance_ev:
        return Stance("reports-on", min(0.85, 0.55 + 0.05 * len(distance_all)), share,
                      [(s, e, "distance") for s, e in distance_ev])
    return Stance("promotes", min(0.9, 0.55 + 0.4 * share), share, [])
