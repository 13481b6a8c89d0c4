import json

import pytest

from narrascope.errors import ConfigError
from narrascope.settings import Settings, model_for
from narrascope.train import Trainer, read_manifest, register_trainer, train, trainers


def test_no_trainer_says_so():
    with pytest.raises(ConfigError) as err:
        train("no-such-component", "data", "ptc", "out")
    assert err.value.code == "E007" and "no-such-component" in str(err.value)


def test_trainer_plumbing_writes_a_manifest_and_settings_find_it(tmp_path):
    def fit(data_dir, fmt, out_dir, **options):
        (out_dir / "weights.json").write_text(json.dumps({"bias": 0.5}))
        return {"version": "0.1", "training_data_licence": "CC BY-NC-SA 4.0", "examples": 3}

    register_trainer(Trainer("toy", ("ptc",), fit))
    assert "toy" in trainers()
    out = train("toy", tmp_path / "data", "ptc", tmp_path / "model")
    manifest = read_manifest(out, "toy")
    assert manifest["component"] == "toy" and manifest["examples"] == 3 and manifest["format"] == "ptc"
    assert manifest["training_data_licence"] == "CC BY-NC-SA 4.0"
    with pytest.raises(ConfigError) as err:
        read_manifest(out, "techniques")
    assert err.value.code == "E009"
    with pytest.raises(ConfigError):
        train("toy", tmp_path / "data", "semeval2025", tmp_path / "m2")  # format the trainer does not read
    settings = Settings().with_options(models=(str(out),))
    assert model_for(settings, "toy") == str(out) and model_for(settings, "framing") is None
