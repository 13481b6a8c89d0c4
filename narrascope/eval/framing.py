"""Framing roles given the gold entities and voices, against our annotations of the dev corpus.

``narrascope eval entities`` scores framing end to end (a role counts only when our entities and
quote speakers found its entity and voice); this evaluation isolates the role decision, as
SemEval-2025 subtask 1 does: every gold (entity, voice) of the split gets a role from the gold
mentions of the entity in that voice, and is scored by main-role accuracy and exact match of the
fine roles (EMR), beside "always <majority>" and a TF-IDF + logistic-regression baseline over the
words around the mentions, both learnt from the train split in the same run.

    >>> result = evaluate_framing("../shared/data/corpora/dev.jsonl", split="test")   # doctest: +SKIP
    >>> result["all"]["model"]["main_role_accuracy"] >= result["all"]["prior"]["main_role_accuracy"]  # doctest: +SKIP
    True
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..article import Article
from ..components.framing import DEFAULT_MODEL, Framer, prior_fallback
from ..framing.data import Example, annotation_examples
from ..framing.model import FramingModel
from ..framing.prior import default_prior
from ..framing.rules import frame_entities
from ..framing.train import context_baseline, ece, example_evidence, prior_predictions, scores
from ..modeldir import load_model
from ..pipeline import Pipeline
from ..settings import Settings


def _rules(examples: list[Example]) -> list[tuple[str, list[str]]]:
    """The cue rules on each example's page, gold mentions and voices, with the prior as fallback."""
    prior = default_prior()
    pages: dict[str, list[int]] = {}
    for i, e in enumerate(examples):
        pages.setdefault(e.page, []).append(i)
    out: dict[int, tuple[str, list[str]]] = {}
    sentencer = Pipeline(["plain", "langid", "sentences"])
    for page, idx in sorted(pages.items()):
        text = examples[idx[0]].text
        art = next(iter(sentencer.pipe([Article.from_text(text, source=page)])))
        sentences = [(s.start, s.end) for s in art.layers["sentences"]]
        paragraphs = [(p.start, p.end) for p in art.layers["paragraphs"]] if "paragraphs" in art.layers else None
        # Each example is its own entity id in its own voice span set: the rules see gold mentions and voices.
        mentions = sorted((s, t, f"X{i}") for i in idx for s, t in examples[i].places)
        voices = examples[idx[0]].voices()
        recs = {(r["entity"], r["voice"]): r for r in frame_entities(text, examples[idx[0]].lang, mentions, voices, sentences,
                                                        None, paragraphs)}
        for i in idx:
            rec = recs.get((f"X{i}", examples[i].voice)) or next((r for k, r in recs.items() if k[0] == f"X{i}"), None)
            lang_prior = prior.get(examples[i].lang)
            typed = prior.fines(examples[i].lang, lang_prior["main"], examples[i].etype)
            main, fines, _, _ = prior_fallback(rec, lang_prior, typed) if rec else (lang_prior["main"], typed, 0.0, "prior")
            out[i] = (main, fines)
    return [out[i] for i in range(len(examples))]


def evaluate_framing(corpus: str | Path, split: str = "test", models: tuple[str, ...] = ()) -> dict[str, Any]:
    corpus = Path(corpus)
    train, test = annotation_examples("train", corpus), annotation_examples(split, corpus)
    model = load_model("framing", Settings(models=models), FramingModel.from_dir, default=DEFAULT_MODEL)
    preds: dict[str, list[tuple[str, list[str]]]] = {
        "prior": prior_predictions(train, test), "context_tfidf_lr": context_baseline(train, test),
        "rules": _rules(test)}
    calibration = None
    if model is not None:
        ev = example_evidence(test, model.evidence) if model.evidence else [None] * len(test)
        decided = [model.predict(model.vector(e.text, e.places, e.lang, e.voice, e.etype, x), e.lang, e.etype)
                   for e, x in zip(test, ev)]
        preds["model"] = [d[:2] for d in decided]
        emitted = [(d[2], d[0] == e.main) for d, e in zip(decided, test) if d[3] == "model"]
        calibration = {"emitted_with_evidence": len(emitted), "of": len(test),
                       "ece": round(ece([p for p, _ in emitted], [h for _, h in emitted]), 4),
                       "accuracy_with_evidence": round(sum(h for _, h in emitted) / max(1, len(emitted)), 4)}
    result: dict[str, Any] = {"split": split, "pages": len({e.page for e in test}), "train_roles": len(train),
                              "model": model.manifest.get("version") if model else None,
                              "pipeline": {"framing": Framer.version}}
    if model is not None:
        result["pipeline"]["framing_model"] = model.manifest.get("version")
        result["calibration"] = calibration
    for lang in ["all", *sorted({e.lang or "" for e in test})]:
        keep = [i for i, e in enumerate(test) if lang == "all" or e.lang == lang]
        result[lang] = {name: scores([test[i] for i in keep], [p[i] for i in keep]) for name, p in preds.items()}
    return result


def format_framing(result: dict[str, Any]) -> str:
    out = [f"framing roles given gold entities and voices on {result['pages']} {result['split']} page(s); "
           f"model {result['model'] or 'none (rules with the prior)'}; baselines learnt from {result['train_roles']} "
           f"train roles"]
    for lang in [k for k in result if isinstance(result[k], dict) and "prior" in result[k]]:
        for name, s in result[lang].items():
            out.append(f"  [{lang}] {name:18} main-role accuracy {s['main_role_accuracy']:.3f}  EMR {s['emr']:.3f}"
                       f"  ({s['roles']} roles)")
    if result.get("calibration"):
        c = result["calibration"]
        out.append(f"  model roles emitted with evidence (not the prior): {c['emitted_with_evidence']}/{c['of']}, "
                   f"accuracy {c['accuracy_with_evidence']:.3f}, ECE {c['ece']:.3f}")
    return "\n".join(out)
