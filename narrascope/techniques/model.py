"""The trainable part of the techniques component: linear heads over hashed features.

- token heads: one logistic classifier per technique (and ``SPAN``, any manipulative text) over
  the features of each token (:func:`tokens.token_matrix`); decoded into spans by
  :mod:`.decode`;
- post heads: one logistic classifier per UNLP-2025 technique over the bag of a whole text, for
  the post-level labels the UNLP data gives (its spans carry no technique);
- span classifier (optional, :mod:`.span_classifier`): the technique of a given span;
- sentence gate (optional, :mod:`.sentence_gate`): P(trigger sentence) over sentence embeddings,
  mixed into the SPAN score of posts (``sentence_gate.npz``).

Saved as ``weights.npz`` (int8 weights with a per-head scale, float biases; no pickle) and
``model.json`` (heads, thresholds, provenance, licence). Example:

    >>> model = TechniqueModel.load(default_model_dir())     # doctest: +SKIP
    >>> probs = model.token_probabilities(text, tokenize(text))
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ConfigError
from ..modeldir import MANIFEST, ModelDir, write_manifest
from ..text import embed as text_embed
from .data import SPAN, Example
from .sentence_gate import SentenceGate
from .span_classifier import SpanClassifier
from .tokens import DOC_FEATURES, N_FEATURES, Tokens, document_matrix, token_matrix, tokenize

WEIGHTS = "weights.npz"
DOC_EMBEDDING = "doc_embedding.npz"
MANIPULATIVE = "__manipulative__"  # post head: does the post use any technique


def default_model_dir() -> Path:
    return Path(str(resources.files("narrascope.resources").joinpath("models/techniques")))


@lru_cache(maxsize=4096)
def _post_vector(text: str, max_chars: int) -> np.ndarray | None:
    """One post's embedding, kept for the process: a benchmark scores the same posts per subtask."""
    return text_embed.embed([text], max_chars=max_chars)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def _quantise(w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    scale = np.abs(w).max(axis=0) / 127.0
    scale[scale == 0] = 1.0
    return np.round(w / scale).astype(np.int8), scale.astype(np.float32)


@dataclass
class TechniqueModel:
    token_heads: list[str]
    token_w: np.ndarray          # (N_FEATURES, len(token_heads)) float32
    token_b: np.ndarray
    doc_heads: list[str] = field(default_factory=list)
    doc_w: np.ndarray | None = None
    doc_b: np.ndarray | None = None
    thresholds: dict[str, float] = field(default_factory=dict)      # token heads
    doc_thresholds: dict[str, float] = field(default_factory=dict)  # post heads
    manifest: dict[str, Any] = field(default_factory=dict)
    span_classifier: SpanClassifier | None = None
    # Post heads over a multilingual embedding of the whole post, averaged with the hashed post heads
    # (weights (384, heads), biases, the weight of the embedding side, characters embedded).
    doc_emb: tuple[np.ndarray, np.ndarray, float, int] | None = None
    sentence_gate: SentenceGate | None = None  # trigger sentences of posts (post-style decoding only)

    # -- prediction -------------------------------------------------------------------
    def token_probabilities(self, text: str, toks: Tokens) -> np.ndarray:
        """(tokens, token heads) probabilities."""
        if not len(toks):
            return np.zeros((0, len(self.token_heads)), dtype=np.float32)
        return _sigmoid(token_matrix(text, toks) @ self.token_w + self.token_b)

    def doc_probabilities(self, toks: Tokens, text: str | None = None) -> dict[str, float]:
        """Post-head probabilities; with ``text`` and embeddings on, averaged with the embedding heads."""
        if not self.doc_heads or self.doc_w is None:
            return {}
        p = _sigmoid(document_matrix([toks]) @ self.doc_w + self.doc_b)[0]
        if self.doc_emb is not None and text is not None:
            W, b, weight, max_chars = self.doc_emb
            vec = _post_vector(text, max_chars)
            if vec is not None:
                p = (1.0 - weight) * p + weight * _sigmoid(vec @ W + b)[0]
        return dict(zip(self.doc_heads, map(float, p)))

    # -- fitting ----------------------------------------------------------------------
    @classmethod
    def fit(cls, examples: list[Example], min_positive_tokens: int = 40, own_weight: float = 3.0,
            alpha_token: float = 1e-5, c_doc: float = 4.0, doc_labels: tuple[str, ...] = ()) -> "TechniqueModel":
        """Token heads for ``SPAN`` and every label with ``min_positive_tokens``; post heads for
        ``doc_labels`` and ``MANIPULATIVE`` over the examples that have post labels."""
        from scipy import sparse

        mats, labels, weights, tok_list = [], [], [], []
        for ex in examples:
            toks = tokenize(ex.text)
            tok_list.append(toks)
            mats.append(token_matrix(ex.text, toks))
            labels.append([(s, e, lab) for s, e, lab in ex.spans])
            weights.append(np.full(len(toks), own_weight if ex.origin == "own" else 1.0, dtype=np.float32))
        X = sparse.vstack(mats).tocsr() if mats else sparse.csr_matrix((0, N_FEATURES))
        sw = np.concatenate(weights) if weights else np.zeros(0)
        counts: dict[str, int] = {}
        ys: dict[str, list[np.ndarray]] = {}
        names = sorted({lab for spans in labels for _, _, lab in spans}, key=lambda n: (n != SPAN, n))
        for name in names:
            parts = []
            for toks, spans in zip(tok_list, labels):
                y = np.zeros(len(toks), dtype=bool)
                for s, e, lab in spans:
                    if lab == name:
                        y |= (toks.starts < e) & (toks.ends > s)
                parts.append(y)
            ys[name] = parts
            counts[name] = int(sum(p.sum() for p in parts))
        heads = [n for n in names if counts[n] >= min_positive_tokens]
        W = np.zeros((N_FEATURES, len(heads)), dtype=np.float32)
        b = np.zeros(len(heads), dtype=np.float32)
        for k, name in enumerate(heads):
            W[:, k], b[k] = _sgd_logistic(X, np.concatenate(ys[name]), sw, alpha_token)
        model = cls(heads, W, b, manifest={"token_positive_counts": {n: counts[n] for n in heads}})
        docs = [(t, ex.doc_labels) for t, ex in zip(tok_list, examples) if ex.doc_labels is not None]
        if docs and doc_labels:
            names = [MANIPULATIVE, *doc_labels]
            model.doc_heads = names
            model.doc_w, model.doc_b = fit_doc_heads(document_matrix([t for t, _ in docs]),
                                                     [labs for _, labs in docs], names, c_doc)
            model.manifest["doc_languages"] = sorted({ex.lang for ex in examples if ex.doc_labels is not None and ex.lang})
        return model

    # -- persistence ------------------------------------------------------------------
    def save(self, out_dir: str | Path, manifest: dict[str, Any] | None = None) -> Path:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        tq, ts = _quantise(self.token_w)
        arrays = {"token_w": tq, "token_scale": ts, "token_b": self.token_b.astype(np.float32)}
        if self.doc_w is not None:
            dq, ds = _quantise(self.doc_w)
            arrays.update(doc_w=dq, doc_scale=ds, doc_b=self.doc_b.astype(np.float32))
        np.savez_compressed(out / WEIGHTS, **arrays)
        self.manifest = {**self.manifest, **(manifest or {}), "component": "techniques", "weights": WEIGHTS,
                         "n_features": N_FEATURES, "doc_features": DOC_FEATURES, "token_heads": self.token_heads, "doc_heads": self.doc_heads,
                         "thresholds": self.thresholds, "doc_thresholds": self.doc_thresholds}
        if self.span_classifier is not None:
            self.manifest = with_span_classifier(self.manifest, self.span_classifier.save(out))
        if self.doc_emb is not None:
            W, b, weight, max_chars = self.doc_emb
            np.savez_compressed(out / DOC_EMBEDDING, W=W.astype(np.float32), b=b.astype(np.float32))
            entry = {"weights": DOC_EMBEDDING, "weight": weight, "max_chars": max_chars, "encoder": text_embed.version()}
            files = [f for f in self.manifest.get("files", []) if f != DOC_EMBEDDING]
            self.manifest = {**self.manifest, "doc_embedding": entry, "files": files + [DOC_EMBEDDING]}
        if self.sentence_gate is not None:
            self.manifest = with_sentence_gate(self.manifest, self.sentence_gate, out)
        write_manifest(out, self.manifest)
        return out

    @classmethod
    def load(cls, model_dir: str | Path) -> "TechniqueModel":
        from ..modeldir import open_model

        return cls.from_dir(open_model(model_dir, "techniques"))

    @classmethod
    def from_dir(cls, md: ModelDir) -> "TechniqueModel":
        """The model of a checked model directory (:func:`narrascope.modeldir.open_model`)."""
        manifest, model_dir = md.manifest, md.path
        if manifest.get("n_features") != N_FEATURES:
            raise ConfigError("E009", path=str(model_dir), detail=f"it was built for {manifest.get('n_features')} "
                              f"hashed features, this version uses {N_FEATURES}; retrain it")
        if manifest.get("doc_heads") and manifest.get("doc_features", "doc-1") != DOC_FEATURES:
            raise ConfigError("E009", path=str(model_dir), detail=f"its post heads use the features "
                              f"{manifest.get('doc_features', 'doc-1')!r}, this version computes {DOC_FEATURES!r}; retrain it")
        z = md.arrays(manifest.get("weights", WEIGHTS))
        token_w = z["token_w"].astype(np.float32) * z["token_scale"]
        token_b = z["token_b"]
        doc_w = z["doc_w"].astype(np.float32) * z["doc_scale"] if "doc_w" in z else None
        doc_b = z["doc_b"] if "doc_b" in z else None
        emb = manifest.get("doc_embedding")
        doc_emb = None
        if emb and doc_w is not None:
            ze = md.arrays(emb["weights"])
            doc_emb = (ze["W"].astype(np.float32), ze["b"].astype(np.float32), float(emb["weight"]), int(emb["max_chars"]))
        return cls(list(manifest["token_heads"]), token_w, token_b, list(manifest.get("doc_heads") or []), doc_w, doc_b,
                   dict(manifest.get("thresholds") or {}), dict(manifest.get("doc_thresholds") or {}), manifest,
                   SpanClassifier.from_manifest(manifest.get("span_classifier"), md.arrays), doc_emb,
                   SentenceGate.from_manifest(manifest.get("sentence_gate"), md.arrays))


def with_span_classifier(manifest: dict[str, Any], entry: dict[str, Any]) -> dict[str, Any]:
    """``manifest`` with the span classifier's entry, its weights file listed under ``files``."""
    files = [f for f in manifest.get("files", []) if f != entry.get("weights")]
    return {**manifest, "span_classifier": entry, "files": files + ([entry["weights"]] if entry.get("weights") else [])}


def with_sentence_gate(manifest: dict[str, Any], gate: SentenceGate, out: Path) -> dict[str, Any]:
    """``manifest`` with the sentence gate's entry (its weights written to ``out``), its file under ``files``."""
    from .sentence_gate import FILE

    np.savez_compressed(out / FILE, W=gate.W.astype(np.float32), b=np.float32(gate.b))
    entry = {**manifest.get("sentence_gate", {}), **gate.entry()}
    files = [f for f in manifest.get("files", []) if f != FILE]
    return {**manifest, "sentence_gate": entry, "files": files + [FILE]}


def fit_doc_heads(Xd, doc_labels: list[list[str]], names: list[str], c_doc: float = 4.0
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Weights (features x heads) and biases of the post heads ``names`` over the rows of ``Xd``."""
    Wd = np.zeros((Xd.shape[1], len(names)), dtype=np.float32)
    bd = np.zeros(len(names), dtype=np.float32)
    for k, name in enumerate(names):
        y = np.array([bool(labs) if name == MANIPULATIVE else name in labs for labs in doc_labels])
        Wd[:, k], bd[k] = _logistic(Xd, y, None, c_doc, balanced=name != MANIPULATIVE)
    return Wd, bd


def _sgd_logistic(X, y: np.ndarray, sample_weight, alpha: float) -> tuple[np.ndarray, float]:
    """A logistic head by SGD: as good as liblinear here and ~30x faster on 10^5 tokens."""
    from sklearn.linear_model import SGDClassifier

    if y.min() == y.max():
        return np.zeros(X.shape[1], dtype=np.float32), (8.0 if y[0] else -8.0)
    clf = SGDClassifier(loss="log_loss", alpha=alpha, max_iter=15, tol=None, random_state=0)
    clf.fit(X, y, sample_weight=sample_weight)
    return clf.coef_[0].astype(np.float32), float(clf.intercept_[0])


def _logistic(X, y: np.ndarray, sample_weight, C: float, balanced: bool = False) -> tuple[np.ndarray, float]:
    """Weights and bias of an L2 logistic regression (liblinear); a constant head if y has one class."""
    from sklearn.linear_model import LogisticRegression

    if y.min() == y.max():
        return np.zeros(X.shape[1], dtype=np.float32), (8.0 if y[0] else -8.0)
    clf = LogisticRegression(C=C, solver="liblinear", class_weight="balanced" if balanced else None, max_iter=200)
    clf.fit(X, y, sample_weight=sample_weight)
    return clf.coef_[0].astype(np.float32), float(clf.intercept_[0])
