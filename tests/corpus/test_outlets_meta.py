"""The outlet file: aliases merge spellings, country and group become facets, bad files say why."""
from __future__ import annotations

from pathlib import Path

import pytest

from narrascope.corpus import outlets
from narrascope.corpus.filters import Filters
from narrascope.corpus.outlets_meta import load_outlets, read_outlets
from narrascope.errors import ConfigError

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "outlets.yaml"


def test_the_sample_outlet_file_merges_spellings_and_gives_groups(store_copy):
    before = {o["outlet"] for o in outlets.outlets(store_copy, limit=None)["items"]}
    assert {"FactLens Central Asia", "FactLens Центральная Азия"} <= before
    assert load_outlets(store_copy, SAMPLE) == 12
    after = outlets.outlets(store_copy, limit=None)["items"]
    names = {o["outlet"] for o in after}
    assert "FactLens Центральная Азия" not in names and "FactLens Central Asia" in names
    factlens = next(o for o in after if o["outlet"] == "FactLens Central Asia")
    # two html pages and a txt page, and the check of the September 2023 wave (wave-2023-09.jsonl)
    assert factlens["articles"] == 4 and factlens["group"] == "Analysis and fact-checking"
    network = outlets.matrix(store_copy, filters=Filters(group="eurasia NETWORK"))
    assert network and {r["outlet"] for r in network} <= {"Eurasia Pulse", "Восток Сегодня", "Голос Евразии",
                                                         "Русский Рубеж"}


def test_csv_outlet_file(tmp_path):
    path = tmp_path / "outlets.csv"
    path.write_text("name,aliases,country,group,type\n"
                    "Steppe Herald,steppe-herald.example; The Herald,KZ,Independent,newspaper\n", encoding="utf-8")
    [row] = read_outlets(path)
    assert row == {"name": "Steppe Herald", "aliases": ["steppe-herald.example", "The Herald"], "country": "KZ",
                   "group": "Independent", "type": "newspaper"}


@pytest.mark.parametrize("text, says", [("outlets: [{country: KZ}]", "no 'name'"),
                                        ("outlets: {name: X}", "no list"),
                                        ("outlets: [{name: X, aliases: {a: 1}}]", "aliases"),
                                        ("outlets: [name: X", "not valid YAML")])
def test_bad_outlet_files_say_what_is_wrong(tmp_path, text, says):
    path = tmp_path / "outlets.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        read_outlets(path)
    assert err.value.code == "E060" and says in str(err.value) and str(path) in str(err.value)
