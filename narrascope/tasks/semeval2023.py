"""SemEval-2023 Task 3, subtask 3: persuasion techniques per paragraph (23 techniques).

Data layout (as in the official bundle): articles ``article<ID>.txt`` (UTF-8; paragraphs are
lines, numbered from 1, blank lines included in the numbering) and a gold file whose name ends
in ``labels-subtask-3.txt``. ``data_dir`` may hold them directly or in sub-folders (the bundle's
``data/<lang>/train-articles-subtask-3/`` beside ``train-labels-subtask-3.txt``); with ``lang``
given and ``data_dir/<lang>`` present, that folder is used.

File format (gold and predictions alike), one row per paragraph::

    article_id <TAB> paragraph_id <TAB> technique[,technique...]

A paragraph with no technique keeps its row with an empty third column (``1001<TAB>2<TAB>``,
the form the official files use so that the third column always exists); blank lines have no
row. Lines are split the way the organisers' baseline splits them (``str.splitlines``).

Predictions from narrascope: :func:`predict` needs the layer ``techniques`` on the articles
(spans whose ``label`` is one of the 23 technique names below, offsets into ``article.text``,
with a ``score``). Every span in the layer is a prediction; a paragraph gets technique T when a
T span overlaps the paragraph's line by at least one character (a span across two lines labels
both). Labels outside the 23 names are dropped. Without the layer anywhere, the result is
:class:`NotAvailable`.

Scoring follows the official ``scorer-subtask-3.py``: micro-F1 (the ranking metric) and
macro-F1 over the 23 techniques, sklearn ``zero_division=1`` - a technique absent from both gold
and predictions counts F1 = 1.0 in the macro average, and if nothing at all is labelled micro-F1
is 1.0. ``macro_f1_strict`` gives such techniques 0.0 instead. Differences from the official
script, on purpose: gold and predictions are paired by (article id, paragraph id); a gold
paragraph without a prediction row counts as predicted empty (the official script scores only
the rows that were submitted); rows for unknown ids are ignored and counted, not a crash.
Within one file a repeated (article, paragraph) row replaces the earlier one (as the official
reader's dict does); a technique repeated within one row counts once.
"""
from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from .metrics import multilabel_prf
from .registry import NotAvailable, Task, TaskDocument, check_subtask, id_sort_key, raw_spans, register_task, task_root

NAME = "semeval2023"
SUBTASKS = (3,)
LANGUAGES = ("en", "fr", "de", "it", "pl", "ru", "es", "el", "ka")
TAXONOMY = "taxonomy/semeval2023_techniques.txt"
_ARTICLE = re.compile(r"^article(.+)\.txt$")

# (article id, paragraph id) -> techniques, rows in file order
Labels = dict[tuple[str, int], list[str]]


def techniques() -> list[str]:
    """The 23 technique names, spelled as the task spells them."""
    text = resources.files("narrascope.resources").joinpath(TAXONOMY).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


TECHNIQUES: tuple[str, ...] = tuple(techniques())


def _check(subtask: int) -> int:
    return check_subtask(NAME, SUBTASKS, subtask)




def paragraph_spans(text: str) -> list[tuple[int, int, int]]:
    """(paragraph id, start, end) of every non-blank line; ids are 1-based line numbers."""
    out, pos = [], 0
    for number, line in enumerate(text.splitlines(keepends=True), 1):
        body = line.splitlines()[0] if line.splitlines() else ""
        if body.strip():
            out.append((number, pos, pos + len(body)))
        pos += len(line)
    return out


def read_documents(data_dir: str | Path, lang: str | None = None, subtask: int = 3) -> list[TaskDocument]:
    _check(subtask)
    root = task_root(data_dir, lang)
    docs = []
    for path in root.rglob("article*.txt"):
        m = _ARTICLE.match(path.name)
        if m:
            text = path.read_text(encoding="utf-8")
            docs.append(TaskDocument(m.group(1), text, lang.lower() if lang else None,
                                     {"paragraphs": [p for p, _, _ in paragraph_spans(text)]}))
    if not docs:
        raise ConfigError("E008", path=root, detail="no article<ID>.txt files")
    return sorted(docs, key=lambda d: id_sort_key(d.doc_id))


def parse_labels(text: str) -> Labels:
    out: Labels = {}
    for row in text.splitlines():
        if not row.strip():
            continue
        cols = row.rstrip("\r\n").split("\t")
        labels = [x.strip() for x in cols[2].split(",") if x.strip()] if len(cols) > 2 else []
        out[(cols[0].strip(), int(cols[1]))] = labels  # a repeated row replaces the earlier one
    return out


def read_gold(data_dir: str | Path, lang: str | None = None, subtask: int = 3) -> Labels | None:
    _check(subtask)
    files = sorted(task_root(data_dir, lang).rglob("*labels-subtask-3.txt"))
    if not files:
        return None
    gold: Labels = {}
    for path in files:
        gold.update(parse_labels(path.read_text(encoding="utf-8")))
    return gold


def read_predictions(path: str | Path, subtask: int = 3) -> Labels:
    _check(subtask)
    return parse_labels(Path(path).read_text(encoding="utf-8"))


def format_labels(labels: Labels) -> str:
    return "".join(f"{doc_id}\t{para}\t{','.join(labs)}\n" for (doc_id, para), labs in labels.items())


def write_predictions(predictions: Labels, path: str | Path, subtask: int = 3) -> None:
    """Rows in the order of ``predictions`` (``predict`` gives ids and paragraphs sorted)."""
    _check(subtask)
    Path(path).write_text(format_labels(predictions), encoding="utf-8", newline="\n")


def spans_to_paragraphs(text: str, spans: list[tuple[int, int, str]]) -> dict[int, list[str]]:
    """Technique labels per non-blank line: a span labels every line it overlaps."""
    known = set(TECHNIQUES)
    out: dict[int, list[str]] = {}
    for number, start, end in paragraph_spans(text):
        labels = []
        for s, e, label in sorted(spans, key=lambda x: (x[0], x[1], x[2])):
            if label in known and s < end and e > start and label not in labels:
                labels.append(label)
        out[number] = labels
    return out


def predict(articles_by_doc_id: dict[str, Any], documents: list[TaskDocument], subtask: int = 3):
    _check(subtask)
    if not any("techniques" in a.layers for a in articles_by_doc_id.values()):
        return NotAvailable("techniques")
    out: Labels = {}
    for doc in sorted(documents, key=lambda d: id_sort_key(d.doc_id)):
        spans = [(b, e, label) for b, e, label, _ in raw_spans(articles_by_doc_id.get(doc.doc_id), "techniques")]
        for para, labels in spans_to_paragraphs(doc.text, spans).items():
            out[(doc.doc_id, para)] = labels
    return out


def score(gold: Labels, predictions: Labels, subtask: int = 3) -> dict[str, Any]:
    _check(subtask)
    known = set(TECHNIQUES)
    g = {key: set(labs) & known for key, labs in gold.items()}
    p_all = {key: set(labs) & known for key, labs in predictions.items()}
    pred = {k: v for k, v in p_all.items() if k in g}
    res = multilabel_prf(g, pred, labels=TECHNIQUES)
    seen = {lab for labs in list(g.values()) + list(pred.values()) for lab in labs}
    micro_f1 = res["micro"]["f1"] if seen else 1.0
    per_label = {lab: (v if lab in seen else {**v, "f1": 1.0}) for lab, v in res["per_label"].items()}
    macro_official = sum(v["f1"] for v in per_label.values()) / len(per_label)
    return {
        "micro_f1": micro_f1,
        "macro_f1": macro_official,
        "macro_f1_strict": res["macro"]["f1"],
        "micro": {**res["micro"], "f1": micro_f1},
        "per_label": per_label,
        "paragraphs": len(g),
        "missing_predictions": sum(1 for k in g if k not in p_all),
        "ignored_predictions": sum(1 for k in p_all if k not in g),
    }


register_task(Task(
    name=NAME, subtasks=SUBTASKS, default_subtask=3, needs={3: "techniques"},
    read_documents=read_documents, read_gold=read_gold, predict=predict,
    write_predictions=write_predictions, read_predictions=read_predictions, score=score,
    languages=LANGUAGES,
))
