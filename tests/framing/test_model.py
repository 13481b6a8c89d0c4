"""`narrascope train framing` end to end on the SemEval-2025 sample folder, and the model in use."""
import json
from pathlib import Path

import numpy as np
import pytest

from narrascope.errors import ConfigError
from narrascope.eval.run import evaluate_task
from narrascope.framing.model import MAINS, FramingModel, features
from narrascope.settings import Settings
from narrascope.train import read_manifest, train

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "semeval2025"


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    return train("framing", FIXTURES, "semeval2025", tmp_path_factory.mktemp("framing"))


def test_training_writes_safe_files_and_a_manifest(model_dir):
    manifest = read_manifest(model_dir, "framing")
    assert manifest["examples"] == 6 and "research use only" in manifest["training_data_licence"]
    assert sorted(p.name for p in Path(model_dir).iterdir()) == ["labels.json", "model.json", "weights.npz"]
    with np.load(Path(model_dir) / "weights.npz", allow_pickle=False) as w:  # no pickled objects inside
        assert w["main_w"].shape[1] == len(MAINS)


def test_the_model_fits_its_training_mentions(model_dir):
    result = evaluate_task("semeval2025", FIXTURES, lang="en", subtask=1, settings=Settings().with_options(
        models=(str(model_dir),)))
    assert result["status"] == "scored" and result["scores"]["main_role_accuracy"] >= 5 / 6


def test_predictions_are_valid_roles(model_dir):
    model = FramingModel.load(model_dir)
    text = "Officials in Astana said the nationalists attacked the monument and threatened the residents."
    main, fines, score = model.predict(features(text, 0, 9, "en"))
    roles = json.loads((Path(model_dir) / "labels.json").read_text())["fine"]
    assert main in MAINS and fines and set(fines) <= set(roles) and 0 < score <= 1


def test_wrong_model_directory_is_refused(tmp_path):
    (tmp_path / "model.json").write_text(json.dumps({"component": "techniques"}))
    with pytest.raises(ConfigError) as err:
        FramingModel.load(tmp_path)
    assert err.value.code == "E009"
