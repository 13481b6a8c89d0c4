"""End to end through the CLI, on the real seeds and the shipped sample corpus."""
import csv
import io
import json
import re
from pathlib import Path

from narrascope.cli import main

ROOT = Path(__file__).resolve().parents[1]


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def jsonl(text):
    return [json.loads(line) for line in text.splitlines()]


def test_seeds_analyze_list_show(tmp_path, capsys, seeds_dir):
    db = tmp_path / "seeds.db"
    code, out, err = run(capsys, "analyze", seeds_dir, "--db", db)
    assert code == 0 and out == "" and "analysed: 3" in err and "error: 0" in err
    code, out, _ = run(capsys, "list", "--db", db)
    lines = out.strip().splitlines()
    assert len(lines) == 3
    seed002 = next(l for l in lines if "Kazakhstan under Tokayev" in l).split()[0]
    code, out, _ = run(capsys, "show", seed002, "--db", db)
    art = json.loads(out)
    assert art["title"] == "Kazakhstan under Tokayev: Increased pressure on Russian supporters"
    assert art["author"] == "Ainur Kurmanov"
    assert art["published"] == "2022-03-06T02:45+03:00"
    assert art["language"] == "en"
    for junk in ("Dear Readers", "Roskomnadzor", "Mon Tues", "Subscribe", "Ctrl + Enter", "Tags:"):
        assert junk not in art["text"]
    assert "Foggy Albion made it clear" in art["text"]
    assert "raw_text" not in art


def test_second_run_changes_no_counts(tmp_path, capsys, seeds_dir):
    db = tmp_path / "seeds.db"
    run(capsys, "analyze", seeds_dir, "--db", db)
    _, first, _ = run(capsys, "list", "--db", db, "--json")
    code, out, _ = run(capsys, "analyze", seeds_dir, "--db", db, "--json")
    summary = json.loads(out)
    assert summary["analysed"] == 0 and summary["unchanged"] == 3 and summary["inputs"] == 3
    _, second, _ = run(capsys, "list", "--db", db, "--json")
    assert first == second


def test_sample_corpus_accounts_for_every_input(tmp_path, capsys):
    db = tmp_path / "demo.db"
    code, out, _ = run(capsys, "analyze", ROOT / "samples" / "corpus", "--db", db, "--json")
    s = json.loads(out)
    assert code == 1  # the broken files are failed inputs
    files = [p for p in (ROOT / "samples" / "corpus").rglob("*") if p.is_file()]
    records_by_code = {}
    for r in s["records"]:
        records_by_code.setdefault(r["code"], []).append(r["source"])
    # Each broken file is named in a record with its reason.
    assert any("empty.txt" in x for x in records_by_code["E101"]) and any("blank.txt" in x for x in records_by_code["E101"])
    assert any("binary.txt" in x for x in records_by_code["E102"])
    assert any("notes.docx" in x for x in records_by_code["E105"])
    assert any("lines.jsonl:2" in x for x in records_by_code["E106"])
    assert any("lines.jsonl:3" in x for x in records_by_code["E107"])
    assert any("malformed.html" in x for x in records_by_code["E108"])
    assert any("bad-utf8.txt" in x for x in records_by_code["W111"])
    assert len(records_by_code["D113"]) == 1
    assert s["analysed"] >= 30 and s["inputs"] == s["analysed"] + s["duplicate"] + s["error"]
    # Every file is either an article source or named in a record, or a sidecar its page read.
    code, out, _ = run(capsys, "list", "--db", db, "--json")
    rows = jsonl(out)
    sources = {r["source"].split(":")[0].split("#")[0] for r in rows}
    named = {r["source"].split(":")[0].split("#")[0] for r in s["records"]}
    sidecars = {f for f in files if f.name.endswith(".meta.json")}
    assert sidecars and {str(f) for f in files if f not in sidecars} <= sources | named
    outlet_of = {r["source"]: r["outlet"] for r in rows}
    assert all(outlet_of[str(f).replace(".meta.json", ".txt")] for f in sidecars)  # each gave its page an outlet


def test_sample_corpus_languages_and_charsets(tmp_path, capsys):
    db = tmp_path / "demo.db"
    run(capsys, "analyze", ROOT / "samples" / "corpus", "--db", db)
    _, out, _ = run(capsys, "list", "--db", db, "--json")
    rows = jsonl(out)
    by_source = {Path(r["source"].split("#")[0].split(":")[0]).name: r for r in rows}
    assert by_source["vostok-segodnya-2022-03-15-neblagodarnyi-soyuznik.html"]["language"] == "ru"  # cp1251
    assert by_source["golos-evrazii-2022-01-10-tsvetnaya-revolyutsiya.html"]["language"] == "ru"    # KOI8-R
    assert "Неблагодарный" in by_source["vostok-segodnya-2022-03-15-neblagodarnyi-soyuznik.html"]["title"]
    langs = {r["language"] for r in rows if r["status"] == "ok"}
    assert langs == {"en", "ru"}
    assert len({r["outlet"] for r in rows if r["outlet"]}) >= 5


def test_the_outlet_flag_names_only_articles_that_name_none(tmp_path, capsys):
    db = tmp_path / "txt.db"
    code, _, _ = run(capsys, "ingest", ROOT / "samples" / "corpus" / "txt", "--outlet", "Almaty Ledger", "--db", db)
    assert code == 0
    _, out, _ = run(capsys, "list", "--db", db, "--json")
    outlet = {Path(r["source"]).name: r["outlet"] for r in jsonl(out)}
    assert outlet["vostok-segodnya-2022-12-14-yazykovye-patruli.txt"] == "Almaty Ledger"  # no outlet of its own
    assert outlet["steppe-herald-2022-09-27-border-towns-mobilisation.txt"] == "Steppe Herald"  # from its sidecar
    assert outlet["russkiy-rubezh-2022-06-18-udar-v-spinu.txt"] == "Русский Рубеж"  # from its own header
    assert all(outlet.values())
    for command in ("ingest", "analyze"):  # a blank name is refused before any store is created
        code, out, err = run(capsys, command, ROOT / "samples" / "corpus" / "txt", "--outlet", " ",
                             "--db", tmp_path / "blank.db")
        assert code == 2 and out == "" and "[E017] Invalid --outlet ' ': expected an outlet name" in err
        assert not (tmp_path / "blank.db").exists()


def test_an_edited_sidecar_or_a_new_outlet_flag_reaches_the_stored_article(tmp_path, capsys):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text("Grain corridor reopens\n\nThe rail corridor to Aktau reopened on Monday after "
                                 "a week of repairs. Freight operators said grain trains would run again.\n",
                                 encoding="utf-8")
    (pages / "b.txt").write_text("Tenge weakens\n\nThe tenge fell against the dollar on Friday. The central bank "
                                 "said it saw no reason to step in.\n", encoding="utf-8")
    side = pages / "a.meta.json"
    side.write_text('{"outlet": "Steppe Herald"}', encoding="utf-8")
    db = tmp_path / "pages.db"

    def analyze(*flags):
        code, out, _ = run(capsys, "analyze", pages, "--db", db, "--json", *flags)
        assert code == 0
        _, listed, _ = run(capsys, "list", "--db", db, "--json")
        summary = json.loads(out)
        return ({k: summary[k] for k in ("analysed", "updated", "unchanged")},
                {Path(r["source"]).name: (r["id"], r["outlet"]) for r in jsonl(listed)})

    counts, first = analyze()
    assert counts == {"analysed": 2, "updated": 0, "unchanged": 0} and first["a.txt"][1] == "Steppe Herald"
    side.write_text('{"outlet": "Almaty Ledger"}', encoding="utf-8")
    counts, rows = analyze()
    assert counts == {"analysed": 0, "updated": 1, "unchanged": 1}
    assert rows["a.txt"] == (first["a.txt"][0], "Almaty Ledger") and rows["b.txt"] == first["b.txt"]
    assert analyze()[0] == {"analysed": 0, "updated": 0, "unchanged": 2}
    counts, rows = analyze("--outlet", "Eurasia Pulse")  # names b only: a has its sidecar's
    assert counts == {"analysed": 0, "updated": 1, "unchanged": 1}
    assert rows == {"a.txt": (first["a.txt"][0], "Almaty Ledger"), "b.txt": (first["b.txt"][0], "Eurasia Pulse")}
    counts, again = analyze()  # a field the input no longer gives keeps its stored value
    assert counts == {"analysed": 0, "updated": 0, "unchanged": 2} and again == rows
    # ingest (no analysis) updates what it stored itself
    db2 = tmp_path / "ingested.db"
    run(capsys, "ingest", pages, "--db", db2)
    side.write_text('{"outlet": "Steppe Herald"}', encoding="utf-8")
    code, out, _ = run(capsys, "ingest", pages, "--db", db2, "--json")
    assert code == 0 and json.loads(out)["updated"] == 1 and json.loads(out)["unchanged"] == 1
    _, listed, _ = run(capsys, "list", "--db", db2, "--json")
    assert {Path(r["source"]).name: r["outlet"] for r in jsonl(listed)} == {"a.txt": "Steppe Herald", "b.txt": None}


def test_export_and_report(tmp_path, capsys, seeds_dir):
    db = tmp_path / "seeds.db"
    run(capsys, "analyze", seeds_dir, "--db", db)
    code, out, _ = run(capsys, "export", "--db", db, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 3 and all(r["text"] and int(r["sentences"]) > 10 for r in rows)
    assert all(r["dominant_narrative"] and re.search(r"\[(promotes|reports-on|counters) 0\.\d\d\]", r["narratives"])
               for r in rows)
    assert all(sum(json.loads(r["techniques"]).values()) > 0 for r in rows)
    code, out, _ = run(capsys, "export", "--db", db, "--format", "outlet-techniques")
    per_outlet = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and per_outlet and {r["voice"] for r in per_outlet} <= {"author", "quoted"}
    assert all(int(r["spans"]) > 0 and float(r["spans_per_article"]) > 0 for r in per_outlet)
    jl = tmp_path / "out.jsonl"
    run(capsys, "export", "--db", db, "--format", "jsonl", "-o", jl)
    assert [json.loads(l)["id"] for l in jl.read_text().splitlines()] == [r["id"] for r in rows]
    report = tmp_path / "r.html"
    code, out, _ = run(capsys, "report", "--db", db, "-o", report)
    html = report.read_text()
    assert code == 0 and html.count('<section class="article"') == 3 and "Corpus overview" in html
    assert 'class="chart heatmap"' in html and "<h3>Outlets</h3>" in html


def test_errors_are_clean_messages(tmp_path, capsys):
    from narrascope import open_store

    open_store(tmp_path / "x.db").close()
    code, _, err = run(capsys, "show", "deadbeef", "--db", tmp_path / "x.db")
    assert code == 2 and "E403" in err and "narrascope list" in err and "Traceback" not in err
