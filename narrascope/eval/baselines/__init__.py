"""Baselines beside every score: the trivial one and a simple trained one, their margins and a verdict.

An evaluation's ``compare(options, settings, result)`` returns ``{"trivial": {...}, "trained": {...}}``,
each in the metric shape of the evaluation's scores plus ``"name"`` (what the baseline is) and, where
one metric's baseline differs, ``"names": {metric path: name}``; ``"source"`` says what a trained
baseline was fitted on when the name does not, ``"status"`` why one has no numbers. :func:`attach` adds to the result
``"baselines"``, ``"margins"`` (model minus each baseline, per headline metric) and ``"verdict"``:
``"ahead"`` when the model beats the trained baseline by >= :data:`MARGIN` and the trivial one at all::

    >>> r = attach({"all": {"f1": 0.62}}, {"trivial": {"name": "Other for all", "all": {"f1": 0.27}},
    ...            "trained": {"name": "tf-idf + logreg", "all": {"f1": 0.60}}}, ("all.f1",))
    >>> r["margins"], r["verdict"]
    ({'all.f1': {'trivial': 0.35, 'trained': 0.02}}, {'all.f1': 'not ahead of trained (tf-idf + logreg) (margin +0.020 < 0.05)'})
"""
from __future__ import annotations

from typing import Any

MARGIN = 0.05
KEYS = ("baselines", "margins", "verdict")


def dig(scores: Any, path: str) -> Any:
    """The value at dotted ``path`` (``"all.span.f1"``; a key may itself hold a ``/``), or None."""
    value = scores
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    if isinstance(value, dict) and "mean" in value:
        value = value["mean"]
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def baseline_name(baseline: dict[str, Any], path: str) -> str:
    return (baseline.get("names") or {}).get(path) or baseline.get("name") or "?"


def _verdict(model: float | None, trivial: float | None, trained: float | None,
             names: tuple[str, str]) -> str:
    if model is None:
        return "no model score"
    if trivial is not None and model <= trivial:
        return f"not ahead of trivial ({names[0]}) (margin {model - trivial:+.3f} <= 0)"
    if trained is None:
        return f"ahead of trivial ({names[0]}); no trained baseline" if trivial is not None else "no baseline"
    if model - trained < MARGIN:
        return f"not ahead of trained ({names[1]}) (margin {model - trained:+.3f} < {MARGIN})"
    return "ahead"


def attach(result: dict[str, Any], baselines: dict[str, Any], headline: tuple[str, ...],
           scores_key: str | None = None) -> dict[str, Any]:
    """``result`` with ``baselines``, ``margins`` and ``verdict`` added (no existing key changes)."""
    scores = result.get(scores_key) if scores_key else result
    trivial, trained = baselines.get("trivial") or {}, baselines.get("trained") or {}
    margins: dict[str, dict[str, float]] = {}
    verdict: dict[str, str] = {}
    for path in headline:
        m, t, r = dig(scores, path), dig(trivial, path), dig(trained, path)
        if m is None and t is None and r is None:
            continue
        margins[path] = {k: round(m - v, 4) for k, v in (("trivial", t), ("trained", r))
                         if m is not None and v is not None}
        verdict[path] = _verdict(m, t, r, (baseline_name(trivial, path), baseline_name(trained, path)))
    result.update({"baselines": baselines, "margins": margins, "verdict": verdict})
    return result


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def format_baselines(result: dict[str, Any], scores_key: str | None = None) -> str:
    """One line per headline metric: model | trivial | trained | margin over the trained one, verdict."""
    if "verdict" not in result:
        return ""
    scores = result.get(scores_key) if scores_key else result
    base = result["baselines"]
    trivial, trained = base.get("trivial") or {}, base.get("trained") or {}
    lines = ["  baselines (model | trivial | trained on the training data; ahead = beats trained by "
             f">= {MARGIN} and trivial at all):"]
    for kind, b in (("trivial", trivial), ("trained", trained)):
        for key in ("source", "status"):
            if b.get(key):
                lines.append(f"    {kind} baseline: {b[key]}")
    width = max((len(p) for p in result["verdict"]), default=10)
    for path, verdict in result["verdict"].items():
        m, t, r = dig(scores, path), dig(trivial, path), dig(trained, path)
        margin = result["margins"].get(path, {})
        if verdict == "ahead":
            tail = f"{margin['trained']:+.3f} ahead"
        elif verdict.startswith("not ahead of trained"):
            tail = f"{margin['trained']:+.3f} NOT AHEAD by {MARGIN}"
        elif verdict.startswith("not ahead of trivial"):
            tail = f"{margin['trivial']:+.3f} over trivial: NOT AHEAD OF TRIVIAL"
        else:
            tail = verdict
        trained_text = f"trained ({baseline_name(trained, path)}) {_num(r)}" if r is not None else "trained: none"
        lines.append(f"    {path:{width}}  model {_num(m)} | trivial ({baseline_name(trivial, path)}) {_num(t)} | "
                     f"{trained_text} | {tail}")
    return "\n".join(lines)
