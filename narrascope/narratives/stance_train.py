"""Fit the stance head from labelled narratives with evidence (our annotations of real pages;
a user's JSONL may give stance without evidence, then the narrative's cue sentences stand in)."""
from __future__ import annotations

import numpy as np
from sklearn.linear_model import LogisticRegression

from ..article import Article
from ..pipeline import Pipeline
from ..taxonomy import TaxonomySet
from . import data
from .cues import cue_index
from .stance import STANCES, StanceHead
from .stance_features import stance_features, technique_spans

VOICE_PIPELINE = ("plain", "langid", "sentences", "entities", "quotes", "techniques")
MIN_EXAMPLES = 20


def analyse_labelled(examples: list[data.Example]) -> tuple[list[data.Example], dict[str, Article]]:
    """The examples that carry a stance, and each one analysed by :data:`VOICE_PIPELINE`, by id."""
    with_stance = [ex for ex in examples if ex.stances]
    arts = []
    for ex in with_stance:
        art = Article.from_text(ex.text, source=ex.id, title=ex.title or None)
        art.meta["task_id"] = ex.id
        arts.append(art)
    return with_stance, {a.meta["task_id"]: a for a in Pipeline(list(VOICE_PIPELINE)).pipe(arts)}


def stance_rows(examples: list[data.Example], tax: TaxonomySet) -> tuple[np.ndarray, list[str], list[str]]:
    """Feature rows, gold stances and example ids for every labelled (example, narrative)."""
    with_stance, analysed = analyse_labelled(examples)
    X, y, ids = [], [], []
    for ex in with_stance:
        art = analysed[ex.id]
        voices = [(v.start, v.end, v.label) for v in art.layers["voices"]]
        hits = cue_index(tax, ex.language).find(art.text)
        for name, stance in ex.stances.items():
            own = [(h.start, h.end) for h in hits if h.label == name or tax[h.label].parent == name]
            evidence = [tuple(e) for e in ex.evidence.get(name, [])]
            if not evidence:
                sentences = [(x.start, x.end) for x in art.layers["sentences"]]
                evidence = [s for s in sentences if any(s[0] <= a < s[1] for a, _ in own)][:3] or sentences[:2]
            X.append(stance_features(art.text, ex.language, evidence, voices, own, art.title or "",
                                     technique_spans(art)))
            y.append(stance)
            ids.append(ex.id)
    return (np.array(X) if X else np.zeros((0, 0))), y, ids


def fit_stance(examples: list[data.Example], tax: TaxonomySet, C: float = 0.3) -> StanceHead | None:
    """A stance head, or None when there are too few labelled narratives (the rules decide then)."""
    X, y, _ = stance_rows(examples, tax)
    if len(y) < MIN_EXAMPLES or len(set(y)) < 2:
        return None
    clf = LogisticRegression(C=C, max_iter=3000, class_weight="balanced", fit_intercept=False)
    clf.fit(X, y)
    weights = np.zeros((len(STANCES), X.shape[1]))
    for i, cls in enumerate(clf.classes_):
        row = clf.coef_[i] if len(clf.classes_) > 2 else (clf.coef_[0] if i == 1 else -clf.coef_[0])
        weights[STANCES.index(cls)] = row
    for cls in STANCES:  # a class never seen in training is never predicted
        if cls not in clf.classes_:
            weights[STANCES.index(cls)] = -1e3
    return StanceHead(weights)
