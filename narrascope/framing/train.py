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
from .model import WINDOW, FramingModel, context_counts, weigh
from .prior import MAINS, RolePrior

VERSION = "framing-model-2.0.0"
SEMEVAL_LICENCE = ("Weights derive from the training data and carry its terms. SemEval-2025 Task 10 data is "
                   "for research use only: do not redistribute a model trained on it.")
OUR_LICENCE = ("Trained on narrascope's own role annotations of the dev corpus's train pages "
               "(resources/annotations/entities.*.jsonl: ids and offsets; Apache-2.0).")
GRID = {"window": (6, 12, 25), "c": (0.3, 1.0, 3.0, 10.0), "margin": (-0.2, -0.1, 0.0, 0.1, 0.2),
        "fine_threshold": (0.5, 1.01)}
NEVER = 1.0  # a margin no probability beats: the prior's main role always stands
FOLDS = 5


def folds(examples: list[Example], k: int = FOLDS) -> list[list[int]]:
    """Example indices in ``k`` page-grouped folds, pages dealt by sorted id (deterministic)."""
    pages = sorted({e.page for e in examples})
    fold_of = {p: i % k for i, p in enumerate(pages)}
    return [[j for j, e in enumerate(examples) if fold_of[e.page] == i] for i in range(min(k, len(pages)))]


def _counts(examples: list[Example], window: int) -> list[dict[int, float]]:
    return [context_counts(e.text, e.places, e.lang, e.voice, e.etype, window) for e in examples]


def _fit(ex: list[Example], counts: list[dict[int, float]], c: float, window: int) -> FramingModel:
    return FramingModel.fit(counts, [e.main for e in ex], [e.fine for e in ex], [e.lang for e in ex], c=c, window=window,
                            etypes=[e.etype for e in ex])


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


def cross_validate(examples: list[Example], grid: dict[str, tuple] | None = None) -> dict[str, Any]:
    """Page-grouped CV of every grid point, the prior and the context baseline; the best point by
    mean of main-role accuracy and EMR."""
    grid = grid or GRID
    parts = folds(examples)
    if len(parts) < 2:
        return {"folds": len(parts), "best": {"window": WINDOW, "c": 1.0, "margin": 0.0, "fine_threshold": 0.5}}
    results: dict[tuple, list[tuple[str, list[str]]]] = collections.defaultdict(list)
    gold_order: list[Example] = []
    base: dict[str, list[tuple[str, list[str]]]] = {"prior": [], "context_tfidf_lr": []}
    counts_by_window = {w: _counts(examples, w) for w in grid["window"]}
    for test_idx in parts:
        held = set(test_idx)
        train_idx = [i for i in range(len(examples)) if i not in held]
        tr, te = [examples[i] for i in train_idx], [examples[i] for i in test_idx]
        gold_order.extend(te)
        base["prior"].extend(prior_predictions(tr, te))
        base["context_tfidf_lr"].extend(context_baseline(tr, te))
        for window, c in itertools.product(grid["window"], grid["c"]):
            counts = counts_by_window[window]
            model = _fit(tr, [counts[i] for i in train_idx], c, window)
            probs = [model.probabilities(weigh(counts[i], model.idf)) for i in test_idx]
            for margin, fine in itertools.product(grid["margin"], grid["fine_threshold"]):
                results[(window, c, margin, fine)].extend(model.decide(p, q, e.lang, margin, e.etype, fine)[:2]
                                                          for (p, q), e in zip(probs, te))
    table = {key: scores(gold_order, pred) for key, pred in results.items()}
    # Ties go to the larger margin (nearer the prior), C 1, the smaller window and threshold.
    best = max(table, key=lambda k: (table[k]["main_role_accuracy"] + table[k]["emr"], k[2], k[1] == 1.0, -k[0], -k[3]))
    return {"folds": len(parts), "best": dict(zip(("window", "c", "margin", "fine_threshold"), best)), "model": table[best],
            "prior": scores(gold_order, base["prior"]), "context_tfidf_lr": scores(gold_order, base["context_tfidf_lr"]),
            "grid": {f"window={k[0]} c={k[1]} margin={k[2]} fine={k[3]}": round(v["main_role_accuracy"], 4)
                     for k, v in table.items()}}


def fit_examples(examples: list[Example], out_dir: Path, licence: str, source: str,
                 cv: Callable[[list[Example]], dict[str, Any]] = cross_validate) -> dict[str, Any]:
    chosen = cv(examples)
    best = chosen["best"]
    model = _fit(examples, _counts(examples, best["window"]), best["c"], best["window"])
    model.margin, model.fine_threshold = float(best["margin"]), float(best["fine_threshold"])
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
        return fit_examples(examples, out_dir, OUR_LICENCE, "narrascope annotations, train split "
                            f"({corpus.name} pages)")
    examples = semeval_examples(data_dir, options.get("lang"))
    return fit_examples(examples, out_dir, SEMEVAL_LICENCE, f"SemEval-2025 Task 10 subtask 1 ({data_dir.name})")


register_trainer(Trainer("framing", ("semeval2025", "narrascope"), fit_framing))
