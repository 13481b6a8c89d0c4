"""Baselines of the evaluations on our annotations of the dev corpus (narratives, techniques, entities,
cleaning): trivial ones, and TF-IDF + LR ones trained on the TRAIN split of the same annotations.

Each ``*_baselines(options, settings, result)`` returns ``{"trivial": {...}, "trained": {...}}`` in the
shape of the runner's scores (see :mod:`narrascope.eval.baselines`); a trained baseline without train
pages (e.g. an annotation file of test pages only) says so in ``"status"`` and has no numbers::

    >>> from narrascope.eval.baselines.dev import no_training
    >>> no_training("roles")["status"]
    'trained baseline not available: no roles in the train split'

Sentence baselines split pages with the pipeline's own splitter (:func:`narrascope.text.sentences.split_sentences`).
"""
from __future__ import annotations

import collections
from pathlib import Path
from typing import Any

import numpy as np

from ...ingest.corpora import annotated_pages
from ...settings import Settings
from ...text.sentences import split_sentences
from .learn import MultiLabel, TextClassifier

TRAINED = "tf-idf + logreg"


def no_training(what: str) -> dict[str, Any]:
    return {"name": TRAINED, "status": f"trained baseline not available: no {what} in the train split"}


def corpus_rows(corpus: str | Path) -> dict[str, dict]:
    """Pages by id of ``corpus`` and the annotated corpora beside it (dev.jsonl, dev2.jsonl)."""
    return annotated_pages(corpus)


# --- narratives -------------------------------------------------------------------------------------

def _samples_f1_table(gold: list, pred_coarse: list[set[str]], pred_fine: list[set[str]], tax) -> dict[str, Any]:
    from ..narratives import samples_f1

    per: dict[str, dict[str, list[float]]] = collections.defaultdict(lambda: collections.defaultdict(list))
    for g, pc, pf in zip(gold, pred_coarse, pred_fine):
        gc = {l for l in g.labels if not tax[l].is_fine}
        gf = {l for l in g.labels if tax[l].is_fine}
        for lang in ("all", g.language):
            per[lang]["coarse"].append(samples_f1(gc, pc))
            per[lang]["fine"].append(samples_f1(gf, pf))
    return {lang: {"samples_f1_coarse": float(np.mean(d["coarse"])), "samples_f1_fine": float(np.mean(d["fine"]))}
            for lang, d in sorted(per.items())}


def _stance_text(g, label: str) -> str:
    spans = g.evidence.get(label) or []
    return " … ".join(g.text[s:e] for s, e in spans) or g.title or label


def _pair_scores(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """accuracy and false-promotes rate over (gold, predicted) stances; a baseline never abstains, so
    its accuracy on what it emits is its accuracy."""
    not_promotes = [p for w, p in pairs if w != "promotes"]
    acc = sum(w == p for w, p in pairs) / len(pairs) if pairs else None
    return {"accuracy": acc, "accuracy_emitted": acc, "coverage": 1.0 if pairs else None,
            "false_promotes_rate": sum(p == "promotes" for p in not_promotes) / len(not_promotes) if not_promotes else None,
            "narratives": len(pairs)}


def _stance_scores(pairs: list[tuple[str, str]], e2e: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    """Baseline stance scores in the runner's shape: oracle pairs, and end-to-end pairs when given."""
    out: dict[str, Any] = {"stance_oracle": {"model": _pair_scores(pairs)}}
    if e2e is not None:
        out["stance_end_to_end"] = _pair_scores(e2e)
    return out


def narratives_baselines(options: dict[str, Any], settings: Settings, result: dict[str, Any]) -> dict[str, Any]:
    from ...narratives import data
    from ...taxonomy import load_taxonomies
    from ..narratives import samples_f1

    corpus, split = Path(options["data"]), options.get("split") or "test"
    tax = load_taxonomies(tuple(options.get("taxonomy") or ()) or settings.taxonomies)
    test = data.all_annotations(tax, split=split, corpus=corpus)
    train = data.all_annotations(tax, split="train", corpus=corpus)
    coarse = lambda ex: {l for l in ex.labels if not tax[l].is_fine}  # noqa: E731
    fine = lambda ex: {l for l in ex.labels if tax[l].is_fine}  # noqa: E731
    # Trivial: "Other" for every page, or the most frequent train label for every page, whichever scores higher.
    candidates = {"Other for all": ([set()] * len(test), [set()] * len(test))}
    top_f: list[tuple[str, int]] = []
    if train:
        top_c = collections.Counter(l for ex in train for l in coarse(ex)).most_common(1)
        top_f = collections.Counter(l for ex in train for l in fine(ex)).most_common(1)
        if top_c:
            name = f"most frequent train label for all: {top_c[0][0]}"
            candidates[name] = ([{top_c[0][0]}] * len(test), [{top_f[0][0]} if top_f else set()] * len(test))
    tables = {n: _samples_f1_table(test, c, f, tax) for n, (c, f) in candidates.items()}
    best = max(tables, key=lambda n: (tables[n]["all"]["samples_f1_coarse"], n == "Other for all"))
    trivial: dict[str, Any] = {"name": best, "names": {}, **tables[best]}
    if best != "Other for all" and top_f:
        trivial["names"]["all.samples_f1_fine"] = f"most frequent train fine label for all: {top_f[0][0]}"
    train_stances = [(ex, l, s) for ex in train for l, s in ex.stances.items()]
    test_stances = [(ex, l, s) for ex in test for l, s in ex.stances.items()]
    # End to end: the narratives the pipeline found that have a gold stance, with the pipeline's evidence.
    matched = result.get("stance_matched") or []
    e2e_text = [text or label for _, label, _, text in matched]
    if train_stances:
        majority = collections.Counter(s for _, _, s in train_stances).most_common(1)[0][0]
        trivial.update(_stance_scores([(s, majority) for _, _, s in test_stances],
                                      [(want, majority) for _, _, want, _ in matched]))
        for path in ("stance_oracle.model.accuracy", "stance_oracle.model.accuracy_emitted", "stance_end_to_end.accuracy",
                     "stance_end_to_end.accuracy_emitted"):
            trivial["names"][path] = f"majority train stance: {majority}"
    if not train:
        return {"trivial": trivial, "trained": no_training("narrative pages")}
    objective = lambda g, p: float(np.mean([samples_f1(a, b) for a, b in zip(g, p)]))  # noqa: E731
    texts = [f"{ex.title}\n{ex.text}" for ex in train]
    test_texts = [f"{ex.title}\n{ex.text}" for ex in test]
    pred_c = MultiLabel(objective).fit(texts, [coarse(ex) for ex in train]).predict(test_texts)
    pred_f = MultiLabel(objective).fit(texts, [fine(ex) for ex in train]).predict(test_texts)
    trained: dict[str, Any] = {
        "name": f"{TRAINED} on the {len(train)} train pages (our annotations only; no synthetic/EUvsDisinfo)",
        **_samples_f1_table(test, pred_c, pred_f, tax)}
    if train_stances and len({s for _, _, s in train_stances}) > 1:
        clf = TextClassifier().fit([_stance_text(ex, l) for ex, l, _ in train_stances], [s for _, _, s in train_stances])
        got = clf.predict([_stance_text(ex, l) for ex, l, _ in test_stances])
        got_e2e = clf.predict(e2e_text) if e2e_text else []
        trained.update(_stance_scores([(s, p) for (_, _, s), p in zip(test_stances, got)],
                                      [(m[2], p) for m, p in zip(matched, got_e2e)]))
        trained["names"] = {**{p: f"{TRAINED} on the gold evidence text -> stance"
                               for p in ("stance_oracle.model.accuracy", "stance_oracle.model.accuracy_emitted")},
                            **{p: f"{TRAINED} on the pipeline's evidence text -> stance"
                               for p in ("stance_end_to_end.accuracy", "stance_end_to_end.accuracy_emitted")}}
    return {"trivial": trivial, "trained": trained}


# --- techniques -------------------------------------------------------------------------------------

def _technique_pages(options: dict[str, Any], split: str) -> list[dict[str, Any]]:
    from ...techniques.data import read_own_annotations
    from ..techniques import load_gold

    if options.get("annotations") or split != "train":
        return load_gold(split, [options["annotations"]] if options.get("annotations") else None)
    return read_own_annotations("train")


def _page_sentences(row: dict, gold: dict) -> list[tuple[int, int, str]]:
    start, end = min(s for s, _ in gold["body"]), max(e for _, e in gold["body"])
    body = row["text"][start:end]
    return [(start + s, start + e, body[s:e]) for s, e in split_sentences(body)]


def _sentence_labels(sents: list[tuple[int, int, str]], spans: list[dict], known: set[str]) -> list[set[str]]:
    return [{sp["technique"] for sp in spans if sp["technique"] in known and sp["start"] < e and sp["end"] > s}
            for s, e, _ in sents]


def _technique_scores(test: list[dict], predicted: dict[str, list[tuple[str, int, int]]]) -> dict[str, Any]:
    from ...tasks.ptc import span_scores

    by_lang: dict[str, tuple[dict, dict]] = {}
    for g in test:
        gold = [(s["technique"], s["start"], s["end"]) for s in g["spans"]]
        for lang in ("all", g.get("language") or "unknown"):
            gd, pd = by_lang.setdefault(lang, ({}, {}))
            gd[g["id"]], pd[g["id"]] = gold, predicted.get(g["id"], [])
    return {lang: {"span_labelled": span_scores(gd, pd, labelled=True), "span": span_scores(gd, pd, labelled=False)}
            for lang, (gd, pd) in sorted(by_lang.items())}


def techniques_baselines(options: dict[str, Any], settings: Settings, result: dict[str, Any]) -> dict[str, Any]:
    from ...tasks.semeval2023 import TECHNIQUES

    rows = corpus_rows(options["data"])
    known = set(TECHNIQUES)
    test = [g for g in _technique_pages(options, options.get("split") or "test") if g["id"] in rows]
    train = [g for g in _technique_pages(options, "train") if g["id"] in rows]
    test_sents = {g["id"]: _page_sentences(rows[g["id"]], g) for g in test}
    counts = collections.Counter(sp["technique"] for g in train for sp in g["spans"] if sp["technique"] in known)
    top = counts.most_common(1)[0][0] if counts else "Loaded_Language"
    every = {i: [(top, s, e) for s, e, _ in sents] for i, sents in test_sents.items()}
    trivial = {"name": f"every sentence is {top}", **_technique_scores(test, every)}
    train_sents = [(sents, g) for g in train for sents in [_page_sentences(rows[g["id"]], g)]]
    texts = [t for sents, _ in train_sents for _, _, t in sents]
    labels = [lab for sents, g in train_sents for lab in _sentence_labels(sents, g["spans"], known)]
    if not texts or not any(labels):
        return {"trivial": trivial, "trained": no_training("technique pages")}
    model = MultiLabel().fit(texts, labels)
    predicted = {}
    for page_id, sents in test_sents.items():
        got = model.predict([t for _, _, t in sents])
        predicted[page_id] = [(tech, s, e) for (s, e, _), techs in zip(sents, got) for tech in sorted(techs)]
    trained = {"name": f"sentence {TRAINED} one-vs-rest on the {len(train)} train pages' sentences",
               **_technique_scores(test, predicted)}
    return {"trivial": trivial, "trained": trained}
