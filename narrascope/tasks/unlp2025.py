"""UNLP 2025 Shared Task: manipulation techniques (subtask 1) and trigger spans (subtask 2).

Data: ``train.parquet`` (columns id, content, lang, manipulative, techniques, trigger_words;
``trigger_words`` are [start, end) character spans), read with pyarrow. ``data_dir`` is the
folder holding it (or the file itself). Only the training posts carry gold, so evaluation uses a
fixed held-out split, ``resources/splits/unlp2025_split.json`` (ids only; made once by
``scripts/make_unlp_split.py``: 20% test, stratified by lang and manipulative, seeded).
Readers take ``split="test"`` (default, the held-out posts), ``"train"`` or ``"all"`` (every row,
for other files); ``lang`` ("uk"/"ru") keeps one language.

Prediction files (CSV, UTF-8, "\\n" line ends; gold and predictions are paired by id):

- subtask 1: ``id,<10 technique columns>`` with 0/1 (Kaggle's layout); a ``techniques`` column
  holding a list is read too;
- subtask 2: ``id,trigger_words`` with a JSON list of [start, end] pairs.

Predictions from narrascope: :func:`predict` needs the layer ``techniques`` on the articles
(spans whose ``label`` is a technique name, offsets into ``article.text``, with a ``score``).
A label is one of the 10 UNLP names, or a SemEval-2023 name where one corresponds
(:data:`FROM_SEMEVAL2023`: Loaded_Language, Appeal_to_Fear-Prejudice, Whataboutism, Straw_Man,
Appeal_to_Popularity ≈ bandwagon); glittering_generalities, euphoria, fud, cliche and
cherry_picking are UNLP-only, and other SemEval-2023 names have no UNLP technique. Subtask 1:
the set of techniques of the post's spans. Subtask 2: the union of all the post's spans,
whatever their label (a trigger span is manipulative text regardless of technique). Without the
layer anywhere, the result is :class:`NotAvailable`.

Scoring. Subtask 1: macro-F1 over the 10 techniques (the ranking metric), on the post x
technique 0/1 matrix as Kaggle scores it: a post with no technique (a non-manipulative one) is an
all-zero row - it adds true negatives, which F1 ignores, and a false positive for every
technique predicted for it; we keep such posts exactly so. A technique with no gold and no
predicted post has F1 0 (sklearn's default). Micro-F1 is reported too. Subtask 2: token-level
binary F1 with :func:`metrics.tokens_with_offsets` (words, punctuation split off); a token is
positive if it overlaps a span by a character. The task states token-level F1 without
publishing the tokeniser; the Kaggle metric pools all posts (micro), which is ``token`` here
(the ranking metric). Also reported: ``token_per_post`` (F1 per post, averaged; a post with no
gold and no predicted token scores 1.0) and ``char`` (micro F1 over characters, the unit the
winning team describes the leaderboard metric in). Gold spans past the end of a post (14 in the
data) are clipped. Missing predictions count as empty; ids not in gold are ignored and counted.
"""
from __future__ import annotations

import ast
import csv
import io
import json
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..safecsv import safe_writer
from .metrics import mean_std, multilabel_prf, prf, tokens_with_offsets
from .registry import NotAvailable, Task, TaskDocument, check_subtask, register_task

NAME = "unlp2025"
SUBTASKS = (1, 2)
SPLIT = "splits/unlp2025_split.json"
TECHNIQUES = ("straw_man", "appeal_to_fear", "fud", "bandwagon", "whataboutism", "loaded_language",
              "glittering_generalities", "euphoria", "cherry_picking", "cliche")
TO_SEMEVAL2023 = {
    "loaded_language": "Loaded_Language",
    "appeal_to_fear": "Appeal_to_Fear-Prejudice",
    "whataboutism": "Whataboutism",
    "straw_man": "Straw_Man",
    "bandwagon": "Appeal_to_Popularity",  # approximate: bandwagon / appeal to people
}
FROM_SEMEVAL2023 = {v: k for k, v in TO_SEMEVAL2023.items()}

Techniques = dict[str, list[str]]            # post id -> techniques
Triggers = dict[str, list[list[int]]]        # post id -> [[start, end], ...]


def _check(subtask: int) -> int:
    return check_subtask(NAME, SUBTASKS, subtask)


def load_split() -> dict[str, list[str]]:
    data = json.loads(resources.files("narrascope.resources").joinpath(SPLIT).read_text(encoding="utf-8"))
    return {"train": data["train"], "test": data["test"]}


def _parquet(data_dir: str | Path) -> Path:
    path = Path(data_dir)
    if path.is_dir():
        path = path / "train.parquet"
    if not path.is_file():
        raise ConfigError("E008", path=path, detail="no train.parquet")
    return path


def read_posts(data_dir: str | Path, lang: str | None = None, split: str = "test") -> list[dict[str, Any]]:
    """Rows of the parquet file in the chosen split, in file order."""
    path = _parquet(data_dir)
    if split not in ("train", "test", "all"):
        raise ConfigError("E017", option="split", value=split, expected="train, test or all")
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise ConfigError("E011", what=f"reading {path}", package="pyarrow") from None
    rows = pq.read_table(path).to_pylist()
    if split != "all":
        keep = set(load_split()[split])
        rows = [r for r in rows if r["id"] in keep]
    if lang:
        rows = [r for r in rows if (r.get("lang") or "").lower() == lang.lower()]
    if not rows:
        raise ConfigError("E008", path=path, detail=f"no posts in split '{split}'" + (f" for lang '{lang}'" if lang else "")
                          + " (use split='all' for a file other than the shared train.parquet)")
    return rows


def read_documents(data_dir: str | Path, lang: str | None = None, subtask: int = 1,
                   split: str = "test") -> list[TaskDocument]:
    _check(subtask)
    return [TaskDocument(r["id"], r["content"], r.get("lang"), {"manipulative": r.get("manipulative")})
            for r in read_posts(data_dir, lang, split)]


def read_gold(data_dir: str | Path, lang: str | None = None, subtask: int = 1,
              split: str = "test") -> dict[str, dict[str, Any]] | None:
    """id -> {"techniques", "trigger_words", "text", "lang"}; None if the file has no labels."""
    _check(subtask)
    rows = read_posts(data_dir, lang, split)
    if "techniques" not in rows[0] or "trigger_words" not in rows[0]:
        return None
    return {r["id"]: {"techniques": list(r["techniques"] or []),
                      "trigger_words": [list(s) for s in (r["trigger_words"] or [])],
                      "text": r["content"], "lang": r.get("lang")} for r in rows}


def _parse_list(value: str) -> list:
    value = (value or "").strip()
    if not value:
        return []
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        return list(ast.literal_eval(value))


def read_predictions(path: str | Path, subtask: int = 1) -> Techniques | Triggers:
    _check(subtask)
    reader = csv.DictReader(io.StringIO(Path(path).read_text(encoding="utf-8"), newline=""))
    out: dict[str, list] = {}
    for row in reader:
        if subtask == 2:
            out[row["id"]] = [[int(s), int(e)] for s, e in _parse_list(row.get("trigger_words", ""))]
        elif "techniques" in row:
            out[row["id"]] = [t for t in _parse_list(row["techniques"])]
        else:
            out[row["id"]] = [t for t in TECHNIQUES if (row.get(t) or "0").strip() not in ("0", "", "0.0")]
    return out


def write_predictions(predictions: Techniques | Triggers, path: str | Path, subtask: int = 1) -> None:
    """Rows in the order of ``predictions``; technique columns in :data:`TECHNIQUES` order."""
    _check(subtask)
    buf = io.StringIO()
    writer = safe_writer(buf, lineterminator="\n")
    if subtask == 1:
        writer.writerow(["id", *TECHNIQUES])
        for post_id, techs in predictions.items():
            writer.writerow([post_id, *(int(t in techs) for t in TECHNIQUES)])
    else:
        writer.writerow(["id", "trigger_words"])
        for post_id, spans in predictions.items():
            writer.writerow([post_id, json.dumps([[int(s), int(e)] for s, e in spans])])
    Path(path).write_text(buf.getvalue(), encoding="utf-8", newline="")


def unlp_name(label: str) -> str | None:
    return label if label in TECHNIQUES else FROM_SEMEVAL2023.get(label)


def merge_spans(spans) -> list[list[int]]:
    out: list[list[int]] = []
    for s, e in sorted((int(s), int(e)) for s, e in spans if s < e):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return out


def predict(articles_by_doc_id: dict[str, Any], documents: list[TaskDocument], subtask: int = 1,
            stats: dict[str, int] | None = None):
    """Techniques (1) or merged trigger spans (2) per post; a post whose article failed or lacks the
    layer gets an empty set / no spans, counted in ``stats["fallback_rows"]``."""
    _check(subtask)
    arts = articles_by_doc_id.values()
    if not any("techniques" in a.layers for a in arts) and not any(a.failed for a in arts):
        return NotAvailable("techniques")
    out: dict[str, list] = {}
    for doc in documents:
        art = articles_by_doc_id.get(doc.doc_id)
        ok = art is not None and not art.failed and "techniques" in art.layers
        if not ok and stats is not None:
            stats["fallback_rows"] = stats.get("fallback_rows", 0) + 1
        spans = list(art.layers["techniques"].spans) if ok else []
        if subtask == 1:
            found = {unlp_name(s.label) for s in spans}
            out[doc.doc_id] = [t for t in TECHNIQUES if t in found]
        else:
            out[doc.doc_id] = merge_spans(art.offset_map.to_raw_span(s.start, s.end) for s in spans)
    return out


def _token_counts(text: str, gold: list, pred: list) -> tuple[int, int, int]:
    tp = fp = fn = 0
    for ts, te in tokens_with_offsets(text):
        g = any(s < te and e > ts for s, e in gold)
        p = any(s < te and e > ts for s, e in pred)
        tp += g and p
        fp += p and not g
        fn += g and not p
    return tp, fp, fn


def _chars(text: str, spans: list) -> set[int]:
    return {i for s, e in spans for i in range(max(0, s), min(len(text), e))}


def score(gold: dict[str, dict[str, Any]], predictions: Techniques | Triggers, subtask: int = 1) -> dict[str, Any]:
    _check(subtask)
    known = {k: v for k, v in predictions.items() if k in gold}
    counts = {"posts": len(gold), "missing_predictions": sum(1 for k in gold if k not in predictions),
              "ignored_predictions": sum(1 for k in predictions if k not in gold)}
    if subtask == 1:
        g = {k: set(v["techniques"]) & set(TECHNIQUES) for k, v in gold.items()}
        p = {k: set(v) & set(TECHNIQUES) for k, v in known.items()}
        res = multilabel_prf(g, p, labels=TECHNIQUES)
        return {"macro_f1": res["macro"]["f1"], "micro_f1": res["micro"]["f1"], "macro": res["macro"],
                "micro": res["micro"], "per_label": res["per_label"],
                "posts_without_techniques": sum(1 for v in g.values() if not v), **counts}
    tok = [0, 0, 0]
    chars = [0, 0, 0]
    per_post = []
    for post_id, item in gold.items():
        text, g_spans, p_spans = item["text"], item["trigger_words"], known.get(post_id, [])
        tp, fp, fn = _token_counts(text, g_spans, p_spans)
        tok = [tok[0] + tp, tok[1] + fp, tok[2] + fn]
        per_post.append(prf(tp, fp, fn)["f1"] if tp + fp + fn else 1.0)
        gc, pc = _chars(text, g_spans), _chars(text, p_spans)
        chars = [chars[0] + len(gc & pc), chars[1] + len(pc - gc), chars[2] + len(gc - pc)]
    mean, std = mean_std(per_post)
    token = prf(*tok)
    return {"token_f1": token["f1"], "token": token,
            "token_per_post": {"f1_mean": mean, "f1_std": std},
            "char": prf(*chars), **counts}


register_task(Task(
    name=NAME, subtasks=SUBTASKS, default_subtask=1, needs={1: "techniques", 2: "techniques"},
    read_documents=read_documents, read_gold=read_gold, predict=predict,
    write_predictions=write_predictions, read_predictions=read_predictions, score=score,
    prediction_file=lambda subtask: f"predictions-subtask-{subtask}.csv", languages=("uk", "ru"), genre="post",
))
