"""From token probabilities to labelled spans.

Two styles, chosen by the genre of the text (the caller says which; news articles by default):

- post style (short social-media posts such as UNLP-2025's Telegram posts, in the languages the
  post heads were trained on, uk and ru): the ``SPAN``
  head, smoothed with its sentence mean (and mixed with the sentence gate of :mod:`.sentence_gate`
  when the model has one and embeddings are on) and switched off when the post head says the text
  is not manipulative, gives the trigger spans; the post heads say which techniques the text uses, and
  each trigger span takes the predicted technique whose token head scores it highest (every
  predicted technique gets at least one span);
- article style (news articles, and posts in other languages): each technique head is decoded on
  its own, tokens over its threshold joined into spans. UNLP trigger spans are clause-long and
  would swamp the word-level spans that news annotation (SemEval practice) marks.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .data import SPAN, semeval_or_unlp
from .model import MANIPULATIVE, TechniqueModel
from .tokens import Tokens

SMOOTH = 0.7        # weight of the sentence mean in the smoothed SPAN score
GATE = 0.5          # post heads: below this "manipulative" probability, no trigger span
SPAN_THRESHOLD = 0.25
HEAD_THRESHOLD = 0.5


@dataclass
class ModelSpan:
    start: int
    end: int
    label: str
    score: float


def smoothed_span_scores(probs: np.ndarray, toks: Tokens, smooth: float = SMOOTH) -> np.ndarray:
    if not len(toks):
        return np.zeros(0)
    counts = np.maximum(np.bincount(toks.sentence, minlength=toks.n_sentences), 1)
    mean = np.bincount(toks.sentence, weights=probs, minlength=toks.n_sentences) / counts
    return (1 - smooth) * probs + smooth * mean[toks.sentence]


def runs(mask: np.ndarray, max_gap: int = 1) -> list[tuple[int, int]]:
    """Token index ranges [i, j] of True runs, bridging gaps of up to ``max_gap`` tokens."""
    idx = np.flatnonzero(mask)
    if not len(idx):
        return []
    out, start, prev = [], idx[0], idx[0]
    for i in idx[1:]:
        if i - prev > max_gap + 1:
            out.append((int(start), int(prev)))
            start = i
        prev = i
    out.append((int(start), int(prev)))
    return out


def post_style(model: TechniqueModel, lang: str | None, style: str = "article") -> bool:
    langs = model.manifest.get("doc_languages", [])
    return style == "post" and bool(model.doc_heads) and SPAN in model.token_heads and (lang or "") in langs


def decode(model: TechniqueModel, toks: Tokens, probs: np.ndarray, lang: str | None,
           style: str = "article", text: str | None = None) -> list[ModelSpan]:
    """Spans of one text; ``style`` is "post" (social-media post) or "article" (news); ``text`` (the
    post itself) lets the post heads use its embedding."""
    if not len(toks):
        return []
    if post_style(model, lang, style):
        return _post_style(model, toks, probs, text)
    out = []
    for k, head in enumerate(model.token_heads):
        if head == SPAN or not head[0].isupper():  # UNLP-only labels come from post style only
            continue
        thr = model.thresholds.get(head, HEAD_THRESHOLD)
        for i, j in runs(probs[:, k] >= thr):
            out.append(ModelSpan(int(toks.starts[i]), int(toks.ends[j]), head, float(probs[i:j + 1, k].mean())))
    return out


def _post_style(model: TechniqueModel, toks: Tokens, probs: np.ndarray, text: str | None = None) -> list[ModelSpan]:
    doc = model.doc_probabilities(toks, text)
    gate = model.manifest.get("gate", GATE)
    if doc.get(MANIPULATIVE, 1.0) < gate:
        return []
    q = smoothed_span_scores(probs[:, model.token_heads.index(SPAN)], toks, model.manifest.get("smooth", SMOOTH))
    threshold = model.thresholds.get(SPAN, SPAN_THRESHOLD)
    mixed = model.sentence_gate.token_scores(q, toks, text) if model.sentence_gate and text is not None else None
    if mixed is not None:  # trigger sentences from their embeddings (off without embeddings)
        q, threshold = mixed, model.sentence_gate.threshold
    triggers = runs(q >= threshold)
    techniques = [t for t in model.doc_heads if t != MANIPULATIVE]
    chosen = [t for t in techniques if doc[t] >= model.doc_thresholds.get(t, 0.5)]
    if not chosen:  # manipulative, yet no technique passes: take the closest one
        chosen = [max(techniques, key=lambda t: doc[t] / model.doc_thresholds.get(t, 0.5))]
    labels = [semeval_or_unlp(t) for t in chosen]
    if not triggers:  # the technique is there; point at the sentence that scores highest
        best = int(np.argmax(np.bincount(toks.sentence, weights=q) / np.maximum(np.bincount(toks.sentence), 1)))
        where = np.flatnonzero(toks.sentence == best)
        triggers = [(int(where[0]), int(where[-1]))]

    def head_score(label: str, i: int, j: int) -> float:
        if label in model.token_heads:
            return float(probs[i:j + 1, model.token_heads.index(label)].mean())
        return doc[chosen[labels.index(label)]]

    out, used = [], set()
    for i, j in triggers:
        label = max(labels, key=lambda lab: head_score(lab, i, j))
        used.add(label)
        out.append(ModelSpan(int(toks.starts[i]), int(toks.ends[j]), label, round(float(q[i:j + 1].mean()), 4)))
    for label in labels:
        if label not in used:
            i, j = max(triggers, key=lambda r: head_score(label, *r))
            out.append(ModelSpan(int(toks.starts[i]), int(toks.ends[j]), label, round(head_score(label, i, j), 4)))
    return out
