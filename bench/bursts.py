#!/usr/bin/env python3
"""Speed of narrascope.corpus.bursts.detect_bursts on 3-year daily timelines (1,095 buckets).

    python bench/bursts.py [--series 100] [--repeat 5]

Times each held-out synthetic timeline of ``narrascope eval waves`` that is 1,095 days long (and, for
growth, the same timelines tiled to 10 years), with totals (share) and without (rate). Prints the median
and the 95th percentile in ms per timeline; never asserts timings.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from narrascope.corpus.bursts import detect_bursts  # noqa: E402
from narrascope.eval.waves_synth import make_timeline  # noqa: E402


def timed(series: list[tuple[np.ndarray, np.ndarray | None]], repeat: int) -> list[float]:
    out = []
    for counts, totals in series:
        best = min(_once(counts, totals) for _ in range(repeat))
        out.append(best * 1000)
    return out


def _once(counts: np.ndarray, totals: np.ndarray | None) -> float:
    start = time.perf_counter()
    detect_bursts(counts, totals)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--series", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    lines = [t for t in (make_timeline(s) for s in range(1000, 1000 + 4 * args.series)) if t.days == 1095]
    lines = lines[:args.series]
    for name, series in (("1,095 days, share", [(t.counts, t.totals) for t in lines]),
                         ("1,095 days, rate", [(t.counts, None) for t in lines]),
                         ("3,650 days, share", [(np.resize(t.counts, 3650), np.resize(t.totals, 3650)) for t in lines])):
        ms = sorted(timed(series, args.repeat))
        print(f"{name:20} {len(ms)} timelines: median {statistics.median(ms):.2f} ms, "
              f"p95 {ms[int(0.95 * (len(ms) - 1))]:.2f} ms, max {ms[-1]:.2f} ms")


if __name__ == "__main__":
    main()
