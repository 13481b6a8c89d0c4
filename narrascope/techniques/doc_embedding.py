"""Post heads over a multilingual embedding of the whole post (UNLP-2025 style), beside the hashed ones.

The hashed post heads see words; an embedding (:mod:`narrascope.text.embed`) sees what a post is
about across Russian and Ukrainian wording. :func:`fit` learns one logistic head per post label over
the embeddings and chooses each technique's threshold on out-of-fold probabilities of the average
``(1 - weight) * hashed + weight * embedding``, the way :meth:`TechniqueModel.doc_probabilities`
combines them at analysis time. Chosen on our UNLP train split by 5-fold CV (BENCHMARKS.md)::

    >>> W, b, thresholds = fit(texts, labels, heads, vectors)      # doctest: +SKIP
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from .model import MANIPULATIVE, fit_doc_heads
from .tokens import document_matrix, tokenize

WEIGHT = 0.5      # CV on the UNLP train split: 0.25 0.394, 0.5 0.403, 0.75 0.400 (hashed alone 0.382)
C = 4.0
MAX_CHARS = 1500  # a post's first 1,500 characters: nearly every post whole
GRID = np.arange(0.1, 0.91, 0.025)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def _embedding_heads(V: np.ndarray, labels: Sequence[Sequence[str]], heads: list[str], c: float = C
                     ) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.linear_model import LogisticRegression

    W = np.zeros((V.shape[1], len(heads)), dtype=np.float32)
    b = np.zeros(len(heads), dtype=np.float32)
    for k, head in enumerate(heads):
        y = np.array([bool(labs) if head == MANIPULATIVE else head in labs for labs in labels])
        if y.min() == y.max():
            b[k] = 8.0 if y[0] else -8.0
            continue
        clf = LogisticRegression(C=c, class_weight=None if head == MANIPULATIVE else "balanced", max_iter=1000)
        clf.fit(V, y)
        W[:, k], b[k] = clf.coef_[0], clf.intercept_[0]
    return W, b


def best_threshold(p: np.ndarray, y: np.ndarray) -> float:
    """The grid threshold with the highest F1 of ``p >= t`` against ``y`` (ties: the lower one)."""
    best = (-1.0, 0.5)
    for t in GRID:
        pred = p >= t
        tp = int((pred & y).sum())
        f1 = 2 * tp / (int(pred.sum()) + int(y.sum())) if tp else 0.0
        if f1 > best[0] + 1e-12:
            best = (f1, float(round(t, 3)))
    return best[1]


def fit(texts: Sequence[str], labels: Sequence[Sequence[str]], heads: list[str], vectors: np.ndarray,
        weight: float = WEIGHT, folds: int = 5, seed: int = 0) -> tuple[np.ndarray, np.ndarray, dict[str, float]]:
    """Embedding heads (W, b) on all posts, and per-technique thresholds of the averaged probabilities."""
    from sklearn.model_selection import KFold

    X = document_matrix([tokenize(t) for t in texts])
    V = np.asarray(vectors, dtype=np.float32)
    oof = np.zeros((len(texts), len(heads)))
    for tr, ho in KFold(min(folds, len(texts)), shuffle=True, random_state=seed).split(V):
        lab = [labels[i] for i in tr]
        Wh, bh = fit_doc_heads(X[tr], lab, heads)
        We, be = _embedding_heads(V[tr], lab, heads)
        oof[ho] = (1 - weight) * _sigmoid(X[ho] @ Wh + bh) + weight * _sigmoid(V[ho] @ We + be)
    thresholds = {h: best_threshold(oof[:, k], np.array([h in labs for labs in labels]))
                  for k, h in enumerate(heads) if h != MANIPULATIVE}
    W, b = _embedding_heads(V, labels, heads)
    return W, b, thresholds
