"""`narrascope eval <task>`: run the pipeline on a benchmark's inputs, write predictions in the
official format next to the scores, and score them against gold where the folder has gold."""
from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

from ..errors import ConfigError, message
from ..pipeline import Pipeline, registered, with_dependencies
from ..settings import Settings
from ..tasks.registry import NotAvailable, articles_for, get_task

# Benchmark texts are already clean: keep them verbatim so offsets stay the benchmark's own.
EVAL_PIPELINE = ("plain", "langid", "sentences")


def evaluate_task(task_name: str, data_dir: str | Path, lang: str | None = None, subtask: int | None = None,
                  out_dir: str | Path | None = None, settings: Settings | None = None,
                  split: str | None = None, score_options: dict[str, Any] | None = None) -> dict[str, Any]:
    """Scores (or 'not available') for one task, language and subtask.

    Writes ``<out_dir>/<prediction file>`` when predictions exist; ``scores.json`` is written by
    :func:`narrascope.eval.evaluate`, in the shape every evaluation shares. Every document gets its
    prediction rows: one whose article failed gets the task's fallback rows; ``failed_documents``
    (count), ``failed_ids`` and ``fallback_rows`` say how many, the status says so, and ``warning``
    holds the W133 message the CLI prints.
    """
    task = get_task(task_name)
    subtask = subtask or task.default_subtask
    if subtask not in task.subtasks:
        raise ConfigError("E006", task=task.name, subtask=subtask, known=", ".join(map(str, task.subtasks)))
    lang_code = lang.upper() if lang else None
    opts = {"split": split} if split and "split" in inspect.signature(task.read_documents).parameters else {}
    documents = task.read_documents(data_dir, lang_code, subtask, **opts)
    if not documents:
        raise ConfigError("E008", path=str(data_dir), detail=f"no {task.name} documents for language {lang or 'any'}")
    needed = task.needs[subtask]
    extra = [needed] if needed in registered() else []
    pipeline = Pipeline(with_dependencies([*EVAL_PIPELINE, *extra]), settings=settings)
    inputs = articles_for(documents, f"{task.name}:{data_dir}")
    for doc, art in zip(documents, inputs):
        art.meta["genre"] = task.genre
        if doc.extra.get("mentions"):  # SemEval-2025 ST1 input mode: mentions given, roles predicted
            art.meta["given_mentions"] = [[m.start, m.end + 1] for m in doc.extra["mentions"]]
        if doc.extra.get("dominant"):  # SemEval-2025 ST3: the dominant labels are given, to be explained
            art.meta["given_dominant"] = list(doc.extra["dominant"])
        if doc.extra.get("spans") is not None and subtask == 2:  # PTC TC: the spans are given, to be labelled
            art.meta["given_spans"] = [[b, e] for b, e in doc.extra["spans"]]
    articles = {a.meta["task_id"]: a for a in pipeline.pipe(inputs)}
    failed = sorted(doc_id for doc_id, a in articles.items() if a.failed)
    stats: dict[str, int] = {"fallback_rows": 0}
    if not extra:
        predictions: Any = NotAvailable(needed)
    elif "stats" in inspect.signature(task.predict).parameters:
        predictions = task.predict(articles, documents, subtask, stats=stats)
    else:
        predictions = task.predict(articles, documents, subtask)
    gold = task.read_gold(data_dir, lang_code, subtask, **opts)
    result: dict[str, Any] = {
        "task": task.name, "subtask": subtask, "lang": lang_code or "all", "data": str(data_dir),
        "documents": len(documents), "failed_documents": len(failed), "failed_ids": failed,
        "fallback_rows": stats["fallback_rows"], "pipeline": pipeline.versions, "gold": gold is not None,
    }
    out = Path(out_dir) if out_dir else None
    if out:
        out.mkdir(parents=True, exist_ok=True)
    if isinstance(predictions, NotAvailable):
        result["status"] = str(predictions)
        result["scores"] = None
    else:
        if out:
            pred_path = out / task.prediction_file(subtask)
            task.write_predictions(predictions, pred_path, subtask)
            result["predictions"] = str(pred_path)
        result["status"] = "scored" if gold is not None else "predicted (no gold in the folder)"
        if failed:  # never a plain "scored": the numbers include fallback rows for the failed documents
            result["status"] += f", {len(failed)} of {len(documents)} documents failed (fallback predictions)"
        extra_opts = {k: v for k, v in (score_options or {}).items() if v is not None}
        result["scores"] = task.score(gold, predictions, subtask, **extra_opts) if gold is not None else None
    if failed:
        result["warning"] = message("W133", failed=len(failed), documents=len(documents), task=task.name,
                                    ids=", ".join(failed[:5]) + (", ..." if len(failed) > 5 else ""),
                                    rows=stats["fallback_rows"])
    return result


def format_result(result: dict[str, Any]) -> str:
    head = (f"{result['task']} subtask {result['subtask']} ({result['lang']}): {result['documents']} document(s), "
            f"pipeline {', '.join(f'{k} {v}' for k, v in result['pipeline'].items())}")
    lines = [head, f"  status: {result['status']}"]
    if result.get("failed_ids"):
        lines.append(f"  documents a component failed on: {', '.join(result['failed_ids'])}")
    if result.get("fallback_rows"):
        lines.append(f"  fallback rows (no prediction for the item): {result['fallback_rows']}")
    for name, value in _flatten(result.get("scores") or {}):
        lines.append(f"  {name:40} {value:.4f}" if isinstance(value, float) else f"  {name:40} {value}")
    if result.get("predictions"):
        lines.append(f"  predictions: {result['predictions']}")
    return "\n".join(lines)


def _flatten(d: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for key, value in d.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            if key == "per_label":
                continue  # too long for the table; it is in scores.json
            out.extend(_flatten(value, name + "."))
        elif not isinstance(value, (list, tuple)):
            out.append((name, value))
    return out
