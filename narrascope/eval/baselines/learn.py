"""The simple trained baselines: TF-IDF + logistic regression, deterministic, fitted on training data only.

- :class:`TextClassifier`: one label per text (word 1-2-grams + char_wb 2-5-grams, liblinear LR);
- :class:`MultiLabel`: one-vs-rest over the same features, one threshold for every label chosen by
  cross-validation on the TRAIN texts (never on the evaluated ones) to maximise a given objective;
- :class:`TokenTagger`: a per-token LR (the token, its neighbours, its char n-grams) for span tasks,
  its threshold chosen the same way.

::

    >>> clf = TextClassifier().fit(["war is peace", "cats purr", "war again", "cats sleep"], ["w", "c", "w", "c"])
    >>> clf.predict(["the war"])
    ['w']
"""
from __future__ import annotations

import collections
import re
from typing import Any, Callable, Sequence

import numpy as np

SEED = 0
C = 10.0  # fixed, not tuned: TF-IDF features on small corpora need a weak penalty
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.05, 0.96, 0.05))
_TOKEN = re.compile(r"\w+|[^\w\s]", re.UNICODE)


def vectorizer(n: int = 10):
    """Word 1-2-gram and char_wb 2-5-gram TF-IDF; char n-grams seen in one text only are dropped from n >= 10 texts."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    return FeatureUnion([
        ("word", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, min_df=1)),
        ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2 if n >= 10 else 1,
                                 max_features=200_000)),
    ])


def _lr():
    from sklearn.linear_model import LogisticRegression

    # dual: far faster when features outnumber the texts, as TF-IDF n-grams do
    return LogisticRegression(solver="liblinear", C=C, dual=True, max_iter=1000, random_state=SEED)


def _sgd_lr():
    """Logistic regression by SGD (log loss): the per-token baseline has 10^5+ rows, too many for liblinear."""
    from sklearn.linear_model import SGDClassifier

    return SGDClassifier(loss="log_loss", alpha=1e-5, max_iter=15, tol=None, random_state=SEED)


def folds(n: int, k: int = 5) -> list[tuple[np.ndarray, np.ndarray]]:
    """(train index, held-out index) pairs of a seeded k-fold split of ``n`` items (k <= n)."""
    k = min(k, n)
    if k < 2:
        return []
    order = np.random.RandomState(SEED).permutation(n)
    parts = np.array_split(order, k)
    return [(np.sort(np.concatenate(parts[:i] + parts[i + 1:])), np.sort(parts[i])) for i in range(k)]


class TextClassifier:
    """One label per text; a single training class predicts that class."""

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> "TextClassifier":
        self.classes = sorted(set(labels))
        self.majority = collections.Counter(labels).most_common(1)[0][0]
        if len(self.classes) > 1:
            from sklearn.multiclass import OneVsRestClassifier

            self.vec = vectorizer(len(texts)).fit(texts)
            # liblinear is binary: one-vs-rest over the classes (the same for two classes).
            self.model = OneVsRestClassifier(_lr()).fit(self.vec.transform(texts), list(labels))
        return self

    def predict(self, texts: Sequence[str]) -> list[str]:
        if len(self.classes) < 2 or not texts:
            return [self.majority] * len(texts)
        return [str(p) for p in self.model.predict(self.vec.transform(texts))]


def _fit_columns(x, y: np.ndarray) -> list[Any]:
    """One LR per label column of ``y``; a column with one value is that constant (0 or 1)."""
    return [float(y[0, j]) if y[:, j].min() == y[:, j].max() else _lr().fit(x, y[:, j]) for j in range(y.shape[1])]


def _probs(models: list[Any], x_out) -> np.ndarray:
    """P(label) per row of ``x_out`` for each fitted column."""
    out = np.zeros((x_out.shape[0], len(models)))
    for j, m in enumerate(models):
        out[:, j] = m if isinstance(m, float) else m.predict_proba(x_out)[:, 1]
    return out


def choose_threshold(probs: np.ndarray, gold: Any, decode: Callable[[np.ndarray, float], Any],
                     objective: Callable[[Any, Any], float]) -> float:
    """The threshold of :data:`THRESHOLDS` that maximises ``objective(gold, decode(probs, t))``; ties: nearest 0.5."""
    best = max(THRESHOLDS, key=lambda t: (objective(gold, decode(probs, t)), -abs(t - 0.5), -t))
    return float(best)


def micro_f1(gold: list[set[str]], pred: list[set[str]]) -> float:
    tp = sum(len(g & p) for g, p in zip(gold, pred))
    n = sum(map(len, gold)) + sum(map(len, pred))
    return 2 * tp / n if n else 1.0


class MultiLabel:
    """One-vs-rest LR; a label is predicted when P >= the CV-chosen threshold (``objective`` on train folds)."""

    def __init__(self, objective: Callable[[list[set[str]], list[set[str]]], float] = micro_f1, k: int | None = None):
        self.objective, self.k = objective, k

    def _decode(self, probs: np.ndarray, t: float) -> list[set[str]]:
        return [{self.labels[j] for j in np.flatnonzero(row >= t)} for row in probs]

    def fit(self, texts: Sequence[str], label_sets: Sequence[set[str]]) -> "MultiLabel":
        self.labels = sorted({l for s in label_sets for l in s})
        self.vec = vectorizer(len(texts)).fit(texts)
        x = self.vec.transform(texts)
        y = np.array([[l in s for l in self.labels] for s in label_sets], dtype=int).reshape(len(texts), -1)
        oof = np.zeros(y.shape)
        # 5 folds; 3 from 1,000 texts up, where the threshold is stable and the fits cost the most
        for tr, ho in folds(len(texts), self.k or (5 if len(texts) < 1000 else 3)):
            oof[ho] = _probs(_fit_columns(x[tr], y[tr]), x[ho])
        gold = [set(s) for s in label_sets]
        self.threshold = choose_threshold(oof, gold, self._decode, self.objective) if len(texts) > 1 else 0.5
        self.models = _fit_columns(x, y) if len(texts) else []
        return self

    def predict(self, texts: Sequence[str]) -> list[set[str]]:
        if not texts:
            return []
        return self._decode(_probs(self.models, self.vec.transform(texts)), self.threshold)


def tokens(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _token_features(text: str, toks: list[tuple[int, int]]) -> list[list[str]]:
    words = [text[s:e].lower() for s, e in toks]
    out = []
    for i, w in enumerate(words):
        padded = f"<{w}>"
        feats = [f"w={w}", f"p={words[i - 1] if i else '<s>'}", f"n={words[i + 1] if i + 1 < len(words) else '</s>'}",
                 f"pp={words[i - 2] if i > 1 else '<s>'}", f"nn={words[i + 2] if i + 2 < len(words) else '</s>'}",
                 f"cap={text[toks[i][0]].isupper()}", f"punct={not w[:1].isalnum()}"]
        feats += [f"c={padded[j:j + n]}" for n in (3, 4) for j in range(len(padded) - n + 1)]
        out.append(feats)
    return out


class TokenTagger:
    """Per-token LR: is the token inside a span? Spans out are runs of positive tokens (character offsets)."""

    def __init__(self, k: int = 3, objective: Callable[[np.ndarray, np.ndarray], float] | None = None):
        self.k, self.objective = k, objective

    def _matrix(self, texts: Sequence[str]):
        from sklearn.feature_extraction import FeatureHasher

        toks = [tokens(t) for t in texts]
        rows = [f for text, tk in zip(texts, toks) for f in _token_features(text, tk)]
        hasher = FeatureHasher(n_features=2 ** 20, input_type="string", alternate_sign=False)
        return toks, hasher.transform(rows) if rows else None

    def fit(self, texts: Sequence[str], spans: Sequence[list[tuple[int, int]]]) -> "TokenTagger":
        toks, x = self._matrix(texts)
        y = np.array([any(s < te and e > ts for s, e in sp) for tk, sp in zip(toks, spans) for ts, te in tk], dtype=int)
        self.constant = None if x is not None and y.min() != y.max() else (int(y[0]) if len(y) else 0)
        if self.constant is not None:
            return self
        doc_of = np.repeat(np.arange(len(texts)), [len(t) for t in toks])
        oof = np.zeros(len(y))
        for tr, ho in folds(len(texts), self.k):
            rows_tr, rows_ho = np.isin(doc_of, tr), np.isin(doc_of, ho)
            if y[rows_tr].min() == y[rows_tr].max():
                continue
            oof[rows_ho] = _sgd_lr().fit(x[rows_tr], y[rows_tr]).predict_proba(x[rows_ho])[:, 1]
        f1 = self.objective or (lambda g, p: 2 * (g & p).sum() / max(1, g.sum() + p.sum()))
        self.threshold = choose_threshold(oof, y.astype(bool), lambda pr, t: pr >= t, f1)
        self.model = _sgd_lr().fit(x, y)
        return self

    def predict(self, texts: Sequence[str]) -> list[list[tuple[int, int]]]:
        toks, x = self._matrix(texts)
        if x is None:
            return [[] for _ in texts]
        on = (np.full(x.shape[0], bool(self.constant)) if self.constant is not None
              else self.model.predict_proba(x)[:, 1] >= self.threshold)
        out, i = [], 0
        for tk in toks:
            spans: list[tuple[int, int]] = []
            for ts, te in tk:
                if on[i]:
                    spans.append((ts, te))
                i += 1
            out.append(spans)
        return [_join_runs(sp, text) for sp, text in zip(out, texts)]


def _join_runs(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Adjacent positive tokens separated only by white space become one span."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and not text[out[-1][1]:s].strip():
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out
