"""BERTScore, the official SemEval-2025 Task 10 subtask 3 metric (model: bert-base-multilingual-cased).

The official scorer calls the ``evaluate`` package's ``bertscore`` with
``model_type="bert-base-multilingual-cased"`` and its defaults: layer 9 of that model (bert_score's
table), no idf weighting, no baseline rescaling; it reports the mean precision, recall and F1 over
all (prediction, reference) pairs.

Loading, in this order:

1. the ``bert_score`` package if it is installed (``pip install bert-score``);
2. else ``transformers`` + ``torch`` with the same computation written out here: contextual
   embeddings of the chosen layer, special tokens left out, cosine similarity, greedy matching
   (P = mean over candidate tokens of the best match, R the same over reference tokens,
   F = 2PR / (P + R)).

``model`` is a hub name or a local directory (``--bertscore-model PATH``). There is no network
here: a hub name works only if the model is already in the local cache. When neither package is
installed, or the model cannot be loaded, :class:`~narrascope.errors.ConfigError` ``E010`` says
what to install and that no model hub is reachable offline. No number is ever made up.
"""
from __future__ import annotations

import math
from typing import Any, Sequence

from ..errors import ConfigError, PairingError

DEFAULT_MODEL = "bert-base-multilingual-cased"
DEFAULT_LAYER = 9  # bert_score's layer for bert-base-multilingual-cased

def _error(model: str, detail: str, package: str = "bert-score") -> ConfigError:
    return ConfigError("E010", model=model, detail=detail, package=package)


def greedy_match(sim: Sequence[Sequence[float]]) -> tuple[float, float, float]:
    """(P, R, F) from a candidate x reference cosine-similarity matrix (BERTScore without idf).

    An empty side gives (0, 0, 0), as bert_score does for an empty string.
    """
    if not sim or not sim[0]:
        return 0.0, 0.0, 0.0
    p = sum(max(row) for row in sim) / len(sim)
    r = sum(max(row[j] for row in sim) for j in range(len(sim[0]))) / len(sim[0])
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _cosine_matrix(a: list[list[float]], b: list[list[float]]) -> list[list[float]]:
    def unit(v: list[float]) -> list[float]:
        n = math.sqrt(sum(x * x for x in v)) or 1.0
        return [x / n for x in v]

    ua, ub = [unit(v) for v in a], [unit(v) for v in b]
    return [[sum(x * y for x, y in zip(u, w)) for w in ub] for u in ua]


class BertScorer:
    """Loads the model once; :meth:`score` returns per-pair precision, recall and F1 lists."""

    def __init__(self, model: str | None = None, num_layers: int | None = None, device: str | None = None,
                 batch_size: int = 16):
        self.model_name = str(model or DEFAULT_MODEL)
        self.num_layers = num_layers or DEFAULT_LAYER
        self.device = device or "cpu"
        self.batch_size = batch_size
        self.backend = ""
        self._impl: Any = None
        self._load()

    def _load(self) -> None:
        try:
            import bert_score  # type: ignore[import-not-found]
        except ImportError:
            bert_score = None
        if bert_score is not None:
            try:
                self._impl = bert_score.BERTScorer(model_type=self.model_name, num_layers=self.num_layers,
                                                   device=self.device, batch_size=self.batch_size)
            except Exception as exc:  # noqa: BLE001 - any loading failure becomes one coded error
                raise _error(self.model_name, f"the model could not be loaded ({type(exc).__name__}: {exc})") from exc
            self.backend = "bert_score"
            return
        try:
            import torch  # type: ignore[import-not-found]
            import transformers  # type: ignore[import-not-found]
        except ImportError as exc:
            raise _error(self.model_name, f"neither bert_score nor transformers+torch is installed ({exc})") from exc
        try:
            tokenizer = transformers.AutoTokenizer.from_pretrained(self.model_name)
            model = transformers.AutoModel.from_pretrained(self.model_name)
        except Exception as exc:  # noqa: BLE001
            raise _error(self.model_name, f"the model could not be loaded ({type(exc).__name__}: {exc})") from exc
        model.eval().to(self.device)
        self._impl = (torch, tokenizer, model)
        self.backend = "transformers"

    def _embed(self, text: str) -> list[list[float]]:
        torch, tokenizer, model = self._impl
        limit = min(getattr(tokenizer, "model_max_length", 512) or 512, 512)
        enc = tokenizer(text, return_tensors="pt", truncation=True, max_length=limit,
                        return_special_tokens_mask=True)
        special = enc.pop("special_tokens_mask")[0].tolist()
        with torch.no_grad():
            out = model(**{k: v.to(self.device) for k, v in enc.items()}, output_hidden_states=True)
        layer = out.hidden_states[self.num_layers][0].tolist()
        return [vec for vec, sp in zip(layer, special) if not sp]

    def score(self, candidates: Sequence[str], references: Sequence[str]) -> dict[str, list[float]]:
        if len(candidates) != len(references):
            raise PairingError("E030", what="BERTScore", detail=f"{len(candidates)} candidate(s) but "
                               f"{len(references)} reference(s); they must pair up one to one")
        if not candidates:
            return {"precision": [], "recall": [], "f1": []}
        if self.backend == "bert_score":
            p, r, f = self._impl.score(list(candidates), list(references))
            return {"precision": p.tolist(), "recall": r.tolist(), "f1": f.tolist()}
        out: dict[str, list[float]] = {"precision": [], "recall": [], "f1": []}
        for cand, ref in zip(candidates, references):
            p, r, f = greedy_match(_cosine_matrix(self._embed(cand), self._embed(ref)))
            out["precision"].append(p)
            out["recall"].append(r)
            out["f1"].append(f)
        return out


def bertscore(candidates: Sequence[str], references: Sequence[str], model: str | None = None,
              num_layers: int | None = None, device: str | None = None) -> dict[str, Any]:
    """Mean BERTScore precision, recall and F1 over the pairs, plus the per-pair lists and the model."""
    scorer = BertScorer(model, num_layers=num_layers, device=device)
    per_pair = scorer.score(candidates, references)
    n = len(per_pair["f1"])
    means = {k: (sum(v) / n if n else 0.0) for k, v in per_pair.items()}
    return {**means, "per_pair": per_pair, "model": scorer.model_name, "layer": scorer.num_layers,
            "backend": scorer.backend}
