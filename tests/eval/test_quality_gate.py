"""Quality gate: held-out scores must not fall below eval/floors.json. Floors are only raised."""
import json
from pathlib import Path

import pytest

from narrascope.eval.cleaning import evaluate_cleaning, load_split

FLOORS = json.loads((Path(__file__).resolve().parents[2] / "eval" / "floors.json").read_text())


@pytest.fixture(scope="module")
def cleaning_test(dev_path):
    return evaluate_cleaning(dev_path, split="test")


@pytest.mark.parametrize("metric", sorted(FLOORS["cleaning"]))
def test_cleaning_floor(cleaning_test, metric):
    key, stat = metric.rsplit(".", 1)
    assert cleaning_test[key][stat] >= FLOORS["cleaning"][metric], (metric, cleaning_test[key])


def test_gate_is_on_held_out_pages_only(cleaning_test):
    split = load_split()
    assert cleaning_test["pages"] >= 10
    assert all(split[p["id"]] == "test" for p in cleaning_test["worst_pages"])


def test_annotations_reference_the_shared_corpus(dev_rows):
    from narrascope.eval.cleaning import ANNOTATIONS, load_resource
    texts = {r["id"]: r["text"] for r in dev_rows}
    gold = [json.loads(l) for l in load_resource(ANNOTATIONS).splitlines() if l.strip()]
    assert len(gold) >= 30 and sum(g["split"] == "test" for g in gold) >= 10
    assert any(g["split"] == "test" and g["language"] == "ru" for g in gold)
    for g in gold:
        assert g["id"] in texts
        for s, e in g["body"]:
            assert 0 <= s < e <= len(texts[g["id"]])


def test_split_is_fixed_and_outlet_disjoint(dev_rows):
    split = load_split()
    assert set(split) == {r["id"] for r in dev_rows}
    share = sum(v == "test" for v in split.values()) / len(split)
    assert 0.25 <= share <= 0.35
    outlets = {}
    for r in dev_rows:
        outlets.setdefault(r["outlet"], set()).add(split[r["id"]])
    assert sum(len(sides) > 1 for sides in outlets.values()) == 0


@pytest.fixture(scope="module")
def entities_test(dev_path):
    from narrascope.eval.entities import evaluate_entities
    return evaluate_entities(dev_path, split="test")


@pytest.mark.parametrize("metric", sorted(FLOORS.get("entities", {})))
def test_entities_floor(entities_test, metric):
    lang, key, *stat = metric.split(".")
    value = entities_test[lang][key]
    value = value[stat[0]] if stat else value
    assert value >= FLOORS["entities"][metric], (metric, value)
