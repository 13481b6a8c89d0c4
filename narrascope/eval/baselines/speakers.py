"""Speaker and quote baselines of ``narrascope eval entities``, beside the model's quotes and speakers.

Both speaker baselines are GIVEN the gold quote spans and the gold entity mentions (the model finds its
own), and are scored over every gold quote of the evaluated pages:

- trivial: the nearest PER mention before the quote (in its paragraph or the one before), else "anonymous";
- trained: a logistic-regression ranker over candidate speakers (each gold entity's nearest mention within
  :data:`WINDOW` characters of the quote, plus "anonymous"), with features of position, distance, type and
  a small speech-verb lexicon, fitted on the TRAIN pages' gold quotes; the best-scored candidate speaks.

Quote detection, heuristic baseline: every quoted passage of 3+ words, and every clause after a speech verb
followed by "that"/"что".

    >>> nearest_person("Putin met Tokayev. He said: “We agree.”", [(0, 5, "E1", "PER"), (10, 17, "E2", "PER")], 28)
    'E2'
"""
from __future__ import annotations

import math
import re
from typing import Any, Iterable

import numpy as np

WINDOW = 400
# A small lexicon of its own: the baseline must not borrow the model's cue lists.
_SPEECH = re.compile(r"\b(?:said|says|say|told|tells|stated|added|noted|wrote|writes|according to|believes|claimed|"
                     r"заяви\w*|сказа\w*|отмети\w*|по словам|счита\w*|пиш\w*|написа\w*|сообщи\w*|добави\w*|"
                     r"подчеркну\w*|уверен\w*|полага\w*)\b", re.I)
_UNNAMED = re.compile(r"\b(?:experts?|analysts?|observers?|sources?|officials|critics|users|residents|"
                      r"эксперт\w*|аналитик\w*|наблюдател\w*|источник\w*|политолог\w*|пользовател\w*)\b", re.I)
_QUOTED = re.compile(r"“([^”\n]+)”|«([^»\n]+)»|„([^“”\n]+)[“”]|\"([^\"\n]+)\"")
_THAT = re.compile(r"\b(?:said|says|stated|told \w+|claimed|believes|argued|noted|added|warned|заяви\w*|сказа\w*|"
                   r"отмети\w*|счита\w*|сообщи\w*|уверен\w*|подчеркну\w*|добави\w*)\s*,?\s*(?:that|что)\s+([^.!?\n]+)",
                   re.I)

Mention = tuple[int, int, str, str]  # start, end, gold entity id, type


def mentions_of(gold: dict[str, Any]) -> list[Mention]:
    return sorted((s, e, ent["eid"], ent["type"]) for ent in gold["entities"] for s, e in ent["mentions"])


def _paragraph_floor(text: str, pos: int, back: int = 1) -> int:
    start = pos
    for _ in range(back + 1):
        start = text.rfind("\n", 0, max(0, start - 1)) + 1 if start > 0 else 0
    return start


def nearest_person(text: str, mentions: list[Mention], quote_start: int) -> str:
    """The entity of the last PER mention before ``quote_start`` in its paragraph or the one before, else anonymous."""
    floor = _paragraph_floor(text, quote_start)
    before = [m for m in mentions if m[3] == "PER" and floor <= m[0] and m[1] <= quote_start]
    return before[-1][2] if before else "anonymous"


def _candidates(text: str, mentions: list[Mention], span: tuple[int, int], lang: str) -> list[tuple[str, dict[str, Any]]]:
    qs, qe = span
    best: dict[str, tuple[int, Mention]] = {}
    for m in mentions:
        if qs <= m[0] and m[1] <= qe:
            continue  # named inside the quote: spoken about, not speaking
        dist = qs - m[1] if m[1] <= qs else m[0] - qe
        if 0 <= dist <= WINDOW and (m[2] not in best or dist < best[m[2]][0]):
            best[m[2]] = (dist, m)
    out = []
    for side in ("before", "after"):
        ranked = sorted((d, m) for d, m in best.values() if (m[1] <= qs) == (side == "before"))
        for rank, (dist, m) in enumerate(ranked):
            gap = text[m[1]:qs] if side == "before" else text[qe:m[0]]
            near = text[max(0, m[0] - 40):m[1] + 40]
            out.append((m[2], {"type=" + m[3]: 1, "side=" + side: 1, f"rank={min(rank, 3)}": 1,
                               f"{side}_rank={min(rank, 3)}_{m[3]}": 1, "logdist": math.log1p(dist) / 6,
                               "cue_in_gap": int(bool(_SPEECH.search(gap))), "cue_near": int(bool(_SPEECH.search(near))),
                               "paragraph_break": int("\n" in gap), "sentence_break": int(bool(re.search(r"[.!?]\s", gap))),
                               "lang=" + lang: 1}))
    around = text[max(0, qs - 150):qs] + " " + text[qe:qe + 100]
    out.append(("anonymous", {"anonymous": 1, "unnamed_word": int(bool(_UNNAMED.search(around))),
                              "no_candidate": int(len(out) == 0), "lang=" + lang: 1}))
    return out


class SpeakerRanker:
    """Scores (quote, candidate) pairs with logistic regression; the best candidate of each quote speaks."""

    def fit(self, pages: Iterable[tuple[str, dict[str, Any], int]]) -> "SpeakerRanker":
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        feats, labels = [], []
        for text, gold, offset in pages:
            mentions = [(s - offset, e - offset, i, t) for s, e, i, t in mentions_of(gold)]
            for q in gold["quotes"]:
                want = "anonymous" if q["speaker"] in ("anonymous", "unknown") else q["speaker"]
                for cand, f in _candidates(text, mentions, (q["span"][0] - offset, q["span"][1] - offset), gold["language"]):
                    feats.append(f)
                    labels.append(int(cand == want))
        self.vec = DictVectorizer()
        x = self.vec.fit_transform(feats)
        self.model = LogisticRegression(C=1.0, max_iter=2000, random_state=0).fit(x, labels) if len(set(labels)) > 1 else None
        return self

    def predict(self, text: str, mentions: list[Mention], span: tuple[int, int], lang: str) -> str:
        cands = _candidates(text, mentions, span, lang)
        if self.model is None:
            return "anonymous"
        probs = self.model.predict_proba(self.vec.transform([f for _, f in cands]))[:, 1]
        return cands[int(np.argmax(probs))][0]


def speaker_scores(pairs: list[tuple[str, str]]) -> dict[str, float | None]:
    """Strict and lenient accuracy over (gold, predicted) speakers; "unknown" and "anonymous" agree leniently."""
    n = len(pairs)
    unnamed = ("anonymous", "unknown")
    strict = sum(g == p for g, p in pairs)
    lenient = sum(g == p or (g in unnamed and p in unnamed) for g, p in pairs)
    # Given every gold quote, a baseline's end-to-end accuracy is its strict accuracy.
    return {"speaker_accuracy_strict": strict / n if n else None, "speaker_accuracy_lenient": lenient / n if n else None,
            "speaker_accuracy_end_to_end": strict / n if n else None}


def heuristic_quotes(body: str) -> list[tuple[int, int]]:
    """Quoted passages of 3+ words and clauses after "said that"/"заявил, что" (offsets into ``body``)."""
    out = []
    for m in _QUOTED.finditer(body):
        g = next(i for i in range(1, 5) if m.group(i) is not None)
        if len(re.findall(r"\w+", m.group(g))) >= 3:
            out.append((m.start(g), m.end(g)))
    for m in _THAT.finditer(body):
        if not any(s < m.end(1) and m.start(1) < e for s, e in out):
            out.append((m.start(1), m.end(1)))
    return sorted(out)
