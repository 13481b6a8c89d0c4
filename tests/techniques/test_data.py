import pytest

from narrascope.errors import ConfigError
from narrascope.techniques.data import READERS, read_examples
from narrascope.train import trainers


def test_an_unknown_training_format_is_a_coded_config_error(tmp_path):
    with pytest.raises(ConfigError) as err:
        read_examples(tmp_path, "conll2003")
    assert err.value.code == "E017"
    assert "'conll2003'" in str(err.value) and "unlp2025, ptc, semeval2023" in str(err.value)


def test_every_format_the_trainer_takes_has_a_reader():
    assert sorted(trainers()["techniques"].formats) == sorted(READERS)
