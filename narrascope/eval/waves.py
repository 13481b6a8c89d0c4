"""``narrascope eval waves``: burst detection scored on synthetic timelines with planted waves.

The timelines come from seeds (:mod:`.waves_synth`): seeds 0-299 are the **tuning seeds** the defaults of
:func:`narrascope.corpus.bursts.detect_bursts` were chosen on (``scripts/waves_tune.py``) and the trained
baseline's threshold is chosen on in each run; the scores are on **held-out seeds** (1000-1299 unless
``--seeds`` says otherwise; seeds under 1000 are refused). A planted wave is *found* when a detected burst
overlaps it; a burst is *right* when it overlaps a planted wave. Reported: precision (right bursts / bursts),
recall (found waves / waves), F1, the start-date error of found waves (days between the planted start and
the start of the first burst overlapping it: median, 90th percentile, share within 2 days), and
``recall_within_2d`` (waves found with a start within 2 days / waves). Recall is also split by lift,
baseline rate, length, shape, planted extra volume and ``z`` (extra volume / its noise), so what cannot
be found is named. The detector
runs on share (totals given) and, as a second line, on counts alone (``rate_mode``)::

    >>> result = evaluate_waves("1000-1009")
    >>> result["held_out"]["waves"] == sum(len(make_timeline(s).waves) for s in range(1000, 1010))
    True
"""
from __future__ import annotations

import math
from typing import Any, Callable, Iterable, Sequence

import numpy as np

from ..corpus.bursts import GAMMA, LEVELS, MIN_VOLUME, PASSES, S, detect_bursts
from ..errors import ConfigError
from .waves_synth import PlantedWave, Timeline, make_timeline

TUNING_SEEDS = range(0, 300)
HELD_OUT_SEEDS = range(1000, 1300)
FIRST_HELD_OUT = 1000
NEAR_DAYS = 2
VERSION = "1"

# A detector maps (counts, totals or None) to bursts as (start, end) day pairs, end inclusive.
Detector = Callable[[np.ndarray, "np.ndarray | None"], list[tuple[int, int]]]

BINS: dict[str, tuple[Callable[[Timeline, PlantedWave], float], tuple[float, ...], str]] = {
    "by_lift": (lambda tl, w: w.lift, (2, 3, 5, 10.01), "x"),
    "by_baseline": (lambda tl, w: tl.baseline, (0.1, 0.3, 1, 5.01), "/day"),
    "by_days": (lambda tl, w: w.days, (1, 5, 15, 31), " days"),
    "by_extra": (lambda tl, w: w.extra, (0, 3, 10, 30, math.inf), " articles"),
    "by_z": (lambda tl, w: w.z, (0, 2, 4, 8, math.inf), " sd"),
}


def parse_seeds(value: str | int | Sequence[int] | None) -> list[int]:
    """Held-out seeds from ``--seeds``: a count ("300": 1000-1299), a range "A-B" or a list "A,B,C"."""
    if value is None:
        return list(HELD_OUT_SEEDS)
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit() and "," not in value
                                  and int(value) < FIRST_HELD_OUT):
        count = int(value)
        if count < 1:
            raise ConfigError("E055", value=value, detail="the count must be at least 1")
        return list(range(FIRST_HELD_OUT, FIRST_HELD_OUT + count))
    try:
        if isinstance(value, str) and "-" in value:
            a, b = (int(v) for v in value.split("-", 1))
            seeds = list(range(a, b + 1))
        elif isinstance(value, str):
            seeds = [int(v) for v in value.split(",") if v.strip()]
        else:
            seeds = [int(v) for v in value]
    except ValueError:
        raise ConfigError("E055", value=value, detail="not a count, a range A-B or a list A,B,C") from None
    if not seeds:
        raise ConfigError("E055", value=value, detail="no seed in it")
    if min(seeds) < FIRST_HELD_OUT:
        raise ConfigError("E055", value=value, detail=f"seed {min(seeds)} is a tuning seed")
    return sorted(set(seeds))


def seeds_label(seeds: Sequence[int]) -> str:
    if list(seeds) == list(range(seeds[0], seeds[-1] + 1)):
        return f"{seeds[0]}-{seeds[-1]}"
    return ",".join(map(str, seeds))


def bursts_detector(rate_mode: bool = False, **params: Any) -> Detector:
    """:func:`detect_bursts` as a detector (``rate_mode``: the totals are not given to it)."""
    def detect(counts: np.ndarray, totals: np.ndarray | None) -> list[tuple[int, int]]:
        return [(b.start, b.end) for b in detect_bursts(counts, None if rate_mode else totals, **params)]
    return detect


def match(waves: Sequence[PlantedWave], bursts: Sequence[tuple[int, int]]) -> tuple[int, list[int | None]]:
    """(bursts overlapping a wave, per wave the start error of its first overlapping burst or None)."""
    right = sum(any(s <= w.end and w.start <= e for w in waves) for s, e in bursts)
    errors: list[int | None] = []
    for w in waves:
        hits = [s for s, e in sorted(bursts) if s <= w.end and w.start <= e]
        errors.append(abs(hits[0] - w.start) if hits else None)
    return right, errors


def _rate(num: int, den: int) -> float:
    return round(num / den, 4) if den else 1.0


def summarise(rows: list[tuple[Timeline, int, int, list[int | None]]]) -> dict[str, Any]:
    """Precision, recall, F1 and start errors over ``(timeline, bursts, right bursts, wave errors)`` rows."""
    bursts = sum(r[1] for r in rows)
    right = sum(r[2] for r in rows)
    errors = [e for r in rows for e in r[3]]
    found = [e for e in errors if e is not None]
    p, rec = _rate(right, bursts), _rate(len(found), len(errors))
    quiet = [r for r in rows if not r[0].waves]
    quiet_years = sum(r[0].days for r in quiet) / 365
    return {"precision": p, "recall": rec, "f1": round(2 * p * rec / (p + rec), 4) if p + rec else 0.0,
            "start_error_median": float(np.median(found)) if found else None,
            "start_error_p90": round(float(np.percentile(found, 90)), 1) if found else None,
            "start_within_2d": _rate(sum(e <= NEAR_DAYS for e in found), len(found)),
            "recall_within_2d": _rate(sum(e <= NEAR_DAYS for e in found), len(errors)),
            "series": len(rows), "waves": len(errors), "found": len(found), "bursts": bursts, "right": right,
            "false_bursts_per_year_without_waves": round(sum(r[1] for r in quiet) / quiet_years, 3)
            if quiet_years else None}


def run_detector(detector: Detector, timelines: Iterable[Timeline]) -> list[tuple[Timeline, int, int, list]]:
    rows = []
    for tl in timelines:
        found = detector(tl.counts, tl.totals)
        right, errors = match(tl.waves, found)
        rows.append((tl, len(found), right, errors))
    return rows


def score_detector(detector: Detector, timelines: Iterable[Timeline]) -> dict[str, Any]:
    return summarise(run_detector(detector, timelines))


def _bin_label(edges: tuple[float, ...], i: int, unit: str) -> str:
    hi = edges[i + 1]
    hi_text = "up" if math.isinf(hi) else f"{hi:g}".replace("10.01", "10").replace("5.01", "5")
    return f"{edges[i]:g}-{hi_text}{unit}"


def recall_by(rows: list[tuple[Timeline, int, int, list]]) -> dict[str, dict[str, dict[str, Any]]]:
    """Recall (and recall within 2 days) of the planted waves per bin of lift, baseline, length, extra volume
    and per shape."""
    pairs = [(tl, w, e) for tl, _, _, errors in rows for w, e in zip(tl.waves, errors)]
    out: dict[str, dict[str, dict[str, Any]]] = {}
    groups: dict[str, Callable[[Timeline, PlantedWave], str]] = {
        name: (lambda tl, w, f=f, edges=edges, unit=unit:
               _bin_label(edges, max(0, min(len(edges) - 2, int(np.searchsorted(edges, f(tl, w), "right")) - 1)),
                          unit))
        for name, (f, edges, unit) in BINS.items()}
    groups["by_shape"] = lambda tl, w: w.shape
    for name, key in groups.items():
        table: dict[str, list] = {}
        for tl, w, e in pairs:
            table.setdefault(key(tl, w), []).append(e)
        out[name] = {label: {"waves": len(es), "recall": _rate(sum(e is not None for e in es), len(es)),
                             "recall_within_2d": _rate(sum(e is not None and e <= NEAR_DAYS for e in es), len(es))}
                     for label, es in sorted(table.items(), key=lambda kv: _order(kv[0]))}
    return out


def _order(label: str) -> tuple[float, str]:
    head = label.split("-")[0]
    try:
        return float(head), label
    except ValueError:
        return math.inf, label


def evaluate_waves(seeds: str | int | Sequence[int] | None = None) -> dict[str, Any]:
    """Scores of :func:`detect_bursts` (its defaults) on the held-out ``seeds`` and on the tuning seeds."""
    held = parse_seeds(seeds)
    held_lines = [make_timeline(s) for s in held]
    tune_lines = [make_timeline(s) for s in TUNING_SEEDS]
    rows = run_detector(bursts_detector(), held_lines)
    missed = [{"seed": tl.seed, "start": w.start, "end": w.end, "lift": w.lift, "shape": w.shape,
               "baseline": round(tl.baseline, 3), "extra": round(w.extra, 1)}
              for tl, _, _, errors in rows for w, e in zip(tl.waves, errors) if e is None]
    return {"split": f"held-out seeds {seeds_label(held)}", "component": f"bursts@{VERSION}",
            "parameters": {"s": S, "gamma": GAMMA, "levels": LEVELS, "min_volume": MIN_VOLUME, "passes": PASSES},
            "held_out": summarise(rows),
            "held_out_rate_mode": score_detector(bursts_detector(rate_mode=True), held_lines),
            "tuning": score_detector(bursts_detector(), tune_lines),
            **recall_by(rows),
            "seeds": {"held_out": seeds_label(held), "tuning": seeds_label(list(TUNING_SEEDS))},
            "missed": sorted(missed, key=lambda m: -m["extra"])[:10]}


def _line(name: str, m: dict[str, Any]) -> str:
    med = "n/a" if m["start_error_median"] is None else f"{m['start_error_median']:g}"
    p90 = "n/a" if m["start_error_p90"] is None else f"{m['start_error_p90']:g}"
    return (f"  {name:22} P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}  start error median {med} "
            f"p90 {p90} d, within 2 d {m['start_within_2d']:.3f} (recall@2d {m['recall_within_2d']:.3f})  "
            f"[{m['waves']} waves, {m['bursts']} bursts, {m['series']} series]")


def format_waves(result: dict[str, Any]) -> str:
    p = result["parameters"]
    out = [f"waves ({result['component']}: Kleinberg bursts, s={p['s']}, gamma={p['gamma']}, levels={p['levels']}) "
           f"on synthetic timelines; held-out seeds {result['seeds']['held_out']} "
           f"(tuning seeds {result['seeds']['tuning']} chose the defaults)",
           _line("held-out (share)", result["held_out"]), _line("held-out (counts only)", result["held_out_rate_mode"]),
           _line("tuning seeds (share)", result["tuning"])]
    fp = result["held_out"]["false_bursts_per_year_without_waves"]
    if fp is not None:
        out.append(f"  false bursts per series-year on held-out series without waves: {fp:g}")
    for key in (*BINS, "by_shape"):
        out.append(f"  recall {key.replace('_', ' ')}: " + "; ".join(
            f"{label} {v['recall']:.2f} (@2d {v['recall_within_2d']:.2f}, n={v['waves']})"
            for label, v in result[key].items()))
    return "\n".join(out)
