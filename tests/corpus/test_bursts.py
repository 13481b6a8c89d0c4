"""Kleinberg bursts on daily timelines: planted waves found with their start, peak and end; flat noise,
corpus growth and edge cases give none; the automaton is the cheapest path; same input, same bursts."""
import itertools
import math

import numpy as np
import pytest

from narrascope.corpus.bursts import Burst, detect_bursts
from narrascope.corpus import bursts as bursts_module
from narrascope.errors import ConfigError

# A quiet narrative (about 1 article a day) with a campaign of 4 days (days 9-12) in the middle.
QUIET = [1, 0, 2, 1, 0, 1, 1, 0, 1, 9, 12, 10, 8, 1, 0, 1, 2, 0, 1, 1, 0, 1]


def noise(rate: float, days: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).poisson(rate, days).astype(float)


def test_a_planted_wave_is_found_with_its_start_peak_end_and_volume():
    (burst,) = detect_bursts(QUIET)
    assert (burst.start, burst.peak, burst.end, burst.volume) == (9, 10, 12, 39)
    assert burst.level >= 1 and burst.ratio > 5 and burst.score > math.log(len(QUIET))
    assert burst.as_dict()["volume"] == 39 and burst.expected == pytest.approx(39 / burst.ratio)


def test_a_wave_inside_a_year_of_noise_is_found_and_nothing_else():
    counts = noise(0.8, 365, seed=1)
    counts[200:214] += noise(3.0, 14, seed=2)  # two weeks at about 4.75x the baseline
    found = detect_bursts(counts)
    assert len(found) == 1
    (b,) = found
    # days 197-199 hold 2, 2 and 1 articles (the baseline is 0.8): read as the wave's first days
    assert abs(b.start - 200) <= 3 and abs(b.end - 213) <= 2 and b.start <= b.peak <= b.end
    assert b.peak == b.start + int(np.argmax(counts[b.start:b.end + 1]))
    assert b.volume == int(counts[b.start:b.end + 1].sum())


@pytest.mark.parametrize("rate,seed", [(0.1, 3), (0.5, 4), (1.0, 5), (5.0, 6)])
def test_flat_noise_has_no_bursts(rate, seed):
    assert detect_bursts(noise(rate, 730, seed)) == []


def test_a_rise_in_corpus_volume_is_no_burst_when_totals_are_given():
    # Sources added on day 180 triple the corpus; the narrative keeps its 1% share.
    totals = np.where(np.arange(365) < 180, 200.0, 600.0)
    counts = np.random.default_rng(7).binomial(totals.astype(int), 0.01).astype(float)
    assert detect_bursts(counts, totals) == []
    # Counted alone, the tripled part is where bursts appear (the step itself reads partly as noise).
    alone = detect_bursts(counts)
    assert alone and all(b.start >= 180 for b in alone)


def test_a_rise_in_share_is_a_burst_even_when_the_corpus_shrinks():
    totals = np.full(200, 400.0)
    totals[100:110] = 100.0  # a quiet week in the corpus...
    counts = np.random.default_rng(8).binomial(totals.astype(int), 0.01).astype(float)
    counts[100:110] = [3, 4, 5, 3, 4, 4, 3, 5, 4, 3]  # ...in which the narrative holds 3-5% of it
    (b,) = detect_bursts(counts, totals)
    assert (b.start, b.end) == (100, 109) and b.ratio > 3


def test_waves_at_both_edges_of_the_series():
    counts = noise(1.0, 120, seed=9)
    counts[:4] += [6, 7, 5, 6]
    counts[-3:] += [8, 9, 7]
    found = detect_bursts(counts)
    assert [(b.start, b.end) for b in found] == [(0, 3), (117, 119)]


@pytest.mark.parametrize("counts", [[], [0.0] * 400, [0] * 99 + [1], [3], [4, 5], [0, 0, 7],
                                    [0, 1, 0, 0, 0, 9]])
def test_empty_zero_one_article_and_very_short_series_have_no_bursts(counts):
    assert detect_bursts(counts) == []


def test_a_week_is_long_enough():
    assert [(b.start, b.end) for b in detect_bursts([0, 1, 0, 0, 1, 0, 0, 9])] == [(7, 7)]


def test_gaps_cost_nothing_and_never_start_or_end_a_burst():
    counts = noise(1.0, 200, seed=10)
    counts[80:86] = np.nan  # no data collected those days
    counts[86:96] += 5
    with_gap = detect_bursts(counts)
    assert [(b.start, b.end) for b in with_gap] == [(86, 95)]
    totals = np.full(200, 100.0)
    totals[80:86] = 0  # the same outage told through the totals
    assert [(b.start, b.end) for b in detect_bursts(np.nan_to_num(counts), totals)] == [(86, 95)]


def test_same_input_same_bursts():
    counts = noise(2.0, 1100, seed=11)
    counts[500:530] *= 3
    assert detect_bursts(counts) == detect_bursts(list(counts)) and detect_bursts(counts)


def test_min_volume_drops_tiny_bursts():
    counts = [0] * 50 + [6] + [0] * 50
    assert [(b.start, b.end, b.volume) for b in detect_bursts(counts, min_volume=1)] == [(50, 50, 6)]
    assert detect_bursts(counts, min_volume=7) == []


def test_the_automaton_takes_the_cheapest_path():
    rng = np.random.default_rng(12)
    for _ in range(30):
        cost = rng.uniform(0, 3, (3, 6))
        climb = float(rng.uniform(0, 2))
        path = bursts_module._viterbi(cost, climb)

        def total(p):
            steps = [0, *p]
            climbed = sum(max(0, b - a) for a, b in zip(steps, steps[1:]))
            return sum(cost[q, t] for t, q in enumerate(p)) + climb * climbed
        best = min(itertools.product(range(3), repeat=6), key=total)
        assert total(path) == pytest.approx(total(best))


@pytest.mark.parametrize("kwargs,name", [({"s": 1.0}, "s"), ({"gamma": -1}, "gamma"), ({"levels": 1}, "levels")])
def test_parameters_out_of_range_are_e054(kwargs, name):
    with pytest.raises(ConfigError) as err:
        detect_bursts(QUIET, **kwargs)
    assert err.value.code == "E054" and name in str(err.value)


def test_malformed_series_are_e054():
    with pytest.raises(ConfigError, match="E054.*counts"):
        detect_bursts([1, -2, 3])
    with pytest.raises(ConfigError, match="E054.*totals"):
        detect_bursts([1, 2, 3], [10, 10])


def test_burst_is_a_plain_record():
    b = Burst(1, 2, 3, 9, 3.0, 3.0, 1, 5.5)
    assert b.as_dict() == {"start": 1, "peak": 2, "end": 3, "volume": 9, "expected": 3.0, "ratio": 3.0,
                           "level": 1, "score": 5.5}
