"""Every document gets its prediction rows, and a run with failed documents says so loudly: the
status, the W133 warning on stderr, exit code 1, and the counts in scores.json. Also: Hindi is
analysed, ST3 explains the GIVEN dominant narrative, ST1 gives every given mention a row, and PTC
technique classification labels every given span. Fixtures: our own sentences in the released layouts."""
import json
from pathlib import Path

import pytest

from narrascope import pipeline as pipeline_module
from narrascope.cli import main
from narrascope.eval import evaluate
from narrascope.eval.run import evaluate_task
from narrascope.pipeline import Component, component
from narrascope.tasks.semeval2025_format import read_rows

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DEV = FIXTURES / "semeval2025_dev"


@pytest.fixture
def failing_narratives():
    """A narratives component that fails on EN_URW_102.txt and finds nothing elsewhere."""
    real = pipeline_module.registered()["narratives"]

    @component("narratives", requires=("text",), assigns=("layers.narratives",), version="failing")
    class Failing(Component):
        def __call__(self, article):
            if article.meta["task_id"] == "EN_URW_102.txt":
                raise RuntimeError("simulated crash")
            article.add_layer("narratives", [], self.name, self.version)
            return article

    yield
    pipeline_module._REGISTRY["narratives"] = real


def test_a_failed_document_gets_its_row_and_the_run_says_so(failing_narratives, tmp_path):
    result = evaluate("semeval2025", data=DEV, lang="en", subtask=2, out=tmp_path)
    assert result["status"] == "scored, 1 of 3 documents failed (fallback predictions)"
    assert (result["failed_documents"], result["failed_ids"], result["fallback_rows"]) == (1, ["EN_URW_102.txt"], 1)
    assert "W133" in result["warning"] and "EN_URW_102.txt" in result["warning"]
    rows = {r.article_id: (r.narratives, r.subnarratives) for r in read_rows(result["predictions"], 2)}
    assert len(rows) == 3 and rows["EN_URW_102.txt"] == (["Other"], ["Other"])
    details = json.loads((tmp_path / "scores.json").read_text())["details"]
    assert (details["failed_documents"], details["fallback_rows"]) == (1, 1) and details["status"] == result["status"]


def test_the_cli_warns_on_stderr_and_exits_1(failing_narratives, tmp_path, capsys):
    code = main(["eval", "semeval2025", "--data", str(DEV), "--lang", "en", "--subtask", "2", "--out", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "1 of 3 documents failed" in out and "warning: [W133] 1 of 3 semeval2025 document(s) failed" in err


def test_hindi_documents_are_analysed_and_predicted(tmp_path):
    result = evaluate_task("semeval2025", DEV, lang="hi", subtask=2, out_dir=tmp_path)
    assert result["failed_documents"] == 0 and result["status"] == "scored", result["status"]
    rows = read_rows(result["predictions"], 2)
    assert sorted(r.article_id for r in rows) == ["HI_CC_202.txt", "HI_URW_201.txt"]
    assert result["scores"] is not None


def test_st3_explains_the_given_dominant_narrative_of_every_document(tmp_path):
    result = evaluate_task("semeval2025", DEV, lang="en", subtask=3, out_dir=tmp_path)
    assert result["failed_documents"] == 0 and result["documents"] == 3
    assert result["fallback_rows"] == 0  # the narratives component explained every given label itself
    rows = {r.article_id: r for r in read_rows(result["predictions"], 3)}
    given = {r.split("\t")[0]: r.split("\t")[1:] for r in
             (DEV / "EN" / "subtask-3-dominant-narratives.txt").read_text(encoding="utf-8").splitlines()}
    assert set(rows) == set(given)
    for doc_id, row in rows.items():
        assert [row.dominant_narrative, row.dominant_subnarrative] == given[doc_id]
        assert 0 < len(row.explanation.split()) <= 80
    # the sentences that carry the given label's cues explain it
    assert "eco-fanatics blocked the ring road" in rows["EN_CC_101.txt"].explanation
    assert "takes its orders from Washington" in rows["EN_URW_102.txt"].explanation


def test_st1_every_given_mention_gets_a_row(tmp_path):
    result = evaluate_task("semeval2025", FIXTURES / "semeval2025", lang="en", subtask=1, out_dir=tmp_path)
    given = (FIXTURES / "semeval2025" / "EN" / "subtask-1-annotations.txt").read_text(encoding="utf-8").splitlines()
    rows = Path(result["predictions"]).read_text(encoding="utf-8").splitlines()
    assert sorted(tuple(r.split("\t")[:4]) for r in rows) == sorted(tuple(g.split("\t")[:4]) for g in given)
    assert result["scores"]["mentions"] == len(given) and result["fallback_rows"] <= len(given)


def test_ptc_technique_classification_labels_every_template_span(tmp_path):
    data = FIXTURES / "ptc_release" / "datasets"
    result = evaluate_task("ptc", data, subtask=2, split="dev", out_dir=tmp_path)
    assert result["status"] == "predicted (no gold in the folder)" and result["failed_documents"] == 0
    rows = [r.split("\t") for r in Path(result["predictions"]).read_text(encoding="utf-8").splitlines()]
    template = [r.split("\t") for r in (data / "dev-task-TC-template.out").read_text(encoding="utf-8").splitlines()]
    assert [(r[0], r[2], r[3]) for r in rows] == [(t[0], t[2], t[3]) for t in template]
    assert all(r[1] != "?" and r[1] for r in rows)


def test_ptc_train_split_is_scored_with_one_row_per_gold_span(tmp_path):
    data = FIXTURES / "ptc_release" / "datasets"
    result = evaluate_task("ptc", data, subtask=2, split="train", out_dir=tmp_path)
    rows = Path(result["predictions"]).read_text(encoding="utf-8").splitlines()
    assert result["status"] == "scored" and len(rows) == 5  # 4 spans in article111, 1 in article112
    assert result["scores"]["technique"]["precision"] == pytest.approx(result["scores"]["technique"]["recall"])
