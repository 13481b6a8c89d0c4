"""Crash safety: kill -9 or Ctrl-C in the middle of a batch, re-run, and the store equals the
store of an uninterrupted run: same articles and stored JSON, same error records, no duplicate,
no half-written article, integrity check ok.

The corpus mixes 60 real articles (the head of ../shared dev.jsonl, written to a temporary
file, never into the repository) with the broken samples, which give error records. The re-run
must cut the same batches: clean's batch statistics (lines that repeat across an outlet) change
an article's text when its batch changes, which a re-run that left out the saved articles did.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from narrascope import analyze, open_store
from narrascope.pipeline import Component, component
from narrascope.settings import Settings

from .store.snapshot import count_articles, snapshot

ROOT = Path(__file__).resolve().parents[1]
BROKEN = ROOT / "samples" / "corpus" / "broken"


DRIVER = """
import json, sys, time
from narrascope import analyze, open_store
from narrascope.settings import Settings
db, pace, *inputs = sys.argv[1:]
with open_store(db) as store:
    # on_item paces the saves (a slow progress display) so that the kill lands between them
    s = analyze(inputs, store, Settings(pipeline=("clean",)),
                on_item=lambda item: time.sleep(float(pace)))
print(json.dumps(s.to_dict()))
"""


@pytest.fixture()
def corpus(tmp_path, dev_rows) -> list[str]:
    head = tmp_path / "dev-head.jsonl"
    head.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in dev_rows[:60]), encoding="utf-8")
    return [str(head), str(BROKEN)]


def _driver(db: Path, pace: float, inputs: list[str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", DRIVER, str(db), str(pace), *inputs], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(p: subprocess.Popen) -> dict:
    out, err = p.communicate(timeout=300)
    assert p.returncode == 0, err[-3000:]
    return json.loads(out.strip().splitlines()[-1])


def test_kill_9_mid_batch_then_rerun_equals_an_uninterrupted_run(tmp_path, corpus):
    killed_db, whole_db = tmp_path / "killed.db", tmp_path / "whole.db"
    whole = _driver(whole_db, 0, corpus)
    victim = _driver(killed_db, 0.05, corpus)
    deadline = time.monotonic() + 240
    while count_articles(killed_db) < 3:  # some articles committed, most of the batch still to save
        assert victim.poll() is None, victim.stderr.read()[-3000:]
        assert time.monotonic() < deadline, "no article was committed in 240 s"
        time.sleep(0.02)
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=30)
    assert victim.returncode == -signal.SIGKILL
    committed = count_articles(killed_db)
    assert snapshot(killed_db)["integrity"] == "ok"

    rerun = _finish(_driver(killed_db, 0, corpus))
    full = _finish(whole)
    total = len(snapshot(whole_db)["articles"])  # 60 from dev, a few from the broken samples
    assert total >= 60 and committed < total  # the kill landed mid-run
    assert rerun["unchanged"] == committed  # the re-run continued where the kill stopped it
    assert rerun["analysed"] + rerun["unchanged"] == full["analysed"] and rerun["inputs"] == full["inputs"]
    assert sorted(json.dumps(r, sort_keys=True) for r in rerun["records"]) == \
        sorted(json.dumps(r, sort_keys=True) for r in full["records"])

    resumed, uninterrupted = snapshot(killed_db), snapshot(whole_db)
    assert resumed["integrity"] == "ok" and len(resumed["articles"]) == total
    assert resumed["duplicate_articles"] == resumed["duplicate_errors"] == resumed["orphan_spans"] == 0
    assert [r[0] for r in resumed["articles"]] == [r[0] for r in uninterrupted["articles"]]
    for mine, theirs in zip(resumed["articles"], uninterrupted["articles"]):
        assert mine == theirs, f"article {mine[0]} ({mine[2]}) differs from the uninterrupted run"
    assert resumed["errors"] and resumed == uninterrupted


_INTERRUPT = {"after": None, "seen": 0}


@component("test_ctrl_c", requires=("text",), assigns=("layers.ctrl_c",), version="1.0")
class CtrlC(Component):
    """Presses Ctrl-C once, when it reaches article number ``_INTERRUPT["after"]``."""

    def __call__(self, article):
        _INTERRUPT["seen"] += 1
        if _INTERRUPT["after"] is not None and _INTERRUPT["seen"] > _INTERRUPT["after"]:
            _INTERRUPT["after"] = None
            raise KeyboardInterrupt
        return article


def test_ctrl_c_keeps_saved_articles_and_a_rerun_continues(tmp_path, corpus):
    settings = Settings(pipeline=("clean", "test_ctrl_c"), batch_size=16)
    with open_store(tmp_path / "whole.db") as store:
        whole = analyze(corpus, store, settings)
    _INTERRUPT.update(after=40, seen=0)  # in the third batch: two batches are saved
    path = tmp_path / "s.db"
    with open_store(path) as store:
        with pytest.raises(KeyboardInterrupt):
            analyze(corpus, store, settings)
        assert not store.db.in_transaction
    assert count_articles(path) == 32 and snapshot(path)["integrity"] == "ok"
    with open_store(path) as store:
        again = analyze(corpus, store, settings)
    assert again.unchanged == 32 and again.inputs == whole.inputs and again.analysed == whole.analysed - 32
    assert snapshot(path) == snapshot(tmp_path / "whole.db")
