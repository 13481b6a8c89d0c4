"""read_path / read_inputs on real files: every input yields an article or a named error."""
from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from narrascope.article import Article
from narrascope.ingest import read_inputs, read_path
from narrascope.settings import Settings

BIG = 50 * 1024 * 1024 + 1


@pytest.fixture
def bad_dir(tmp_path, texts, make_html):
    d = tmp_path / "batch"
    d.mkdir()
    (d / "a_empty.txt").write_bytes(b"")
    (d / "b_blank.txt").write_bytes(b"  \n\t  \r\n ")
    (d / "c_scan.txt").write_bytes(b"PK\x03\x04\x00\x00binary\x00data" * 20)
    (d / "d_huge.txt").write_bytes(b"a" * BIG)
    (d / "e_mixed.txt").write_bytes(
        texts["rail"].encode("utf-8") + b" The tariff is \xff\xfe per tonne. " + "Актау ждёт.".encode("utf-8"))
    (d / "f_report.docx").write_bytes(b"not really a docx")
    (d / "g_broken.html").write_bytes(b"<html><head><title>x</title></head><body><div><p></p><span>")
    (d / "h_export.jsonl").write_text(
        json.dumps({"title": "Gas deal", "text": texts["gas"]}) + "\n{\"title\": broken\n[1, 2, 3]\n",
        encoding="utf-8")
    (d / "i_rows.csv").write_text('title,text\nShort,"Too many cells here.",surplus\n', encoding="utf-8")
    (d / "z_good.html").write_text(make_html("Central bank raises rate", texts["rate"]), encoding="utf-8")
    return d


def base(source: str) -> str:
    return re.sub(r"(:\d+|#row\d+|#\d+)$", "", source)


def test_batch_with_bad_files_continues(bad_dir, texts, split):
    items = list(read_inputs([str(bad_dir)]))
    arts, errs = split(items)
    codes = {(Path(base(e.source)).name, e.code) for e in errs}
    assert codes == {
        ("a_empty.txt", "E101"), ("b_blank.txt", "E101"), ("c_scan.txt", "E102"), ("d_huge.txt", "E104"),
        ("e_mixed.txt", "W111"), ("f_report.docx", "E105"), ("g_broken.html", "E108"),
        ("h_export.jsonl", "E106"), ("h_export.jsonl", "E107"), ("i_rows.csv", "E109")}
    # every error names its input and its code in the reason
    for e in errs:
        assert e.source.startswith(str(bad_dir))
        assert f"[{e.code}]" in e.reason and e.source in e.reason
        assert e.level == ("warning" if e.code.startswith("W") else "error")
    by_name = {Path(base(a.source)).name: a for a in arts}
    assert set(by_name) == {"e_mixed.txt", "h_export.jsonl", "z_good.html"}
    assert "raised its key rate" in by_name["z_good.html"].raw_text
    assert by_name["h_export.jsonl"].raw_text == texts["gas"]
    # every file is accounted for
    assert {Path(base(i.source)).name for i in items} == {p.name for p in bad_dir.iterdir()}


def test_batch_order_is_sorted(bad_dir):
    names = [Path(base(i.source)).name for i in read_path(bad_dir)]
    assert names == sorted(names)


def test_empty_and_blank_files(bad_dir):
    for name in ("a_empty.txt", "b_blank.txt"):
        [err] = list(read_path(bad_dir / name))
        assert (err.code, err.source) == ("E101", str(bad_dir / name))
        assert "empty" in err.reason


def test_binary_file(bad_dir):
    [err] = list(read_path(bad_dir / "c_scan.txt"))
    assert (err.code, err.source) == ("E102", str(bad_dir / "c_scan.txt"))
    assert "NUL" in err.reason


def test_huge_file_is_refused_before_reading(bad_dir, monkeypatch):
    path = bad_dir / "d_huge.txt"
    assert path.stat().st_size == BIG

    def no_read(self):
        raise AssertionError(f"{self} was read although it is over the limit")
    monkeypatch.setattr(Path, "read_bytes", no_read)
    start = time.perf_counter()
    [err] = list(read_path(path))
    assert time.perf_counter() - start < 1.0
    assert (err.code, err.source) == ("E104", str(path))
    assert str(BIG) in err.reason and "20000000" in err.reason


def test_max_bytes_setting_is_respected(tmp_path, texts):
    path = tmp_path / "rail.txt"
    path.write_text(texts["rail"], encoding="utf-8")
    [err] = list(read_path(path, Settings(max_bytes=100)))
    assert err.code == "E104"
    [art] = list(read_path(path, Settings(max_bytes=10_000)))
    assert isinstance(art, Article)


def test_invalid_utf8_warns_and_still_yields_the_article(bad_dir, split):
    path = bad_dir / "e_mixed.txt"
    arts, errs = split(read_path(path))
    assert [(e.code, e.level, e.source) for e in errs] == [("W111", "warning", str(path))]
    [art] = arts
    assert "\ufffd" in art.raw_text
    assert "Актау ждёт." in art.raw_text and "Aktau" in art.raw_text
    assert art.title == "Kazakhstan Opens Rail Corridor to Aktau"
    assert not art.failed


def test_unknown_extension(bad_dir):
    [err] = list(read_path(bad_dir / "f_report.docx"))
    assert (err.code, err.source) == ("E105", str(bad_dir / "f_report.docx"))
    assert "'.docx'" in err.reason


def test_no_extension(tmp_path, texts):
    path = tmp_path / "README"
    path.write_text(texts["rail"])
    [err] = list(read_path(path))
    assert err.code == "E105" and "(none)" in err.reason


def test_html_without_article_text(bad_dir):
    [err] = list(read_path(bad_dir / "g_broken.html"))
    assert (err.code, err.source) == ("E108", str(bad_dir / "g_broken.html"))


def test_jsonl_lines_are_reported_separately(bad_dir, texts, split):
    path = bad_dir / "h_export.jsonl"
    arts, errs = split(read_path(path))
    assert [a.source for a in arts] == [f"{path}:1"]
    assert [(e.code, e.source) for e in errs] == [("E106", f"{path}:2"), ("E107", f"{path}:3")]
    assert "h_export.jsonl:2" in errs[0].reason


def test_missing_path(tmp_path):
    path = tmp_path / "nowhere" / "story.txt"
    [err] = list(read_path(path))
    assert (err.code, err.source, err.level) == ("E110", str(path), "error")
    [err2] = list(read_inputs([str(path)]))
    assert err2.code == "E110"


def test_duplicate_article_becomes_a_dedup_note(tmp_path, texts, split):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(texts["gas"], encoding="utf-8")
    second.write_text(texts["gas"].replace("\n\n", "\n\n  ") + "\n", encoding="utf-8")  # same after normalising
    arts, errs = split(read_inputs([str(tmp_path)]))
    assert [a.source for a in arts] == [str(first)]
    [dup] = errs
    assert (dup.code, dup.level, dup.source) == ("D113", "duplicate", str(second))
    assert dup.article_id == arts[0].id
    assert str(first) in dup.reason and arts[0].id in dup.reason


def test_duplicate_across_inputs(tmp_path, texts, split):
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    (tmp_path / "one" / "x.txt").write_text(texts["rail"])
    (tmp_path / "two" / "y.txt").write_text(texts["rail"])
    arts, errs = split(read_inputs([str(tmp_path / "one"), str(tmp_path / "two")]))
    assert len(arts) == 1 and [e.code for e in errs] == ["D113"]


def test_hidden_files_and_dirs_are_skipped(tmp_path, texts, split):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "note.txt").write_text(texts["gas"])
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "rail.txt").write_text(texts["rail"])
    arts, errs = split(read_path(tmp_path))
    assert [a.source for a in arts] == [str(tmp_path / "sub" / "rail.txt")]
    # skipped, but not silently: one warning per hidden entry (the folder, not what is inside it)
    assert [(e.code, e.level, e.source) for e in errs] == [
        ("W120", "warning", str(tmp_path / ".DS_Store")), ("W120", "warning", str(tmp_path / ".git"))]
    assert "Hidden file skipped" in errs[0].reason and "Hidden folder skipped" in errs[1].reason
    assert "pass it by name" in errs[0].reason
    # a dot-file passed by name is read
    (tmp_path / ".notes.txt").write_text(texts["gas"])
    [art] = list(read_path(tmp_path / ".notes.txt"))
    assert isinstance(art, Article) and "gas transit" in art.raw_text


def test_html_file_fields(tmp_path, texts, make_html):
    head = ('<meta property="article:published_time" content="2023-03-06T09:15:00+06:00">'
            '<meta name="author" content="Aigerim Nurlanova">')
    path = tmp_path / "page.htm"
    path.write_text(make_html("Kazakhstan opens rail corridor", texts["rail"].split("\n\n")[1], head=head))
    [art] = list(read_path(path))
    assert isinstance(art, Article)
    assert art.title == "Kazakhstan opens rail corridor"
    assert art.published == "2023-03-06T09:15+06:00"
    assert art.author == "Aigerim Nurlanova"
    assert "Aktau" in art.raw_text and "Contacts" not in art.raw_text
    assert art.meta["format"] == "html" and art.meta["encoding"] == "utf-8"


def test_published_time_from_meta_and_time_tags(tmp_path, texts, make_html):
    from narrascope.ingest.html import _published_with_time
    assert _published_with_time('<meta property="article:published_time" content="2023-03-05T08:30:00+06:00">'
                                '<time datetime="2020-01-01">') == "2023-03-05T08:30+06:00"
    assert _published_with_time('<p><time class="t" datetime="2022-03-06T02:45:00Z">6 March</time>') == \
        "2022-03-06T02:45+00:00"
    assert _published_with_time('<script>{"datePublished": "2021-05-04T10:00:00+03:00"}</script>') == \
        "2021-05-04T10:00+03:00"


def test_unclosed_meta_tags_are_linear_hang_guard():
    import time
    from narrascope.ingest.html import _published_with_time
    # Hang guard, not a speed test: '<meta ' repeated with no '>' was quadratic in the page size.
    start = time.perf_counter()
    assert _published_with_time("<meta " * 40_000) is None and _published_with_time("<time " * 40_000) is None
    assert time.perf_counter() - start < 10
