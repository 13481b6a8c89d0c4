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


def _dig(result: dict, path: str):
    value = result
    for key in path.split("."):
        value = value[key]
    return value


@pytest.fixture(scope="module")
def narratives_test(dev_path):
    from narrascope.eval.narratives import evaluate_narratives
    return evaluate_narratives(dev_path, split="test")


@pytest.mark.parametrize("metric", sorted(FLOORS.get("narratives", {})))
def test_narratives_floor(narratives_test, metric):
    value = _dig(narratives_test, metric)
    assert value >= FLOORS["narratives"][metric], (metric, value)


def test_narratives_gate_is_on_held_out_pages(narratives_test):
    from narrascope.ingest.corpora import page_splits
    split = page_splits()
    assert narratives_test["split"] == "test" and narratives_test["pages"] >= 30
    from narrascope.narratives import data
    from narrascope.taxonomy import load_taxonomies
    assert all(split[g.id] == "test" for g in data.annotations(load_taxonomies(), split="test"))


@pytest.fixture(scope="module")
def techniques_test(dev_path):
    from narrascope.eval.techniques import evaluate_techniques
    return evaluate_techniques(dev_path, split="test")


@pytest.mark.parametrize("metric", sorted(FLOORS.get("techniques", {})))
def test_techniques_floor(techniques_test, metric):
    value = _dig(techniques_test, metric)
    assert value >= FLOORS["techniques"][metric], (metric, value)


@pytest.mark.parametrize("metric", sorted(FLOORS.get("unlp2025", {})))
def test_unlp2025_floor(metric):
    unlp = Path(__file__).resolve().parents[3] / "shared" / "data" / "unlp2025"
    if not unlp.exists():
        pytest.skip("../shared/data/unlp2025 not available")
    from narrascope.eval.run import evaluate_task
    subtask, key = metric.split(".", 1)
    result = evaluate_task("unlp2025", unlp, subtask=int(subtask), split="test")
    assert result["status"] == "scored"
    value = _dig(result["scores"], key)
    assert value >= FLOORS["unlp2025"][metric], (metric, value)


def test_gold_of_every_corpus_points_into_its_pages_and_split(dev_path):
    """Each annotation row names a real page of dev.jsonl or dev2.jsonl, its fixed split, and offsets inside it."""
    from narrascope.ingest.corpora import annotated_pages, page_splits
    pages, split = annotated_pages(dev_path), page_splits()
    folder = Path(__file__).resolve().parents[2] / "narrascope" / "resources" / "annotations"
    files = sorted(folder.glob("narratives*.jsonl")) + sorted(folder.glob("entities.*.jsonl"))
    assert any(f.name.endswith(".dev2.jsonl") for f in files)
    seen = set()
    for f in files:
        for row in map(json.loads, f.read_text(encoding="utf-8").splitlines()):
            assert row["split"] == split[row["id"]], (f.name, row["id"])
            n = len(pages[row["id"]]["text"])
            spans = [s for narr in row.get("narratives", []) for s in narr["evidence"]]
            spans += [m for e in row.get("entities", []) for m in e["mentions"]] + [q["span"] for q in row.get("quotes", [])]
            assert all(0 <= a < b <= n for a, b in spans), (f.name, row["id"])
            seen.add(row["id"])
    assert sum(i.startswith("dev2-") for i in seen) == 102 and sum(split[i] == "test" for i in seen) >= 60
