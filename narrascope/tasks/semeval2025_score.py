"""SemEval-2025 Task 10 scorers, re-implementing the official ones, paired by article id.

The official scorers (subtask1_scorer.py, subtask2_scorer.py, subtask3_scorer.py in the task's
release) refuse prediction files whose ids differ from gold; the ST2 and ST3 ones then pair rows in
file order. Here gold and predictions are always paired by id (:func:`doc_key`): a gold document or
mention without a prediction counts as an empty prediction; predictions for ids (or mentions) not in
gold are counted in ``unmatched_predictions`` and otherwise ignored. When an id has several
prediction rows, the last one counts (as in the official dict-based readers) and
``duplicate_predictions`` says so.

ST1 (entity framing), mentions matched by (article id, start, end):
  - ``emr`` (official ranking metric): share of gold mentions whose predicted SET of fine roles
    equals the gold set. (The official code compares the ordered role list together with the main
    role; role order carries no meaning, and the fine roles determine the main role.)
  - ``micro_*`` / ``macro_*`` P/R/F1 over fine roles, labels = every role seen in gold or
    predictions, with sklearn's ``zero_division=1`` as the official scorer sets it: a role never
    predicted has precision 1.0, a role never in gold has recall 1.0 (both have F1 0.0).
  - ``main_role_accuracy`` over gold mentions.
ST2 (narratives), official ``samples``-style F1: per gold document, a one-hot vector over the
label inventory (coarse: narratives + ``Other``; fine: subnarratives incl. every ``X: Other`` +
``Other``), sklearn binary F1 with ``zero_division=0``, then mean and population std
(numpy ``std``) over documents. So ``Other`` is a label like any other (gold ``Other`` vs predicted
``Other`` is 1.0); a duplicate label is counted once; a label not in the inventory is ignored, as the
official scorer does (listed under ``ignored_labels``); an empty prediction gives 0.0; and a document
whose gold and predicted vectors are both empty also gives 0.0 (zero_division=0; cannot happen with
real gold, whose rows always hold a label).
ST3 (explanations): the official metric is BERTScore F1 (bert-base-multilingual-cased), computed
only when a model is given (``bertscore_model=``); otherwise ``not_computed`` says why. Always
reported: the offline proxies ``rouge_l_f1`` and ``token_f1`` (:mod:`.text_overlap`, never named
BERTScore), ``over_80_words`` (the task's limit) and, when predictions carry labels, the accuracy
of the dominant narrative and subnarrative.
"""
from __future__ import annotations

from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from ..errors import ConfigError
from .metrics import mean_std, prf, tally
from .semeval2025_format import ExplanationRow, Mention, NarrativeRow, doc_key
from .text_overlap import overlap_scores

NARRATIVE_LABELS = "taxonomy/semeval2025_narratives.txt"
ENTITY_ROLES = "taxonomy/semeval2025_entity_roles.txt"
MAX_WORDS = 80


def _taxonomy_text(path: str | Path | None, default: str) -> str:
    if path:
        return Path(path).read_text(encoding="utf-8")
    return resources.files("narrascope.resources").joinpath(default).read_text(encoding="utf-8")


def load_narrative_labels(path: str | Path | None = None) -> tuple[list[str], list[str]]:
    """(coarse, fine) label names: lines under ``# coarse`` and ``# fine``; other ``#`` lines are comments."""
    coarse: list[str] = []
    fine: list[str] = []
    section = None
    for line in _taxonomy_text(path, NARRATIVE_LABELS).splitlines():
        line = line.strip()
        if line.startswith("#"):
            word = line.lstrip("#").strip().split(" ")[0].lower() if line.lstrip("#").strip() else ""
            section = word if word in ("coarse", "fine") else section
        elif line and section:
            (coarse if section == "coarse" else fine).append(line)
    return coarse, fine


def load_entity_roles(path: str | Path | None = None) -> dict[str, list[str]]:
    """Main role -> fine roles, from lines ``Main: Fine, Fine``."""
    roles: dict[str, list[str]] = {}
    for line in _taxonomy_text(path, ENTITY_ROLES).splitlines():
        if line.strip() and not line.lstrip().startswith("#") and ":" in line:
            main, fine = line.split(":", 1)
            roles[main.strip()] = [f.strip() for f in fine.split(",") if f.strip()]
    return roles


def _by_id(rows: Iterable[Any], key=lambda r: doc_key(r.article_id)) -> tuple[dict[Any, Any], int]:
    out: dict[Any, Any] = {}
    dupes = 0
    for row in rows:
        k = key(row)
        dupes += k in out
        out[k] = row
    return out, dupes


def _name(key: Any) -> str:
    return key if isinstance(key, str) else f"{key[0]}:{key[1]}-{key[2]}"


def _pairing(gold: dict, pred: dict, dupes: int) -> dict[str, Any]:
    unmatched = sorted(_name(k) for k in pred if k not in gold)
    return {"unmatched_predictions": len(unmatched), "unmatched_prediction_ids": unmatched,
            "duplicate_predictions": dupes}


def _prf_zero_division_1(tp: int, fp: int, fn: int) -> dict[str, float]:
    """sklearn's P/R/F1 with ``zero_division=1`` (the official ST1 setting)."""
    out = prf(tp, fp, fn)
    if tp + fp == 0:
        out["precision"] = 1.0
    if tp + fn == 0:
        out["recall"] = 1.0
    if tp + fp + fn == 0:
        out["f1"] = 1.0
    return out


def score_entity_framing(gold: Iterable[Mention], predictions: Iterable[Mention],
                         roles_path: str | Path | None = None) -> dict[str, Any]:
    gold_by, _ = _by_id(gold, key=lambda m: m.key)
    pred_by, dupes = _by_id(predictions, key=lambda m: m.key)
    known = {r for fine in load_entity_roles(roles_path).values() for r in fine}
    tp: Counter = Counter()
    fp: Counter = Counter()
    fn: Counter = Counter()
    exact = main_ok = 0
    for key, g in gold_by.items():
        p = pred_by.get(key)
        g_set = set(g.fine_roles)
        p_set = set(p.fine_roles) if p else set()
        exact += g_set == p_set
        main_ok += p is not None and p.main_role == g.main_role
        tally(g_set, p_set, tp, fp, fn)
    n = len(gold_by)
    labels = sorted(set(tp) | set(fp) | set(fn))
    per_label = {lab: _prf_zero_division_1(tp[lab], fp[lab], fn[lab]) for lab in labels}
    micro = _prf_zero_division_1(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    macro = {k: (sum(v[k] for v in per_label.values()) / len(labels) if labels else 0.0)
             for k in ("precision", "recall", "f1")}
    unknown = sorted({r for k, p in pred_by.items() if k in gold_by for r in p.fine_roles} - known)
    return {
        "emr": exact / n if n else 0.0,
        **{f"micro_{k}": v for k, v in micro.items()},
        **{f"macro_{k}": v for k, v in macro.items()},
        "main_role_accuracy": main_ok / n if n else 0.0,
        "mentions": n, "predicted_mentions": sum(k in gold_by for k in pred_by),
        **_pairing(gold_by, pred_by, dupes), "unknown_roles": unknown, "per_label": per_label,
    }


def _doc_f1(gold: set[str], pred: set[str], classes: set[str]) -> float:
    g, p = gold & classes, pred & classes
    tp = len(g & p)
    return prf(tp, len(p - g), len(g - p))["f1"]  # all zero -> 0.0 (zero_division=0)


def score_narratives(gold: Iterable[NarrativeRow], predictions: Iterable[NarrativeRow],
                     labels_path: str | Path | None = None) -> dict[str, Any]:
    coarse, fine = load_narrative_labels(labels_path)
    coarse_set, fine_set = set(coarse), set(fine)
    gold_by, _ = _by_id(gold)
    pred_by, dupes = _by_id(predictions)
    f_coarse, f_fine = [], []
    ignored: set[str] = set()
    for key, g in gold_by.items():
        p = pred_by.get(key) or NarrativeRow(g.article_id)
        f_coarse.append(_doc_f1(set(g.narratives), set(p.narratives), coarse_set))
        f_fine.append(_doc_f1(set(g.subnarratives), set(p.subnarratives), fine_set))
        ignored |= (set(p.narratives) - coarse_set) | (set(p.subnarratives) - fine_set)
    (mc, sc), (mf, sf) = mean_std(f_coarse), mean_std(f_fine)
    return {"f1_coarse": mc, "f1_coarse_std": sc, "f1_fine": mf, "f1_fine_std": sf,
            "documents": len(gold_by), "predicted_documents": sum(k in gold_by for k in pred_by),
            **_pairing(gold_by, pred_by, dupes), "ignored_labels": sorted(ignored)}


def score_explanations(gold: Iterable[ExplanationRow], predictions: Iterable[ExplanationRow],
                       bertscore_model: str | Path | None = None) -> dict[str, Any]:
    gold_by, _ = _by_id(gold)
    pred_by, dupes = _by_id(predictions)
    cands, refs = [], []
    proxy: dict[str, list[float]] = {"rouge_l_f1": [], "token_f1": []}
    narr_ok = sub_ok = 0
    for key, g in gold_by.items():
        p = pred_by.get(key) or ExplanationRow(g.article_id)
        cands.append(p.explanation)
        refs.append(g.explanation)
        for name, value in overlap_scores(p.explanation, g.explanation).items():
            proxy[name].append(value)
        narr_ok += p.dominant_narrative is not None and p.dominant_narrative == g.dominant_narrative
        sub_ok += p.dominant_subnarrative is not None and p.dominant_subnarrative == g.dominant_subnarrative
    n = len(gold_by)
    labelled = any(p.dominant_narrative is not None for k, p in pred_by.items() if k in gold_by)
    out: dict[str, Any] = {
        **{name: (sum(v) / n if n else 0.0) for name, v in proxy.items()},
        "dominant_narrative_accuracy": narr_ok / n if labelled and n else None,
        "dominant_subnarrative_accuracy": sub_ok / n if labelled and n else None,
        "over_80_words": sum(len(p.explanation.split()) > MAX_WORDS for k, p in pred_by.items() if k in gold_by),
        "documents": n, "predicted_documents": sum(k in gold_by for k in pred_by),
        **_pairing(gold_by, pred_by, dupes),
    }
    if bertscore_model:
        from .bertscore import bertscore

        bs = bertscore(cands, refs, model=str(bertscore_model))
        out["bertscore"] = {"precision": bs["precision"], "recall": bs["recall"], "f1": bs["f1"],
                            "model": bs["model"], "layer": bs["layer"]}
    else:
        out["not_computed"] = {"bertscore_f1": "the official ST3 metric needs a local copy of "
                               "bert-base-multilingual-cased: pass --bertscore-model PATH"}
    return out


def score(gold: Any, predictions: Any, subtask: int, **options: Any) -> dict[str, Any]:
    """Dispatch to the subtask's scorer. Options: ``roles_path`` (1), ``labels_path`` (2),
    ``bertscore_model`` (3); options for another subtask are ignored."""
    if subtask == 1:
        return score_entity_framing(gold, predictions, options.get("roles_path"))
    if subtask == 2:
        return score_narratives(gold, predictions, options.get("labels_path"))
    if subtask == 3:
        return score_explanations(gold, predictions, options.get("bertscore_model"))
    raise ConfigError("E006", task="semeval2025", subtask=subtask, known="1, 2, 3")
