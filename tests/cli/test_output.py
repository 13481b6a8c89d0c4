"""Streams, terminal escapes and the progress bar of the ``narrascope`` command."""
import io
import json
import re

import pytest

from narrascope import Article, open_store
from narrascope.cli import main
from narrascope.cli_output import Reporter, dumps, visible

# What a hostile feed can put in a title or an outlet: clear screen, set the window title (OSC),
# a C1 CSI (U+009B), a right-to-left override, and a carriage return that rewrites the line.
HOSTILE_TITLE = "Breaking\x1b[2J news\x1b]0;pwned\x07 \u009b31m here \u202egnp.exe\r"
HOSTILE_OUTLET = "Daily\x1b[31m Wire\u2066"
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture()
def hostile_db(tmp_path, monkeypatch):
    monkeypatch.delenv("NARRASCOPE_DB", raising=False)
    path = tmp_path / "hostile.db"
    text = f"{HOSTILE_TITLE}\n\nThe body repeats it: \x1b[2J and \u202eevil\u202c, and a tab\there."
    a = Article.from_text(text, source="feed.jsonl:1", title=HOSTILE_TITLE, outlet=HOSTILE_OUTLET, language="en",
                          published="2024-05-01T10:00")
    a.text = text
    a.meta["external_id"] = "id\x1b[8m-7"
    with open_store(path) as store:
        store.save(a)
    return path, a.id


def test_visible_shows_every_control_but_newline_and_tab():
    assert visible("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert visible("\u009b31m") == "\\x9b31m"
    assert visible("x\u202ey\u2066z") == "x\\u202ey\\u2066z"
    assert visible("line\nnext\tcol\r") == "line\nnext\tcol\\x0d"
    assert visible("Неблагодарный союзник «Астана»") == "Неблагодарный союзник «Астана»"
    assert visible("lone \ud800") == "lone \\ud800"  # printable, where the raw surrogate cannot be encoded
    assert not RAW_CONTROL.search(visible("".join(map(chr, range(0x3000)))).replace("\n", "").replace("\t", ""))


def test_dumps_escapes_c1_and_bidi_and_round_trips():
    text = "C1 \u0085\u009b, bidi \u202e\u2067, DEL \x7f, ESC \x1b, Cyrillic Астана"
    out = dumps({"title": text})
    assert not RAW_CONTROL.search(out)
    assert "Астана" in out and "\\u009b" in out and "\\u202e" in out
    assert json.loads(out) == {"title": text}
    assert dumps(["\udc80"]) == '["\\udc80"]' and json.loads(dumps(["\udc80"])) == ["\udc80"]


def test_list_prints_hostile_fields_visibly(hostile_db, capsys):
    db, article_id = hostile_db
    code, out, err = run(capsys, "list", "--db", db)
    assert code == 0 and err == "1 article(s)\n"
    assert not RAW_CONTROL.search(out)
    row = out.rstrip("\n")
    assert "\n" not in row and row.startswith(article_id)
    assert "Breaking\\x1b[2J news\\x1b]0;pwned\\x07 \\x9b31m" in row and "Daily\\x1b[31m Wire\\u2066" in row
    assert "[id\\x1b[8m-7]" in row  # the input's own id


def test_list_json_lines_keep_the_values_but_escape_them(hostile_db, capsys):
    db, article_id = hostile_db
    code, out, _ = run(capsys, "list", "--db", db, "--json")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 1 and not RAW_CONTROL.search(out)
    row = json.loads(lines[0])
    assert row["id"] == article_id and row["title"] == HOSTILE_TITLE and row["outlet"] == HOSTILE_OUTLET
    assert row["external_id"] == "id\x1b[8m-7"


def test_show_text_and_json_never_emit_raw_controls(hostile_db, capsys):
    db, article_id = hostile_db
    code, out, _ = run(capsys, "show", article_id[:6], "--db", db, "--text")
    assert code == 0 and not RAW_CONTROL.search(out)
    assert "\\x1b[2J" in out and "\\u202egnp.exe" in out and "\n" in out
    code, out, _ = run(capsys, "show", article_id, "--db", db, "--raw")
    assert code == 0 and not RAW_CONTROL.search(out)
    data = json.loads(out)
    assert data["title"] == HOSTILE_TITLE and "\u202eevil" in data["raw_text"]


def test_progress_bar_shows_total_and_eta_on_a_terminal():
    stream = io.StringIO()
    reporter = Reporter(stream=stream, bar=True)
    items = [Article.from_text(t, source="x.txt") for t in ("one.", "two.", "three.")]
    with reporter.progress("analyze", total=3) as on_item:
        for a in items:
            on_item(a)
    shown = stream.getvalue()
    assert "analyze" in shown and "3/3" in shown and "ETA" in shown
    assert reporter.stored == 3


def test_no_progress_bar_when_quiet_or_not_a_terminal():
    for reporter in (Reporter(stream=io.StringIO()), Reporter(verbosity=-1, stream=io.StringIO(), bar=True)):
        with reporter.progress("analyze", total=2) as on_item:
            on_item(Article.from_text("one.", source="x.txt"))
        assert reporter.stream.getvalue() == "" and reporter.stored == 1


def test_verbosity_levels(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("NARRASCOPE_DB", raising=False)
    broken = tmp_path / "in"
    broken.mkdir()
    (broken / "empty.txt").write_text("")
    (broken / "note.txt").write_text("A short note about the tram line budget.\n")
    (broken / "again.txt").write_text("A short note about the tram line budget.\n")
    db = tmp_path / "v.db"
    code, out, err = run(capsys, "ingest", broken, "--db", db, "--quiet")
    assert code == 1 and out == "" and err.count("\n") == 1 and "error: [E101]" in err
    code, out, err = run(capsys, "ingest", broken, "--db", tmp_path / "n.db")
    assert "inputs: 3" in err and "E101" in err and "D113" not in err and "done " not in err
    code, out, err = run(capsys, "ingest", broken, "--db", tmp_path / "w.db", "--verbose")
    assert "D113" in err and "done " in err and "note.txt" in err
