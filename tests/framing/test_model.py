"""`narrascope train framing` end to end on SemEval-2025 sample folders, and the model in use."""
import json
from pathlib import Path

import numpy as np
import pytest

from narrascope.errors import ConfigError
from narrascope.eval.run import evaluate_task
from narrascope.framing.model import MAINS, FramingModel
from narrascope.framing.train import GRID, NEVER
from narrascope.settings import Settings
from narrascope.train import read_manifest, train

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SAMPLE = FIXTURES / "semeval2025"
PATTERN = FIXTURES / "semeval2025_framing"  # "the heroic X" is a Protagonist, "the stranded X" Innocent


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    return train("framing", SAMPLE, "semeval2025", tmp_path_factory.mktemp("framing"))


@pytest.fixture(scope="module")
def pattern_model(tmp_path_factory):
    return train("framing", PATTERN / "train", "semeval2025", tmp_path_factory.mktemp("pattern"))


def test_training_writes_safe_files_and_a_manifest(model_dir):
    manifest = read_manifest(model_dir, "framing")
    assert manifest["examples"] == 6 and "research use only" in manifest["training_data_licence"]
    assert sorted(p.name for p in Path(model_dir).iterdir()) == ["labels.json", "model.json", "weights.npz"]
    with np.load(Path(model_dir) / "weights.npz", allow_pickle=False) as w:  # no pickled objects inside
        assert w["main_w"].shape[1] == len(MAINS)
    prior = json.loads((Path(model_dir) / "labels.json").read_text())["prior"]["all"]
    assert prior["main"] == "Antagonist" and prior["p"] == pytest.approx(5 / 6)


def test_predictions_are_valid_roles(model_dir):
    model = FramingModel.load(model_dir)
    text = "Officials in Astana said the nationalists attacked the monument and threatened the residents."
    main, fines, score, kind = model.predict(model.vector(text, [(13, 19)], "en", "author", "LOC"), "en")
    roles = json.loads((Path(model_dir) / "labels.json").read_text())["fine"]
    assert main in MAINS and fines and set(fines) <= set(roles) and 0 < score <= 1 and kind in ("model", "prior")


def test_the_model_learns_a_pattern_the_prior_cannot(pattern_model):
    """Held-out documents with other names: the prior (Antagonist) gets only the Antagonists right."""
    cv = read_manifest(pattern_model, "framing")["cross_validation"]
    assert cv["model"]["main_role_accuracy"] >= cv["prior"]["main_role_accuracy"] + 0.2
    result = evaluate_task("semeval2025", PATTERN / "heldout", lang="en", subtask=1, settings=Settings().with_options(
        models=(str(pattern_model),)))
    gold = (PATTERN / "heldout" / "EN" / "subtask-1-annotations.txt").read_text(encoding="utf-8").splitlines()
    majority = sum(line.split("\t")[4] == "Antagonist" for line in gold) / len(gold)
    scores = result["scores"]
    assert scores["mentions"] == scores["predicted_mentions"] == len(gold)
    assert scores["main_role_accuracy"] >= 0.95 > majority + 0.2 and scores["emr"] >= 0.9


def test_the_prior_stands_when_the_model_is_unsure(pattern_model):
    model = FramingModel.load(pattern_model)
    text = "Markets closed slightly lower on Friday. Nobody knows what Quill House will do next."
    assert model.predict(model.vector(text, [(59, 70)], "en", "author", None), "en")[:2] == ("Antagonist", ["Deceiver"])
    q = np.full(len(model.fine_labels), 0.9)
    # A guess less sure than the prior (5/8 Antagonist in training) does not replace it; a surer one does.
    assert model.decide(np.array([0.5, 0.3, 0.2]), q, "en", margin=0.0)[::3] == ("Antagonist", "prior")
    assert model.decide(np.array([0.7, 0.2, 0.1]), q, "en", margin=0.0)[::3] == ("Protagonist", "model")
    assert model.decide(np.array([0.7, 0.2, 0.1]), q, "en", margin=0.1)[::3] == ("Antagonist", "prior")
    assert model.margin in (*GRID["margin"], NEVER)  # chosen by the folds
    hero = "Residents cheered the heroic Quill House after a long night at the checkpoint."
    assert model.predict(model.vector(hero, [(29, 40)], "en", "author", None), "en")[:2] == ("Protagonist", ["Guardian"])


def test_wrong_model_directory_is_refused(tmp_path):
    (tmp_path / "model.json").write_text(json.dumps({"component": "techniques"}))
    with pytest.raises(ConfigError) as err:
        FramingModel.load(tmp_path)
    assert err.value.code == "E009"


def test_training_on_our_annotations_records_folds_and_baselines(dev_path, tmp_path, monkeypatch):
    from narrascope.framing import train as framing_train

    # One grid point keeps the test short; the folds and baselines are the same as with the full grid.
    monkeypatch.setattr(framing_train, "GRID", {"window": (12,), "c": (30.0,), "margin": (-0.2,), "fine_threshold": (0.5,),
                                                "evidence": ("entity",), "ctx": (0.3,)})
    out = train("framing", dev_path, "narrascope", tmp_path / "ours")
    manifest = read_manifest(out, "framing")
    # The train pages of both annotated corpora (dev and dev2), read by id.
    assert manifest["examples"] == 138 and manifest["pages"] == 66 and "Apache-2.0" in manifest["training_data_licence"]
    assert "dev, dev2" in manifest["training_data"]
    cv = manifest["cross_validation"]
    assert cv["folds"] == 5 and {"model", "prior", "context_tfidf_lr", "ece", "emitted_with_evidence"} <= set(cv)
    # Who the entity is, in which voice, on what kind of page: ahead of "always <majority>" on held-out folds.
    assert cv["model"]["main_role_accuracy"] >= cv["prior"]["main_role_accuracy"] + 0.05
    assert cv["model"]["emr"] >= cv["prior"]["emr"] + 0.1
    assert cv["best"]["temperature"] in framing_train.TEMPERATURES
    model = FramingModel.load(out)
    assert model.prior.get("en")["main"] == "Antagonist" and model.evidence == "entity"


def test_training_is_deterministic():
    from narrascope.framing.data import semeval_examples
    from narrascope.framing.train import _counts, _fit

    examples = semeval_examples(PATTERN / "train")
    one, two = (_fit(examples, _counts(examples, 6), 10.0, 6) for _ in range(2))
    assert np.array_equal(one.main_w, two.main_w) and np.array_equal(one.fine_w, two.fine_w)
    assert one.prior.to_json() == two.prior.to_json() and one.main_w.any()
