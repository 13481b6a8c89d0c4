"""A taxonomy file is untrusted: bombs, wrong schemas, huge or odd files are one coded E013 when the
pipeline is built (never a crash, a hang, or an E301 on every article)."""
import os

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from narrascope.cli import main
from narrascope.errors import ConfigError
from narrascope.pipeline import Pipeline
from narrascope.settings import Settings
from narrascope.taxonomy import load
from narrascope.taxonomy.load import load_taxonomy

GOOD = ("id: grain\ndomain: GR\nversion: '0.1'\nnarratives:\n"
        "  - id: trap\n    label: Grain deal is a trap\n    definition: The grain deal only serves the West.\n"
        "    cues: {en: [grain corridor, hungry countries]}\n")

LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)) + \
    "id: x\ndomain: X\nnarratives: *i\n"


@pytest.mark.parametrize("content, fragment", [
    (LAUGHS, "aliases"),
    ("- just\n- a list\n", "must be a mapping"),
    ("plain scalar\n", "must be a mapping"),
    ("", "must be a mapping"),
    ("[" * 50_000, "nested too deeply"),
    ("!!python/object/apply:os.system ['echo pwned']\n", "not valid YAML"),
    ("id: x\ndomain: X\nnarratives:\n  - id: a\n    label: A\n    definition: d\n    cues: {en: [a]}\n"
     "    subnarratives: [just a string]\n", "each subnarrative is a mapping"),
    ("id: x\ndomain: X\nnarratives: [{id: a, label: A, definition: d, cues: {en: [a]}, examples: 5}]\n",
     "'examples' must be a list"),
    ("id: [1, 2]\ndomain: X\nnarratives: [{id: a, label: A, definition: d, cues: {en: [a]}}]\n", "'id' must be"),
    ("id: x\ndomain: ''\nnarratives: [{id: a, label: A, definition: d, cues: {en: [a]}}]\n", "'domain' is empty"),
    ("id: x\ndomain: X\nnarratives: [{? [a, b] : c}]\n", "not valid YAML"),
])
def test_malicious_and_malformed_files_are_e013(tmp_path, content, fragment):
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_taxonomy(path)
    assert err.value.code == "E013" and fragment in str(err.value), str(err.value)


def test_huge_and_binary_and_odd_files(tmp_path, monkeypatch):
    big = tmp_path / "big.yaml"
    big.write_text(GOOD + "#" * 200 + "\n", encoding="utf-8")
    monkeypatch.setattr(load, "MAX_TAXONOMY_BYTES", 100)
    for path, fragment in ((big, "larger than"),):
        with pytest.raises(ConfigError, match=fragment):
            load_taxonomy(path)
    monkeypatch.undo()
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(GOOD.replace("Grain", "Gr\xe4in").encode("latin-1"))
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)  # reading it would block forever
    for path, fragment in ((latin, "not UTF-8"), (folder, "not a regular file"), (fifo, "not a regular file")):
        with pytest.raises(ConfigError) as err:
            load_taxonomy(path)
        assert err.value.code == "E013" and fragment in str(err.value)


def test_a_good_user_taxonomy_still_loads(tmp_path):
    path = tmp_path / "grain.yaml"
    path.write_text(GOOD, encoding="utf-8")
    assert [lab.name for lab in load_taxonomy(path).labels] == ["GR: Grain deal is a trap",
                                                                 "GR: Grain deal is a trap: Other"]


def test_a_bad_taxonomy_stops_the_build_and_the_cli_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(LAUGHS, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        Pipeline(settings=Settings().with_options(taxonomies=(str(bad),)))
    assert err.value.code == "E013"
    with pytest.raises(ConfigError) as err:
        Pipeline(settings=Settings().with_options(taxonomies=("no_such_taxonomy",)))
    assert err.value.code == "E014"
    text = tmp_path / "a.txt"
    text.write_text("Officials in Astana said on Monday that the grain corridor would open in spring.", encoding="utf-8")
    code = main(["analyze", str(text), "--taxonomy", str(bad), "--db", str(tmp_path / "x.db")])
    assert code == 2 and "E013" in capsys.readouterr().err


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(0, len(GOOD)), junk=st.text(alphabet=":-[]{}*&!|>'\"#\n x?%@`,", max_size=12))
def test_any_edit_of_a_good_file_loads_or_is_e013(tmp_path, cut, junk):
    path = tmp_path / "edited.yaml"
    path.write_text(GOOD[:cut] + junk + GOOD[cut:], encoding="utf-8")
    try:
        load_taxonomy(path)
    except ConfigError as err:
        assert err.code in ("E013", "E014")
