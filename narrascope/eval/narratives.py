"""Narratives and stance against our annotations of real dev-corpus pages
(``resources/annotations/narratives.jsonl``; guideline docs/annotation/narratives.md).

- Labels: SemEval-style samples-F1 (per-document F1 averaged; a document with no label is
  ``{"Other"}``), coarse and fine, per language and overall; the pages run through the full
  pipeline from their raw text (cleaning included).
- Calibration: expected calibration error (10 bins) of every scored coarse candidate.
- Stance, end to end: accuracy over gold narratives that were also predicted, and the
  false-promotes rate: the share of gold reports-on/counters narratives predicted as promotes.
- Stance, oracle: the trained stance head (and, for comparison, the rules) applied to every gold
  narrative with its gold evidence spans (text = the raw page, so gold offsets apply), which
  isolates stance from label errors.
"""
from __future__ import annotations

import collections
import json
from pathlib import Path
from typing import Any

import numpy as np

from ..article import Article
from ..narratives import data
from ..narratives.cues import cue_index
from ..narratives.stance import judge
from ..narratives.stance_features import technique_spans
from ..pipeline import Pipeline
from ..settings import Settings
from ..taxonomy import load_taxonomies

PIPELINE = ("clean", "langid", "sentences", "entities", "quotes", "techniques", "narratives")
ORACLE_PIPELINE = ("plain", "langid", "sentences", "entities", "quotes", "techniques")


def samples_f1(gold: set[str], pred: set[str]) -> float:
    g, p = gold or {"Other"}, pred or {"Other"}
    tp = len(g & p)
    return 2 * tp / (len(g) + len(p)) if tp else 0.0


def ece(probs: list[float], hits: list[bool], bins: int = 10) -> float:
    if not probs:
        return 0.0
    p, y = np.array(probs), np.array(hits, dtype=float)
    idx = np.minimum((p * bins).astype(int), bins - 1)
    return float(sum(abs(p[idx == b].mean() - y[idx == b].mean()) * (idx == b).sum()
                     for b in range(bins) if (idx == b).any()) / len(p))


def _article(page: dict[str, Any]) -> Article:
    art = Article.from_text(page["text"], source=page["id"], title=page.get("title"), url=page.get("url"),
                            outlet=page.get("outlet"))
    art.meta["task_id"] = page["id"]
    return art


def evaluate_narratives(corpus: str | Path | None = None, split: str = "test",
                        models: tuple[str, ...] = (), taxonomies: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Samples-F1, calibration and stance on the pages of ``split`` (``corpus``: ``Settings().dev_corpus``)."""
    settings = Settings().with_options(models=tuple(models), **({"taxonomies": tuple(taxonomies)} if taxonomies else {}))
    corpus = corpus or settings.dev_corpus
    tax = load_taxonomies(settings.taxonomies)
    pages = data.dev_pages(Path(corpus))
    gold = data.annotations(tax, split=split, corpus=Path(corpus))
    pipeline = Pipeline(list(PIPELINE), settings)
    analysed = {a.meta["task_id"]: a for a in pipeline.pipe([_article(pages[g.id]) for g in gold])}
    per: dict[str, dict[str, list]] = collections.defaultdict(lambda: collections.defaultdict(list))
    stance = collections.Counter()
    confusion: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    probs, hits = [], []
    for g in gold:
        art = analysed[g.id]
        spans = list(art.layers["narratives"]) if "narratives" in art.layers else []
        pred_coarse = {s.label for s in spans if s.attrs["level"] == "narrative"}
        pred_fine = {s.label for s in spans if s.attrs["level"] == "subnarrative"}
        gold_coarse = {l for l in g.labels if not tax[l].is_fine}
        gold_fine = {l for l in g.labels if tax[l].is_fine}
        for lang in ("all", g.language):
            per[lang]["coarse"].append(samples_f1(gold_coarse, pred_coarse))
            per[lang]["fine"].append(samples_f1(gold_fine, pred_fine))
        for s in spans:
            if s.attrs["level"] == "narrative":
                want = g.stances.get(s.label)
                if want:
                    stance["matched"] += 1
                    stance["correct"] += s.attrs["stance"] == want
                    confusion[want][s.attrs["stance"]] += 1
                    if want != "promotes":
                        stance["gold_not_promotes"] += 1
                        stance["false_promotes"] += s.attrs["stance"] == "promotes"
        for name, p in art.meta.get("narrative_candidates", {}).items():
            probs.append(p)
            hits.append(name in gold_coarse)
    result: dict[str, Any] = {"split": split, "pages": len(gold), "pipeline": pipeline.versions,
                              "taxonomies": tax.ids}
    for lang, d in sorted(per.items()):
        result[lang] = {"samples_f1_coarse": float(np.mean(d["coarse"])), "samples_f1_fine": float(np.mean(d["fine"])),
                        "pages": len(d["coarse"])}
    result["ece"] = ece(probs, hits)
    above = [(p, h) for p, h in zip(probs, hits) if p >= 0.1]
    result["ece_scores_over_0.1"] = ece([p for p, _ in above], [h for _, h in above])
    result["stance_end_to_end"] = {
        "matched_narratives": stance["matched"],
        "accuracy": stance["correct"] / stance["matched"] if stance["matched"] else None,
        "false_promotes_rate": stance["false_promotes"] / stance["gold_not_promotes"] if stance["gold_not_promotes"] else None,
        "confusion": {k: dict(v) for k, v in confusion.items()}}
    result["stance_oracle"] = _oracle_stance(gold, pages, tax, settings)
    return result


def _oracle_stance(gold: list[data.Example], pages: dict, tax, settings: Settings) -> dict[str, Any]:
    """Stance of every gold narrative from its gold evidence: the trained head and the rules."""
    from ..components.narratives import DEFAULT_MODEL, narrative_model
    from ..settings import model_for

    head = narrative_model(model_for(settings, "narratives") or str(DEFAULT_MODEL)).stance_head
    pipeline = Pipeline(list(ORACLE_PIPELINE), settings)
    analysed = {a.meta["task_id"]: a for a in pipeline.pipe([_article(pages[g.id]) for g in gold])}
    out: dict[str, Any] = {}
    for name, use in (("model", head), ("rules", None)):
        if name == "model" and head is None:
            continue
        c = collections.Counter()
        confusion: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        for g in gold:
            art = analysed[g.id]
            voices = [(v.start, v.end, v.label) for v in art.layers["voices"]]
            hits = cue_index(tax, g.language).find(art.text)
            for label, want in g.stances.items():
                evidence = [tuple(e) for e in g.evidence.get(label, [])]
                own = [(h.start, h.end) for h in hits if h.label == label or tax[h.label].parent == label]
                got = judge(art.text, g.language, evidence, voices, own, art.title or "", use,
                            technique_spans(art)).stance
                c["total"] += 1
                c["correct"] += got == want
                confusion[want][got] += 1
                if want != "promotes":
                    c["not_promotes"] += 1
                    c["false_promotes"] += got == "promotes"
        out[name] = {"narratives": c["total"], "accuracy": c["correct"] / c["total"] if c["total"] else None,
                     "false_promotes_rate": c["false_promotes"] / c["not_promotes"] if c["not_promotes"] else None,
                     "confusion": {k: dict(v) for k, v in confusion.items()}}
    return out


def format_narratives(result: dict[str, Any]) -> str:
    lines = [f"narratives on the {result['split']} split: {result['pages']} pages ({result['taxonomies']})"]
    for lang in [k for k in result if isinstance(result[k], dict) and "samples_f1_coarse" in result[k]]:
        r = result[lang]
        lines.append(f"  {lang:4} samples-F1 coarse {r['samples_f1_coarse']:.3f}  fine {r['samples_f1_fine']:.3f}"
                     f"  ({r['pages']} pages)")
    lines.append(f"  calibration ECE {result['ece']:.3f} (all coarse candidates); "
                 f"{result['ece_scores_over_0.1']:.3f} (candidates scored >= 0.1)")
    parts = [("stance_end_to_end", result["stance_end_to_end"])]
    parts += [(f"stance_oracle_{k}", v) for k, v in result["stance_oracle"].items()]
    for key, s in parts:
        acc = "n/a" if s["accuracy"] is None else f"{s['accuracy']:.3f}"
        fp = "n/a" if s["false_promotes_rate"] is None else f"{s['false_promotes_rate']:.3f}"
        n = s.get("matched_narratives", s.get("narratives"))
        lines.append(f"  {key}: accuracy {acc} over {n} narratives; false-promotes rate {fp}")
        lines.append(f"    confusion (gold -> predicted): {json.dumps(s['confusion'])}")
    return "\n".join(lines)
