"""``narrascope corpus ...``: each view as CSV, JSON Lines and JSON, errors as one line and exit 2."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from narrascope.cli import main

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_timeline_as_csv_and_jsonl(sample_db, capsys):
    code, out, err = _run(capsys, "corpus", "timeline", "--db", str(sample_db), "--bucket", "year", "--by", "stance")
    assert code == 0 and "row(s)" in err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and set(rows[0]) == {"period", "narrative", "key", "articles", "article_ids"}
    assert all(len(r["article_ids"].split(";")) == int(r["articles"]) for r in rows)
    code, out, _ = _run(capsys, "corpus", "timeline", "--db", str(sample_db), "--bucket", "year", "--format", "jsonl",
                        "--language", "ru")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and lines and all(isinstance(r["article_ids"], list) for r in lines)


def test_every_view_runs(sample_db, capsys, tmp_path):
    for argv in (["matrix"], ["outlets", "--limit", "3"], ["outlet", "Восток Сегодня", "--format", "json"],
                 ["casting", "Kazakhstan"], ["voices", "--anonymous"], ["volume", "--bucket", "month"],
                 ["search", "русофоб*", "--language", "ru"]):
        code, out, err = _run(capsys, "corpus", *argv, "--db", str(sample_db))
        assert code == 0 and out.strip(), (argv, err)
    target = tmp_path / "matrix.csv"
    code, out, err = _run(capsys, "corpus", "matrix", "--db", str(sample_db), "-o", str(target))
    assert code == 0 and out == "" and str(target) in err and target.read_text(encoding="utf-8").startswith("outlet,")


def test_refresh_loads_an_outlet_file(sample_db, tmp_path, capsys):
    db = tmp_path / "copy.db"
    db.write_bytes(sample_db.read_bytes())
    code, _, err = _run(capsys, "corpus", "refresh", "--db", str(db), "--outlets", str(SAMPLES / "outlets.yaml"))
    assert code == 0 and "loaded 12 outlet(s)" in err
    code, out, _ = _run(capsys, "corpus", "outlets", "--db", str(db), "--group", "Eurasia network", "--format", "jsonl")
    groups = {json.loads(line)["group"] for line in out.splitlines()}
    assert code == 0 and groups == {"Eurasia network"}


def test_errors_are_one_line_with_exit_2(sample_db, tmp_path, capsys):
    code, out, err = _run(capsys, "corpus", "search", "AND", "--db", str(sample_db))
    assert code == 2 and out == "" and "[E061]" in err and "Traceback" not in err
    code, _, err = _run(capsys, "corpus", "outlet", "Nowhere Daily", "--db", str(sample_db))
    assert code == 2 and "[E062]" in err and "Восток Сегодня" in err
    code, _, err = _run(capsys, "corpus", "matrix", "--db", str(tmp_path / "missing.db"))
    assert code == 2 and "[E404]" in err
    code, _, err = _run(capsys, "corpus", "timeline", "--db", str(sample_db), "--since", "last week")
    assert code == 2 and "[E017]" in err
