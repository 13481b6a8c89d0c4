"""The bar for the techniques model on UNLP-2025: TF-IDF + logistic regression baselines trained
on the train part of our fixed split and scored on its held-out test part, with the task's own
scorer (:func:`narrascope.tasks.unlp2025.score`).

- subtask 1 (post techniques): TF-IDF of word 1-2-grams, one logistic regression per technique
  (liblinear, C=1, threshold 0.5); also reported with ``class_weight="balanced"``, the stronger
  of the two plain variants;
- subtask 2 (trigger tokens): one logistic regression over the TF-IDF of each token's ±2-word
  window (the token marked), tokens over 0.5 joined into spans.

    PYTHONPATH=$PWD python scripts/unlp_baseline.py ../shared/data/unlp2025

Prints one JSON object of scores (macro-F1 / token-F1). Nothing is written.
"""
import json
import sys

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from narrascope.tasks import unlp2025
from narrascope.tasks.metrics import tokens_with_offsets


def post_baseline(train, test, balanced: bool) -> dict:
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    X, Xt = vec.fit_transform([r["content"] for r in train]), vec.transform([r["content"] for r in test])
    pred = {r["id"]: [] for r in test}
    for tech in unlp2025.TECHNIQUES:
        y = np.array([tech in (r["techniques"] or []) for r in train])
        clf = LogisticRegression(C=1.0, solver="liblinear", class_weight="balanced" if balanced else None)
        clf.fit(X, y)
        for r, p in zip(test, clf.predict_proba(Xt)[:, 1]):
            if p >= 0.5:
                pred[r["id"]].append(tech)
    gold = {r["id"]: {"techniques": list(r["techniques"] or []), "trigger_words": [], "text": r["content"]}
            for r in test}
    return unlp2025.score(gold, pred, 1)


def _windows(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    toks = tokens_with_offsets(text)
    words = [text[s:e].lower() for s, e in toks]
    pad = ["<s>", "<s>"] + words + ["</s>", "</s>"]
    docs = [" ".join([pad[i], pad[i + 1], "T_" + words[i], pad[i + 3], pad[i + 4]]) for i in range(len(words))]
    return toks, docs


def span_baseline(train, test) -> dict:
    docs, ys = [], []
    for r in train:
        toks, windows = _windows(r["content"])
        gold = r["trigger_words"] or []
        docs += windows
        ys += [any(s < te and e > ts for s, e in gold) for ts, te in toks]
    vec = TfidfVectorizer(token_pattern=r"\S+", min_df=2, sublinear_tf=True)
    clf = LogisticRegression(C=1.0, solver="liblinear", max_iter=200).fit(vec.fit_transform(docs), np.array(ys))
    pred = {}
    for r in test:
        toks, windows = _windows(r["content"])
        on = clf.predict_proba(vec.transform(windows))[:, 1] >= 0.5 if toks else []
        pred[r["id"]] = unlp2025.merge_spans([[toks[i][0], toks[i][1]] for i in np.flatnonzero(on)])
    gold = {r["id"]: {"techniques": [], "trigger_words": [list(s) for s in (r["trigger_words"] or [])],
                      "text": r["content"]} for r in test}
    return unlp2025.score(gold, pred, 2)


def main(data_dir: str) -> None:
    train = unlp2025.read_posts(data_dir, split="train")
    test = unlp2025.read_posts(data_dir, split="test")
    out = {}
    for balanced in (False, True):
        res = post_baseline(train, test, balanced)
        out[f"subtask1_tfidf_lr{'_balanced' if balanced else ''}"] = {"macro_f1": round(res["macro_f1"], 4),
                                                                      "micro_f1": round(res["micro_f1"], 4)}
    res = span_baseline(train, test)
    out["subtask2_tfidf_lr"] = {"token_f1": round(res["token_f1"], 4)}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/unlp2025")
