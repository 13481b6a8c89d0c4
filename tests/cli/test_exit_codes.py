"""Exit codes, --db handling, clean one-line errors and Ctrl-C, as a script or a new user meets them."""
import json
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from narrascope import Article, open_store
from narrascope import cli
from narrascope.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(autouse=True)
def no_env_db(monkeypatch):
    monkeypatch.delenv("NARRASCOPE_DB", raising=False)


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "corpus.db"
    with open_store(path) as store:
        a = Article.from_text("Astana opened a second terminal on Monday.", source="airport.txt",
                              title="Astana airport opens second passenger terminal")
        a.text = a.raw_text
        store.save(a)
    return path


def test_a_missing_path_is_a_failed_input_exit_1(tmp_path, capsys):
    code, out, err = run(capsys, "analyze", "/no/such/path", "--db", tmp_path / "new.db")
    assert code == 1 and out == ""
    assert "error: 1" in err and "E110" in err and "/no/such/path" in err
    assert (tmp_path / "new.db").exists()  # analyze creates the store


def test_ingest_counts_like_analyze_and_fails_on_broken_files(tmp_path, capsys):
    db = tmp_path / "ingest.db"
    code, out, err = run(capsys, "ingest", ROOT / "samples" / "corpus", "--db", db, "--json")
    first = json.loads(out)
    # 6 broken files; malformed.html is read fine and fails only in cleaning, which ingest does not run.
    assert code == 1 and first["error"] == 6 and first["duplicate"] == 1 and first["analysed"] >= 30
    assert first["inputs"] == first["analysed"] + first["duplicate"] + first["error"]
    code, out, _ = run(capsys, "ingest", ROOT / "samples" / "corpus" / "txt", "--db", db, "--json")
    again = json.loads(out)
    assert code == 0 and again["analysed"] == 0 and again["unchanged"] == again["inputs"] > 0


def test_reading_commands_refuse_a_missing_store_and_create_nothing(tmp_path, capsys):
    typo = tmp_path / "typo.db"
    for argv in (["list"], ["show", "abc"], ["export", "--format", "jsonl"], ["report", "-o", tmp_path / "r.html"]):
        code, out, err = run(capsys, *argv, "--db", typo)
        assert code == 2 and out == "", argv
        assert f"[E404] No narrascope store at {typo}. Create one with: narrascope analyze INPUTS --db" in err
        assert not typo.exists()
    assert not (tmp_path / "r.html").exists()


def test_db_is_required_or_taken_from_the_environment(db, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "list")
    assert code == 2 and "--db" in err
    assert not (tmp_path / "narrascope.db").exists()  # no silent default store any more
    monkeypatch.setenv("NARRASCOPE_DB", str(db))
    code, out, err = run(capsys, "list")
    assert code == 0 and "Astana airport opens second passenger terminal" in out and "1 article(s)" in err
    code, out, _ = run(capsys, "list", "--help")
    assert code == 0 and "NARRASCOPE_DB" in out


def test_options_that_do_not_apply_are_usage_errors(tmp_path, capsys):
    code, _, err = run(capsys, "eval", "cleaning", "--db", tmp_path / "x.db")
    assert code == 2 and "unrecognized arguments: --db" in err
    code, _, err = run(capsys, "train", "narratives", "--format", "narrascope", "-o", tmp_path / "m", "--db", "x")
    assert code == 2 and "unrecognized arguments: --db" in err
    code, _, err = run(capsys, "analyze", "x.txt", "--db", tmp_path / "x.db", "--map", "text")
    assert code == 2 and "--map takes FIELD=COLUMN" in err
    code, _, err = run(capsys, "list", "--db", tmp_path / "x.db", "--stance", "supports")
    assert code == 2 and "invalid choice" in err
    code, _, err = run(capsys, "list", "--db", tmp_path / "x.db", "-q", "--verbose")
    assert code == 2 and "exclude each other" in err


def test_an_eval_option_the_task_does_not_read_is_an_error(capsys):
    code, out, err = run(capsys, "eval", "cleaning", "--model", "models/mine")
    assert code == 2 and out == ""
    assert err.strip() == ("narrascope: [E018] Option --model does not apply to 'eval cleaning'. Options it takes: "
                           "--data, --split, --annotations, --out, --shared-dir.")
    code, _, err = run(capsys, "eval", "narratives", "--annotations", "gold.jsonl")
    assert code == 2 and "[E018] Option --annotations does not apply to 'eval narratives'" in err
    code, _, err = run(capsys, "eval", "ptc", "--data", "PTC_DIR", "--bertscore-model", "bert")
    assert code == 2 and "[E018] Option --bertscore-model" in err
    code, _, err = run(capsys, "eval", "ptc")
    assert code == 2 and "[E016] 'eval ptc' needs --data DIR" in err


def test_an_invalid_date_is_a_coded_usage_error(db, capsys):
    code, out, err = run(capsys, "list", "--db", db, "--since", "2022-13-01")
    assert code == 2 and out == "" and "[E017] Invalid --since '2022-13-01'" in err


def test_a_mistyped_command_suggests_the_right_one(capsys):
    code, out, err = run(capsys, "analyse", "x")
    assert code == 2 and out == ""
    assert err.strip() == "narrascope: unknown command 'analyse'. Did you mean 'analyze'?"
    code, _, err = run(capsys, "--quiet", "lsit", "--db", "x.db")
    assert code == 2 and "Did you mean 'list'?" in err
    code, _, err = run(capsys, "frobnicate")
    assert code == 2 and "unknown command 'frobnicate'. Commands: analyze, ingest, list" in err


def test_help_documents_the_exit_codes(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for line in ("0    every input was fine", "1    some inputs failed", "2    usage or configuration error",
                 "3    internal error", "130  interrupted"):
        assert line in out


def test_unwritable_output_is_refused_before_the_work(db, capsys, monkeypatch):
    monkeypatch.setattr(cli, "cmd_report", lambda args: pytest.fail("the report must not be built"))
    code, out, err = run(capsys, "report", "--db", db, "-o", "/nonexistent/dir/x")
    assert code == 2 and out == ""
    assert err.strip() == ("narrascope: [E015] Cannot write /nonexistent/dir/x: the folder /nonexistent/dir does "
                           "not exist; create the folder or choose another path.")
    code, _, err = run(capsys, "report", "--db", db, "-o", db.parent)
    assert code == 2 and "it is a folder" in err
    code, _, err = run(capsys, "export", "--db", db, "-o", "/nonexistent/dir/x")
    assert code == 2 and "E015" in err
    # train writes a folder (created if missing), so only a file in the way stops it.
    code, _, err = run(capsys, "train", "narratives", "--format", "narrascope", "-o", db / "model")
    assert code == 2 and f"[E015] Cannot write {db / 'model'}: {db} is not a folder" in err


def test_report_to_stdout(db, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "report", "--db", db, "-o", "-")
    assert code == 0 and out.startswith("<!DOCTYPE html>") and "Astana airport opens second passenger terminal" in out
    assert not (tmp_path / "-").exists() and err == ""


def test_an_internal_error_is_one_line_without_traceback(db, capsys, monkeypatch):
    def broken(*a, **kw):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(cli, "list_articles", broken)
    code, out, err = run(capsys, "list", "--db", db)
    assert code == 3 and out == ""
    assert err == ("narrascope: internal error: ZeroDivisionError: division by zero (run again with --debug for "
                   "the traceback, and please report it)\n")
    for argv in (["--debug", "list", "--db", db], ["list", "--db", db, "--debug"]):
        code, _, err = run(capsys, *argv)
        assert code == 3 and "Traceback (most recent call last)" in err and "in broken" in err


def test_ctrl_c_says_what_was_kept_and_exits_130(tmp_path, capsys, monkeypatch):
    def interrupted(inputs, store, settings, on_item=None, **kw):
        for text in ("First stored article.", "Second stored article."):
            a = Article.from_text(text, source="x.txt")
            store.save(a)
            on_item(a)
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "analyze", interrupted)
    code, out, err = run(capsys, "analyze", "x.txt", "--db", tmp_path / "c.db")
    assert code == 130 and out == "" and "Traceback" not in err
    assert err.strip() == ("narrascope: interrupted; 2 article(s) stored so far; run the same command again to "
                           "continue")


def test_a_closed_pipe_is_silent(db, capsys, monkeypatch):
    class ClosedPipe:
        def write(self, text):
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self):
            pass

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    code = main(["list", "--db", str(db)])
    assert code == 0 and capsys.readouterr().err == ""


def test_python_dash_m_narrascope(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "narrascope", "analyse", "x"], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip() == "narrascope: unknown command 'analyse'. Did you mean 'analyze'?"


def test_a_real_ctrl_c_mid_run_exits_130_and_keeps_what_was_stored(tmp_path):
    db = tmp_path / "int.db"
    proc = subprocess.Popen([sys.executable, "-m", "narrascope", "analyze", str(ROOT / "samples" / "corpus"),
                             "--db", str(db), "--batch-size", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=tmp_path, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
                            # a shell that started the tests in the background may have set SIGINT to ignored
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    stored = 0
    try:
        for _ in range(1200):  # hang guard: two minutes for the first article to be stored
            if proc.poll() is not None:
                break
            time.sleep(0.1)
            try:
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
                    stored = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            except sqlite3.Error:
                continue
            if stored:
                break
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
    assert stored > 0 and proc.returncode == 130, err
    assert "Traceback" not in err and out == ""
    last = err.strip().splitlines()[-1]
    assert re.fullmatch(r"narrascope: interrupted; \d+ article\(s\) stored so far; run the same command again to "
                        r"continue", last)
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT COUNT(*) FROM articles").fetchone()[0] >= stored


def test_a_bad_model_is_refused_before_the_store_is_created(tmp_path, capsys):
    db = tmp_path / "new.db"
    code = main(["analyze", str(tmp_path), "--model", str(tmp_path / "no-such-model"), "--db", str(db)])
    assert code == 2 and "E023" in capsys.readouterr().err
    assert not db.exists()
