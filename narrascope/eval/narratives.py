"""Narratives and stance against our annotations of real dev-corpus pages
(``resources/annotations/narratives.jsonl``; guideline docs/annotation/narratives.md).

- Labels: SemEval-style samples-F1 (per-document F1 averaged; a document with no label is
  ``{"Other"}``), coarse and fine, per language and overall; the pages run through the full
  pipeline from their raw text (cleaning included).
- Calibration: expected calibration error (10 bins) of every scored coarse candidate.
- Stance, end to end: over gold narratives that were also predicted (:mod:`.stance` tables: accuracy,
  coverage, accuracy and ECE on what is emitted, false-promotes; overall, per language, per
  viewpoint), and the share of pages that push nothing given a "promotes".
- Stance, oracle: the stance model (calibrated, abstaining; the old stance head and the rules for
  comparison) applied to every gold narrative with its gold evidence spans (text = the raw page, so
  gold offsets apply), which isolates stance from label errors.

Gold is read from every annotated corpus (:func:`narrascope.narratives.data.all_annotations`: dev and
dev2, their pages looked up by id in both corpora).
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
from ..narratives.stance_fit import page_view
from .stance import Decision, format_stance, page_false_promotes, stance_table
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
    gold = data.all_annotations(tax, split=split, corpus=Path(corpus))
    pipeline = Pipeline(list(PIPELINE), settings)
    analysed = {a.meta["task_id"]: a for a in pipeline.pipe([_article(pages[g.id]) for g in gold])}
    per: dict[str, dict[str, list]] = collections.defaultdict(lambda: collections.defaultdict(list))
    decisions: list[Decision] = []
    matched: list[list] = []
    page_stances: dict[str, tuple[set[str], set[str]]] = {}
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
        viewpoint = pages[g.id].get("viewpoint") or "unknown"
        coarse_spans = [s for s in spans if s.attrs["level"] == "narrative"]
        page_stances[g.id] = (set(g.stances.values()), {s.attrs["stance"] for s in coarse_spans})
        for s in coarse_spans:
            want = g.stances.get(s.label)
            if want:
                probs_of = s.attrs.get("stance_probs") or {}
                best = max(probs_of, key=probs_of.get) if probs_of else s.attrs["stance"]
                decisions.append(Decision(g.id, g.language, viewpoint, want, s.attrs["stance"],
                                          float(s.attrs["stance_score"]), best))
                # the evidence text (offsets are into the cleaned text), for the trained baseline
                matched.append([g.id, s.label, want, " … ".join(art.text[a:b] for a, b in s.attrs["evidence"])])
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
    table = stance_table(decisions)
    result["stance_end_to_end"] = {**table["all"], "matched_narratives": len(decisions), "groups": table,
                                   "pages_false_promotes": page_false_promotes(page_stances)}
    result["stance_matched"] = matched   # (page, label, gold, evidence text): for the baselines; a detail
    result["stance_oracle"] = _oracle_stance(gold, pages, tax, settings)
    return result


def _oracle_stance(gold: list[data.Example], pages: dict, tax, settings: Settings) -> dict[str, Any]:
    """Stance of every gold narrative from its gold evidence: the stance model ("model"), the older
    stance head ("head") and the rules ("rules"), each as a :func:`.stance.stance_table`."""
    from ..components.narratives import DEFAULT_MODEL, narrative_model
    from ..settings import model_for

    nm = narrative_model(model_for(settings, "narratives") or str(DEFAULT_MODEL))
    pipeline = Pipeline(list(ORACLE_PIPELINE), settings)
    analysed = {a.meta["task_id"]: a for a in pipeline.pipe([_article(pages[g.id]) for g in gold])}
    deciders = {"model": nm.stance_model, "head": nm.stance_head, "rules": None}
    if nm.stance_model is None:  # an older model: its head is "the model"
        deciders = {"model": nm.stance_head, "rules": None} if nm.stance_head is not None else {"rules": None}
    out: dict[str, Any] = {}
    for name, use in deciders.items():
        decisions = []
        for g in gold:
            art = analysed[g.id]
            voices = [(v.start, v.end, v.label) for v in art.layers["voices"]]
            hits = cue_index(tax, g.language).find(art.text)
            page = page_view(art, tax)
            viewpoint = pages[g.id].get("viewpoint") or "unknown"
            for label, want in g.stances.items():
                evidence = [tuple(e) for e in g.evidence.get(label, [])]
                if name == "model" and nm.stance_model is not None:
                    got, p, probs = nm.stance_model.judge(page, label, evidence)
                    decisions.append(Decision(g.id, g.language, viewpoint, want, got, p, max(probs, key=probs.get)))
                    continue
                own = [(h.start, h.end) for h in hits if h.label == label or tax[h.label].parent == label]
                st = judge(art.text, g.language, evidence, voices, own, art.title or "", use, technique_spans(art))
                decisions.append(Decision(g.id, g.language, viewpoint, want, st.stance, st.score))
        table = stance_table(decisions)
        out[name] = {**table["all"], "groups": table}
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
        lines += format_stance(key, s.get("groups") or {"all": s})
        lines.append(f"    confusion (gold -> emitted): {json.dumps(s['confusion'])}")
    pf = result["stance_end_to_end"].get("pages_false_promotes")
    if pf and pf["rate"] is not None:
        lines.append(f"  pages that push nothing given a \"promotes\": {pf['rate']:.3f} "
                     f"({pf['with_false_promotes']}/{pf['pages_pushing_nothing']})")
    return "\n".join(lines)
