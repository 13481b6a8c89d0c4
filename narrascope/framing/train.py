"""`narrascope train framing`: fit :class:`FramingModel` on SemEval-2025 subtask 1 annotations
(``--format semeval2025``, every language folder found, or ``--lang``) or on our own role
annotations of the dev corpus's train pages (``--format narrascope``).

The window, regularisation, the margin by which the model must beat the prior (a negative one
when the folds show the model's probabilities too modest) and the fine-role threshold are chosen
by page-grouped cross-validation on the training data only; the manifest records the folds'
scores of the model, of "always <majority>" and of a TF-IDF + logistic-regression baseline over
the words around the mentions, trained on the same folds. When the best model's main roles lose to
the prior on the folds, the saved model keeps the prior's main role (``margin`` 1.0) and adds only
its fine roles.

    >>> train("framing", ".", "narrascope", "models/framing")   # doctest: +SKIP
"""
from __future__ import annotations

import collections
import itertools
from pathlib import Path
from typing import Any, Callable

import numpy as np

from ..settings import Settings
from ..train import Trainer, register_trainer
from .data import Example, annotation_examples, semeval_examples
from .features import evidence, page_frame, page_rules
from .model import WINDOW, FramingModel, combine, context_counts, weigh
from .prior import MAINS, RolePrior

VERSION = "framing-model-3.0.0"
SEMEVAL_LICENCE = ("Weights derive from the training data and carry its terms. SemEval-2025 Task 10 data is "
                   "for research use only: do not redistribute a model trained on it.")
OUR_LICENCE = ("Trained on narrascope's own role annotations of the train pages of every annotated corpus "
               "(dev, dev2; resources/annotations/entities.*.jsonl: ids and offsets; Apache-2.0).")
# "evidence": which evidence features go beside the context words ("entity": identity x voice x page
# frame; "all": also the cue rules' verdict and the predicates); "ctx": the context words' weight.
GRID = {"window": (6, 12), "c": (3.0, 10.0, 30.0), "margin": (-0.3, -0.2, -0.1, 0.0, 0.1),
        "fine_threshold": (0.5, 1.01), "evidence": ("entity", "all"), "ctx": (0.0, 0.3)}
TEMPERATURES = (0.5, 0.7, 0.85, 1.0, 1.25, 1.5, 2.0, 3.0)
NEVER = 1.0  # a margin no probability beats: the prior's main role always stands
FOLDS = 5


def folds(examples: list[Example], k: int = FOLDS) -> list[list[int]]:
    """Example indices in ``k`` page-grouped folds, pages dealt by sorted id (deterministic)."""
    pages = sorted({e.page for e in examples})
    fold_of = {p: i % k for i, p in enumerate(pages)}
    return [[j for j, e in enumerate(examples) if fold_of[e.page] == i] for i in range(min(k, len(pages)))]


def _counts(examples: list[Example], window: int) -> list[dict[int, float]]:
    return [context_counts(e.text, e.places, e.lang, e.voice, e.etype, window) for e in examples]


def example_evidence(examples: list[Example], kind: str = "all") -> list[list[str]]:
    """Each example's evidence features (:func:`.features.evidence`); the cue rules run once a page
    on the page's gold mentions and voices. ``kind`` "entity" keeps only who the entity is."""
    by_page: dict[str, list[int]] = collections.defaultdict(list)
    for i, e in enumerate(examples):
        by_page[e.page].append(i)
    out: dict[int, list[str]] = {}
    for page, idx in sorted(by_page.items()):
        first = examples[idx[0]]
        frame = page_frame(first.text)
        recs = page_rules(first.text, first.lang, [(f"X{i}", examples[i].places) for i in idx], first.voices()) \
            if kind == "all" else {}
        for i in idx:
            e = examples[i]
            rec = recs.get((f"X{i}", e.voice)) or next((r for k, r in recs.items() if k[0] == f"X{i}"), None)
            feats = evidence(e.text, e.places, e.voice, e.etype, e.name, rec, frame)
            out[i] = feats if kind == "all" else [f for f in feats if not f.startswith(("rule:", "pred:"))]
    return [out[i] for i in range(len(examples))]


def _fit(ex: list[Example], counts: list[dict[int, float]], c: float, window: int,
         evidence_rows: list[list[str]] | None = None, ctx: float = 1.0, kind: str = "all") -> FramingModel:
    return FramingModel.fit(counts, [e.main for e in ex], [e.fine for e in ex], [e.lang for e in ex], c=c, window=window,
                            etypes=[e.etype for e in ex], evidence=evidence_rows, ctx_weight=ctx, evidence_kind=kind)


def ece(probs: list[float], hits: list[bool], bins: int = 10) -> float:
    """Expected calibration error of ``probs`` (confidence of each emitted role) against ``hits``."""
    if not probs:
        return 0.0
    p, h = np.array(probs), np.array(hits, dtype=float)
    idx = np.minimum((p * bins).astype(int), bins - 1)
    return float(sum(abs(p[idx == b].mean() - h[idx == b].mean()) * (idx == b).sum() for b in range(bins)
                     if (idx == b).any()) / len(p))


def temperature_of(logits: list[np.ndarray], gold: list[int]) -> float:
    """The temperature of the main-role softmax with the least log loss on held-out fold logits."""
    def loss(t: float) -> float:
        out = 0.0
        for z, y in zip(logits, gold):
            z = z / t
            out -= float(z[y] - z.max() - np.log(np.exp(z - z.max()).sum()))
        return out
    return min(TEMPERATURES, key=lambda t: (loss(t), abs(t - 1.0))) if logits else 1.0


def scores(gold: list[Example], pred: list[tuple[str, list[str]]]) -> dict[str, float]:
    n = max(1, len(gold))
    return {"main_role_accuracy": sum(g.main == p[0] for g, p in zip(gold, pred)) / n,
            "emr": sum(g.main == p[0] and set(g.fine) == set(p[1]) for g, p in zip(gold, pred)) / n, "roles": len(gold)}


def prior_predictions(train: list[Example], test: list[Example]) -> list[tuple[str, list[str]]]:
    """"Always <majority>" with the majority's most frequent fine roles (per language when learnt)."""
    prior = RolePrior.learn((e.lang, e.main, e.fine) for e in train)
    return [(prior.get(e.lang)["main"], prior.get(e.lang)["fine"]) for e in test]


def context_baseline(train: list[Example], test: list[Example], chars: int = 150) -> list[tuple[str, list[str]]]:
    """TF-IDF over the characters around the mentions + logistic regression for the main role; the
    main role's most frequent fine roles."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    def window(e: Example) -> str:
        return " ".join(e.text[max(0, s - chars):t + chars] for s, t in e.places)

    prior = RolePrior.learn((e.lang, e.main, e.fine) for e in train)
    if len({e.main for e in train}) < 2:
        return prior_predictions(train, test)
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)
    lr = LogisticRegression(max_iter=3000).fit(vec.fit_transform([window(e) for e in train]), [e.main for e in train])
    mains = lr.predict(vec.transform([window(e) for e in test]))
    return [(m, prior.table["all"]["fine_by_main"].get(m, [])) for m in mains]


_KEYS = ("window", "evidence", "ctx", "c")


def _points(grid: dict[str, tuple]) -> list[tuple]:
    """(window, evidence, ctx, c) points; without context words (ctx 0) the window does not matter."""
    pts = itertools.product(grid.get("window", (WINDOW,)), grid.get("evidence", ("all",)), grid.get("ctx", (1.0,)),
                            grid["c"])
    return sorted({(w if ctx > 0 else min(grid.get("window", (WINDOW,))), ev, ctx, c) for w, ev, ctx, c in pts})


def _decisions(model: FramingModel, outs: list[tuple[np.ndarray, np.ndarray, Example]], margin: float, fine: float,
               temperature: float = 1.0) -> list[tuple[str, list[str], float, str]]:
    res = []
    for logp, q, e in outs:
        z = logp / temperature
        p = np.exp(z - z.max())
        res.append(model.decide(p / p.sum(), q, e.lang, margin, e.etype, fine))
    return res


def cross_validate(examples: list[Example], grid: dict[str, tuple] | None = None) -> dict[str, Any]:
    """Page-grouped CV of every grid point, the prior and the context baseline; the best point by
    mean of main-role accuracy and EMR. The softmax temperature of the best point is the one with the
    least log loss on the folds, and its margin and fine threshold are chosen again at that temperature;
    "ece" is the calibration error of the roles the folds emit with evidence."""
    grid = grid or GRID
    parts = folds(examples)
    if len(parts) < 2:
        return {"folds": len(parts), "best": {"window": WINDOW, "evidence": "all", "ctx": 1.0, "c": 1.0, "margin": 0.0,
                                              "fine_threshold": 0.5, "temperature": 1.0}}
    # Per point: (log-probabilities, fine probabilities, example) of every held-out example, and a model to decide.
    held: dict[tuple, list[tuple[np.ndarray, np.ndarray, Example]]] = collections.defaultdict(list)
    deciders: dict[tuple, FramingModel] = {}
    gold_order: list[Example] = []
    base: dict[str, list[tuple[str, list[str]]]] = {"prior": [], "context_tfidf_lr": []}
    points = _points(grid)
    counts_by_window = {w: _counts(examples, w) for w in {p[0] for p in points}}
    evidence_by_kind = {k: example_evidence(examples, k) for k in {p[1] for p in points}}
    for test_idx in parts:
        out = set(test_idx)
        train_idx = [i for i in range(len(examples)) if i not in out]
        tr, te = [examples[i] for i in train_idx], [examples[i] for i in test_idx]
        gold_order.extend(te)
        base["prior"].extend(prior_predictions(tr, te))
        base["context_tfidf_lr"].extend(context_baseline(tr, te))
        for point in points:
            window, kind, ctx, c = point
            counts, ev = counts_by_window[window], evidence_by_kind[kind]
            model = _fit(tr, [counts[i] for i in train_idx], c, window, [ev[i] for i in train_idx], ctx, kind)
            deciders.setdefault(point, model)  # decide() reads only the prior and the fine labels
            for i, e in zip(test_idx, te):
                p, q = model.probabilities(combine(weigh(counts[i], model.idf), ev[i], ctx))
                held[point].append((np.log(np.maximum(p, 1e-12)), q, e))
    table: dict[tuple, dict[str, float]] = {}
    for point, outs in held.items():
        for margin, fine in itertools.product(grid["margin"], grid["fine_threshold"]):
            table[(*point, margin, fine)] = scores(gold_order, [d[:2] for d in _decisions(deciders[point], outs, margin,
                                                                                           fine)])
    # Ties go to the larger margin (nearer the prior), fewer features, smaller C, window and threshold.
    rank = lambda k: (table[k]["main_role_accuracy"] + table[k]["emr"], k[4], k[1] == "entity", -k[2], -k[3], -k[0],  # noqa: E731
                      -k[5])
    best = max(table, key=rank)
    point = best[:4]
    gold_idx = [MAINS.index(e.main) for e in gold_order]
    temperature = temperature_of([lp for lp, _, _ in held[point]], gold_idx)
    again = {(m, f): _decisions(deciders[point], held[point], m, f, temperature)
             for m, f in itertools.product(grid["margin"], grid["fine_threshold"])}
    margin, fine = max(again, key=lambda k: (scores(gold_order, [d[:2] for d in again[k]])["main_role_accuracy"]
                                             + scores(gold_order, [d[:2] for d in again[k]])["emr"], k[0], -k[1]))
    chosen = again[(margin, fine)]
    emitted = [(d[2], d[0] == g.main) for d, g in zip(chosen, gold_order) if d[3] == "model"]
    return {"folds": len(parts), "best": {**dict(zip(_KEYS, point)), "margin": margin, "fine_threshold": fine,
                                          "temperature": temperature},
            "model": scores(gold_order, [d[:2] for d in chosen]),
            "emitted_with_evidence": len(emitted), "ece": round(ece([p for p, _ in emitted], [h for _, h in emitted]), 4),
            "prior": scores(gold_order, base["prior"]), "context_tfidf_lr": scores(gold_order, base["context_tfidf_lr"]),
            "grid": {" ".join(f"{n}={v}" for n, v in zip((*_KEYS, "margin", "fine"), k)): round(v["main_role_accuracy"], 4)
                     for k, v in table.items()}}


def fit_examples(examples: list[Example], out_dir: Path, licence: str, source: str,
                 cv: Callable[[list[Example]], dict[str, Any]] = cross_validate) -> dict[str, Any]:
    chosen = cv(examples)
    best = chosen["best"]
    kind, ctx = best.get("evidence", "all"), float(best.get("ctx", 1.0))
    model = _fit(examples, _counts(examples, best["window"]), best["c"], best["window"], example_evidence(examples, kind),
                 ctx, kind)
    model.margin, model.fine_threshold = float(best["margin"]), float(best["fine_threshold"])
    model.temperature = float(best.get("temperature", 1.0))
    cv_model, cv_prior = chosen.get("model"), chosen.get("prior")
    if cv_model and cv_prior and cv_model["main_role_accuracy"] < cv_prior["main_role_accuracy"]:
        model.margin = NEVER  # held-out folds say the model's main roles lose to the prior: keep the prior's
    model.save(out_dir)
    mains = [e.main for e in examples]
    return {"version": VERSION, "examples": len(examples), "pages": len({e.page for e in examples}),
            "training_data": source, "training_data_licence": licence,
            "main_role_distribution": {m: mains.count(m) for m in MAINS if m in mains}, "prior_margin": model.margin,
            "cross_validation": {k: v for k, v in chosen.items() if k != "grid"}}


def fit_framing(data_dir: Path, data_format: str, out_dir: Path, **options: Any) -> dict[str, Any]:
    if data_format == "narrascope":
        corpus = data_dir if data_dir.suffix == ".jsonl" else Settings().dev_corpus
        examples = annotation_examples("train", corpus)
        pages = sorted({e.page.rsplit("-", 1)[0] for e in examples})
        return fit_examples(examples, out_dir, OUR_LICENCE, "narrascope annotations, train split "
                            f"(pages of {', '.join(pages)})")
    examples = semeval_examples(data_dir, options.get("lang"))
    return fit_examples(examples, out_dir, SEMEVAL_LICENCE, f"SemEval-2025 Task 10 subtask 1 ({data_dir.name})")


register_trainer(Trainer("framing", ("semeval2025", "narrascope"), fit_framing))
