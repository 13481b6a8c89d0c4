"""The built-in components and trainers reach their registries from ``narrascope/__init__.py``, which
Python runs before any ``narrascope.X``; so each case below runs in a FRESH interpreter that imports only
the one module a user would, and must still see every built-in (no test module has loaded them before).

    $ python -c "from narrascope.pipeline import Pipeline; print(Pipeline().names)"
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMPONENTS = ["clean", "entities", "framing", "langid", "narratives", "plain", "quotes", "sentences", "techniques"]
TRAINERS = ["framing", "narratives", "techniques"]


def _fresh(code: str, *args: str) -> dict:
    """Run ``code`` in a new interpreter (narrascope from this checkout); it prints one JSON object."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # a hang guard only: the slowest case loads every component (~3 s)
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_default_pipeline_after_importing_only_the_pipeline_module():
    out = _fresh("""
import json
from narrascope.article import Article
from narrascope.pipeline import Pipeline
nlp = Pipeline()
text = ("The ministry in Kyiv said on Tuesday that grain exports through Odesa rose by a fifth in May. "
        "\\"The corridor works,\\" a spokesman told reporters, adding that insurers had cut their prices.")
article = next(iter(nlp.pipe([Article.from_text(text, source="grain.txt")])))
print(json.dumps({"names": nlp.names, "sentences": len(article.layers["sentences"]),
                  "language": article.language}))
""")
    assert out["names"] == ["clean", "langid", "sentences", "entities", "quotes", "framing", "techniques",
                            "narratives"]
    assert out["sentences"] == 2 and out["language"] == "en"


def test_importing_narrascope_does_not_load_the_builtins_until_first_use():
    # loading every component takes ~1.2 s that `narrascope --help` or `export` should not pay
    out = _fresh("""
import json, sys
import narrascope
before = sorted(m for m in sys.modules if m.startswith(("narrascope.components", "narrascope.framing.train")))
names = sorted(narrascope.registered())
print(json.dumps({"before": before, "names": names, "after": "narrascope.components" in sys.modules}))
""")
    assert out == {"before": [], "names": COMPONENTS, "after": True}


def test_trainers_after_importing_only_the_train_module():
    out = _fresh("import json\nfrom narrascope.train import trainers\nprint(json.dumps(sorted(trainers())))")
    assert out == TRAINERS


def test_unknown_component_and_unknown_trainer_list_the_builtins():
    out = _fresh("""
import json
from narrascope.errors import ConfigError
from narrascope.pipeline import Pipeline
from narrascope.train import train
found = {}
try:
    Pipeline(["clean", "sentiment"])
except ConfigError as err:
    found["E001"] = [err.code, str(err)]
try:
    train("sentiment", "data", "ptc", "out")
except ConfigError as err:
    found["E007"] = [err.code, str(err)]
print(json.dumps(found))
""")
    assert out["E001"][0] == "E001" and "Registered components: " + ", ".join(COMPONENTS) + "." in out["E001"][1]
    assert out["E007"][0] == "E007" and "Trainers available: " + ", ".join(TRAINERS) + "." in out["E007"][1]


def test_model_check_knows_every_registered_component_after_importing_only_modeldir(tmp_path):
    # modeldir sits below both registries and imports neither; they hand it their names
    for name in ("sentiment", "quotes"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "model.json").write_text(json.dumps({"component": name, "version": "1"}))
    out = _fresh("""
import json, sys
from narrascope.errors import ConfigError
from narrascope.modeldir import check_models, known_components
found = {"known": known_components(), "quotes": sorted(check_models([sys.argv[2]]))}
try:
    check_models([sys.argv[1]])
except ConfigError as err:
    found["E027"] = [err.code, str(err)]
print(json.dumps(found))
""", str(tmp_path / "sentiment"), str(tmp_path / "quotes"))
    assert out["known"] == COMPONENTS
    assert out["quotes"] == ["quotes"]  # a registered component without a built-in model is accepted
    assert out["E027"][0] == "E027" and "'sentiment'" in out["E027"][1]
    assert "techniques, narratives, framing" in out["E027"][1]
