"""count_inputs: the progress bar's total, estimated without reading the inputs."""
import os
from pathlib import Path

from narrascope.ingest import read_inputs
from narrascope.inputs_count import count_inputs

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "corpus"


def test_the_sample_corpus_estimate_equals_what_a_run_sees():
    seen = [item for item in read_inputs([str(SAMPLES)]) if getattr(item, "level", "") != "warning"]
    assert count_inputs([str(SAMPLES)]) == len(seen)


def test_records_are_counted_per_row_not_per_line(tmp_path):
    (tmp_path / "a.csv").write_text('id,text\n1,"two\nlines"\n2,one line\n', encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"text": "a"}\n{"text": "b"}\n{"text": "c"}', encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("skipped by ingest too")
    assert count_inputs([str(tmp_path / "a.csv")]) == 2
    assert count_inputs([str(tmp_path / "b.jsonl")]) == 3
    assert count_inputs([str(tmp_path), "/no/such/file.txt", "https://example.org/feed"]) == 7


def test_a_fifo_or_a_device_is_one_item_and_never_read(tmp_path):
    os.mkfifo(tmp_path / "x.jsonl")  # opening it for reading would block forever
    (tmp_path / "zero.csv").symlink_to("/dev/zero")
    assert count_inputs([str(tmp_path)]) == 2
