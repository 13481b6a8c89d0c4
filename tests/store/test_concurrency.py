"""Several analyze runs started together on a NEW store: none fails, none waits forever, and the
store ends up equal to the same runs made one after another.

Used to fail with ``table articles already exists``: two processes found the migrations table
empty and both applied the first migration. Now the check and the apply are one BEGIN IMMEDIATE
transaction, and a writer waits (busy timeout) for another instead of failing.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from narrascope import analyze, open_store
from narrascope.errors import ErrorRecord, StoreError
from narrascope.settings import Settings

from .snapshot import snapshot

ROOT = Path(__file__).resolve().parents[2]
TXT = ROOT / "samples" / "corpus" / "txt"
HTML = ROOT / "samples" / "corpus" / "html"
LIGHT = ("clean",)  # the store is under test, not the analysis: the lightest pipeline

# Every process imports narrascope, says "ready", reads a common start time from the go file, then
# opens ROUNDS new stores at the same instants (each a race to migrate), then the shared store,
# where it analyses its inputs.
ROUNDS = 12
DRIVER = """
import os, sys, time
from narrascope import analyze, open_store
from narrascope.settings import Settings

def at(moment):  # sleep, then spin: the processes must hit open_store within microseconds
    while time.time() < moment - 0.02:
        time.sleep(0.005)
    while time.time() < moment:
        pass

go, folder, rounds, *inputs = sys.argv[1:]
print("ready", flush=True)
while not os.path.exists(go) or not open(go).read().strip():
    time.sleep(0.005)
start = float(open(go).read())
for k in range(int(rounds)):
    at(start + 0.15 * k)
    open_store(os.path.join(folder, f"race{k}.db")).close()
at(start + 0.15 * int(rounds))
with open_store(os.path.join(folder, "shared.db")) as store:
    s = analyze(inputs, store, Settings(pipeline=("clean",), batch_size=4))
print(s.inputs, s.error)
"""


def _inputs() -> list[list[str]]:
    txt = sorted(str(p) for p in TXT.glob("*.txt"))
    html = sorted(str(p) for p in HTML.glob("*.html"))
    # Overlapping inputs: every article is read by at least two of the runs.
    return [txt[:7] + html[:3], txt[4:] + html[2:6], html + txt[:2], txt[5:9] + [str(HTML)], [str(TXT)]]


def test_concurrent_runs_on_a_new_store_equal_sequential_runs(tmp_path):
    inputs = _inputs()
    go, db = tmp_path / "go", tmp_path / "shared.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-c", DRIVER, str(go), str(tmp_path), str(ROUNDS), *args], env=env,
                              cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for args in inputs]
    for p in procs:  # every interpreter has imported narrascope: start them together
        assert p.stdout.readline().strip() == "ready", p.stderr.read()[-3000:]
    go.write_text(str(time.time() + 0.5))
    for p in procs:
        out, err = p.communicate(timeout=240)
        assert p.returncode == 0, err[-3000:]  # was: table articles already exists / database is locked
        assert out.split()[1] == "0", out  # no input failed

    sequential = tmp_path / "sequential.db"
    with open_store(sequential) as store:
        for args in inputs:
            analyze(args, store, Settings(pipeline=LIGHT, batch_size=4))
    together, alone = snapshot(db), snapshot(sequential)
    assert together["integrity"] == "ok" and together["migrations"] == ["0001_initial", "0002_corpus", "0003_copies"]
    assert len(together["articles"]) == len(list(TXT.glob("*.txt"))) + len(list(HTML.glob("*.html")))
    assert together["duplicate_articles"] == together["duplicate_errors"] == together["orphan_spans"] == 0
    assert together == alone
    for k in range(ROUNDS):  # each raced store was migrated exactly once
        raced = snapshot(tmp_path / f"race{k}.db")
        assert raced["integrity"] == "ok" and raced["migrations"] == ["0001_initial", "0002_corpus", "0003_copies"]


def test_open_store_waits_for_a_writer_instead_of_failing(tmp_path):
    path = tmp_path / "s.db"
    open_store(path).close()
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3, sys, time\n"
        f"db = sqlite3.connect({str(path)!r}); db.execute('BEGIN IMMEDIATE'); print('locked', flush=True)\n"
        "time.sleep(1.5); db.rollback()\n")], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    with open_store(path) as store:  # a write while the other process holds the write lock
        assert store.save_error(ErrorRecord(source="x.txt", code="E101", reason="empty")) is True
    holder.wait(timeout=30)


def test_a_store_locked_too_long_gives_e405_not_a_traceback(tmp_path, monkeypatch):
    import narrascope.store.sqlite as sqlite_store

    path = tmp_path / "s.db"
    open_store(path).close()
    monkeypatch.setattr(sqlite_store, "BUSY_TIMEOUT", 0.2)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3, sys, time\n"
        f"db = sqlite3.connect({str(path)!r}); db.execute('BEGIN IMMEDIATE'); print('locked', flush=True)\n"
        "sys.stdin.readline(); db.rollback()\n")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with open_store(path) as store:
            with pytest.raises(StoreError) as exc:
                store.save_error(ErrorRecord(source="x.txt", code="E101", reason="empty"))
            assert exc.value.code == "E405" and str(path) in str(exc.value) and "--db" in str(exc.value)
            assert not store.db.in_transaction
    finally:
        holder.communicate("go\n", timeout=30)
