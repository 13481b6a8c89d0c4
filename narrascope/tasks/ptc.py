"""PTC / SemEval-2020 Task 11: propaganda spans (subtask 1, SI) and their techniques (subtask 2, TC).

Data layout: articles ``article<ID>.txt`` and, for gold, one ``article<ID>.labels.tsv`` per
article (files ending in ``.labels`` are read too), rows::

    article_id <TAB> technique <TAB> begin <TAB> end        (character offsets, end exclusive)

The official SI files have no technique column (``article_id <TAB> begin <TAB> end``); such rows
are read with an empty technique and written back the same way. Once a folder has gold files,
every article in it is a gold article, with no spans when no row names it. For subtask 2 the
gold spans (without their techniques) are the input: ``TaskDocument.extra["spans"]``.

Predictions from narrascope: :func:`predict` needs the layer ``techniques`` on the articles
(spans whose ``label`` is a technique name, offsets into ``article.text``, with a ``score``).
SemEval-2023 names are written with their PTC counterpart (:data:`FROM_SEMEVAL2023`); names
without one (e.g. Appeal_to_Time) are kept as they are - they still count as propaganda spans
for SI and cannot match a PTC technique. Subtask 1: one row per span of the layer. Subtask 2:
for each given span, the technique of the layer span that overlaps it most (ties: higher score,
then name); a given span that no layer span overlaps gets no row. Without the layer anywhere,
the result is :class:`NotAvailable`.

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




def _articles(root: Path) -> dict[str, Path]:
    return {m.group(1): p for p in root.rglob("article*.txt") if (m := _ARTICLE.match(p.name))}


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


def read_gold(data_dir: str | Path, lang: str | None = None, subtask: int = 2) -> Gold | None:
    _check(subtask)
    root = task_root(data_dir, lang)
    files = sorted(p for p in root.rglob("*.labels*") if p.is_file() and p.name.endswith((".labels", ".labels.tsv")))
    if not files:
        return None
    gold: Gold = {doc_id: [] for doc_id in _articles(root)}
    for path in files:
        for doc_id, spans in group(parse_rows(path.read_text(encoding="utf-8"))).items():
            gold.setdefault(doc_id, []).extend(spans)
    return gold


def read_documents(data_dir: str | Path, lang: str | None = None, subtask: int = 2) -> list[TaskDocument]:
    _check(subtask)
    root = task_root(data_dir, lang)
    articles = _articles(root)
    if not articles:
        raise ConfigError("E008", path=root, detail="no article<ID>.txt files")
    gold = read_gold(root, None, subtask) or {}
    docs = []
    for doc_id in sorted(articles, key=id_sort_key):
        extra = {}
        if subtask == 2 and doc_id in gold:
            extra["spans"] = sorted({(b, e) for _, b, e in gold[doc_id]})
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


def predict(articles_by_doc_id: dict[str, Any], documents: list[TaskDocument], subtask: int = 2):
    _check(subtask)
    if not any("techniques" in a.layers for a in articles_by_doc_id.values()):
        return NotAvailable("techniques")
    rows: list[Row] = []
    for doc in sorted(documents, key=lambda d: id_sort_key(d.doc_id)):
        spans = [(b, e, ptc_name(label), score or 0.0)
                 for b, e, label, score in raw_spans(articles_by_doc_id.get(doc.doc_id), "techniques")]
        given = doc.extra.get("spans")
        if subtask == 1 or given is None:
            rows += [(doc.doc_id, t, b, e) for b, e, t, _ in sorted(spans) if b < e]
            continue
        for gb, ge in given:
            cands = sorted((-(min(e, ge) - max(b, gb)), -score, t) for b, e, t, score in spans
                           if min(e, ge) > max(b, gb))
            if cands:
                rows.append((doc.doc_id, cands[0][2], gb, ge))
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
