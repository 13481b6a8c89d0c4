"""PTC / SemEval-2020 Task 11: propaganda spans (subtask 1, SI) and their techniques (subtask 2, TC).

Data layouts, as released (any mix; sub-folders are searched):

- SemEval-2020 Task 11 ``datasets/``: ``train-articles/``, ``dev-articles/``, ``test-articles/`` with
  ``article<ID>.txt``; per-article gold in ``train-labels-task1-span-identification/``
  (``article<ID>.task1-SI.labels``: ``id, begin, end``) and
  ``train-labels-task2-technique-classification/`` (``article<ID>.task2-TC.labels``: ``id,
  technique, begin, end``); the same rows combined in ``train-task1-SI.labels`` and
  ``train-task2-TC.labels``; the TC input ``dev-task-TC-template.out`` (``id, ?, begin, end``).
- ru_zen_prop (the same layout) ships its dev gold as ``.out`` files: an ``.out`` file whose second
  column names techniques is gold, one with ``?`` there (or ``template`` in its name) is a template.
- our older sample layout: ``article<ID>.labels.tsv`` (or ``.labels``) with technique rows.

Offsets are characters, end exclusive. A file is SI (span rows) when its name says ``task1``/``SI``
or its rows have three columns, TC when its name says ``task2``/``TC`` or its rows name techniques.
Subtask 1 reads SI gold (TC gold when the folder has no SI file: the same spans); subtask 2 reads TC
gold only, so a release's combined SI and TC files are never read together. A span labelled in a
per-article file and again in a combined file counts once (per-article files win, per article).
With ``split`` (``train``/``dev``/``test``) only articles and label files of that split are read
(the folder or file name starts with it). Once a split has gold files, every article of it is a
gold article, with no spans when no row names it. For subtask 2 the given spans are the input
(``TaskDocument.extra["spans"]``, one per template or gold row, in order of offsets): from the TC
template when there is one, else from the TC gold.

Predictions from narrascope: :func:`predict` needs the layer ``techniques`` on the articles
(spans whose ``label`` is a technique name, offsets into ``article.text``, with a ``score``).
SemEval-2023 names are written with their PTC counterpart (:data:`FROM_SEMEVAL2023`); names
without one (e.g. Appeal_to_Time) are kept as they are in subtask 1 - they still count as
propaganda spans for SI - and are not used for subtask 2. Subtask 1: one row per span of the
layer. Subtask 2: exactly one row per given span: the technique of the layer span at exactly its
offsets, else of the span overlapping it most (ties: higher score, then name; a span given twice
gets the next-best technique the second time), else :data:`FALLBACK_TECHNIQUE`, the most frequent
technique; the eval passes the given spans on as ``article.meta["given_spans"]``. A document whose
article failed gets fallback rows; ``stats["fallback_rows"]`` counts them. Without the layer
anywhere (and no failed article), the result is :class:`NotAvailable`.

Scoring (Da San Martino et al. 2019; SemEval-2020 Task 11): with S the predicted and T the gold
spans, P = 1/|S| sum_{s,t} |s∩t|/|s| δ(s,t), R = 1/|T| sum_{s,t} |s∩t|/|t| δ(s,t), F1 their
harmonic mean; δ requires equal techniques (``span_labelled``) or nothing (``span``, the SI
score). As the official scorer does (``merge_overlapping_spans``), overlapping spans of the same
technique - of any technique for ``span`` - are merged into their union first, in gold and in
predictions, so an overlap is never credited twice (duplicates collapse too); spans that only
touch are not merged. P (R) is 0 when there is nothing predicted (no gold); when there is neither,
F1 is 1.0, as in the official scorer. Subtask 2 (TC) adds technique micro P/R/F1 over the given
spans: per (article, begin, end) the predicted techniques are matched with the gold ones as
multisets; a missing prediction is a false negative, a surplus or duplicate row a false
positive. Rows for article ids that are not in gold are ignored and counted. Empty or inverted
spans (begin >= end) are ignored. Ranking metric: ``span`` F1 for subtask 1, ``technique``
micro-F1 for subtask 2.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any, Iterable

from ..errors import ConfigError
from .metrics import prf
from .registry import NotAvailable, Task, TaskDocument, check_subtask, id_sort_key, raw_spans, register_task, task_root

NAME = "ptc"
SUBTASKS = (1, 2)
_ARTICLE = re.compile(r"^article(.+)\.txt$")

# The 14 techniques of SemEval-2020 Task 11 (PTC v2), spelled as the corpus spells them.
TECHNIQUES = (
    "Appeal_to_Authority", "Appeal_to_fear-prejudice", "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy", "Causal_Oversimplification", "Doubt", "Exaggeration,Minimisation",
    "Flag-Waving", "Loaded_Language", "Name_Calling,Labeling", "Repetition", "Slogans",
    "Thought-terminating_Cliches", "Whataboutism,Straw_Men,Red_Herring",
)
FROM_SEMEVAL2023 = {
    "Appeal_to_Authority": "Appeal_to_Authority",
    "Appeal_to_Fear-Prejudice": "Appeal_to_fear-prejudice",
    "Appeal_to_Popularity": "Bandwagon,Reductio_ad_hitlerum",
    "Guilt_by_Association": "Bandwagon,Reductio_ad_hitlerum",  # reductio ad hitlerum
    "False_Dilemma-No_Choice": "Black-and-White_Fallacy",
    "Causal_Oversimplification": "Causal_Oversimplification",
    "Doubt": "Doubt",
    "Exaggeration-Minimisation": "Exaggeration,Minimisation",
    "Flag_Waving": "Flag-Waving",
    "Loaded_Language": "Loaded_Language",
    "Name_Calling-Labeling": "Name_Calling,Labeling",
    "Repetition": "Repetition",
    "Slogans": "Slogans",
    "Conversation_Killer": "Thought-terminating_Cliches",
    "Whataboutism": "Whataboutism,Straw_Men,Red_Herring",
    "Straw_Man": "Whataboutism,Straw_Men,Red_Herring",
    "Red_Herring": "Whataboutism,Straw_Men,Red_Herring",
}

Row = tuple[str, str, int, int]          # article id, technique ("" in SI files), begin, end
Gold = dict[str, list[tuple[str, int, int]]]  # article id -> (technique, begin, end)


def _check(subtask: int) -> int:
    return check_subtask(NAME, SUBTASKS, subtask)




_SPLIT = re.compile(r"^(train|dev|test)[-_]", re.I)
FALLBACK_TECHNIQUE = "Loaded_Language"  # the most frequent technique of PTC: the TC fallback


def _split_of(path: Path, root: Path) -> str | None:
    """``train``/``dev``/``test`` when the path's first part under ``root`` (or its name) starts with it."""
    for part in (*path.relative_to(root).parts[:-1], path.name):
        if m := _SPLIT.match(part):
            return m.group(1).lower()
    return None


def _articles(root: Path, split: str | None = None) -> dict[str, Path]:
    found = {m.group(1): p for p in sorted(root.rglob("article*.txt")) if (m := _ARTICLE.match(p.name))
             and (split is None or _split_of(p, root) == split)}
    return found


def parse_rows(text: str) -> list[Row]:
    rows = []
    for line in text.splitlines():
        cols = line.rstrip("\r\n").split("\t")
        if len(cols) == 3:
            rows.append((cols[0].strip(), "", int(cols[1]), int(cols[2])))
        elif len(cols) >= 4:
            rows.append((cols[0].strip(), cols[1].strip(), int(cols[2]), int(cols[3])))
    return rows


def format_rows(rows: Iterable[Row]) -> str:
    return "".join(f"{d}\t{b}\t{e}\n" if not t else f"{d}\t{t}\t{b}\t{e}\n" for d, t, b, e in rows)


def group(rows: Iterable[Row]) -> Gold:
    out: Gold = {}
    for doc_id, technique, begin, end in rows:
        out.setdefault(doc_id, []).append((technique, begin, end))
    return out


def _is_label_file(path: Path) -> bool:
    return path.is_file() and path.name.lower().endswith((".labels", ".labels.tsv", ".out")) \
        and not path.name.lower().startswith("predictions")


def _kind(path: Path, rows: list[Row]) -> str:
    """"SI", "TC" or "template" (the given spans of TC, no techniques), from the name, else the rows."""
    name = path.name.lower()
    if "template" in name or (rows and all(t == "?" for _, t, _, _ in rows)):
        return "template"
    if re.search(r"task-?1(?!\d)|[-_.]si[-_.]", name):
        return "SI"
    if re.search(r"task-?2(?!\d)|[-_.]tc[-_.]", name):
        return "TC"
    return "SI" if rows and all(not t for _, t, _, _ in rows) else "TC"


def label_files(root: Path, split: str | None = None) -> dict[str, tuple[Gold, set[str | None]]]:
    """Kind ("SI", "TC", "template") -> (article id -> rows, the splits its files belong to); each
    article's rows come from one file per kind (per-article files before combined ones)."""
    files = sorted((p for p in root.rglob("*") if _is_label_file(p) and (split is None or _split_of(p, root) == split)),
                   key=lambda p: (not p.name.lower().startswith("article"), str(p)))
    out: dict[str, tuple[Gold, set[str | None]]] = {}
    for path in files:
        rows = parse_rows(path.read_text(encoding="utf-8"))
        kind, seen = _kind(path, rows), set()
        gold, splits = out.setdefault(kind, ({}, set()))
        splits.add(_split_of(path, root))
        for doc_id, spans in group(rows).items():
            if doc_id in gold and doc_id not in seen:
                continue  # already read from another file (the per-article copy of a combined file)
            seen.add(doc_id)
            gold.setdefault(doc_id, []).extend(spans)
        if kind != "template" and (m := re.match(r"^article(.+?)\.", path.name)):
            gold.setdefault(m.group(1), [])  # its own label file without rows: an article with no spans
    return out


def read_gold(data_dir: str | Path, lang: str | None = None, subtask: int = 2, split: str | None = None) -> Gold | None:
    """Article id -> (technique, begin, end) of subtask 1 (SI, else TC spans) or 2 (TC only); None without gold."""
    _check(subtask)
    root = task_root(data_dir, lang)
    files = label_files(root, split)
    kind = next((k for k in (("SI", "TC") if subtask == 1 else ("TC",)) if k in files), None)
    if kind is None:
        return None
    labelled, splits = files[kind]
    gold: Gold = {doc_id: [] for doc_id, path in _articles(root, split).items() if _split_of(path, root) in splits}
    for doc_id, spans in labelled.items():
        gold.setdefault(doc_id, []).extend(spans)
    return gold


def read_documents(data_dir: str | Path, lang: str | None = None, subtask: int = 2,
                   split: str | None = None) -> list[TaskDocument]:
    _check(subtask)
    root = task_root(data_dir, lang)
    articles = _articles(root, split)
    if not articles:
        raise ConfigError("E008", path=root, detail="no article<ID>.txt files" + (f" in split '{split}'" if split else ""))
    given: Gold = {}
    if subtask == 2:
        # the template's spans where there is one; the gold's (without techniques) elsewhere
        given = {**(read_gold(root, None, 2, split) or {}), **label_files(root, split).get("template", ({}, set()))[0]}
    docs = []
    for doc_id in sorted(articles, key=id_sort_key):
        extra = {}
        if subtask == 2 and doc_id in given:
            extra["spans"] = sorted((b, e) for _, b, e in given[doc_id])
        docs.append(TaskDocument(doc_id, articles[doc_id].read_text(encoding="utf-8"), (lang or "en").lower(), extra))
    return docs


def read_predictions(path: str | Path, subtask: int = 2) -> list[Row]:
    _check(subtask)
    return parse_rows(Path(path).read_text(encoding="utf-8"))


def write_predictions(predictions: list[Row], path: str | Path, subtask: int = 2) -> None:
    """One row per prediction, in the given order (``predict`` sorts by id and offsets)."""
    _check(subtask)
    Path(path).write_text(format_rows(predictions), encoding="utf-8", newline="\n")


def ptc_name(label: str) -> str:
    return FROM_SEMEVAL2023.get(label, label)


def _label_given(doc_id: str, given: list[tuple[int, int]], spans: list[tuple[int, int, str, float]],
                 stats: dict[str, int] | None) -> list[Row]:
    """One row per given span: exact offsets, else most overlap, else the fallback technique."""
    rows: list[Row] = []
    used: dict[tuple[int, int], set[str]] = {}
    for gb, ge in given:
        exact = sorted((-score, t) for b, e, t, score in spans if (b, e) == (gb, ge))
        cands = [t for _, t in exact] + [t for *_, t in sorted((-(min(e, ge) - max(b, gb)), -score, t)
                                                               for b, e, t, score in spans if min(e, ge) > max(b, gb))]
        taken = used.setdefault((gb, ge), set())
        fresh = [t for t in cands if t not in taken]
        technique = (fresh or cands or [None])[0]
        if technique is None:
            technique = FALLBACK_TECHNIQUE
            if stats is not None:
                stats["fallback_rows"] = stats.get("fallback_rows", 0) + 1
        taken.add(technique)
        rows.append((doc_id, technique, gb, ge))
    return rows


def predict(articles_by_doc_id: dict[str, Any], documents: list[TaskDocument], subtask: int = 2,
            stats: dict[str, int] | None = None):
    _check(subtask)
    arts = articles_by_doc_id.values()
    if not any("techniques" in a.layers for a in arts) and not any(a.failed for a in arts):
        return NotAvailable("techniques")
    rows: list[Row] = []
    for doc in sorted(documents, key=lambda d: id_sort_key(d.doc_id)):
        art = articles_by_doc_id.get(doc.doc_id)
        ok = art is not None and not art.failed
        spans = [(b, e, ptc_name(label), score or 0.0) for b, e, label, score in raw_spans(art if ok else None, "techniques")]
        given = doc.extra.get("spans")
        if subtask == 1 or given is None:
            rows += [(doc.doc_id, t, b, e) for b, e, t, _ in sorted(spans) if b < e]
            continue
        rows += _label_given(doc.doc_id, given, [s for s in spans if s[2] in TECHNIQUES], stats)
    return rows


def merge(spans: Iterable[tuple[str, int, int]], labelled: bool = True) -> list[tuple[str, int, int]]:
    """Union of overlapping spans (of the same technique when ``labelled``); empty spans dropped."""
    by_label: dict[str, list[tuple[int, int]]] = {}
    for t, b, e in spans:
        if b < e:
            by_label.setdefault(t if labelled else "", []).append((b, e))
    out = []
    for t, items in by_label.items():
        items.sort()
        cur_b, cur_e = items[0]
        for b, e in items[1:]:
            if b < cur_e:
                cur_e = max(cur_e, e)
            else:
                out.append((t, cur_b, cur_e))
                cur_b, cur_e = b, e
        out.append((t, cur_b, cur_e))
    return sorted(out, key=lambda x: (x[1], x[2], x[0]))


def span_scores(gold: Gold, predictions: Gold, labelled: bool) -> dict[str, Any]:
    """Partial-overlap P/R/F1 over all gold articles, plus the same per technique."""
    p_num, r_num, n_s, n_t = Counter(), Counter(), Counter(), Counter()
    for doc_id, gold_spans in gold.items():
        T = merge(gold_spans, labelled)
        S = merge(predictions.get(doc_id, []), labelled)
        n_t.update(t for t, _, _ in T)
        n_s.update(t for t, _, _ in S)
        for ls, bs, es in S:
            for lt, bt, et in T:
                inter = min(es, et) - max(bs, bt)
                if inter > 0 and (not labelled or ls == lt):
                    p_num[ls] += inter / (es - bs)
                    r_num[lt] += inter / (et - bt)

    def _prf(pn: float, ns: int, rn: float, nt: int) -> dict[str, float]:
        p = pn / ns if ns else 0.0
        r = rn / nt if nt else 0.0
        f = 2 * p * r / (p + r) if p + r else (1.0 if ns == nt == 0 else 0.0)
        return {"precision": p, "recall": r, "f1": f}

    out = _prf(sum(p_num.values()), sum(n_s.values()), sum(r_num.values()), sum(n_t.values()))
    if labelled:
        out["per_label"] = {t: _prf(p_num[t], n_s[t], r_num[t], n_t[t]) for t in sorted(set(n_s) | set(n_t))}
    return out


def technique_scores(gold: Gold, predictions: Gold) -> dict[str, Any]:
    """TC: techniques of the given spans, matched per (article, begin, end) as multisets."""
    tp, fp, fn = Counter(), Counter(), Counter()
    for doc_id, gold_spans in gold.items():
        g: dict[tuple[int, int], Counter] = {}
        p: dict[tuple[int, int], Counter] = {}
        for t, b, e in gold_spans:
            g.setdefault((b, e), Counter())[t] += 1
        for t, b, e in predictions.get(doc_id, []):
            p.setdefault((b, e), Counter())[t] += 1
        for key in set(g) | set(p):
            gc, pc = g.get(key, Counter()), p.get(key, Counter())
            tp.update(gc & pc)
            fp.update(pc - gc)
            fn.update(gc - pc)
    out = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    out["per_label"] = {t: prf(tp[t], fp[t], fn[t]) for t in sorted(set(tp) | set(fp) | set(fn))}
    return out


def score(gold: Gold, predictions: list[Row] | Gold, subtask: int = 2) -> dict[str, Any]:
    _check(subtask)
    pred = group(predictions) if isinstance(predictions, list) else predictions
    known = {d: spans for d, spans in pred.items() if d in gold}
    out: dict[str, Any] = {
        "span": span_scores(gold, known, labelled=False),
        "span_labelled": span_scores(gold, known, labelled=True),
        "articles": len(gold),
        "ignored_predictions": sum(len(spans) for d, spans in pred.items() if d not in gold),
    }
    if subtask == 2:
        out = {"technique": technique_scores(gold, known), **out}
    return out


register_task(Task(
    name=NAME, subtasks=SUBTASKS, default_subtask=2, needs={1: "techniques", 2: "techniques"},
    read_documents=read_documents, read_gold=read_gold, predict=predict,
    write_predictions=write_predictions, read_predictions=read_predictions, score=score,
    languages=("en",),
))
