"""A trainable framing model over the context of an entity's mentions in one voice, with the
role prior as its fallback.

Features (hashed, TF-IDF weighted, L2-normalised): words and bigrams ``window`` tokens left and
right of every mention, the word right next to it on each side, the mention's own words, the
voice (author or a quoted speaker), the entity type, the language, and the role-cue lexicon hits
(``rules.py``) near the mention. Heads: a softmax over the three main roles and one logistic
head per fine role; only the fine roles of the chosen main role are predicted (EMR needs the
exact set). The prior (majority main role, per language) stands unless the model's probability
for another main role beats the prior's probability by ``margin``; a fine role beside the surest one
needs ``fine_threshold`` (both chosen by cross-validation; 1.01 means the surest fine role alone).

Weights are ``weights.npz`` (loaded with ``allow_pickle=False``) beside ``labels.json`` and the
``model.json`` manifest.

    >>> model = FramingModel.load("models/framing")                              # doctest: +SKIP
    >>> model.predict(model.vector(text, [(10, 16)], "en", voice="author", etype="LOC"))  # doctest: +SKIP
    ('Antagonist', ['Foreign Adversary'], 0.71, 'model')
"""
from __future__ import annotations

import bisect
import collections
import json
import math
import re
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import numpy as np

from ..errors import ConfigError
from ..modeldir import ModelDir
from .prior import MAINS, RolePrior
from .rules import load_roles

DIM = 1 << 15
WINDOW = 12          # tokens either side of a mention
CUE_CHARS = 160      # characters either side of a mention searched for role cues
_WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=1 << 16)
def _bucket(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) % DIM  # stable across processes, unlike hash()


def context_counts(text: str, places: Iterable[tuple[int, int]], lang: str | None, voice: str | None = None,
                   etype: str | None = None, window: int = WINDOW) -> dict[int, float]:
    """Raw hashed feature counts of one entity in one voice (``places``: its mentions' spans)."""
    lex = load_roles()
    counts: collections.Counter = collections.Counter()
    kind = "author" if voice in (None, "author") else "quoted"
    for feat in (f"voice:{kind}", f"type:{etype or '?'}", f"lang:{lang or '?'}", "bias"):
        counts[_bucket(feat)] += 1.0
    for start, end in places:
        left = [w.lower() for w in _WORD.findall(text[max(0, start - 12 * window):start])][-window:]
        right = [w.lower() for w in _WORD.findall(text[end:end + 12 * window])][:window]
        for w in _WORD.findall(text[start:end]):
            counts[_bucket(f"m:{w.lower()}")] += 1.0
        if left:
            counts[_bucket(f"L1:{left[-1]}")] += 1.0
        if right:
            counts[_bucket(f"R1:{right[0]}")] += 1.0
        if len(left) > 1:
            counts[_bucket(f"L2:{left[-2]} {left[-1]}")] += 1.0
        for side, words in (("L", left), ("R", right)):
            for w in words:
                counts[_bucket(f"{side}:{w}")] += 1.0
                counts[_bucket(f"w:{w}")] += 1.0
            for a, b in zip(words, words[1:]):
                counts[_bucket(f"{side}:{a} {b}")] += 1.0
        hits = _cue_hits(text, lang)
        for i in range(bisect.bisect_left(hits, (max(0, start - CUE_CHARS), "")), len(hits)):
            pos, role = hits[i]
            if pos >= end + CUE_CHARS:
                break
            counts[_bucket(f"cue:{role}")] += 1.0
            counts[_bucket(f"cue:{lex.main_of[role]}")] += 1.0
    return dict(counts)


@lru_cache(maxsize=4)
def _cue_hits(text: str, lang: str | None) -> list[tuple[int, str]]:
    """(start, fine role) of every role cue in ``text``, sorted: one pass a page, not one per mention."""
    lex = load_roles()
    patterns = lex.patterns.get(lang or "", lex.patterns["en"])
    return sorted((m.start(), role) for role, pattern in patterns.items() for m in pattern.finditer(text))


def weigh(counts: dict[int, float], idf: np.ndarray | None) -> dict[int, float]:
    """Sublinear TF times IDF, L2-normalised."""
    out = {k: (1.0 + math.log(v)) * (float(idf[k]) if idf is not None else 1.0) for k, v in counts.items() if v > 0}
    norm = math.sqrt(sum(v * v for v in out.values())) or 1.0
    return {k: v / norm for k, v in out.items()}


def combine(ctx: dict[int, float], evidence: list[str] | None, ctx_weight: float = 1.0) -> dict[int, float]:
    """Weighted context features scaled by ``ctx_weight`` plus the L2-normalised evidence block (None:
    the context alone, the features of a model trained without evidence)."""
    if evidence is None:
        return ctx
    out = collections.Counter({k: v * ctx_weight for k, v in ctx.items()}) if ctx_weight > 0 else collections.Counter()
    block = collections.Counter(_bucket(f"ev:{f}") for f in [*evidence, "bias"])
    norm = math.sqrt(sum(v * v for v in block.values()))
    for k, v in block.items():
        out[k] += v / norm
    return dict(out)


def idf_of(rows: list[dict[int, float]]) -> np.ndarray:
    df = np.zeros(DIM, dtype=np.float64)
    for row in rows:
        df[list(row)] += 1
    return (np.log((1 + len(rows)) / (1 + df)) + 1).astype(np.float32)


def matrix(rows: list[dict[int, float]]):
    """A CSR matrix (rows x DIM) of weighted feature rows."""
    from scipy.sparse import csr_matrix

    data, cols, ptr = [], [], [0]
    for row in rows:
        keys = sorted(row)
        cols.extend(keys)
        data.extend(row[k] for k in keys)
        ptr.append(len(cols))
    return csr_matrix((np.array(data, np.float32), np.array(cols, np.int64), np.array(ptr, np.int64)),
                      shape=(len(rows), DIM))


@dataclass
class FramingModel:
    main_w: np.ndarray   # (DIM, 3)
    main_b: np.ndarray   # (3,)
    fine_w: np.ndarray   # (DIM, n_fine)
    fine_b: np.ndarray   # (n_fine,)
    idf: np.ndarray      # (DIM,)
    fine_labels: list[str]
    prior: RolePrior
    window: int = WINDOW
    margin: float = 0.0
    fine_threshold: float = 0.5
    manifest: dict[str, Any] = field(default_factory=dict)
    evidence: str | None = None  # the evidence block it was trained with (:mod:`.features`): "entity", "all" or none
    ctx_weight: float = 1.0      # the context words' weight beside the evidence block
    temperature: float = 1.0     # main-role logits are divided by it: calibrated on the folds' probabilities

    @classmethod
    def fit(cls, counts: list[dict[int, float]], mains: list[str], fines: list[list[str]], langs: list[str | None],
            c: float = 1.0, window: int = WINDOW, margin: float = 0.0, etypes: list[str | None] | None = None,
            evidence: list[list[str]] | None = None, ctx_weight: float = 1.0, evidence_kind: str = "all"
            ) -> "FramingModel":
        """Fit both heads on raw feature counts (:func:`context_counts`) with scikit-learn, keep numpy weights.
        ``evidence``: each example's evidence features (:func:`.features.evidence`), a block of their
        own beside the context words, which weigh ``ctx_weight``; ``evidence_kind`` names which ones they
        are ("entity": who the entity is; "all": also the cue rules and predicates)."""
        from sklearn.linear_model import LogisticRegression

        idf = idf_of(counts)
        X = matrix([combine(weigh(r, idf), ev, ctx_weight) for r, ev in
                    zip(counts, evidence if evidence is not None else [None] * len(counts))])
        used = np.unique(X.indices)  # fit on the columns seen: far fewer parameters than DIM
        X = X[:, used]
        fine_labels = sorted(load_roles().main_of)
        W, b = np.zeros((DIM, 3), np.float32), np.full(3, -30.0, np.float32)  # a main never seen stays unseen
        seen = sorted({MAINS.index(m) for m in mains})
        y = np.array([MAINS.index(m) for m in mains])
        if len(seen) > 2:
            lr = LogisticRegression(C=c, max_iter=1000).fit(X, y)
            W[used] = lr.coef_.T
            b[:] = lr.intercept_
        elif len(seen) == 2:  # one binary head: the two mains get -z/2 and +z/2, the same softmax
            lr = LogisticRegression(C=c, solver="liblinear", random_state=0).fit(X, y)
            W[used, seen[1]], W[used, seen[0]] = lr.coef_[0] / 2, -lr.coef_[0] / 2
            b[seen[1]], b[seen[0]] = lr.intercept_[0] / 2, -lr.intercept_[0] / 2
        else:
            b[seen[0]] = 0.0
        V, d = np.zeros((DIM, len(fine_labels)), np.float32), np.full(len(fine_labels), -30.0, np.float32)
        for j, role in enumerate(fine_labels):
            yj = np.array([role in f for f in fines])
            if yj.all():
                d[j] = 30.0
            elif yj.any():
                head = LogisticRegression(C=c, solver="liblinear", random_state=0).fit(X, yj)
                V[used, j], d[j] = head.coef_[0], head.intercept_[0]
        prior = RolePrior.learn(zip(langs, mains, fines, etypes or [None] * len(mains)))
        return cls(W, b, V, d, idf, fine_labels, prior, window, margin, manifest={"examples": len(mains)},
                   evidence=evidence_kind if evidence is not None else None, ctx_weight=ctx_weight)

    def vector(self, text: str, places: Iterable[tuple[int, int]], lang: str | None, voice: str | None = None,
               etype: str | None = None, evidence: list[str] | None = None) -> dict[int, float]:
        """The weighted features of an entity's mentions (``places``) in one voice; ``evidence``: its
        evidence features, used by a model trained with them."""
        ctx = weigh(context_counts(text, places, lang, voice, etype, self.window), self.idf) if self.ctx_weight > 0 \
            else {_bucket("bias"): 1.0}
        if self.evidence == "entity":
            evidence = [f for f in evidence or [] if not f.startswith(("rule:", "pred:"))]
        return combine(ctx, (evidence or []) if self.evidence else None, self.ctx_weight)

    def probabilities(self, x: dict[int, float]) -> tuple[np.ndarray, np.ndarray]:
        keys = list(x)
        vals = np.array([x[k] for k in keys], np.float32)
        logits = (vals @ self.main_w[keys] + self.main_b) / self.temperature
        p = np.exp(logits - logits.max())
        q = 1.0 / (1.0 + np.exp(-(vals @ self.fine_w[keys] + self.fine_b)))
        return p / p.sum(), q

    def predict(self, x: dict[int, float], lang: str | None = None, etype: str | None = None
                ) -> tuple[str, list[str], float, str]:
        """(main role, fine roles, probability of the main role, "model" or "prior")."""
        p, q = self.probabilities(x)
        return self.decide(p, q, lang, etype=etype)

    def decide(self, p: np.ndarray, q: np.ndarray, lang: str | None, margin: float | None = None,
               etype: str | None = None, fine_threshold: float | None = None) -> tuple[str, list[str], float, str]:
        prior = self.prior.get(lang)
        best = MAINS[int(p.argmax())]
        margin = self.margin if margin is None else margin
        main, kind = best, "model"
        # The prior stands unless the model is surer of another role than the prior is of its own.
        if best != prior["main"] and p.max() <= prior["p"] + margin:
            main, kind = prior["main"], "prior"
        elif best == prior["main"] and p.max() <= prior["p"]:
            kind = "prior"  # the evidence does not make the majority role likelier than it is anyway
        threshold = self.fine_threshold if fine_threshold is None else fine_threshold
        return main, self.fines(main, q, self.prior.fines(lang, main, etype), threshold), float(p[MAINS.index(main)]), kind

    def fines(self, main: str, q: np.ndarray, fallback: list[str], threshold: float = 0.5) -> list[str]:
        lex = load_roles()
        allowed = [(float(q[i]), f) for i, f in enumerate(self.fine_labels) if lex.main_of[f] == main
                   and self.fine_b[i] > -30.0]
        if not allowed:
            return list(fallback)
        best = max(allowed)[0]
        return [f for s, f in sorted(allowed, key=lambda t: (-t[0], t[1])) if s >= threshold or s == best][:3]

    def save(self, out_dir: str | Path) -> None:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        # Sparse-friendly: most of DIM is never seen, but npz compresses the zeros.
        np.savez_compressed(out / "weights.npz", main_w=self.main_w, main_b=self.main_b, fine_w=self.fine_w,
                            fine_b=self.fine_b, idf=self.idf)
        (out / "labels.json").write_text(json.dumps({
            "mains": list(MAINS), "fine": self.fine_labels, "dim": DIM, "window": self.window, "margin": self.margin,
            "fine_threshold": self.fine_threshold, "evidence": self.evidence, "ctx_weight": self.ctx_weight,
            "temperature": self.temperature, "prior": self.prior.to_json()}, indent=1, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, model_dir: str | Path) -> "FramingModel":
        from ..modeldir import open_model

        return cls.from_dir(open_model(model_dir, "framing"))

    @classmethod
    def from_dir(cls, md: ModelDir) -> "FramingModel":
        """The model of a checked model directory (:func:`narrascope.modeldir.open_model`)."""
        labels = md.json("labels.json")
        if not isinstance(labels, dict) or labels.get("dim") != DIM or "prior" not in labels:
            got = labels.get("dim") if isinstance(labels, dict) else None
            raise ConfigError("E009", path=str(md.path), detail=f"feature size {got} != {DIM} or no prior: re-train it")
        w = md.arrays("weights.npz")
        return cls(w["main_w"], w["main_b"], w["fine_w"], w["fine_b"], w["idf"], labels["fine"],
                   RolePrior.from_json(labels["prior"]), int(labels["window"]), float(labels["margin"]),
                   float(labels.get("fine_threshold", 0.5)), md.manifest, labels.get("evidence"),
                   float(labels.get("ctx_weight", 1.0)), float(labels.get("temperature", 1.0)))
