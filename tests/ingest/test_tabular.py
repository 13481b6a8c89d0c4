"""JSONL / JSON / CSV records and column mappings (Media Cloud, 4CAT, --map)."""
from __future__ import annotations

import csv
import json

import pytest

from narrascope.errors import ConfigError, InputError
from narrascope.ingest import read_path
from narrascope.ingest.tabular import (detect_preset, iter_csv, iter_json, iter_jsonl, record_fields,
                                       resolve_mapping)

MC_COLS = "id,indexed_date,language,media_name,media_url,publish_date,title,url,text".split(",")
FOURCAT_COLS = "id,thread_id,timestamp,unix_timestamp,author,subject,body,url".split(",")


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def test_detect_presets():
    assert detect_preset(MC_COLS) == "mediacloud"
    assert detect_preset(FOURCAT_COLS) == "4cat"
    assert detect_preset(["title", "text"]) is None


def test_mediacloud_csv_is_recognised(tmp_path, texts, split):
    path = write_csv(tmp_path / "mc.csv", MC_COLS, [
        ["9001", "2023-03-06 10:00:00", "en", "tengrinews.kz", "https://tengrinews.kz", "2023-03-05 08:30:00",
         "Rate hike", "https://tengrinews.kz/a/1", texts["rate"]]])
    arts, errs = split(read_path(path))
    assert errs == [] and len(arts) == 1
    a = arts[0]
    assert a.source == f"{path}#row2"
    assert a.raw_text == texts["rate"]
    assert (a.outlet, a.title, a.url, a.language) == ("tengrinews.kz", "Rate hike", "https://tengrinews.kz/a/1", "en")
    assert a.published == "2023-03-05T08:30"
    assert a.meta["external_id"] == "9001"
    assert a.meta["published_raw"] == "2023-03-05 08:30:00"
    assert a.meta["extra"]["media_url"] == "https://tengrinews.kz"
    assert a.meta["format"] == "record"


def test_4cat_csv_is_recognised_and_gets_utc(tmp_path, texts, split):
    path = write_csv(tmp_path / "4cat.csv", FOURCAT_COLS, [
        ["77", "70", "2022-03-06 02:45:00", "1646534700", "anon_kz", "Gas prices", texts["gas"],
         "https://boards.example/t/70"]])
    arts, errs = split(read_path(path))
    assert errs == [] and len(arts) == 1
    a = arts[0]
    assert a.raw_text == texts["gas"]
    assert (a.title, a.author, a.url) == ("Gas prices", "anon_kz", "https://boards.example/t/70")
    assert a.published == "2022-03-06T02:45+00:00"
    assert a.meta["external_id"] == "77"
    assert a.meta["extra"]["thread_id"] == "70"


def test_4cat_timestamp_with_offset_is_not_changed():
    mapping, preset = resolve_mapping(FOURCAT_COLS)
    out = record_fields({"body": "x", "timestamp": "2022-03-06T02:45:00+03:00"}, mapping, preset)
    assert "published_tz" not in out


def test_map_overrides(tmp_path, texts, split):
    mapping, preset = resolve_mapping(["headline", "story", "site", "when"],
                                      overrides={"text": "story", "outlet": "site", "published": "when"})
    assert preset is None
    assert mapping == {"title": "headline", "text": "story", "outlet": "site", "published": "when"}
    path = tmp_path / "custom.jsonl"
    path.write_text(json.dumps({"headline": "Gas deal", "story": texts["gas"], "site": "kz.example",
                                "when": "2023-03-07"}) + "\n", encoding="utf-8")
    arts, errs = split(read_path(path, overrides={"text": "story", "outlet": "site", "published": "when"}))
    assert errs == []
    assert (arts[0].title, arts[0].outlet, arts[0].published) == ("Gas deal", "kz.example", "2023-03-07")


def test_override_beats_preset():
    mapping, preset = resolve_mapping(MC_COLS, overrides={"title": "media_url"})
    assert preset == "mediacloud" and mapping["title"] == "media_url"


def test_unknown_preset_is_config_error_e004():
    with pytest.raises(ConfigError) as exc:
        resolve_mapping(["text"], preset="gdelt")
    assert exc.value.code == "E004"
    assert "gdelt" in str(exc.value) and "mediacloud" in str(exc.value)


def test_unknown_override_field_is_e003():
    with pytest.raises(ConfigError) as exc:
        resolve_mapping(["text"], overrides={"sentiment": "text"})
    assert exc.value.code == "E003"


def test_unknown_preset_through_read_path_is_a_record(tmp_path, texts, split):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": texts["rate"]}) + "\n", encoding="utf-8")
    arts, errs = split(read_path(path, preset="gdelt"))
    assert arts == [] and [e.code for e in errs] == ["E004"]


@pytest.mark.parametrize("payload", [
    lambda a, b: [a, b],
    lambda a, b: {"articles": [a, b]},
], ids=["list", "articles-object"])
def test_json_files(tmp_path, texts, split, payload):
    path = tmp_path / "export.json"
    path.write_text(json.dumps(payload({"title": "Rail", "text": texts["rail"]},
                                       {"title": "Gas", "text": texts["gas"]}), ensure_ascii=False))
    arts, errs = split(read_path(path))
    assert errs == []
    assert [a.title for a in arts] == ["Rail", "Gas"]
    assert [a.source for a in arts] == [f"{path}#1", f"{path}#2"]
    assert arts[0].raw_text == texts["rail"]


def test_json_single_object_and_non_object_items():
    assert [w for w, _ in iter_json('{"text": "A."}', "one.json")] == ["one.json#1"]
    out = list(iter_json('[{"text": "A."}, 5]', "mix.json"))
    assert isinstance(out[1][1], InputError) and out[1][1].code == "E107" and out[1][0] == "mix.json#2"


def test_json_that_is_really_jsonl():
    out = list(iter_json('{"text": "A."}\n{"text": "B."}\n', "lines.json"))
    assert [w for w, _ in out] == ["lines.json:1", "lines.json:2"]


def test_broken_single_json_is_e106():
    [(where, err)] = list(iter_json('{"text": ', "bad.json"))
    assert where == "bad.json" and err.code == "E106"


def test_jsonl_line_numbers_skip_blank_lines():
    text = '{"text": "A."}\n\n{oops\n[1, 2]\n'
    out = list(iter_jsonl(text, "f.jsonl"))
    assert [w for w, _ in out] == ["f.jsonl:1", "f.jsonl:3", "f.jsonl:4"]
    assert out[1][1].code == "E106" and "f.jsonl:3" in str(out[1][1])
    assert out[2][1].code == "E107" and "list" in str(out[2][1])


def test_record_without_text_is_e108(tmp_path, split):
    path = tmp_path / "notext.jsonl"
    path.write_text(json.dumps({"title": "Only a title"}) + "\n", encoding="utf-8")
    arts, [err] = split(read_path(path))
    assert arts == [] and err.code == "E108" and err.source == f"{path}:1"


def test_record_over_max_chars_is_e104(tmp_path, split):
    from narrascope.settings import Settings
    path = tmp_path / "long.jsonl"
    path.write_text(json.dumps({"text": "Astana. " * 100}) + "\n", encoding="utf-8")
    arts, [err] = split(read_path(path, Settings(max_record_chars=50)))
    assert arts == [] and err.code == "E104"


def test_csv_extra_cells_is_e109_and_other_rows_survive(tmp_path, texts, split):
    path = tmp_path / "rows.csv"
    path.write_text(f'title,text\nRate,"{texts["rate"]}"\nBroken,"Some text.",surplus\nGas,"{texts["gas"]}"\n',
                    encoding="utf-8")
    arts, errs = split(read_path(path))
    assert [a.title for a in arts] == ["Rate", "Gas"]
    assert [(e.code, e.source) for e in errs] == [("E109", f"{path}#row3")]
    assert "beyond the header" in errs[0].reason


def test_semicolon_csv_and_list_values():
    rows = list(iter_csv("title;text\nA;Some text here.\n", "semi.csv"))
    assert rows[0][1] == {"title": "A", "text": "Some text here."}
    mapping, preset = resolve_mapping(["text", "authors"])
    assert record_fields({"text": "x", "authors": ["A B", "C D"]}, mapping, preset)["author"] == "A B, C D"


# --- Bad records never stop a batch (issue 11) ---------------------------------------------

def test_jsonl_too_deep_and_huge_int_lines_are_e106_and_the_rest_is_read(tmp_path, texts, split):
    path = tmp_path / "bad.jsonl"
    path.write_text("[" * 100_000 + "\n"
                    + '{"text": "x", "views": ' + "9" * 5000 + "}\n"
                    + json.dumps({"title": "Rail", "text": texts["rail"]}) + "\n", encoding="utf-8")
    arts, errs = split(read_path(path))
    assert [a.title for a in arts] == ["Rail"]
    assert [(e.code, e.source) for e in errs] == [("E106", f"{path}:1"), ("E106", f"{path}:2")]
    assert "nested too deeply" in errs[0].reason and "4300 digits" in errs[1].reason


@pytest.mark.parametrize("payload", ["[" * 100_000, '{"n": ' + "1" * 5000 + "}"], ids=["nested", "huge-int"])
def test_json_file_beyond_the_parser_limits_is_e106(tmp_path, split, payload):
    path = tmp_path / "bad.json"
    path.write_text(payload, encoding="utf-8")
    arts, [err] = split(read_path(path))
    assert arts == [] and (err.code, err.source) == ("E106", str(path))


@pytest.mark.parametrize("name, content", [
    ("header.csv", "title,text\n"),
    ("list.json", "[]"),
    ("object.json", '{"articles": []}'),
    ("items.json", '{"items": [], "total": 0}'),
])
def test_files_with_no_records_yield_e125(tmp_path, split, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    arts, [err] = split(read_path(path))
    assert arts == [] and (err.code, err.source) == ("E125", str(path))
    assert f"No records in {path}" in err.reason


def test_csv_unclosed_quote_is_e109_at_the_row_where_it_opened(tmp_path, texts, split):
    path = tmp_path / "quote.csv"
    # Row 4 opens a quote it never closes: rows 4-6 would become one cell of row 4.
    path.write_text(f'title,text\nRate,"{texts["rate"]}"\nRu,"{texts["ru"]}"\n'
                    f'Gas,"Russia and Kazakhstan signed a gas deal.\nMore,Officials in Astana welcomed it.\n'
                    f'Last,Analysts were cautious.\n', encoding="utf-8")
    arts, errs = split(read_path(path))
    assert [a.title for a in arts] == ["Rate", "Ru"]  # the rows before the quote survive
    assert [(e.code, e.source) for e in errs] == [("E109", f"{path}#row4")]
    assert "never closed" in errs[0].reason


def test_csv_unclosed_quote_in_the_header(tmp_path, split):
    path = tmp_path / "head.csv"
    path.write_text('title,"text\nA,Some text here.\n', encoding="utf-8")
    arts, [err] = split(read_path(path))
    assert arts == [] and (err.code, err.source) == ("E109", f"{path}#row1")


def test_csv_quoted_multiline_last_row_is_not_mistaken_for_an_open_quote(tmp_path, texts, split):
    path = write_csv(tmp_path / "ok.csv", ["title", "text"], [["Rail", texts["rail"]], ["Gas", texts["gas"]]])
    arts, errs = split(read_path(path))
    assert errs == [] and [a.raw_text for a in arts] == [texts["rail"], texts["gas"]]


def test_lone_surrogates_are_replaced_with_a_warning_and_the_article_kept(tmp_path, texts, split):
    path = tmp_path / "surrogates.jsonl"
    # Raw JSON text: the escapes are what a broken exporter writes.
    body = json.dumps(texts["rail"])[1:-1]
    path.write_text('{"text": "%s \\ud800", "title": "Rail \\udc00", "note\\ud83d": ["x\\udfff"]}\n' % body,
                    encoding="utf-8")
    [art] = list(read_path(path))
    assert art.raw_text == texts["rail"] + " \ufffd" and art.title == "Rail \ufffd"
    assert art.meta["extra"] == {"note\ufffd": ["x\ufffd"]}
    [warning] = art.errors
    assert (warning.code, warning.level, warning.source) == ("W130", "warning", f"{path}:1")
    assert "text, title, note" in warning.reason
    json.dumps(art.to_dict(), ensure_ascii=False).encode("utf-8")  # storable: no surrogate left


def test_deep_extra_field_is_a_truncated_json_string_with_a_warning(tmp_path, texts, split):
    deep: object = "bottom"
    for _ in range(500):
        deep = {"x": deep}
    path = tmp_path / "deep.jsonl"
    path.write_text(json.dumps({"text": texts["gas"], "payload": deep, "ok": {"a": [1, 2]}}) + "\n", encoding="utf-8")
    [art] = list(read_path(path))
    payload = art.meta["extra"]["payload"]
    assert isinstance(payload, str) and payload.startswith('{"x": {"x": ') and "bottom" not in payload
    assert payload.count("{") == 20
    assert art.meta["extra"]["ok"] == {"a": [1, 2]}
    assert [(w.code, w.level) for w in art.errors] == [("W131", "warning")]
    json.dumps(art.to_dict())  # what store.save does: no RecursionError


def test_huge_extra_fields_are_truncated_with_a_warning(tmp_path, texts):
    from narrascope.ingest.tabular import MAX_EXTRA_CHARS
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"text": texts["gas"], "small": "kept", "blob": "z" * 300_000,
                                "after": list(range(50_000))}) + "\n", encoding="utf-8")
    [art] = list(read_path(path))
    extra = art.meta["extra"]
    assert extra["small"] == "kept"
    assert extra["blob"].startswith("zzz") and extra["blob"].endswith("…")
    assert len(json.dumps(extra)) <= MAX_EXTRA_CHARS + 100
    [w] = art.errors
    assert w.code == "W132" and "blob, after" in w.reason
