"""Taxonomy YAML: built-ins load and match the official label inventory; bad files fail with E013."""
import pytest

from narrascope.errors import ConfigError
from narrascope.tasks.semeval2025_score import load_narrative_labels
from narrascope.taxonomy import builtin_names, load_taxonomies, load_taxonomy
from narrascope.taxonomy.model import LANGS

GOOD = """
id: mine
domain: MY
version: "0.1"
narratives:
  - id: MY.grain
    label: Grain deal is a trap
    definition: The text claims the grain corridor serves only Western traders.
    cues: {en: ["grain corridor", "grain deal"], ru: ["зерновая сделк"]}
    examples: [{lang: en, text: "The grain deal feeds Europe, not Africa."}]
    subnarratives:
      - id: MY.grain.africa
        label: Africa gets nothing
        definition: Africa receives none of the grain.
        cues: {en: ["africa gets nothing"]}
"""


def test_builtins_cover_the_semeval_inventory_exactly():
    coarse, fine = load_narrative_labels()
    tax = load_taxonomies(["semeval2025_urw", "semeval2025_cc"])
    assert {l.name for l in tax.coarse} == set(coarse) - {"Other"}
    assert {l.name for l in tax.fine} == set(fine) - {"Other"}


def test_central_asia_has_every_language_and_definitions():
    tax = load_taxonomy("central_asia")
    assert len(tax.coarse) == 14
    for lab in tax.labels:
        assert lab.definition
        if not lab.is_other:
            assert all(lab.cues.get(lang) for lang in LANGS), lab.name
    assert "central_asia" in builtin_names()


def test_subnarrative_implies_its_narrative():
    tax = load_taxonomies()
    sub = "CA: Kazakhstan is a Western puppet: Multi-vector policy is betrayal"
    assert tax.coarse_of(sub) == "CA: Kazakhstan is a Western puppet"
    assert tax.normalise("urw: discrediting ukraine: rewriting ukraine's history") == \
        "URW: Discrediting Ukraine: Rewriting Ukraine’s history"


def test_user_taxonomy_gets_an_other_subnarrative(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD, encoding="utf-8")
    tax = load_taxonomy(path)
    assert [l.name for l in tax.labels] == ["MY: Grain deal is a trap", "MY: Grain deal is a trap: Africa gets nothing",
                                            "MY: Grain deal is a trap: Other"]


@pytest.mark.parametrize("broken, fragment", [
    ("id: x\ndomain: X\nnarratives: []\n", "non-empty list"),
    ("id: x\nnarratives: [{id: a, label: A, definition: d, cues: {en: [a]}}]\n", "missing top-level 'domain'"),
    ("id: x\ndomain: X\nnarratives: [{id: a, label: A, cues: {en: [a]}}]\n", "has no definition"),
    ("id: x\ndomain: X\nnarratives: [{id: a, label: A, definition: d}]\n", "no cue phrases"),
    ("id: x\ndomain: X\nnarratives: [{id: a, label: A, definition: d, cues: {en: [a]}},"
     " {id: a, label: B, definition: d, cues: {en: [b]}}]\n", "duplicate"),
    ("id: x\ndomain: X\nnarratives: [ {id: a\n", "not valid YAML"),
])
def test_broken_taxonomies_say_what_is_wrong(tmp_path, broken, fragment):
    path = tmp_path / "bad.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_taxonomy(path)
    assert err.value.code == "E013" and fragment in str(err.value) and "bad.yaml" in str(err.value)


def test_unknown_taxonomy_lists_the_builtins():
    with pytest.raises(ConfigError) as err:
        load_taxonomy("no_such_taxonomy")
    assert err.value.code == "E014" and "central_asia" in str(err.value)
