"""Synthetic daily timelines with planted waves, one per seed, for ``narrascope eval waves``.

Each seed gives one narrative's timeline inside a monitored corpus, drawn to look like the real thing
rather than to be easy:

- length 120, 365, 730 or 1,095 days; the narrative's baseline 0.1-5 articles/day (log-uniform);
- corpus totals of 30-1,500 articles/day with a weekday/weekend cycle (weekend 35-90% of a weekday),
  a slow drift (trend up to +-50% and a seasonal swing up to +-30%), 0-3 jumps (sources added, x1.3-3,
  or dropped, x0.5-0.8) and, on a third of the series, 1-2 collection outages of 1-5 days (totals 0)
  outside the waves;
- a day-level shock common to the narrative and the totals (a heavy news day), and the narrative's own
  negative-binomial noise (size 1.5-30: variance mu + mu**2/size, e.g. 4x Poisson's at 5/day);
- the narrative's share drifts (+-20%) and shifts by up to +-25% at each jump (new sources cover it
  differently), so totals explain most, not all, of the volume changes;
- 0-4 waves (no wave on a quarter of the series): lift 2-10x (log-uniform) at the peak, 2-30 days, shapes
  "block", "spike" (peak on day 1, exponential decay), "ramp" (1-3 days up, then decay) and "plateau"
  (1-3 days up, flat, fast decay); at least 10 quiet days between waves; 15% of series start with a wave
  in their first 3 days and 15% end inside one (cut by the end of the series).

A wave's ``start`` is its first day with extra articles planted, ``end`` its last day in the series;
``z`` says how far its extra volume stands above the noise (extra / standard deviation of the baseline's
volume over the same days): even a detector told where to look cannot tell waves of z under ~2 from noise.

    >>> tl = make_timeline(1000)
    >>> len(tl.counts) == len(tl.totals) == tl.days and all(0 <= w.start <= w.end < tl.days for w in tl.waves)
    True
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

LENGTHS = (120, 365, 730, 1095)
SHAPES = ("block", "spike", "ramp", "plateau")
WAVE_COUNTS = (0, 1, 2, 3, 4)
WAVE_COUNT_P = (0.25, 0.25, 0.2, 0.15, 0.15)
MIN_QUIET = 10


@dataclass(frozen=True)
class PlantedWave:
    start: int
    end: int
    lift: float
    shape: str
    extra: float  # articles the wave adds in expectation (its planted volume above the baseline)
    z: float = 0.0  # extra / the standard deviation of the baseline's volume over the wave's days

    @property
    def days(self) -> int:
        return self.end - self.start + 1


@dataclass
class Timeline:
    seed: int
    counts: np.ndarray
    totals: np.ndarray
    baseline: float  # the narrative's articles/day at the corpus' reference volume
    size: float      # negative-binomial size of the narrative's own noise
    waves: list[PlantedWave] = field(default_factory=list)

    @property
    def days(self) -> int:
        return int(self.counts.size)


def _profile(shape: str, days: int, rng: np.random.Generator) -> np.ndarray:
    """The wave's excess over the baseline, day by day, as a fraction of its peak excess (peak = 1)."""
    t = np.arange(days, dtype=float)
    if shape == "block":
        return np.ones(days)
    if shape == "spike":
        return np.exp(-t * math.log(6.0) / max(1, days - 1))  # decays to 1/6 of the peak by the last day
    rise = int(rng.integers(1, 4)) if days > 3 else 1
    up = (t[:rise] + 1) / (rise + 1)
    if shape == "ramp":
        down = np.exp(-(t[rise:] - rise) * math.log(5.0) / max(1, days - rise - 1))
    else:  # plateau: flat, then the last quarter decays
        tail = max(1, days // 4)
        down = np.ones(days - rise)
        down[-tail:] = np.linspace(0.8, 0.25, tail)
    return np.concatenate([up, down])


def _waves(days: int, rng: np.random.Generator) -> list[tuple[int, int, float, str, np.ndarray]]:
    want = int(rng.choice(WAVE_COUNTS, p=WAVE_COUNT_P))
    placed: list[tuple[int, int, float, str, np.ndarray]] = []
    edge_start, edge_end = rng.random() < 0.15, rng.random() < 0.15
    for k in range(want * 20):  # rejection sampling of non-overlapping positions
        if len(placed) == want:
            break
        length = int(rng.integers(2, 31))
        lift = float(math.exp(rng.uniform(math.log(2), math.log(10))))
        shape = SHAPES[int(rng.integers(len(SHAPES)))]
        if k == 0 and edge_start:
            start = int(rng.integers(0, 3))
        elif k == 0 and edge_end:
            start = days - int(rng.integers(1, length + 1))  # still going when the series ends
        else:
            start = int(rng.integers(0, max(1, days - length)))
        end = min(days - 1, start + length - 1)
        if any(start <= e + MIN_QUIET and s <= end + MIN_QUIET for s, e, *_ in placed):
            continue
        placed.append((start, end, lift, shape, _profile(shape, length, rng)[:end - start + 1]))
    return sorted(placed, key=lambda w: w[0])


def make_timeline(seed: int) -> Timeline:
    """The timeline of ``seed`` (same seed, same timeline)."""
    rng = np.random.default_rng([seed, 0x57A7E5])
    days = int(rng.choice(LENGTHS))
    t = np.arange(days)
    baseline = float(math.exp(rng.uniform(math.log(0.1), math.log(5))))
    volume = float(math.exp(rng.uniform(math.log(30), math.log(1500))))
    volume = max(volume, 12 * baseline)
    weekend = rng.uniform(0.35, 0.9)
    week = np.where((t + int(rng.integers(7))) % 7 >= 5, weekend, 1.0) * rng.uniform(0.9, 1.1, 7)[t % 7]
    trend = np.exp(rng.uniform(-0.5, 0.5) * t / days)
    season = 1 + rng.uniform(0, 0.3) * np.sin(2 * math.pi * t / 365 + rng.uniform(0, 2 * math.pi))
    level = np.ones(days)
    share_level = np.ones(days)
    for _ in range(int(rng.choice((0, 1, 2, 3), p=(0.3, 0.3, 0.25, 0.15)))):
        at = int(rng.integers(1, days))
        jump = rng.uniform(1.3, 3.0) if rng.random() < 0.75 else rng.uniform(0.5, 0.8)
        level[at:] *= jump
        share_level[at:] *= math.exp(rng.uniform(math.log(0.8), math.log(1.25)))
    share_drift = 1 + rng.uniform(0, 0.2) * np.sin(2 * math.pi * t / rng.uniform(60, 400) + rng.uniform(0, 6.3))
    shock = rng.gamma(shape := rng.uniform(8, 60), 1 / shape, days)  # heavy news days for everyone
    expected_total = volume * week * trend * season * level * shock
    share = baseline / volume * share_drift * share_level
    base_mu = expected_total * share
    lift = np.ones(days)
    waves = []
    size = float(math.exp(rng.uniform(math.log(1.5), math.log(30))))
    for start, end, peak, shape_name, profile in _waves(days, rng):
        lift[start:end + 1] += (peak - 1) * profile
        mu = base_mu[start:end + 1]
        extra = float((mu * (peak - 1) * profile).sum())
        waves.append(PlantedWave(start, end, round(peak, 3), shape_name, extra,
                                 extra / math.sqrt(float((mu + mu * mu / size).sum()))))
    counts = rng.poisson(rng.gamma(size, base_mu * lift / size))
    others = rng.poisson(np.maximum(expected_total - base_mu, 0.0))
    totals = counts + others
    if rng.random() < 1 / 3:
        for _ in range(int(rng.integers(1, 3))):
            at, length = int(rng.integers(0, days)), int(rng.integers(1, 6))
            if any(at <= w.end and w.start < at + length for w in waves):
                continue  # an outage never hides a planted wave (it would be unscorable, not missed)
            counts[at:at + length] = 0
            totals[at:at + length] = 0
    return Timeline(seed, counts.astype(float), totals.astype(float), baseline, size, waves)
