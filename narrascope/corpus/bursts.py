"""Bursts in one timeline: Kleinberg's burst automaton over daily counts (pure functions, no store).

Method: J. Kleinberg, "Bursty and hierarchical structure in streams", KDD 2002, section 3 (the
*enumerated* form, for documents counted per bucket). The timeline is emitted by a hidden automaton with
states ``0 .. levels-1``; state ``i`` expects ``s**i`` times the baseline. The cheapest state sequence
(Viterbi) pays each bucket's negative log-likelihood under its state plus ``gamma * ln(n)`` per level
climbed (falling is free); a burst is a maximal run of buckets in a state >= 1 (found with states 0 and
1), and its level the highest state the automaton of the states above 0 reaches inside it (the paper's
hierarchy: a level-j+1 burst lies inside a level-j one). Two changes to the paper, both for real news
timelines:

- **Emission**: the paper's binomial ``(r_t of d_t)`` in its small-share limit, a count with mean
  ``share * totals[t] * s**i`` (``totals`` given: a burst is a rise in *share* when the corpus volume itself
  varies, e.g. sources added) or ``rate * s**i`` (no totals: a rise in rate); negative binomial instead of
  Poisson, with the dispersion ``alpha`` (variance ``mu + alpha * mu**2``) estimated by moments, so a noisy
  timeline needs more evidence than a Poisson one before a level is paid for.
- **Baseline**: a first pass fits the share (or rate) on every bucket and runs the Poisson automaton
  (``alpha`` = 0); each of ``passes`` more passes refits the share and ``alpha`` on the buckets outside
  the bursts found so far, so the waves lift neither their own baseline nor the noise estimate (fitted
  on every bucket, one day of 6 articles in 100 quiet days reads as noise of ``alpha`` ~ 80). With
  ``window`` (buckets), later passes use a local share over ``+-window`` buckets, for timelines whose
  baseline moves a lot (it did not help on the synthetic timelines, where it moves +-20%: default 0).

Parameters (defaults chosen on the tuning seeds of ``narrascope eval waves`` by ``scripts/waves_tune.py``:
the best recall within 2 days among settings with precision >= 0.92):

- ``s`` = 3 (> 1): ratio between the rates of consecutive states; a wave of lift ``s`` reaches level 1;
- ``gamma`` = 1.1 (>= 0): cost of climbing one level, in units of ``ln(n)``; higher = fewer, stronger bursts;
- ``levels`` = 3 (>= 2): number of states; a burst's ``level`` is the highest it reaches (its intensity);
- ``min_volume`` = 2: bursts with fewer articles are dropped (one article is not a wave);
- ``dispersion`` = None: fix ``alpha`` instead of estimating it (0 = Poisson, the paper's model);
- ``passes`` = 2 and ``window`` = 0: the refits of the baseline above.

What to expect (``narrascope eval waves``, held-out seeds): precision 0.91, recall 0.60 of planted waves
of lift 2-10x over 2-30 days, starts within 2 days for 83% of those found; recall 0.97 for waves whose
extra volume stands 8+ standard deviations above the noise, 0.19 at 2-4: small lifts on 0.1/day are
beyond any detector. Give ``totals`` whenever the corpus volume varies (without them: precision 0.66).

Gaps: a bucket whose count is NaN, or whose total is 0, is "not observed" and costs nothing in any
state; a burst may run across it but never starts or ends on one. Empty, all-zero, one-article and
shorter-than-7-bucket timelines have no bursts. Deterministic; ~1 ms for 1,100 daily buckets.

    >>> counts = [1, 0, 2, 1, 0, 1, 1, 0, 1, 9, 12, 10, 8, 1, 0, 1, 2, 0, 1, 1, 0, 1]
    >>> [(b.start, b.peak, b.end, b.volume) for b in detect_bursts(counts)]
    [(9, 10, 12, 39)]
    >>> totals = [50] * 9 + [400] * 4 + [50] * 9         # the corpus itself grew eightfold those days
    >>> detect_bursts(counts, totals)
    []

Bucket ``t`` is the caller's: day ``first + t`` for daily counts (``start``, ``peak`` and ``end`` are indices).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from ..errors import ConfigError

S = 3.0
GAMMA = 1.1
LEVELS = 3
MIN_VOLUME = 2
PASSES = 2
MIN_BUCKETS = 7  # a shorter timeline has no baseline for a burst to stand out from
WINDOW = 0
MAX_ALPHA = 4.0  # caps the dispersion estimate of very short or very bursty timelines
PRIOR_ARTICLES = 20.0  # weight of the whole timeline's rate in a local one, in articles


@dataclass(frozen=True)
class Burst:
    """One burst: bucket indices ``start <= peak <= end`` (``end`` inclusive) and how strong it is.

    ``volume``: articles inside; ``expected``: articles the baseline expects there; ``ratio``:
    ``volume / expected`` (the lift); ``level``: highest automaton state reached (1 = ``s`` times the
    baseline, 2 = ``s**2``...); ``score``: log-likelihood gain of the burst states over the baseline
    inside the burst, in nats (higher = stronger evidence; at least ``gamma * ln(n)``).
    """

    start: int
    peak: int
    end: int
    volume: int
    expected: float
    ratio: float
    level: int
    score: float

    def as_dict(self) -> dict[str, float | int]:
        return {"start": self.start, "peak": self.peak, "end": self.end, "volume": self.volume,
                "expected": round(self.expected, 3), "ratio": round(self.ratio, 3), "level": self.level,
                "score": round(self.score, 3)}


def _check(counts: Sequence[float], totals: Sequence[float] | None, s: float, gamma: float,
           levels: int) -> tuple[np.ndarray, np.ndarray | None]:
    if not s > 1 or not math.isfinite(s):
        raise ConfigError("E054", name="s", detail=f"s={s!r}; the ratio between levels must be > 1 (e.g. 2)")
    if not gamma >= 0 or not math.isfinite(gamma):
        raise ConfigError("E054", name="gamma", detail=f"gamma={gamma!r}; the climb cost must be >= 0 (e.g. 0.5)")
    if int(levels) != levels or levels < 2:
        raise ConfigError("E054", name="levels", detail=f"levels={levels!r}; give a whole number >= 2 (e.g. 3)")
    r = np.asarray(counts, dtype=float).reshape(-1)
    if np.any(r[~np.isnan(r)] < 0) or np.any(np.isinf(r)):
        raise ConfigError("E054", name="counts", detail="a count is negative or infinite; counts are articles "
                                                        "per bucket (NaN marks a bucket with no data)")
    if totals is None:
        return r, None
    d = np.asarray(totals, dtype=float).reshape(-1)
    if d.shape != r.shape:
        raise ConfigError("E054", name="totals", detail=f"{d.size} totals for {r.size} counts; give one total "
                                                        "per bucket")
    if np.any(np.isnan(d)) or np.any(d < 0) or np.any(np.isinf(d)):
        raise ConfigError("E054", name="totals", detail="a total is negative, NaN or infinite; a bucket with no "
                                                        "data has total 0")
    return r, d


def _fit(r: np.ndarray, x: np.ndarray, use: np.ndarray, window: int) -> tuple[np.ndarray, float]:
    """Expected count per bucket and the negative-binomial dispersion, by moments over the ``use`` buckets.

    The rate is the ratio over the whole timeline, or with ``window`` the ratio over ``+-window`` buckets
    shrunk towards the whole timeline's by :data:`PRIOR_ARTICLES` (a local rate moves only where the window
    holds many more articles than that).
    """
    total_x = float(x[use].sum())
    rate = float(r[use].sum()) / total_x if total_x > 0 else 0.0
    if rate <= 0:
        return np.zeros_like(x), 0.0
    if window > 0:
        cr = np.concatenate([[0.0], np.cumsum(np.where(use, r, 0.0))])
        cx = np.concatenate([[0.0], np.cumsum(np.where(use, x, 0.0))])
        t = np.arange(r.size)
        lo, hi = np.maximum(0, t - window), np.minimum(r.size, t + window + 1)
        local = (cr[hi] - cr[lo] + PRIOR_ARTICLES) / (cx[hi] - cx[lo] + PRIOR_ARTICLES / rate)
        e = local * x
    else:
        e = rate * x
    denominator = float((e[use] ** 2).sum())
    alpha = float(((r[use] - e[use]) ** 2 - r[use]).sum() / denominator) if denominator > 0 else 0.0
    return e, min(max(alpha, 0.0), MAX_ALPHA)


def _costs(r: np.ndarray, e: np.ndarray, seen: np.ndarray, s: float, levels: int, alpha: float) -> np.ndarray:
    """Negative log-likelihood of each bucket under each state (terms equal across states dropped)."""
    mu = e[None, :] * (s ** np.arange(levels))[:, None]
    rr = np.broadcast_to(r, mu.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        if alpha > 0:
            k = 1.0 / alpha
            cost = k * np.log1p(mu / k) + rr * np.log1p(k / mu)
        else:
            cost = mu - rr * np.log(mu)
    cost = np.where(seen[None, :] & (mu > 0), cost, 0.0)
    return np.nan_to_num(cost, nan=0.0, posinf=0.0)


def _viterbi2(cost: np.ndarray, climb: float) -> list[int]:
    """:func:`_viterbi` for two states, written out (a third of the time)."""
    low, high = 0.0, climb
    back = []
    for c0, c1 in zip(cost[0].tolist(), cost[1].tolist()):
        fell, stayed = high < low, high <= low + climb
        back.append((fell, stayed))
        low, high = (high if fell else low) + c0, (high if stayed else low + climb) + c1
    state = int(high < low)
    path = [0] * len(back)
    for t in range(len(back) - 1, -1, -1):
        path[t] = state
        state = int(back[t][state])
    return path


def _viterbi(cost: np.ndarray, climb: float) -> list[int]:
    """Cheapest state sequence: each bucket's cost plus ``climb`` per level up, falling free."""
    levels, n = cost.shape
    if levels == 2:
        return _viterbi2(cost, climb)
    top = range(levels - 2, -1, -1)
    rise = range(1, levels)
    best = [climb * j for j in range(levels)]  # the automaton starts in state 0
    back: list[list[int]] = []
    for row in cost.T.tolist():
        # entry into j: from the cheapest state at or above j (falling is free), or one climb above the
        # entry into j-1 (which already holds every cheaper start below).
        arg = list(range(levels))
        for j in top:
            if best[j + 1] < best[j]:
                best[j], arg[j] = best[j + 1], arg[j + 1]
        for j in rise:
            if best[j - 1] + climb < best[j]:
                best[j], arg[j] = best[j - 1] + climb, arg[j - 1]
        best = [b + c for b, c in zip(best, row)]
        back.append(arg)
    state = min(range(levels), key=lambda j: (best[j], j))
    path = [0] * n
    for t in range(n - 1, -1, -1):
        path[t] = state
        state = back[t][state]
    return path


def _runs(path: list[int]) -> list[tuple[int, int]]:
    out, start = [], None
    for t, q in enumerate(path + [0]):
        if q and start is None:
            start = t
        elif not q and start is not None:
            out.append((start, t - 1))
            start = None
    return out


def detect_bursts(counts: Sequence[float], totals: Sequence[float] | None = None, *, s: float = S,
                  gamma: float = GAMMA, levels: int = LEVELS, min_volume: int = MIN_VOLUME,
                  dispersion: float | None = None, passes: int = PASSES, window: int = WINDOW) -> list[Burst]:
    """The bursts of one timeline of equally spaced buckets, earliest first.

    ``counts[t]``: articles on the subject in bucket ``t`` (NaN: no data that bucket); ``totals[t]``:
    all articles in bucket ``t`` (optional; with it a burst is a rise in share). See the module
    docstring for the method and the parameters; an out-of-range parameter or a malformed series is
    ConfigError E054.
    """
    r, d = _check(counts, totals, s, gamma, levels)
    n = r.size
    seen = ~np.isnan(r)
    if d is not None:
        seen &= d > 0
    r = np.where(seen, r, 0.0)
    if n < MIN_BUCKETS or r.sum() < max(2, min_volume):
        return []
    # exposure: the day's total (share mode; never below its own count) or 1 (rate mode)
    x = np.where(seen, np.maximum(d, r) if d is not None else 1.0, 0.0)
    climb = gamma * math.log(n)
    use = seen.copy()
    e, alpha = np.zeros(n), 0.0
    for k in range(max(1, passes) + 1):
        # the first pass fits one rate on every bucket; later ones fit outside the bursts found, locally
        refit, fitted = _fit(r, x, use, window if k else 0)
        if not refit.any():
            break  # nothing at all outside the bursts: keep the previous fit
        # Poisson first: the waves themselves would inflate a dispersion fitted on every day
        e, alpha = refit, (fitted if k else 0.0) if dispersion is None else dispersion
        if k == max(1, passes):
            break
        # which buckets are in a burst needs only two states (the levels above say how high it goes)
        use = seen & (np.asarray(_viterbi(_costs(r, e, seen, s, 2, alpha), climb)) == 0)
        if use.sum() < 2:
            break
    cost = _costs(r, e, seen, s, levels, alpha)
    path = _viterbi(cost[:2], climb)
    for start, end in _runs(path):
        # how high each burst goes: the automaton of the states above 0, run on the burst's buckets
        # (Kleinberg's hierarchy: a level-j+1 burst lies inside a level-j one)
        path[start:end + 1] = [q + 1 for q in _viterbi(cost[1:, start:end + 1], climb)]
    bursts = []
    for start, end in _runs(path):
        active = np.flatnonzero(r[start:end + 1] > 0)
        if not active.size:
            continue
        a, b = start + int(active[0]), start + int(active[-1])
        volume = int(round(r[a:b + 1].sum()))
        if volume < min_volume:
            continue
        share = r[a:b + 1] / np.where(x[a:b + 1] > 0, x[a:b + 1], np.inf)
        peak = a + int(np.argmax(share if d is not None else r[a:b + 1]))
        states = np.asarray(path[a:b + 1])
        gain = float((cost[0, a:b + 1] - cost[states, np.arange(a, b + 1)]).sum())
        expected = float(e[a:b + 1].sum())
        bursts.append(Burst(a, peak, b, volume, expected, volume / expected if expected > 0 else math.inf,
                            int(states.max()), gain))
    return bursts
