"""`narrascope eval waves`: planted waves in synthetic timelines, scored beside the trivial and the rolling
threshold baselines, tuning and held-out seeds kept apart, scores.json written."""
import json

import numpy as np
import pytest

from narrascope.cli import main
from narrascope.errors import ConfigError
from narrascope.eval import evaluate
from narrascope.eval.baselines.waves import above_mean, rolling_threshold
from narrascope.eval.waves import TUNING_SEEDS, match, parse_seeds, summarise
from narrascope.eval.waves_synth import PlantedWave, Timeline, make_timeline

SEEDS = "1000-1011"


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    out = tmp_path_factory.mktemp("waves")
    return evaluate("waves", seeds=SEEDS, out=out), json.loads((out / "scores.json").read_text(encoding="utf-8"))


def test_the_runner_scores_held_out_seeds_and_says_which(scored):
    result, saved = scored
    held = [make_timeline(s) for s in range(1000, 1012)]
    assert result["held_out"]["series"] == 12 and result["held_out"]["waves"] == sum(len(t.waves) for t in held)
    assert result["seeds"] == {"held_out": SEEDS, "tuning": "0-299"} and saved["split"] == f"held-out seeds {SEEDS}"
    assert 0 <= result["held_out"]["precision"] <= 1 and result["held_out"]["found"] <= result["held_out"]["waves"]
    assert result["tuning"]["series"] == len(TUNING_SEEDS)
    assert set(result["by_lift"]) <= {"2-3x", "3-5x", "5-10x"} and sum(v["waves"] for v in result["by_z"].values()) \
        == result["held_out"]["waves"]


def test_the_baselines_sit_beside_the_score_in_scores_json(scored):
    result, saved = scored
    assert saved["task"] == "waves" and saved["data"] is None and saved["component_versions"] == {"bursts": "1"}
    assert saved["scores"]["held_out"] == result["held_out"] and "missed" in saved["details"]
    trivial, trained = saved["baselines"]["trivial"], saved["baselines"]["trained"]
    assert trivial["name"].startswith("every run of days above") and "precision" in trivial["held_out"]
    assert "sd" in trained["name"] and "chosen on the tuning seeds 0-299" in trained["source"]
    assert set(saved["verdict"]) == {"held_out.f1", "held_out.precision", "held_out.recall",
                                     "held_out.recall_within_2d"}
    # "every day above the mean" flags far more bursts than there are waves: its precision is near 0
    assert trivial["held_out"]["bursts"] > 5 * trivial["held_out"]["waves"]
    assert saved["margins"]["held_out.precision"]["trivial"] > 0


def test_the_cli_prints_the_score_and_the_baselines(tmp_path, capsys, monkeypatch):
    from narrascope.eval import waves
    from narrascope.eval.baselines import waves as waves_baselines

    for module in (waves, waves_baselines):  # the wiring, not the numbers: 20 tuning seeds are enough
        monkeypatch.setattr(module, "TUNING_SEEDS", range(20))
    assert main(["eval", "waves", "--seeds", "1012-1015", "--out", str(tmp_path)]) == 0
    text = capsys.readouterr().out
    assert "held-out seeds 1012-1015" in text and "tuning seeds 0-19" in text and "trailing 28-day mean" in text
    assert json.loads((tmp_path / "scores.json").read_text())["split"] == "held-out seeds 1012-1015"


@pytest.mark.parametrize("value,seeds", [(None, list(range(1000, 1300))), ("3", [1000, 1001, 1002]), (2, [1000, 1001]),
                                         ("1005-1007", [1005, 1006, 1007]), ("1009,1004", [1004, 1009])])
def test_seeds_option(value, seeds):
    assert parse_seeds(value) == seeds


@pytest.mark.parametrize("value", ["0-20", "999,1000", "abc", "0"])
def test_tuning_seeds_and_nonsense_are_refused(value):
    with pytest.raises(ConfigError) as err:
        parse_seeds(value)
    assert err.value.code == "E055"


def test_a_data_option_is_refused():
    with pytest.raises(ConfigError) as err:
        evaluate("waves", data="dev.jsonl")
    assert err.value.code == "E018"


def test_timelines_are_deterministic_and_realistic():
    a, b = make_timeline(1234), make_timeline(1234)
    assert np.array_equal(a.counts, b.counts) and np.array_equal(a.totals, b.totals) and a.waves == b.waves
    lines = [make_timeline(s) for s in range(60)]
    assert any(not t.waves for t in lines) and max(len(t.waves) for t in lines) == 4
    waves = [w for t in lines for w in t.waves]
    assert all(2 <= w.lift <= 10 and 1 <= w.days <= 30 for w in waves)
    assert all((t.counts <= t.totals).all() for t in lines)
    assert any(w.start <= 2 for w in waves) and any(w.end == t.days - 1 for t in lines for w in t.waves)
    assert {w.shape for w in waves} == {"block", "spike", "ramp", "plateau"}
    assert min(t.baseline for t in lines) < 0.2 and max(t.baseline for t in lines) > 3


def test_a_wave_is_found_when_a_burst_overlaps_it():
    waves = [PlantedWave(10, 19, 3.0, "block", 20.0), PlantedWave(50, 54, 2.0, "spike", 4.0)]
    right, errors = match(waves, [(8, 12), (30, 33), (15, 25)])
    assert right == 2 and errors == [2, None]  # the first overlapping burst gives the start error
    tl = Timeline(1, np.zeros(100), np.ones(100), 1.0, 5.0, waves)
    m = summarise([(tl, 3, right, errors)])
    assert (m["precision"], m["recall"], m["start_within_2d"], m["recall_within_2d"]) == (0.6667, 0.5, 1.0, 0.5)


def test_baseline_detectors():
    counts = np.array([1.0, 0, 1, 0, 1, 1, 0, 1] * 5 + [6, 7, 5] + [1, 0] * 5)
    assert rolling_threshold(2.0)(counts, None) == [(40, 42)]
    trivial = above_mean(counts, None)
    assert any(s <= 40 and 42 <= e for s, e in trivial) and len(trivial) > 3
