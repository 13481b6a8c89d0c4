"""The calibrated stance model with abstention: logistic regression over the stance features and the
carrier features, a temperature that calibrates it, and a threshold below which it says nothing.

Shipped as ``stance.json`` in the narratives model directory (weights inline: a few hundred numbers).
:meth:`StanceModel.decide` returns the stance, its calibrated probability and all three
probabilities; when the best probability is below ``threshold`` the stance is :data:`UNCLEAR`
(shown as "no evidence" by the report, the exports and the CLI), never a guess; "promotes" has its
own, higher threshold ``promotes_threshold`` (a false "promotes" is the costliest error). A narrative carried
only by quoted material (no evidence or cue in the author's words, no endorsement), or of the side
the page's own voice argues against (:func:`.carriers.side_conflict`), never gets "promotes": that
class's probability goes to the other two before deciding. A narrative whose carrier the author
endorses or lets stand unchallenged (:func:`.carriers.endorsed_chorus`) is "promotes" whenever that is
the most probable stance, below the threshold too: the carrier is the evidence.

    >>> m = StanceModel(("bias",), np.zeros((3, 1)), threshold=0.5)
    >>> m.decide(np.array([1.0]))[0]
    'unclear'
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import ConfigError
from .carriers import NAMES as CARRIER_NAMES, PageView, carrier_features, endorsed_chorus, quoted_only, side_conflict
from .stance_features import NAMES as STANCE_NAMES, stance_features

STANCES = ("counters", "promotes", "reports-on")
UNCLEAR = "unclear"
FEATURE_SETS = {
    "stance": STANCE_NAMES,
    "carriers": CARRIER_NAMES,
    "stance+carriers": tuple(n for n in STANCE_NAMES if n != "bias") + tuple(f"carrier:{n}" for n in CARRIER_NAMES),
}
FILE = "stance.json"
VERSION = "stance-model-2.0.0"


def feature_vector(page: PageView, label: str, evidence: list[tuple[int, int]], feature_set: str) -> np.ndarray:
    """The features of ``feature_set`` (:data:`FEATURE_SETS`) for ``label`` with its evidence on ``page``."""
    parts = []
    if feature_set in ("stance", "stance+carriers"):
        own = [(s, e) for s, e, lab in page.hits if lab == label]
        vec = stance_features(page.text, page.lang, evidence, page.voices, own, page.title, page.techniques)
        parts.append(vec if feature_set == "stance" else vec[:-1])
    if feature_set in ("carriers", "stance+carriers"):
        parts.append(carrier_features(page, label, evidence))
    return np.concatenate(parts)


def no_promotes(carrier: np.ndarray) -> bool:
    """True when the carrier analysis rules "promotes" out (quoted material alone, or a side conflict)."""
    return quoted_only(carrier) or side_conflict(carrier)


@dataclass
class StanceModel:
    features: tuple[str, ...]          # feature names, in order (one of FEATURE_SETS)
    weights: np.ndarray                # (3, features), rows in STANCES order
    temperature: float = 1.0
    threshold: float = 0.0             # below this calibrated probability: UNCLEAR
    feature_set: str = "stance"
    meta: dict[str, Any] = field(default_factory=dict)   # CV numbers, C, training data
    promotes_threshold: float | None = None   # "promotes" is emitted from here (None: ``threshold``)

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        z = (self.weights @ x) / self.temperature
        p = np.exp(z - z.max())
        return p / p.sum()

    def decide(self, x: np.ndarray, quoted: bool = False, endorsed: bool = False) -> tuple[str, float, dict[str, float]]:
        """(stance or UNCLEAR, its calibrated probability, every stance's probability); ``quoted``:
        :func:`no_promotes` holds; ``endorsed``: :func:`.carriers.endorsed_chorus` holds."""
        p = self.probabilities(x)
        if quoted:  # quoted material alone, or the other side's narrative, never makes the author a promoter
            p = p.copy()
            p[STANCES.index("promotes")] = 0.0
            p = p / p.sum() if p.sum() > 0 else np.full(len(p), 1 / len(p))
        best = int(p.argmax())
        probs = {s: round(float(v), 4) for s, v in zip(STANCES, p)}
        floor = self.threshold if STANCES[best] != "promotes" or self.promotes_threshold is None \
            else max(self.threshold, self.promotes_threshold)
        emit = p[best] >= floor or (endorsed and not quoted and STANCES[best] == "promotes")
        return (STANCES[best] if emit else UNCLEAR), float(p[best]), probs

    def judge(self, page: PageView, label: str, evidence: list[tuple[int, int]],
              carrier: np.ndarray | None = None) -> tuple[str, float, dict[str, float]]:
        """:meth:`decide` on the features of ``label`` on ``page`` (``carrier``: its carrier features,
        when the caller has them already)."""
        x = feature_vector(page, label, evidence, self.feature_set)
        carrier = carrier_features(page, label, evidence) if carrier is None else carrier
        return self.decide(x, no_promotes(carrier), endorsed_chorus(carrier))

    def to_json(self) -> dict[str, Any]:
        return {"version": VERSION, "classes": list(STANCES), "feature_set": self.feature_set,
                "features": list(self.features), "weights": np.round(self.weights, 6).tolist(),
                "temperature": self.temperature, "threshold": self.threshold,
                "promotes_threshold": self.promotes_threshold, **self.meta}

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> "StanceModel":
        """The model of a ``stance.json`` object; ConfigError E009 when it does not fit this version."""
        fs = obj.get("feature_set")
        if fs not in FEATURE_SETS or list(FEATURE_SETS[fs]) != obj.get("features") or obj.get("classes") != list(STANCES):
            raise ConfigError("E009", path=FILE, detail="stance features or classes differ from this narrascope "
                                                    "version; refit with python -m narrascope.narratives.stance_fit")
        weights = np.asarray(obj["weights"], dtype=np.float64)
        if weights.shape != (len(STANCES), len(FEATURE_SETS[fs])):
            raise ConfigError("E009", path=FILE, detail=f"stance weights of shape {weights.shape}, expected "
                                                    f"{(len(STANCES), len(FEATURE_SETS[fs]))}; refit the stance model")
        meta = {k: v for k, v in obj.items() if k not in ("version", "classes", "feature_set", "features", "weights",
                                                          "temperature", "threshold", "promotes_threshold")}
        promotes = obj.get("promotes_threshold")
        return cls(tuple(obj["features"]), weights, float(obj["temperature"]), float(obj["threshold"]), fs, meta,
                   None if promotes is None else float(promotes))
