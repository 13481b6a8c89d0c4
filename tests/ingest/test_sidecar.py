"""Sidecar files (NAME.meta.json beside a page) and the --outlet default: fields applied and winning,
bad sidecars giving records while the page is still read, sidecars never read as inputs."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from narrascope.article import Article
from narrascope.ingest import read_inputs, read_path
from narrascope.ingest.sidecar import pages_of, read_sidecar
from narrascope.inputs_count import count_inputs
from narrascope.settings import Settings

HEADED = ("Kazakhstan Opens Rail Corridor to Aktau\n"
          "By Dana Omarova\n"
          "March 5, 2023\n\n"
          "The government of Kazakhstan opened a new rail corridor to the Caspian port of Aktau on Monday. "
          "Officials said freight trains would run twice a day and carry grain and metals.\n")
FULL = {"outlet": "Steppe Herald", "url": "https://steppeherald.example/2023/03/05/rail-corridor",
        "title": "Rail corridor to Aktau opens", "author": "Aigerim Sultanbekova",
        "published": "06.03.2023 14:10 (Moscow time)", "language": "en", "external_id": "SH-2023-0305"}


def _page(folder: Path, name: str, text: str, sidecar: object = None, raw: bytes | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / name
    page.write_text(text, encoding="utf-8")
    side = folder / (name.rsplit(".", 1)[0] + ".meta.json")
    if raw is not None:
        side.write_bytes(raw)
    elif sidecar is not None:
        side.write_text(json.dumps(sidecar, ensure_ascii=False), encoding="utf-8")
    return page


def _one(items, split):
    arts, errs = split(items)
    assert len(arts) == 1, (arts, errs)
    return arts[0], errs


def test_every_sidecar_field_is_applied_and_wins_over_the_header(tmp_path, split):
    bare, _ = _one(read_path(_page(tmp_path / "bare", "rail.txt", HEADED)), split)
    assert (bare.title, bare.author, bare.published, bare.outlet) == \
        ("Kazakhstan Opens Rail Corridor to Aktau", "Dana Omarova", "2023-03-05", None)
    page = _page(tmp_path / "side", "rail.txt", HEADED, FULL)
    art, errs = _one(read_path(page), split)
    assert errs == []
    assert (art.outlet, art.url, art.title, art.author, art.language) == \
        (FULL["outlet"], FULL["url"], FULL["title"], FULL["author"], "en")
    assert art.published == "2023-03-06T14:10+03:00"  # parse_date, the zone kept
    assert art.meta["published_raw"] == FULL["published"] and art.meta["external_id"] == "SH-2023-0305"
    assert art.meta["outlet_from"] == "sidecar" and art.meta["sidecar"] == str(tmp_path / "side" / "rail.meta.json")
    # the id is the text's: the sidecar (even its url) never changes it
    assert art.id == bare.id and art.raw_text == bare.raw_text and art.header_spans == bare.header_spans


def test_a_sidecar_wins_over_the_pages_site_name_and_keeps_the_pages_id(tmp_path, texts, make_html, split):
    head = ('<meta property="og:site_name" content="Kazinform Mirror">'
            '<meta property="og:url" content="https://mirror.example/rate">')
    html = make_html("Central bank raises rate", texts["rate"], head=head)
    bare, _ = _one(read_path(_page(tmp_path / "bare", "rate.html", html)), split)
    assert bare.outlet == "Kazinform Mirror"
    art, errs = _one(read_path(_page(tmp_path / "side", "rate.html", html, {"outlet": "Almaty Ledger"})), split)
    assert errs == [] and art.outlet == "Almaty Ledger" and art.id == bare.id and art.url == bare.url


def test_the_id_does_not_change_when_only_the_sidecar_does(tmp_path, split):
    ids = set()
    for i, side in enumerate([None, {"outlet": "Steppe Herald"}, {"outlet": "Eurasia Pulse"},
                              {"url": "https://other.example/a", "title": "Another title"}]):
        art, _ = _one(read_path(_page(tmp_path / str(i), "rail.txt", HEADED, side)), split)
        ids.add(art.id)
    assert len(ids) == 1
    # and the same page with the same sidecar reads the same, field for field
    page = _page(tmp_path / "again", "rail.txt", HEADED, FULL)
    first, second = (_one(read_path(page), split)[0].to_dict() for _ in range(2))
    assert first == second


def test_null_and_blank_values_leave_the_pages_own(tmp_path, split):
    page = _page(tmp_path, "rail.txt", HEADED, {"outlet": "Steppe Herald", "title": None, "author": "  "})
    art, errs = _one(read_path(page), split)
    assert errs == [] and (art.outlet, art.title, art.author) == \
        ("Steppe Herald", "Kazakhstan Opens Rail Corridor to Aktau", "Dana Omarova")


def test_a_utf8_bom_and_an_upper_case_page_suffix_are_fine(tmp_path, split):
    page = tmp_path / "RAIL.TXT"
    page.write_text(HEADED, encoding="utf-8")
    (tmp_path / "RAIL.meta.json").write_bytes(b"\xef\xbb\xbf" + json.dumps({"outlet": "Степной курьер"}).encode())
    art, errs = _one(read_path(page), split)
    assert errs == [] and art.outlet == "Степной курьер"
    assert pages_of(tmp_path / "RAIL.meta.json") == [str(page)]
    art, errs = _one(read_path(tmp_path), split)  # in a folder: consumed by its page, not an input
    assert errs == [] and art.outlet == "Степной курьер"


BAD = [
    (b'["outlet", "Steppe Herald"]', "holds a JSON list, not one object"),
    ('{"outlet": "Степной курьер"}'.encode("cp1251"), "is not UTF-8 (byte 0xd1 at offset 12)"),
    (b'{"outlet": "Steppe Herald",}', "is not valid JSON (Expecting property name enclosed in double quotes at "
                                      "line 1, column 28)"),
    (b'{"outlet": "Steppe Herald", "published": "last Tuesday"}', "'published' 'last Tuesday' is not a date"),
    (b'{"outlet": "Steppe Herald", "published": "31.02.2023"}', "'published' '31.02.2023' is not a date"),
    (b'{"outlet": ["Steppe Herald"]}', "'outlet' is a JSON list; every value must be a string"),
    (b'{"published": 20230305}', "'published' is a JSON number; every value must be a string"),
    (b'{"outlet": "Steppe \\ud800Herald"}', "'outlet' holds an invalid Unicode escape"),
    (b'{"outlet": "' + b"x" * 3000 + b'"}', "'outlet' is longer than 2000 characters"),
    (b'{"outlet": "' + b"x" * 1_000_001 + b'"}', "it is 1000015 bytes, more than the 1000000 a sidecar may have"),
    (b"", "is not valid JSON (Expecting value at line 1, column 1)"),
]


@pytest.mark.parametrize("raw, says", BAD, ids=["list", "cp1251", "json", "words", "feb31", "list-value",
                                                "number", "surrogate", "long", "huge", "empty"])
def test_a_bad_sidecar_is_an_error_record_and_the_page_is_still_read(tmp_path, split, raw, says):
    page = _page(tmp_path, "rail.txt", HEADED, raw=raw)
    items = list(read_path(page))
    art, errs = _one(items, split)
    assert [(e.code, e.level, e.source) for e in errs] == [("E118", "error", str(tmp_path / "rail.meta.json"))]
    reason = errs[0].reason
    assert says in reason, reason
    assert f"The page {page} was read without it" in reason and "outlet, url, title, author, published" in reason
    assert errs[0].article_id == art.id and items.index(errs[0]) < items.index(art)
    # nothing of the sidecar was applied: the page reads as if it had none
    assert (art.outlet, art.title, art.published) == (None, "Kazakhstan Opens Rail Corridor to Aktau", "2023-03-05")
    assert "sidecar" not in art.meta


def test_unknown_keys_are_a_warning_and_the_known_ones_apply(tmp_path, split):
    page = _page(tmp_path, "rail.txt", HEADED, {"outlet": "Steppe Herald", "site": "x", "Outlet": "y"})
    art, errs = _one(read_path(page), split)
    assert art.outlet == "Steppe Herald"
    [w] = errs
    assert (w.code, w.level, w.source, w.article_id) == ("W144", "warning", str(tmp_path / "rail.meta.json"), art.id)
    assert "unknown key(s) Outlet, site" in w.reason and "Known keys: outlet, url, title" in w.reason


def test_a_fifo_sidecar_is_refused_without_blocking(tmp_path, split):
    page = _page(tmp_path, "rail.txt", HEADED)
    os.mkfifo(tmp_path / "rail.meta.json")  # opening it for reading would block forever
    art, errs = _one(read_path(page), split)
    assert [e.code for e in errs] == ["E114"] and "rail.meta.json" in errs[0].source and art.outlet is None


def test_inside_a_folder_sidecars_are_consumed_not_read_as_json_inputs(tmp_path, texts, make_html, split):
    d = tmp_path / "batch"
    _page(d, "a-rail.txt", HEADED, {"outlet": "Steppe Herald"})
    _page(d, "b-rate.html", make_html("Central bank raises rate", texts["rate"]), {"outlet": "Almaty Ledger"})
    _page(d / "sub", "c-gas.txt", texts["gas"], {"outlet": "Eurasia Pulse", "published": "2023-03-07"})
    (d / "d-export.json").write_text(json.dumps([{"text": texts["ru"], "outlet": "Восток Сегодня"}]), encoding="utf-8")
    (d / "e-orphan.meta.json").write_text('{"outlet": "Nowhere Daily"}', encoding="utf-8")
    items = list(read_inputs([str(d)]))
    arts, errs = split(items)
    by_name = {Path(a.source.split("#")[0]).name: a.outlet for a in arts}
    assert by_name == {"a-rail.txt": "Steppe Herald", "b-rate.html": "Almaty Ledger", "c-gas.txt": "Eurasia Pulse",
                       "d-export.json": "Восток Сегодня"}
    [orphan] = errs  # no E106/E107/E125 for a sidecar read as JSON, no record for consumed ones
    assert (orphan.code, orphan.level, orphan.source) == ("W145", "warning", str(d / "e-orphan.meta.json"))
    assert "looked for e-orphan.txt, e-orphan.text, e-orphan.html, e-orphan.htm" in orphan.reason
    # the progress bar's estimate is what the run sees (warnings are not inputs)
    assert count_inputs([str(d)]) == len([i for i in items if getattr(i, "level", "") != "warning"]) == 4


def test_a_folder_of_pages_and_sidecars_counts_the_pages_only(tmp_path, texts):
    from narrascope import open_store
    from narrascope.api import ingest_into

    d = tmp_path / "pages"
    for i, key in enumerate(("rail", "gas", "rate")):
        _page(d, f"{key}.txt", texts[key], {"outlet": f"Outlet {i}"})
    with open_store(tmp_path / "x.db") as store:
        summary = ingest_into([str(d)], store)
        outlets = sorted(r["outlet"] for r in store.rows())
    assert summary.to_dict()["inputs"] == summary.analysed == 3 and summary.records == []
    assert outlets == ["Outlet 0", "Outlet 1", "Outlet 2"] and count_inputs([str(d)]) == 3


def test_a_folder_of_orphan_sidecars_says_so(tmp_path, split):
    for name in ("a", "b"):
        (tmp_path / f"{name}.meta.json").write_text('{"outlet": "Steppe Herald"}', encoding="utf-8")
    arts, errs = split(read_path(tmp_path))
    assert arts == [] and [e.code for e in errs] == ["W145", "W145", "E116"]
    assert "(2 sidecar files without a page)" in errs[-1].reason


def test_a_sidecar_given_by_name_says_which_page_it_belongs_to(tmp_path, split):
    page = _page(tmp_path, "rail.txt", HEADED, {"outlet": "Steppe Herald"})
    side = tmp_path / "rail.meta.json"
    arts, errs = split(read_inputs([str(side)]))
    assert arts == [] and [(e.code, e.level, e.source) for e in errs] == [("E119", "error", str(side))]
    assert f"it belongs to {page}. Pass that page or its folder" in errs[0].reason
    lone = tmp_path / "lost.meta.json"
    lone.write_text("{}", encoding="utf-8")
    [err] = list(read_inputs([str(lone)]))
    assert err.code == "E119" and f"{tmp_path / 'lost.txt'} or {tmp_path / 'lost.text'}" in err.reason
    # `narrascope analyze dir/*`: the page is given too, so it reads its sidecar and nothing fails
    art, errs = _one(read_inputs([str(page), str(side)]), split)
    assert errs == [] and art.outlet == "Steppe Herald"
    assert count_inputs([str(page), str(side)]) == 1 and count_inputs([str(side)]) == 1


def test_a_sidecar_linking_out_of_the_folder_is_not_read(tmp_path, split):
    secret = tmp_path / "outside.json"
    secret.write_text('{"outlet": "Leaked"}', encoding="utf-8")
    d = tmp_path / "in"
    _page(d, "rail.txt", HEADED)
    (d / "rail.meta.json").symlink_to(secret)
    arts, errs = split(read_path(d))
    assert [a.outlet for a in arts] == [None] and [e.code for e in errs] == ["E115"]
    arts, _ = split(read_path(d, Settings(follow_links_outside=True)))
    assert [a.outlet for a in arts] == ["Leaked"]
    arts, _ = split(read_path(d / "rail.txt"))  # a page given by name: its sidecar is the user's choice too
    assert [a.outlet for a in arts] == ["Leaked"]


def test_the_default_outlet_fills_only_articles_that_name_none(tmp_path, texts, make_html, split):
    d = tmp_path / "run"
    _page(d, "a-bare.txt", texts["rail"])
    _page(d, "b-sidecar.txt", texts["gas"], {"outlet": "Steppe Herald"})
    _page(d, "c-site.html", make_html("Rate", texts["rate"], head='<meta property="og:site_name" content="Kazinform">'))
    (d / "d-rows.jsonl").write_text(json.dumps({"text": texts["ru"], "outlet": "Восток Сегодня"}) + "\n" +
                                    json.dumps({"text": HEADED}) + "\n", encoding="utf-8")
    items = list(read_inputs([str(d)], Settings(default_outlet="Caspian Wire Service")))
    arts, errs = split(items)
    got = {Path(a.source).name: (a.outlet, a.meta.get("outlet_from")) for a in arts}
    assert errs == [] and got == {
        "a-bare.txt": ("Caspian Wire Service", "default_outlet"), "b-sidecar.txt": ("Steppe Herald", "sidecar"),
        "c-site.html": ("Kazinform", None), "d-rows.jsonl:1": ("Восток Сегодня", None),
        "d-rows.jsonl:2": ("Caspian Wire Service", "default_outlet")}
    # the default never enters an id
    assert {a.id for a in arts} == {a.id for a in read_inputs([str(d)])}


def test_read_sidecar_on_a_sample_sidecar():
    root = Path(__file__).resolve().parents[2] / "samples" / "corpus" / "txt"
    fields, unknown = read_sidecar(root / "caspian-wire-2024-04-11-floods-oneline.meta.json", "page")
    assert fields == {"outlet": "Caspian Wire Service", "published": "2024-04-11T16:45+05:00",
                      "published_raw": "2024-04-11T16:45+05:00"} and unknown == []
    for side in root.glob("*.meta.json"):  # every sample sidecar belongs to a page and reads cleanly
        assert pages_of(side) and read_sidecar(side, "page")[1] == []
