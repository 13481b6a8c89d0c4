"""The technique of a given span (the "technique classification" setting of PTC / SemEval-2020
Task 11: the spans are given, every one needs a label).

One multinomial logistic regression over hashed features of the span and its context: the span's
words, their 5-letter stems, character 4-grams, its first and last word, the 4 words on either
side, its length and shape (quotation marks, capitals, ``!``/``?``). Trained on every labelled span
of the training examples (our annotations, PTC, SemEval-2023); UNLP trigger spans carry only
their post's techniques, so each is shared among them (weight 1/k). With nothing to go on (no
classifier in the model, or a span with no features) the label is the most frequent technique of
the training spans.

Saved beside the techniques model as ``span_classifier.npz`` (int8 weights with a per-label scale,
float biases; no pickle), described by ``model.json["span_classifier"]``. Example:

    >>> clf = SpanClassifier.fit(examples)                          # doctest: +SKIP
    >>> clf.predict("They are traitors, all of them.", [(10, 18)])  # doctest: +SKIP
    [('Name_Calling-Labeling', 0.41)]
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from .data import SPAN, Example
from .tokens import N_FEATURES, TOKEN, feature_id, stem

FILE = "span_classifier.npz"
FEATURES = "span-1"   # the feature set; a model saved with another one is ignored (fallback only)
CONTEXT = 4           # words of context on either side
MIN_SPANS = 3         # a label needs this many training spans to get a class


def _length_bucket(n: int) -> str:
    return "1" if n <= 1 else "2-3" if n <= 3 else "4-8" if n <= 8 else "9+"


def span_features(text: str, start: int, end: int) -> list[str]:
    """Feature strings of the span ``text[start:end]`` and its context (see the module docstring)."""
    inside = [m.group().lower() for m in TOKEN.finditer(text, start, end)]
    words = [w for w in inside if w[0].isalnum()]
    left = [m.group().lower() for m in TOKEN.finditer(text, max(0, start - 120), start)][-CONTEXT:]
    right = [m.group().lower() for m in TOKEN.finditer(text, end, min(len(text), end + 120))][:CONTEXT]
    raw = text[start:end]
    feats = ["bias", "len=" + _length_bucket(len(words))]
    feats += ["w=" + w for w in inside] + ["st=" + stem(w) for w in words]
    for w in words:
        if len(w) > 2:
            g = "<" + w + ">"
            feats += ["c4=" + g[j:j + 4] for j in range(len(g) - 3)]
    if words:
        feats += ["first=" + stem(words[0]), "last=" + stem(words[-1])]
    feats += ["bi=" + stem(a) + "|" + stem(b) for a, b in zip(words, words[1:])]
    feats += ["L=" + stem(w) for w in left] + ["R=" + stem(w) for w in right]
    if left:
        feats.append("L1=" + left[-1])
    if right:
        feats.append("R1=" + right[0])
    if any(c in raw for c in "\"«»“”„"):
        feats.append("quoted")
    if any(w.isupper() and len(w) > 1 for w in raw.split()):
        feats.append("caps")
    feats += ["punct=" + c for c in "!?" if c in raw or c in text[end:end + 2]]
    return feats


def span_matrix(text: str, spans: list[tuple[int, int]]) -> sparse.csr_matrix:
    """Rows = spans; l2-normalised binary hashed features of :func:`span_features`."""
    rows = [sorted({feature_id("SC:" + f) for f in span_features(text, s, e)}) for s, e in spans]
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(r) for r in rows])
    data = np.concatenate([np.full(len(r), 1.0 / np.sqrt(len(r)), dtype=np.float32) for r in rows]) if rows else []
    indices = np.fromiter((i for r in rows for i in r), dtype=np.int32, count=int(indptr[-1]))
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), N_FEATURES))


def labelled_spans(examples: list[Example]) -> list[tuple[Example, int, int, str, float]]:
    """(example, start, end, label, weight) for every labelled span; a span with k labels (UNLP
    posts give all their techniques to every trigger span) gives each weight 1/k."""
    out = []
    for ex in examples:
        by_span: dict[tuple[int, int], list[str]] = {}
        for s, e, lab in ex.spans:
            if lab != SPAN and s < e:
                by_span.setdefault((s, e), []).append(lab)
        for (s, e), labs in sorted(by_span.items()):
            out += [(ex, s, e, lab, 1.0 / len(labs)) for lab in sorted(set(labs))]
    return out


@dataclass
class SpanClassifier:
    labels: list[str]
    fallback: str
    weights: np.ndarray | None = None   # (N_FEATURES, len(labels)) float32
    bias: np.ndarray | None = None
    info: dict[str, Any] = field(default_factory=dict)

    def probabilities(self, text: str, spans: list[tuple[int, int]]) -> np.ndarray:
        """(spans, labels) softmax probabilities."""
        if self.weights is None or not spans:
            return np.zeros((len(spans), len(self.labels)), dtype=np.float32)
        z = span_matrix(text, spans) @ self.weights + self.bias
        z = np.exp(z - z.max(axis=1, keepdims=True))
        return z / z.sum(axis=1, keepdims=True)

    def predict(self, text: str, spans: list[tuple[int, int]], allowed=None) -> list[tuple[str, float]]:
        """One (label, probability) per span, in order. ``allowed(label) -> bool`` limits the labels
        (e.g. no UNLP-only technique in a news article); the fallback when none is left or known."""
        probs = self.probabilities(text, spans)
        keep = np.array([allowed is None or allowed(lab) for lab in self.labels], dtype=bool)
        out = []
        for row in probs:
            if self.weights is None or not keep.any():
                out.append((self.fallback, 0.0))
                continue
            masked = np.where(keep, row, -1.0)
            k = int(np.argmax(masked))
            out.append((self.labels[k], round(float(row[k] / max(row[keep].sum(), 1e-9)), 4)))
        return out

    @classmethod
    def fit(cls, examples: list[Example], C: float = 4.0, min_spans: int = MIN_SPANS,
            weights: dict[str, float] | None = None) -> "SpanClassifier":
        """A classifier over the labelled spans of ``examples``; ``weights`` multiplies the sample
        weight of the spans of each origin (e.g. ``{"own": 3.0}``)."""
        from sklearn.linear_model import LogisticRegression

        rows = labelled_spans(examples)
        totals: dict[str, float] = {}
        for _, _, _, lab, w in rows:
            totals[lab] = totals.get(lab, 0.0) + w
        fallback = max(sorted(totals), key=lambda lab: totals[lab]) if totals else "Loaded_Language"
        labels = sorted(lab for lab, n in totals.items() if n >= min_spans)
        rows = [r for r in rows if r[3] in labels]
        info = {"spans": round(sum(r[4] for r in rows), 1), "label_counts": {k: round(totals[k], 1) for k in labels}}
        if len(labels) < 2:
            return cls(labels or [fallback], fallback, info=info)
        mats, y, sw = [], [], []
        by_example: dict[int, list] = {}
        for r in rows:
            by_example.setdefault(id(r[0]), []).append(r)
        for group in by_example.values():
            ex = group[0][0]
            mats.append(span_matrix(ex.text, [(s, e) for _, s, e, _, _ in group]))
            y += [labels.index(lab) for _, _, _, lab, _ in group]
            sw += [w * (weights or {}).get(ex.origin, 1.0) for *_, w in group]
        clf = LogisticRegression(C=C, max_iter=300)
        clf.fit(sparse.vstack(mats).tocsr(), np.array(y), sample_weight=np.array(sw))
        w, b = clf.coef_.T.astype(np.float32), clf.intercept_.astype(np.float32)
        if len(labels) == 2:  # sklearn keeps one column for two classes: softmax over (0, z) is its sigmoid
            w, b = np.hstack([np.zeros_like(w), w]), np.concatenate([np.zeros(1, dtype=np.float32), b])
        return cls(labels, fallback, w, b, info)

    # -- persistence ------------------------------------------------------------------
    def save(self, out_dir: str | Path) -> dict[str, Any]:
        """Write :data:`FILE` (when there are weights) and return the manifest entry."""
        entry: dict[str, Any] = {"features": FEATURES, "labels": self.labels, "fallback": self.fallback, **self.info}
        if self.weights is not None:
            scale = np.abs(self.weights).max(axis=0) / 127.0
            scale[scale == 0] = 1.0
            np.savez_compressed(Path(out_dir) / FILE, w=np.round(self.weights / scale).astype(np.int8),
                                scale=scale.astype(np.float32), b=self.bias.astype(np.float32))
            entry["weights"] = FILE
        return entry

    @classmethod
    def from_manifest(cls, entry: dict[str, Any] | None, arrays) -> "SpanClassifier | None":
        """The classifier of a manifest entry; ``arrays(name)`` loads a checked ``.npz`` of the
        model directory. None without an entry; fallback-only with another feature set."""
        if not entry:
            return None
        labels, fallback = list(entry.get("labels") or []), str(entry.get("fallback") or "Loaded_Language")
        if entry.get("features") != FEATURES or not entry.get("weights"):
            return cls(labels or [fallback], fallback)
        z = arrays(entry["weights"])
        return cls(labels, fallback, z["w"].astype(np.float32) * z["scale"], z["b"].astype(np.float32))
