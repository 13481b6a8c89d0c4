import json

import pytest

from narrascope.errors import ConfigError
from narrascope.techniques.data import unlp_examples
from narrascope.techniques.model import TechniqueModel
from narrascope.techniques.train import tune_doc_thresholds
from narrascope.train import train

from .test_train import _unlp_dir


def test_post_thresholds_come_from_cross_validation(tmp_path):
    examples = unlp_examples(_unlp_dir(tmp_path), "all")
    thresholds = tune_doc_thresholds(examples, ("loaded_language", "appeal_to_fear"))
    assert set(thresholds) == {"loaded_language", "appeal_to_fear"}
    assert all(isinstance(t, float) and 0.1 <= t <= 0.9 for t in thresholds.values())


def test_a_model_with_older_post_features_is_refused(tmp_path):
    out = train("techniques", _unlp_dir(tmp_path), "unlp2025", tmp_path / "model", own=False, min_positive_tokens=2)
    manifest = json.loads((out / "model.json").read_text())
    assert manifest["doc_features"] == "doc-2"
    manifest["doc_features"] = "doc-1"
    (out / "model.json").write_text(json.dumps(manifest))
    with pytest.raises(ConfigError, match="retrain"):
        TechniqueModel.load(out)
