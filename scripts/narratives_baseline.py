"""The bar the narratives model must clear: TF-IDF + logistic regression on the same training data.

TF-IDF of word 1-2-grams and character 2-5-grams (inside word boundaries), one logistic regression
per label (one-vs-rest), and one coarse and one fine threshold chosen by page-grouped
cross-validation on the train pages (never on test). Scored on the test split as
`narrascope eval narratives` scores (SemEval samples-F1; no label = {"Other"}; a predicted
narrative with no predicted subnarrative gets its "Other" subnarrative, as the component does).
Two trainings: exactly our annotated train pages, and those plus the synthetic articles and
EUvsDisinfo claims the shipped model also trains on. This is the development yardstick; the
official baseline lives in `eval`. Takes about a minute.

    PYTHONPATH=$PWD python scripts/narratives_baseline.py [--folds 4] [--seed 7] [--json]
"""
import argparse
import json

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from narrascope.eval.narratives import samples_f1
from narrascope.narratives import data
from narrascope.settings import Settings
from narrascope.taxonomy import load_taxonomies

GRID = np.round(np.arange(0.05, 0.95, 0.025), 3)


def _text(ex: data.Example) -> str:
    return f"{ex.title}\n{ex.text}".strip()


def fit_predict(train: list[data.Example], test: list[data.Example]) -> tuple[list[str], np.ndarray]:
    """Labels with >= 2 training positives, and their (len(test), labels) probabilities."""
    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, token_pattern=r"(?u)\b\w\w+\b")
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)
    texts = [_text(e) for e in train]
    X = sp.hstack([words.fit_transform(texts), chars.fit_transform(texts)], format="csr")
    T = sp.hstack([words.transform([_text(e) for e in test]), chars.transform([_text(e) for e in test])], format="csr")
    weight = np.array([e.weight for e in train])
    counts: dict[str, int] = {}
    for e in train:
        for lab in e.labels:
            counts[lab] = counts.get(lab, 0) + 1
    labels = sorted(lab for lab, n in counts.items() if n >= 2 and n < len(train))
    P = np.zeros((len(test), len(labels)))
    for j, lab in enumerate(labels):
        y = np.array([lab in e.labels for e in train])
        # The dual solver: far more n-gram features than documents, ~10x faster than the primal.
        clf = LogisticRegression(C=10.0, class_weight="balanced", solver="liblinear", dual=True, max_iter=1000)
        clf.fit(X, y, sample_weight=weight)
        P[:, j] = clf.predict_proba(T)[:, 1]
    return labels, P


def decide(tax, labels: list[str], probs: np.ndarray, t_coarse: float, t_fine: float) -> tuple[set, set]:
    coarse = {lab for lab, p in zip(labels, probs) if not tax[lab].is_fine and p >= t_coarse}
    fine = {lab for lab, p in zip(labels, probs) if tax[lab].is_fine and p >= t_fine and tax[lab].parent in coarse}
    for name in coarse - {tax[f].parent for f in fine}:
        other = tax.other_of(name)
        if other in tax:
            fine.add(other)
    return coarse, fine


def score(tax, gold: list[data.Example], labels, P, t_coarse, t_fine) -> tuple[float, float]:
    c, f = [], []
    for ex, row in zip(gold, P):
        coarse, fine = decide(tax, labels, row, t_coarse, t_fine)
        c.append(samples_f1({l for l in ex.labels if not tax[l].is_fine}, coarse))
        f.append(samples_f1({l for l in ex.labels if tax[l].is_fine}, fine))
    return float(np.mean(c)), float(np.mean(f))


def cv_thresholds(tax, pages: list[data.Example], extras: list[data.Example], folds: int, seed: int):
    """Out-of-fold probabilities of the train pages (extras always train), then the best thresholds."""
    ids = sorted({e.id for e in pages})
    order = np.random.RandomState(seed).permutation(len(ids))
    fold = {ids[j]: i % folds for i, j in enumerate(order)}
    oof: list[tuple[data.Example, list[str], np.ndarray]] = []
    for k in range(folds):
        held = [e for e in pages if fold[e.id] == k]
        labels, P = fit_predict([e for e in pages if fold[e.id] != k] + extras, held)
        oof += [(e, labels, row) for e, row in zip(held, P)]

    def mean_f1(tc, tf):
        c, f = zip(*(score(tax, [e], labs, row[None, :], tc, tf) for e, labs, row in oof))
        return float(np.mean(c)), float(np.mean(f))

    t_coarse = max(GRID, key=lambda t: (mean_f1(t, 1.1)[0], -abs(t - 0.5)))
    t_fine = max(GRID, key=lambda t: (mean_f1(t_coarse, t)[1], -abs(t - 0.5)))
    return float(t_coarse), float(t_fine), mean_f1(t_coarse, t_fine)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    tax = load_taxonomies(Settings().taxonomies)
    train, test = data.annotations(tax, split="train"), data.annotations(tax, split="test")
    results = {}
    for name, extras in (("train_pages", []), ("train_pages+synthetic+euvsdisinfo",
                                               [*data.synthetic(tax), *data.euvsdisinfo(tax)])):
        tc, tf, (cv_c, cv_f) = cv_thresholds(tax, train, extras, args.folds, args.seed)
        labels, P = fit_predict(train + extras, test)
        c, f = score(tax, test, labels, P, tc, tf)
        langs = {}
        for lang in sorted({e.language for e in test}):
            idx = [i for i, e in enumerate(test) if e.language == lang]
            lc, lf = score(tax, [test[i] for i in idx], labels, P[idx], tc, tf)
            langs[lang] = {"coarse": round(lc, 3), "fine": round(lf, 3), "pages": len(idx)}
        results[name] = {"threshold_coarse": tc, "threshold_fine": tf, "cv_coarse": round(cv_c, 3),
                         "cv_fine": round(cv_f, 3), "test_coarse": round(c, 3), "test_fine": round(f, 3),
                         "test_by_language": langs, "training_examples": len(train) + len(extras)}
        if not args.json:
            print(name, json.dumps(results[name]), flush=True)
    if args.json:
        print(json.dumps(results, indent=1))
        return
    for name, r in results.items():
        print(f"TF-IDF+LR on {name} ({r['training_examples']} examples): CV coarse {r['cv_coarse']:.3f} "
              f"fine {r['cv_fine']:.3f}; test coarse {r['test_coarse']:.3f} fine {r['test_fine']:.3f} "
              f"(thresholds {r['threshold_coarse']}/{r['threshold_fine']})")


if __name__ == "__main__":
    main()
