"""Model directories are untrusted input: checked up front (manifest, paths, sizes), refused with a
coded ConfigError when the pipeline is built, and read once per process, never per article."""
import json
import os
import zipfile

import numpy as np
import pytest

from narrascope import modeldir
from narrascope.article import Article
from narrascope.cli import main
from narrascope.errors import ConfigError
from narrascope.framing.model import DIM, FramingModel
from narrascope.framing.prior import RolePrior
from narrascope.framing.rules import load_roles
from narrascope.pipeline import Pipeline
from narrascope.settings import Settings, model_for

TEXTS = [
    "Officials in Astana said on Monday that the new grain corridor would open in spring. The ministry "
    "published the figures on its website, and Kazakhstan's farmers welcomed the plan.",
    "Russia accused Ukraine of sabotaging the talks in Geneva. \"They never wanted peace,\" the "
    "spokesman said, while European diplomats called the claim absurd.",
    "The mayor of Almaty opened a school for 900 pupils. Parents praised the new building, and the "
    "city council promised two more schools by next year.",
]


def _framing_dir(folder, **manifest):
    """A small, valid framing model directory written with the library's own writers."""
    fine = sorted(load_roles().main_of)
    prior = RolePrior.learn([("en", "Antagonist", ["Deceiver"])])
    model = FramingModel(np.zeros((DIM, 3), np.float32), np.array([0.5, 0.0, 0.0], np.float32),
                         np.zeros((DIM, len(fine)), np.float32), np.zeros(len(fine), np.float32),
                         np.ones(DIM, np.float32), fine, prior)
    model.save(folder)
    modeldir.write_manifest(folder, {"component": "framing", "version": "framing-test-0.1", **manifest})
    return folder


def _settings(*dirs):
    return Settings().with_options(models=tuple(str(d) for d in dirs))


def _refused(settings, code):
    modeldir.clear_cache()
    with pytest.raises(ConfigError) as err:
        Pipeline(settings=settings)
    assert err.value.code == code, str(err.value)
    return str(err.value)


def test_a_good_model_is_used(tmp_path):
    folder = _framing_dir(tmp_path / "framing")
    settings = _settings(folder)
    assert model_for(settings, "framing") == str(folder) and model_for(settings, "narratives") is None
    out = list(Pipeline(settings=settings).pipe([Article.from_text(TEXTS[1], source="a.txt")]))
    assert out[0].meta["framing_model"] == "framing-test-0.1" and not out[0].errors


def test_weights_outside_the_directory_are_refused_before_numpy_sees_them(tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(np, "load", lambda *a, **k: opened.append(a) or pytest.fail("numpy opened a file"))
    for i, name in enumerate(("../../../etc/passwd", "/etc/passwd", "sub/../../x.npz")):
        folder = tmp_path / f"m{i}"
        folder.mkdir()
        (folder / "model.json").write_text(json.dumps({"component": "framing", "version": "1", "weights": name}))
        message = _refused(_settings(folder), "E025")
        assert name in message and "outside" in message
    assert opened == []


def test_a_symlink_out_of_the_directory_is_refused(tmp_path):
    folder = _framing_dir(tmp_path / "m")
    secret = tmp_path / "secret.npz"
    os.replace(folder / "weights.npz", secret)
    (folder / "weights.npz").symlink_to(secret)
    assert "weights.npz" in _refused(_settings(folder), "E025")


def test_missing_model_directory_is_refused_and_the_cli_exits_2(tmp_path, capsys):
    assert "/no/such/model" in _refused(_settings("/no/such/model"), "E023")
    (tmp_path / "a.txt").write_text(TEXTS[0], encoding="utf-8")
    code = main(["analyze", str(tmp_path / "a.txt"), "--model", "/no/such/model", "--db", str(tmp_path / "x.db")])
    assert code == 2 and "E023" in capsys.readouterr().err


@pytest.mark.parametrize("content, fragment", [
    ("{not json", "not valid JSON"),
    ("[1, 2, 3]", "JSON list"),
    (json.dumps({"component": "framing"}), "missing version"),
    (json.dumps({"component": 7, "version": "1"}), "'component'"),
    ("[" * 100_000, "not valid JSON"),
    (json.dumps({"component": "framing", "version": "1", "pad": "x" * 1_100_000}), "larger than"),
    (json.dumps({"component": "framing", "version": "1", "files": "labels.json"}), "'files'"),
])
def test_malformed_manifests_are_refused(tmp_path, content, fragment):
    (tmp_path / "model.json").write_text(content)
    assert fragment in _refused(_settings(tmp_path), "E024")


def test_unknown_component_and_two_models_for_one_component(tmp_path):
    (tmp_path / "odd").mkdir()
    (tmp_path / "odd" / "model.json").write_text(json.dumps({"component": "sentiment", "version": "1"}))
    assert "sentiment" in _refused(_settings(tmp_path / "odd"), "E027")
    one, two = _framing_dir(tmp_path / "one"), _framing_dir(tmp_path / "two")
    _refused(_settings(one, two), "E028")


def test_missing_and_oversized_files(tmp_path, monkeypatch):
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "vocab.txt").write_text("a b c")
    folder = _framing_dir(tmp_path / "m", files=["labels.json", "vocab.txt"])
    modeldir.clear_cache()
    assert Pipeline(settings=_settings(folder)).components
    (folder / "vocab.txt").unlink()
    assert "vocab.txt" in _refused(_settings(folder), "E026")
    (folder / "vocab.txt").write_text("a b c")
    monkeypatch.setattr(modeldir, "MAX_FILE_BYTES", 1000)
    assert "over the limit" in _refused(_settings(folder), "E026")


def test_a_zip_bomb_is_refused_before_it_unpacks(tmp_path, monkeypatch):
    folder = _framing_dir(tmp_path / "m")
    monkeypatch.setattr(modeldir, "MAX_UNPACKED_BYTES", 10_000)  # the real weights unpack to ~2 MB
    assert "unpacks to" in _refused(_settings(folder), "E026")


def test_a_broken_model_fails_the_build_not_every_article(tmp_path):
    folder = _framing_dir(tmp_path / "m")
    (folder / "weights.npz").write_bytes(b"PK\x03\x04 this is not really a zip")
    assert "weights.npz" in _refused(_settings(folder), "E009")
    folder = _framing_dir(tmp_path / "m2")
    with zipfile.ZipFile(folder / "weights.npz", "w") as zf:  # a valid zip without the arrays
        zf.writestr("other.npy", b"")
    _refused(_settings(folder), "E009")


def test_manifests_are_read_once_per_process_not_per_article(tmp_path, monkeypatch):
    reads = []
    real = modeldir._read_manifest_file
    monkeypatch.setattr(modeldir, "_read_manifest_file", lambda path: reads.append(path.parent.name) or real(path))
    modeldir.clear_cache()
    settings = _settings(_framing_dir(tmp_path / "framing"))
    pipeline = Pipeline(settings=settings)
    # framing (given), techniques, narratives and the quotes' speaker model (shipped): one read each, at build time
    assert sorted(reads) == ["framing", "narratives", "quotes", "techniques"]
    articles = [Article.from_text(TEXTS[i % 3] + f" Report {i}.", source=f"{i}.txt") for i in range(6)]
    done = list(pipeline.pipe(articles, batch_size=2))
    assert len(done) == 6 and all(a.meta["framing_model"] == "framing-test-0.1" and not a.errors for a in done)
    Pipeline(settings=settings)  # a second pipeline in the same process reads nothing again
    assert sorted(reads) == ["framing", "narratives", "quotes", "techniques"]


def test_write_manifest_refuses_what_open_model_would_refuse(tmp_path):
    with pytest.raises(ConfigError) as err:
        modeldir.write_manifest(tmp_path, {"component": "framing"})
    assert err.value.code == "E024"
    with pytest.raises(ConfigError) as err:
        modeldir.write_manifest(tmp_path, {"component": "framing", "version": "1", "weights": "../w.npz"})
    assert err.value.code == "E025" and not (tmp_path / "model.json").exists()
