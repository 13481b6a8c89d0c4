"""The one ``scores.json`` shape every evaluation writes with ``--out DIR``.

A runner returns its own result dict (the numbers the CLI prints and the floors read); the
envelope wraps it without changing a number::

    >>> env = envelope("cleaning", {"split": "test", "pages": 2, "component": "clean@3",
    ...                             "all/lines": {"f1": 0.9}}, data="dev.jsonl", details=("pages",))
    >>> env["component_versions"], env["scores"], env["details"]
    ({'clean': '3'}, {'all/lines': {'f1': 0.9}}, {'pages': 2})
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

# Keys of a runner's result that the envelope lifts to its own top level.
LIFTED = ("task", "split", "data", "pipeline", "component")
# Keys the baselines add to a result (narrascope.eval.baselines.attach): lifted beside "scores".
COMPARED = ("baselines", "margins", "verdict")
SCORES_FILE = "scores.json"


def component_versions(result: dict[str, Any]) -> dict[str, str]:
    """``result["pipeline"]`` (name -> version), or the one ``"clean@3"`` style ``component``."""
    if isinstance(result.get("pipeline"), dict):
        return dict(result["pipeline"])
    name, _, version = str(result.get("component") or "").partition("@")
    return {name: version} if name else {}


def envelope(task: str, result: dict[str, Any], *, data: str | Path | None, split: str | None = None,
             details: tuple[str, ...] = (), scores_key: str | None = None,
             baselines: Callable[[dict[str, Any]], tuple[dict[str, Any], dict[str, Any]]] | None = None,
             created: str | None = None) -> dict[str, Any]:
    """``{"task", "split", "data", "component_versions", "scores", ["baselines", "margins", "verdict"],
    "details", "created"}``.

    ``scores`` is ``result[scores_key]`` when given (the shared tasks score under ``"scores"``, None when
    not available), else every key of ``result`` that is neither lifted nor one of ``details``.
    ``baselines(scores) -> (scores, baselines)`` moves the comparison numbers a runner computes out of
    ``scores``; the trivial and trained baselines, margins and verdicts the registry adds to the result
    (:data:`COMPARED`) go beside them. ``details`` holds the rest (counts, failed pages, status, prediction file).
    """
    detail_keys = set(details) | ({scores_key} if scores_key else set()) | set(COMPARED)
    if scores_key:
        scores = result.get(scores_key)
        detail = {k: v for k, v in result.items() if k not in LIFTED and k not in detail_keys}
    else:
        scores = {k: v for k, v in result.items() if k not in LIFTED and k not in detail_keys}
        detail = {k: result[k] for k in details if k in result}
    out: dict[str, Any] = {"task": task, "split": result.get("split", split),
                           "data": str(result.get("data") or data) if (result.get("data") or data) else None,
                           "component_versions": component_versions(result)}
    base: dict[str, Any] = {}
    if baselines and scores is not None:
        scores, base = baselines(scores)
    out["scores"] = scores
    base = {**base, **(result.get("baselines") or {})}
    if base:
        out["baselines"] = base
    out.update({k: result[k] for k in COMPARED[1:] if k in result})
    out["details"] = detail
    out["created"] = created or datetime.now(timezone.utc).isoformat(timespec="seconds")
    return out


def write_scores(out_dir: str | Path, env: dict[str, Any]) -> Path:
    """Write ``env`` to ``<out_dir>/scores.json`` (the folder is created) and return the path."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / SCORES_FILE
    path.write_text(json.dumps(env, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
