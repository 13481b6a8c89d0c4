"""Folders and files a user did not mean as articles: devices, FIFOs, sockets, links that leave
the folder, link loops, hidden entries, undecodable file names, empty folders; and the file
name kept as each article's external id."""
from __future__ import annotations

import json
import os
import socket
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from narrascope.article import Article
from narrascope.errors import TooLargeError
from narrascope.ingest import files as ingest_files
from narrascope.ingest import read_inputs, read_path
from narrascope.ingest.files import display_path, read_bounded, walk_folder
from narrascope.settings import Settings

HANG_GUARD = 10.0  # seconds; these inputs used to block or read forever


def within_guard(fn):
    """fn() in a daemon thread; its result, or a failure if it is still running after HANG_GUARD."""
    box = {}
    worker = threading.Thread(target=lambda: box.setdefault("result", fn()), daemon=True)
    worker.start()
    worker.join(HANG_GUARD)
    assert not worker.is_alive(), f"still running after {HANG_GUARD} s"
    return box["result"]


def codes(items):
    return [(i.code, Path(i.source).name) for i in items if not isinstance(i, Article)]


# --- 1. Only regular files are read ---------------------------------------------------------

@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_link_to_dev_zero_is_refused_not_read_forever(tmp_path, split):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    [err] = within_guard(lambda: list(read_path(link)))  # given by name: followed, then refused
    assert (err.code, err.source, err.level) == ("E114", str(link), "error")
    assert "a character device" in err.reason and "never reads devices" in err.reason
    # inside a folder, even when links outside are allowed
    (tmp_path / "story.txt").write_text("Kazakhstan opened a rail corridor to Aktau on Monday.")
    arts, errs = split(within_guard(lambda: list(read_path(tmp_path, Settings(follow_links_outside=True)))))
    assert [a.source for a in arts] == [str(tmp_path / "story.txt")]
    assert codes(errs) == [("E114", "zero.txt")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_named_txt_is_refused_without_blocking(tmp_path, split, texts):
    fifo = tmp_path / "x.txt"
    os.mkfifo(fifo)
    (tmp_path / "y.txt").write_text(texts["rail"])
    [err] = within_guard(lambda: list(read_path(fifo)))
    assert (err.code, err.source) == ("E114", str(fifo)) and "FIFO" in err.reason
    arts, errs = split(within_guard(lambda: list(read_inputs([str(tmp_path)]))))
    assert codes(errs) == [("E114", "x.txt")]
    assert [Path(a.source).name for a in arts] == ["y.txt"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_swapped_in_after_the_check_is_refused_without_blocking(tmp_path, texts, monkeypatch):
    regular = tmp_path / "was_a_file.txt"
    regular.write_text(texts["rail"])
    fifo = tmp_path / "now_a_fifo.txt"
    os.mkfifo(fifo)
    # the check saw a regular file; by the time it is opened, the path is a FIFO
    monkeypatch.setattr(sys.modules["narrascope.ingest"], "stat_regular", lambda p, source: os.stat(regular))
    [err] = within_guard(lambda: list(read_path(fifo)))
    assert (err.code, err.source) == ("E114", str(fifo)) and "FIFO" in err.reason


def test_device_and_socket_are_refused(tmp_path):
    [err] = list(read_path("/dev/null"))
    assert err.code == "E114" and "a character device" in err.reason
    link = tmp_path / "null.txt"
    link.symlink_to("/dev/null")
    [err] = list(read_path(link))
    assert err.code == "E114"
    folder = Path(tempfile.mkdtemp(prefix="ns", dir="/tmp"))  # AF_UNIX paths must stay short
    try:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.bind(str(folder / "s.txt"))
        [err] = list(read_path(folder / "s.txt"))
        assert err.code == "E114" and "a socket" in err.reason
        sock.close()
    finally:
        for p in folder.iterdir():
            p.unlink()
        folder.rmdir()


def test_read_is_bounded_even_if_the_size_check_passed(tmp_path, texts, monkeypatch):
    path = tmp_path / "growing.txt"
    path.write_text(texts["rail"], encoding="utf-8")
    with pytest.raises(TooLargeError) as exc:
        read_bounded(path, 50, str(path))
    assert exc.value.code == "E104" and ">50" in str(exc.value)
    assert read_bounded(path, 10_000, str(path)) == texts["rail"].encode("utf-8")

    real_stat = ingest_files.stat_regular

    def stat_then_grow(p, source):  # another process appends between the size check and the read
        st = real_stat(p, source)
        with open(p, "ab") as f:
            f.write(b" More text arrived." * 100)
        return st
    monkeypatch.setattr(sys.modules["narrascope.ingest"], "stat_regular", stat_then_grow)
    [err] = list(read_path(path, Settings(max_bytes=1000)))
    assert (err.code, err.source) == ("E104", str(path))


# --- 2. Links --------------------------------------------------------------------------------

@pytest.fixture
def linked(tmp_path, texts):
    """root/ with a story, a link to a file outside, a link to a folder outside, a loop, an inside alias."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Private notes: the password is hunter2 and the safe code is 4711.")
    (outside / "docs").mkdir()
    (outside / "docs" / "memo.txt").write_text(texts["gas"])
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    (root / "story.txt").write_text(texts["rail"])
    (root / "passwd.txt").symlink_to(outside / "secret.txt")
    (root / "docs").symlink_to(outside / "docs", target_is_directory=True)
    (root / "sub" / "loop").symlink_to("..", target_is_directory=True)
    (root / "sub" / "alias.txt").symlink_to(root / "story.txt")
    return root, outside


def test_links_leaving_the_folder_are_refused(linked, split):
    root, outside = linked
    arts, errs = split(within_guard(lambda: list(read_path(root))))
    assert [a.source for a in arts] == [str(root / "story.txt")]
    assert all("hunter2" not in a.raw_text and "gas transit" not in a.raw_text for a in arts)
    refused = {Path(e.source).name: e for e in errs if e.code == "E115"}
    assert set(refused) == {"passwd.txt", "docs"}
    e = refused["passwd.txt"]
    assert e.level == "error" and str(outside / "secret.txt") in e.reason and str(root) in e.reason
    assert "follow_links_outside" in e.reason
    # the loop and the alias inside the folder: noted, not read again
    assert sorted((e.code, Path(e.source).name) for e in errs if e.code != "E115") == [
        ("W121", "alias.txt"), ("W121", "loop")]


def test_follow_links_outside_reads_them(linked, split):
    root, outside = linked
    arts, errs = split(within_guard(lambda: list(read_path(root, Settings(follow_links_outside=True)))))
    assert sorted(Path(a.source).relative_to(root).as_posix() for a in arts) == [
        "docs/memo.txt", "passwd.txt", "story.txt"]
    assert sorted(e.code for e in errs) == ["W121", "W121"]


def test_link_given_by_name_is_read(linked):
    root, _ = linked
    [art] = list(read_path(root / "passwd.txt"))
    assert isinstance(art, Article) and "hunter2" in art.raw_text
    assert art.source == str(root / "passwd.txt")


def test_folder_given_through_a_link_is_walked(linked, tmp_path):
    root, _ = linked
    (tmp_path / "via").symlink_to(root, target_is_directory=True)
    arts = [i for i in read_path(tmp_path / "via") if isinstance(i, Article)]
    assert [a.source for a in arts] == [str(tmp_path / "via" / "story.txt")]


def test_link_loops_finish(tmp_path, texts):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep.txt").write_text(texts["gas"])
    (tmp_path / "a" / "b" / "up").symlink_to("../..", target_is_directory=True)
    (tmp_path / "a" / "self").symlink_to(".", target_is_directory=True)
    (tmp_path / "a" / "ping.txt").symlink_to("pong.txt")
    (tmp_path / "a" / "pong.txt").symlink_to("ping.txt")
    items = within_guard(lambda: list(read_path(tmp_path)))
    assert [a.source for a in items if isinstance(a, Article)] == [str(tmp_path / "a" / "b" / "deep.txt")]
    got = sorted(codes(items))
    assert got == [("E103", "ping.txt"), ("E103", "pong.txt"), ("W121", "self"), ("W121", "up")]


def test_walk_folder_order_and_problems(linked):
    root, _ = linked
    walked = [(Path(p).relative_to(root).as_posix(), e.code if e else None) for p, e in walk_folder(root)]
    assert walked == [("docs", "E115"), ("passwd.txt", "E115"), ("story.txt", None),
                      ("sub/alias.txt", "W121"), ("sub/loop", "W121")]


# --- 3/8. Hidden entries and folders that yield nothing ---------------------------------------

def test_empty_folder_is_an_error_not_silence(tmp_path):
    empty = tmp_path / "emptydir"
    empty.mkdir()
    [err] = list(read_inputs([str(empty)]))
    assert (err.code, err.level, err.source) == ("E116", "error", str(empty))
    assert "No supported files" in err.reason and "it holds no files" in err.reason


def test_folder_of_hidden_files_accounts_for_each_and_for_itself(tmp_path):
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (tmp_path / ".story.txt.swp").write_bytes(b"b0VIM 8.2")
    (tmp_path / "nested").mkdir()
    items = list(read_path(tmp_path))
    assert [(i.code, i.level, Path(i.source).name) for i in items] == [
        ("W120", "warning", ".DS_Store"), ("W120", "warning", ".story.txt.swp"),
        ("E116", "error", tmp_path.name)]
    assert "2 hidden or repeated entries skipped" in items[-1].reason


def test_folder_with_only_unsupported_files_needs_no_extra_record(tmp_path):
    (tmp_path / "report.docx").write_bytes(b"PK")
    assert [i.code for i in read_path(tmp_path)] == ["E105"]


# --- 4. File names that are not UTF-8 ---------------------------------------------------------

def test_undecodable_file_name_gives_a_clean_source(tmp_path, texts):
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"caf\xe9.txt"), "wb") as f:
        f.write(texts["rail"].encode("utf-8"))
    with open(os.path.join(folder, b"r\xe9sum\xe9.docx"), "wb") as f:
        f.write(b"not a docx")
    items = list(read_path(tmp_path))
    [art] = [i for i in items if isinstance(i, Article)]
    [err] = [i for i in items if not isinstance(i, Article)]
    assert art.source == str(tmp_path) + "/caf\\xe9.txt"
    assert art.meta["external_id"] == "caf\\xe9.txt"
    assert err.code == "E105" and err.source.endswith("r\\xe9sum\\xe9.docx")
    for text in (art.source, err.source, err.reason, json.dumps(art.to_dict(), ensure_ascii=False)):
        text.encode("utf-8")  # raised UnicodeEncodeError (lone surrogates) before
    # given by name (as argv delivers it), the real file is still read
    [again] = list(read_path(os.fsdecode(os.path.join(folder, b"caf\xe9.txt"))))
    assert again.source == art.source and again.raw_text == art.raw_text


def test_undecodable_file_name_can_be_stored(tmp_path, texts):
    from narrascope import open_store
    folder = os.fsencode(tmp_path / "in")
    os.mkdir(folder)
    with open(os.path.join(folder, b"\xff\xfeod.txt"), "wb") as f:
        f.write(texts["gas"].encode("utf-8"))
    [art] = list(read_path(tmp_path / "in"))
    store = open_store(tmp_path / "s.db")
    try:
        store.save(art)
        assert store.get(art.id).source == art.source
    finally:
        store.close()


def test_display_path_never_leaves_surrogates():
    assert display_path(os.fsdecode(b"/data/caf\xe9.txt")) == "/data/caf\\xe9.txt"
    assert display_path("/data/\ud800.txt") == "/data/\\xed\\xa0\\x80.txt"
    assert display_path(Path("/data/кафе.txt")) == "/data/кафе.txt"


def test_path_no_file_system_can_hold_is_a_record():
    [err] = list(read_path("bad\x00name.txt"))
    assert (err.code, err.source) == ("E103", "bad\x00name.txt")
    [err] = list(read_path("lone\ud800.txt"))
    assert (err.code, err.source) == ("E103", "lone\\xed\\xa0\\x80.txt")
    err.reason.encode("utf-8")


# --- 7. The input's own id -------------------------------------------------------------------

def test_file_name_is_the_external_id(tmp_path, texts, make_html, split):
    (tmp_path / "EN_UA_1234.txt").write_text(texts["rail"])
    (tmp_path / "EN_UA_1235.html").write_text(make_html("Central bank raises rate", texts["rate"]))
    (tmp_path / "export.jsonl").write_text(
        json.dumps({"id": "9001", "text": texts["gas"]}) + "\n" +
        json.dumps({"text": texts["ru"]}) + "\n", encoding="utf-8")
    (tmp_path / "rows.csv").write_text("title,text\nRail,\"" + texts["rail"].replace("\n\n", " ") + " Again.\"\n",
                                       encoding="utf-8")
    arts, errs = split(read_path(tmp_path))
    assert errs == []
    assert sorted(a.meta["external_id"] for a in arts) == sorted(
        ["EN_UA_1234.txt", "EN_UA_1235.html", "9001", "export.jsonl:2", "rows.csv#row2"])
    by_id = {a.meta["external_id"]: a for a in arts}
    assert "Aktau" in by_id["EN_UA_1234.txt"].raw_text and "key rate" in by_id["EN_UA_1235.html"].raw_text
    assert by_id["9001"].raw_text == texts["gas"] and by_id["export.jsonl:2"].raw_text == texts["ru"]
