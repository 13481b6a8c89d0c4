"""The tidy tables: one per kind, one row per finding, joinable by article id, typed the same in CSV
and Parquet."""
import csv
import io
import json

import pytest

from narrascope.errors import ConfigError
from narrascope.export import export, formats
from narrascope.export.tables import TABLES
from narrascope.safecsv import safe_cell

LAYER_OF = {"narratives": "narratives", "entities": "entities", "roles": "framing", "quotes": "quotes",
            "techniques": "techniques"}


def _read(path):
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def test_csv_folder_holds_one_joinable_table_per_kind(tmp_path, seeds_store):
    store, articles = seeds_store
    result = export(store, "csv", tmp_path / "tables")
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == sorted(f"{t}.csv" for t in TABLES)
    assert result.ok and result.count == 3
    arts = {r["id"]: r for r in _read(tmp_path / "tables" / "articles.csv")}
    assert set(arts) == {a.id for a in articles.values()}
    assert {r["input_id"] for r in arts.values()} == {"EN_UA_0002.txt", "article4004.txt", ""}
    by_id = {a.id: a for a in articles.values()}
    for table, layer in LAYER_OF.items():
        rows = _read(tmp_path / "tables" / f"{table}.csv")
        # one row per finding: as many rows as spans in the layer over all articles
        assert len(rows) == sum(len(a.layers[layer]) for a in articles.values()) > 0, table
        for r in rows:
            assert r["article_id"] in arts and r["input_id"] == arts[r["article_id"]]["input_id"]
            assert r["component"] == by_id[r["article_id"]].layers[layer].component and r["version"]
    for r in _read(tmp_path / "tables" / "techniques.csv"):
        text = by_id[r["article_id"]].text
        assert safe_cell(text[int(r["start"]):int(r["end"])]) == r["span_text"] and 0 <= float(r["score"]) <= 1
        assert r["voice"] and r["source"]
    narratives = _read(tmp_path / "tables" / "narratives.csv")
    assert {r["level"] for r in narratives} == {"narrative", "subnarrative"}
    # "no evidence": the stance model abstained (issue 14), shown as such rather than as a guess
    assert {r["stance"] for r in narratives} <= {"promotes", "reports-on", "counters", "no evidence"}
    assert all(json.loads(r["evidence"]) for r in narratives if r["level"] == "narrative")
    roles = _read(tmp_path / "tables" / "roles.csv")
    assert {r["role"] for r in roles} <= {"Protagonist", "Antagonist", "Innocent"} and all(r["voice"] for r in roles)
    quotes = _read(tmp_path / "tables" / "quotes.csv")
    assert all(int(r["start"]) < int(r["end"]) and r["quote"] for r in quotes)


def _typed(value, kind):
    if value == "":
        return None
    return {"int": int, "float": float, "bool": lambda v: v == "True", "str": str}[kind](value)


def test_parquet_round_trip_equals_the_csv(tmp_path, seeds_store):
    import pyarrow.parquet as pq

    store, _ = seeds_store
    export(store, "csv", tmp_path / "t")
    export(store, "parquet", tmp_path / "t")
    for name, (columns, _) in TABLES.items():
        table = pq.read_table(tmp_path / "t" / f"{name}.parquet")
        assert [(f.name, str(f.type)) for f in table.schema] == [
            (c, {"str": "string", "int": "int64", "float": "double", "bool": "bool"}[t]) for c, t in columns]
        from_parquet = [{c: (None if v == "" else safe_cell(v)) for c, v in row.items()} for row in table.to_pylist()]
        from_csv = [{c: _typed(row[c], t) for c, t in columns} for row in _read(tmp_path / "t" / f"{name}.csv")]
        assert from_parquet == from_csv and from_csv, name


def test_csv_to_stdout_is_the_articles_table_and_one_table_can_be_chosen(seeds_store, capsys):
    store, articles = seeds_store
    assert export(store, "csv").count == 3
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["id"] for r in rows] == [a.id for a in store.articles()] and "narratives" in rows[0]
    export(store, "csv", table="techniques")
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and set(rows[0]) == {c for c, _ in TABLES["techniques"][0]}


def test_options_that_do_not_apply_are_errors(tmp_path, seeds_store):
    store, _ = seeds_store
    for fmt, options, code in (("csv", {"subtask": 2}, "E021"), ("jsonl", {"table": "quotes"}, "E021"),
                               ("semeval2025", {"table": "quotes"}, "E021"), ("csv", {"table": "nope"}, "E021"),
                               ("xlsx", {}, "E020"), ("parquet", {}, "E022")):
        with pytest.raises(ConfigError) as err:
            export(store, fmt, None, **options)
        assert err.value.code == code, (fmt, options)
    with pytest.raises(ConfigError) as err:
        export(store, "jsonl", tmp_path / "no" / "such" / "dir" / "x.jsonl")
    assert err.value.code == "E022" and "x.jsonl" in str(err.value)
    assert export(store, "csv", tmp_path / "a.csv", subtask=None).count == 3  # None = not given
    assert {"jsonl", "csv", "parquet", "outlet-techniques", "semeval2025", "ptc", "unlp2025"} <= set(formats())
