"""A trainable framing model: hashed words around a mention plus the role-cue counts of the
rule baseline, with a softmax head for the main role and one logistic head per fine role.

Plain numpy, trained by full-batch gradient descent; weights are saved as ``weights.npz``
(loaded with ``allow_pickle=False``) beside a ``model.json`` manifest. Users with bigger data
or a hub can replace it behind the same ``FramingModel.predict`` interface.
"""
from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ConfigError
from ..modeldir import ModelDir
from .rules import load_roles

MAINS = ("Protagonist", "Antagonist", "Innocent")
DIM = 1 << 14
WINDOW = 220
_WORD = re.compile(r"\w+", re.UNICODE)


def _bucket(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) % DIM  # stable across processes, unlike hash()


def features(text: str, start: int, end: int, lang: str | None) -> np.ndarray:
    """Hashed unigrams and bigrams left and right of the mention, plus cue counts per fine role."""
    lex = load_roles()
    fine = sorted(lex.main_of)
    vec = np.zeros(DIM + len(fine), dtype=np.float32)
    left = [w.lower() for w in _WORD.findall(text[max(0, start - WINDOW):start])][-25:]
    right = [w.lower() for w in _WORD.findall(text[end:end + WINDOW])][:25]
    for side, words in (("L", left), ("R", right)):
        for w in words:
            vec[_bucket(f"{side}:{w}")] += 1.0
            vec[_bucket(f"w:{w}")] += 0.5
        for a, b in zip(words, words[1:]):
            vec[_bucket(f"{side}:{a} {b}")] += 1.0
    patterns = lex.patterns.get(lang or "", lex.patterns["en"])
    window = text[max(0, start - WINDOW):end + WINDOW]
    for i, role in enumerate(fine):
        vec[DIM + i] = 2.0 * len(patterns[role].findall(window)) if role in patterns else 0.0
    norm = np.linalg.norm(vec[:DIM])
    if norm:
        vec[:DIM] /= norm
    return vec


@dataclass
class FramingModel:
    main_w: np.ndarray   # (features, 3)
    main_b: np.ndarray   # (3,)
    fine_w: np.ndarray   # (features, n_fine)
    fine_b: np.ndarray   # (n_fine,)
    fine_labels: list[str]
    manifest: dict[str, Any]

    @classmethod
    def fit(cls, X: np.ndarray, mains: list[str], fines: list[list[str]], epochs: int = 300, lr: float = 0.5,
            l2: float = 1e-3) -> "FramingModel":
        fine_labels = sorted(load_roles().main_of)
        y_main = np.array([MAINS.index(m) for m in mains])
        Y_fine = np.array([[1.0 if f in fs else 0.0 for f in fine_labels] for fs in fines], dtype=np.float32)
        n, d = X.shape
        W, b = np.zeros((d, 3), np.float32), np.zeros(3, np.float32)
        V, c = np.zeros((d, len(fine_labels)), np.float32), np.zeros(len(fine_labels), np.float32)
        onehot = np.eye(3, dtype=np.float32)[y_main]
        for _ in range(epochs):
            logits = X @ W + b
            p = np.exp(logits - logits.max(1, keepdims=True))
            p /= p.sum(1, keepdims=True)
            g = (p - onehot) / n
            W -= lr * (X.T @ g + l2 * W)
            b -= lr * g.sum(0)
            q = 1.0 / (1.0 + np.exp(-(X @ V + c)))
            h = (q - Y_fine) / n
            V -= lr * (X.T @ h + l2 * V)
            c -= lr * h.sum(0)
        return cls(W, b, V, c, fine_labels, {"examples": int(n)})

    def predict(self, x: np.ndarray) -> tuple[str, list[str], float]:
        logits = x @ self.main_w + self.main_b
        p = np.exp(logits - logits.max())
        p /= p.sum()
        main = MAINS[int(p.argmax())]
        q = 1.0 / (1.0 + np.exp(-(x @ self.fine_w + self.fine_b)))
        lex = load_roles()
        allowed = [(q[i], f) for i, f in enumerate(self.fine_labels) if lex.main_of[f] == main]
        best = max(allowed)[0]
        fines = [f for s, f in sorted(allowed, reverse=True) if s >= 0.5 or s == best]
        return main, fines, float(p.max())

    def save(self, out_dir: str | Path) -> None:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        np.savez(out / "weights.npz", main_w=self.main_w, main_b=self.main_b, fine_w=self.fine_w, fine_b=self.fine_b)
        (out / "labels.json").write_text(json.dumps({"mains": list(MAINS), "fine": self.fine_labels, "dim": DIM,
                                                     "window": WINDOW}, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, model_dir: str | Path) -> "FramingModel":
        from ..modeldir import open_model

        return cls.from_dir(open_model(model_dir, "framing"))

    @classmethod
    def from_dir(cls, md: ModelDir) -> "FramingModel":
        """The model of a checked model directory (:func:`narrascope.modeldir.open_model`)."""
        labels = md.json("labels.json")
        if not isinstance(labels, dict) or labels.get("dim") != DIM:
            got = labels.get("dim") if isinstance(labels, dict) else None
            raise ConfigError("E009", path=str(md.path), detail=f"feature size {got} != {DIM}")
        w = md.arrays("weights.npz")
        return cls(w["main_w"], w["main_b"], w["fine_w"], w["fine_b"], labels["fine"], md.manifest)
