"""Persuasion techniques against our own annotations of the dev corpus.

Gold: ``resources/annotations/techniques.{train,test}.jsonl`` (guideline:
docs/annotation/techniques.md; ids and offsets into the dev corpus, ``Settings().dev_corpus``). The
pipeline runs on each page's annotated body (first to last body range), so cleaning errors do
not count here, and predicted offsets are shifted back into the page.

Score: the SemEval-2020 Task 11 partial-overlap span P/R/F1 (:func:`tasks.ptc.span_scores`), with
technique labels (``span_labelled``, the ranking metric) and span-only (``span``), over all pages
and per language, plus per technique. Only the 23 SemEval-2023 labels of the guideline are scored:
UNLP-only labels (which the component emits in uk/ru posts) are outside the annotation scheme.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..article import Article
from ..pipeline import Pipeline
from ..settings import Settings
from ..techniques.data import read_own_annotations
from ..tasks.ptc import span_scores
from ..tasks.semeval2023 import TECHNIQUES

TECHNIQUE_PIPELINE = ("plain", "langid", "sentences", "entities", "quotes", "techniques")


def load_gold(split: str, annotations: list[str | Path] | None) -> list[dict[str, Any]]:
    if annotations:
        rows = [json.loads(line) for p in annotations for line in Path(p).read_text(encoding="utf-8").splitlines()
                if line.strip()]
        return [r for r in rows if split == "all" or r.get("split") == split]
    return read_own_annotations(split)


def evaluate_techniques(corpus: str | Path | None = None, split: str = "test",
                        annotations: list[str | Path] | None = None, settings: Settings | None = None) -> dict[str, Any]:
    """Span F1 (labelled and span-only), overall and per language, on the pages of ``split``
    (``corpus`` defaults to ``settings.dev_corpus``)."""
    corpus = corpus or (settings or Settings()).dev_corpus
    rows = {}
    for line in Path(corpus).read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            rows[row["id"]] = row
    gold_pages = [g for g in load_gold(split, annotations) if g["id"] in rows]
    inputs, offsets = [], {}
    for g in gold_pages:
        start, end = min(s for s, _ in g["body"]), max(e for _, e in g["body"])
        art = Article.from_text(rows[g["id"]]["text"][start:end], source=g["id"])
        art.meta["task_id"] = g["id"]
        if g.get("language"):
            art.meta["language_given"] = g["language"]
        inputs.append(art)
        offsets[g["id"]] = start
    pipeline = Pipeline(list(TECHNIQUE_PIPELINE), settings=settings)
    analysed = {a.meta["task_id"]: a for a in pipeline.pipe(inputs)}
    known = set(TECHNIQUES)
    by_lang: dict[str, tuple[dict, dict]] = {}
    for g in gold_pages:
        art, off = analysed[g["id"]], offsets[g["id"]]
        layer = art.layers.get("techniques")
        pred = [(s.label, s.start + off, s.end + off) for s in (layer.spans if layer else []) if s.label in known]
        gold = [(s["technique"], s["start"], s["end"]) for s in g["spans"]]
        for lang in ("all", g.get("language") or "unknown"):
            gd, pd = by_lang.setdefault(lang, ({}, {}))
            gd[g["id"]], pd[g["id"]] = gold, pred
    result: dict[str, Any] = {"split": split, "pages": len(gold_pages), "pipeline": pipeline.versions,
                              "failed_pages": sorted(i for i, a in analysed.items() if a.failed)}
    for lang, (gd, pd) in sorted(by_lang.items()):
        result[lang] = {"span_labelled": span_scores(gd, pd, labelled=True), "span": span_scores(gd, pd, labelled=False),
                        "pages": len(gd), "gold_spans": sum(map(len, gd.values())),
                        "predicted_spans": sum(map(len, pd.values()))}
    return result


def format_techniques(result: dict[str, Any]) -> str:
    out = [f"techniques on {result['pages']} {result['split']} page(s); "
           + ", ".join(f"{k} {v}" for k, v in result["pipeline"].items())]
    f = lambda d: f"P {d['precision']:.3f} R {d['recall']:.3f} F1 {d['f1']:.3f}"  # noqa: E731
    for lang in [k for k in result if isinstance(result[k], dict) and "span" in result[k]]:
        r = result[lang]
        out.append(f"  [{lang}] with labels {f(r['span_labelled'])} | span only {f(r['span'])} | "
                   f"{r['pages']} pages, {r['gold_spans']} gold, {r['predicted_spans']} predicted spans")
    per = (result.get("all") or {}).get("span_labelled", {}).get("per_label", {})
    for label, d in per.items():
        out.append(f"    {label:36} {f(d)}")
    if result.get("failed_pages"):
        out.append(f"  pages a component failed on: {', '.join(result['failed_pages'])}")
    return "\n".join(out)
