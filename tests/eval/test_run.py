"""`narrascope eval <task>` end to end: the sample folders, the UNLP held-out split, and the
whole flow from a component's layer to official-format predictions and scores."""
import json
from pathlib import Path

import pytest

from narrascope import pipeline as pipeline_module
from narrascope.article import Span
from narrascope.cli import main
from narrascope.eval import evaluate
from narrascope.eval.run import evaluate_task
from narrascope.pipeline import Component, component
from narrascope.tasks.semeval2025_labels import inventory

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SHARED_UNLP = Path(__file__).resolve().parents[3] / "shared" / "data" / "unlp2025"


@pytest.mark.parametrize("task,subtask,needs", [("semeval2025", 2, "narratives"),
                                                ("semeval2025", 3, "narratives"), ("semeval2023", 3, "techniques"),
                                                ("ptc", 1, "techniques"), ("ptc", 2, "techniques")])
def test_sample_folders_are_scored_end_to_end(task, subtask, needs, tmp_path):
    data = FIXTURES / task
    result = evaluate(task, data=data, lang="en" if task == "semeval2025" else None, subtask=subtask, out=tmp_path)
    assert result["documents"] > 0 and result["failed_documents"] == 0 and result["failed_ids"] == []
    assert result["status"] == "scored" and needs in result["pipeline"], result["status"]
    saved = json.loads((tmp_path / "scores.json").read_text())
    assert saved["scores"] == json.loads(json.dumps(result["scores"]))
    assert saved["task"] == task and saved["component_versions"] == result["pipeline"]
    assert Path(result["predictions"]).exists()


def test_a_missing_component_is_not_available_never_zero(tmp_path, monkeypatch):
    monkeypatch.delitem(pipeline_module._REGISTRY, "techniques")
    result = evaluate("ptc", data=FIXTURES / "ptc", subtask=2, out=tmp_path)
    assert result["scores"] is None and result["status"].startswith("not available") and "techniques" in result["status"]
    saved = json.loads((tmp_path / "scores.json").read_text())
    assert saved["details"]["status"] == result["status"] and saved["scores"] is None


def test_unlp_held_out_split_end_to_end(capsys):
    if not SHARED_UNLP.exists():
        pytest.skip("../shared/data/unlp2025 not available")
    assert main(["eval", "unlp2025", "--data", str(SHARED_UNLP), "--split", "test"]) == 0
    out = capsys.readouterr().out
    assert "764 document(s)" in out and "not available" not in out


def _gold_narratives(path: Path) -> dict[str, tuple[list[str], list[str]]]:
    gold = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        doc, coarse, fine = line.split("\t")
        gold[doc] = (coarse.split(";"), fine.split(";"))
    return gold


def test_component_layer_to_official_predictions_and_scores(tmp_path, monkeypatch):
    """A stand-in narratives component that emits the gold labels must score 1.0 end to end."""
    gold = _gold_narratives(FIXTURES / "semeval2025" / "EN" / "subtask-2-annotations.txt")
    real = pipeline_module.registered()["narratives"]

    @component("narratives", requires=("text",), assigns=("layers.narratives",), version="test")
    class Oracle(Component):
        def __call__(self, article):
            key = article.meta["task_id"]
            coarse, fine = gold.get(key) or gold[key + ".txt"]
            spans = [Span(0, 1, lab, 1.0, {"level": "narrative"}) for lab in coarse if lab != "Other"]
            spans += [Span(0, 1, lab, 1.0, {"level": "subnarrative"}) for lab in fine if lab != "Other"]
            article.add_layer("narratives", spans, self.name, self.version)
            return article

    try:
        result = evaluate_task("semeval2025", FIXTURES / "semeval2025", lang="EN", subtask=2, out_dir=tmp_path)
    finally:
        pipeline_module._REGISTRY["narratives"] = real
    assert result["status"] == "scored" and result["pipeline"]["narratives"] == "test"
    scores = result["scores"]
    flat = json.dumps(scores)
    assert "1.0" in flat
    coarse_key = next(k for k in scores if "coarse" in k.lower())
    fine_key = next(k for k in scores if "fine" in k.lower())
    for key in (coarse_key, fine_key):
        value = scores[key]["mean"] if isinstance(scores[key], dict) else scores[key]
        assert value == pytest.approx(1.0), (key, scores[key])
    pred = Path(result["predictions"])
    assert pred.exists() and len(pred.read_text().splitlines()) == len(gold)


def test_export_task_formats_from_the_store(tmp_path, capsys, seeds_dir):
    db = tmp_path / "s.db"
    main(["analyze", str(seeds_dir), "--db", str(db)])
    capsys.readouterr()
    for subtask in (2, 3):
        out = tmp_path / f"st{subtask}.txt"
        assert main(["export", "--format", "semeval2025", "--subtask", str(subtask), "--db", str(db), "-o", str(out)]) == 0
        rows = out.read_text(encoding="utf-8").splitlines()
        assert len(rows) == 3 and all(len(r.split("\t")) == (3 if subtask == 2 else 4) for r in rows), rows
    # Only the SemEval-2025 inventory is written: the shipped model's Central Asia labels ("CA: ...") are not.
    st2 = (tmp_path / "st2.txt").read_text(encoding="utf-8")
    labels = {lab for row in st2.splitlines() for cell in row.split("\t")[1:] for lab in cell.split(";")}
    assert "CA:" not in st2 and labels and labels <= inventory(), labels
    st3 = [r.split("\t") for r in (tmp_path / "st3.txt").read_text(encoding="utf-8").splitlines()]
    assert all(r[1] in inventory() and r[2] in inventory() and r[3].split() for r in st3), st3


def test_bad_subtask_and_task(tmp_path):
    from narrascope.errors import ConfigError
    with pytest.raises(ConfigError) as err:
        evaluate_task("semeval2025", FIXTURES / "semeval2025", lang="en", subtask=7)
    assert err.value.code == "E006"
    with pytest.raises(ConfigError) as err:
        evaluate_task("semeval2099", tmp_path)
    assert err.value.code == "E005"


def test_st1_input_mode_uses_the_given_mentions(tmp_path):
    """Subtask 1 gives the mentions: the framing baseline is scored on exactly those."""
    result = evaluate_task("semeval2025", FIXTURES / "semeval2025", lang="en", subtask=1, out_dir=tmp_path)
    assert result["status"] == "scored" and "framing" in result["pipeline"] and "entities" in result["pipeline"]
    assert result["scores"]["mentions"] == 6 and 0.0 <= result["scores"]["emr"] <= 1.0
    rows = Path(result["predictions"]).read_text(encoding="utf-8").splitlines()
    gold = (FIXTURES / "semeval2025" / "EN" / "subtask-1-annotations.txt").read_text(encoding="utf-8")
    gold_spans = {tuple(line.split("\t")[:4]) for line in gold.splitlines()}
    assert all(tuple(r.split("\t")[:4]) in gold_spans for r in rows)  # only given mentions get roles
