"""parse_header: header blocks, one-line headers, bylines and datelines; seed 002."""
from __future__ import annotations

from pathlib import Path

import pytest

from narrascope.article import Article
from narrascope.ingest import article_from_text, read_path
from narrascope.ingest.header import parse_header

BODY = ("The government of Kazakhstan announced a new rail corridor to the Caspian Sea on Monday. "
        "Officials in Astana said the first freight trains would run next spring.")
BLOCK = ("Astana Expands Rail Links to the Caspian\n\n"
         "Daniyar Seitkali.\n"
         "06.03.2022 02:45\n"
         "  (Moscow time), Moscow\n"
         "Views: 5753\n"
         " \n"
         "Economy, Transport, Kazakhstan, Caspian Sea\n\n\n" + BODY)
SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "002_cc2461c9aba41f5a.txt"


def covered(raw, spans):
    return {raw[s.start:s.end] for s in spans}


def test_header_block_fields():
    h = parse_header(BLOCK)
    assert h.title == "Astana Expands Rail Links to the Caspian"
    assert h.author == "Daniyar Seitkali"
    assert h.published == "2022-03-06T02:45+03:00"
    assert h.meta["views"] == 5753
    assert h.meta["tags"] == ["Economy", "Transport", "Kazakhstan", "Caspian Sea"]
    assert h.meta["dateline"] == "(Moscow time), Moscow"


def test_header_block_spans_cover_every_header_line_and_not_the_body():
    h = parse_header(BLOCK)
    assert covered(BLOCK, h.spans) == {
        "Astana Expands Rail Links to the Caspian", "Daniyar Seitkali.", "06.03.2022 02:45",
        "(Moscow time), Moscow", "Views: 5753", "Economy, Transport, Kazakhstan, Caspian Sea"}
    labels = {BLOCK[s.start:s.end]: s.label for s in h.spans}
    assert labels["Daniyar Seitkali."] == "author"
    assert labels["Views: 5753"] == "views"
    assert labels["Economy, Transport, Kazakhstan, Caspian Sea"] == "tags"
    body_start = BLOCK.index(BODY)
    assert all(s.end <= body_start for s in h.spans)


def test_header_block_through_read_path(tmp_path):
    path = tmp_path / "rail.txt"
    path.write_text(BLOCK, encoding="utf-8")
    [art] = list(read_path(path))
    assert isinstance(art, Article)
    assert (art.title, art.author, art.published) == (
        "Astana Expands Rail Links to the Caspian", "Daniyar Seitkali", "2022-03-06T02:45+03:00")
    assert art.meta["views"] == 5753 and art.meta["format"] == "text"
    assert "published" not in art.meta  # it is a field, not meta
    assert covered(art.raw_text, art.header_spans) >= {"Views: 5753", "06.03.2022 02:45"}


def test_one_line_text_with_relative_time_author_and_caption():
    body = ("Freight volumes on the corridor between Aktau and the Chinese border doubled this year, "
            "according to the national railway company, which said new sidings had cut waiting times. ") * 5
    raw = ("Rail Freight Doubles Along Western Corridor Today, 12:00 Author: Daniyar Seitkali "
           "Cargo train near Aktau. " + body)
    assert "\n" not in raw and len(raw) > 600
    h = parse_header(raw)
    assert h.title == "Rail Freight Doubles Along Western Corridor"
    assert h.author == "Daniyar Seitkali"
    assert h.meta["caption"] == "Cargo train near Aktau."
    assert h.meta["time_raw"] == "Today 12:00"
    assert h.published is None  # a bare time is never invented into a date
    assert covered(raw, h.spans) >= {"Rail Freight Doubles Along Western Corridor", "Cargo train near Aktau."}
    assert all(s.end <= raw.index("Freight volumes") for s in h.spans)


def test_one_line_text_with_a_full_date():
    body = "Kazakhstan and Russia agreed to extend the oil transit deal for another decade, officials said. " * 8
    raw = "Oil Transit Deal Extended Until 2035 05.03.2023 10:30 By Anna Petrova " + body
    h = parse_header(raw)
    assert h.title == "Oil Transit Deal Extended Until 2035"
    assert h.published == "2023-03-05T10:30"
    assert h.author == "Anna Petrova"


def test_english_byline_and_month_name_date():
    raw = ("Kazakh Wheat Exports Rise\n\nBy Anna Petrova\nMarch 5, 2023\n\n"
           "Kazakhstan exported more wheat this winter than in any season before. Traders expect more.")
    h = parse_header(raw)
    assert (h.title, h.author, h.published) == ("Kazakh Wheat Exports Rise", "Anna Petrova", "2023-03-05")
    assert covered(raw, h.spans) == {"Kazakh Wheat Exports Rise", "By Anna Petrova", "March 5, 2023"}


def test_russian_byline_and_date():
    raw = ("Экспорт пшеницы из Казахстана вырос\n\nАвтор: Анна Петрова\n12 марта 2023, 09:15\n\n"
           "Казахстан экспортировал больше пшеницы, чем когда-либо. Трейдеры ждут роста.")
    h = parse_header(raw)
    assert h.title == "Экспорт пшеницы из Казахстана вырос"
    assert h.author == "Анна Петрова"
    assert h.published == "2023-03-12T09:15"


@pytest.mark.parametrize("line", ["Автор материала: Анна Петрова", "Автор статті: Анна Петрова"],
                         ids=["ru", "uk"])
def test_multiword_byline_prefixes_are_not_part_of_the_name(line):
    raw = f"Экспорт пшеницы вырос\n\n{line}\n\nКазахстан экспортировал больше пшеницы. Трейдеры ждут роста."
    assert parse_header(raw).author == "Анна Петрова"


def test_tags_with_prefix():
    raw = "Gas Deal Signed\n\nTags: Energy, Russia\n\nRussia and Kazakhstan signed a gas deal."
    assert parse_header(raw).meta["tags"] == ["Energy", "Russia"]


def test_text_without_header_lines_only_gets_a_title():
    raw = "Gas Deal Signed\n\nRussia and Kazakhstan signed a new gas transit agreement in Astana on Tuesday."
    h = parse_header(raw)
    assert h.title == "Gas Deal Signed"
    assert h.author is None and h.published is None
    assert len(h.spans) == 1


def test_long_first_paragraph_is_not_a_title():
    raw = ("Russia and Kazakhstan signed a new gas transit agreement in Astana on Tuesday, setting volumes "
           "for the next five years and fixing a transit tariff that analysts called favourable.\n\nMore text.")
    h = parse_header(raw)
    assert h.title is None and h.spans == []


def test_blank_text_has_no_header():
    h = parse_header("  \n\n ")
    assert h.title is None and h.spans == []


def test_explicit_fields_win_over_header():
    art = article_from_text(BLOCK, "x.txt", fields={"title": "Given Title"})
    assert art.title == "Given Title"
    assert art.author == "Daniyar Seitkali"


@pytest.mark.shared
def test_seed_002_header():
    if not SEED.exists():
        pytest.skip(f"{SEED} not available")
    [art] = list(read_path(SEED))
    assert isinstance(art, Article)
    assert art.author == "Ainur Kurmanov"
    assert art.published == "2022-03-06T02:45+03:00"
    assert art.title == "Kazakhstan under Tokayev: Increased pressure on Russian supporters"
    assert art.meta["views"] == 5753
    assert "Kazakhstan" in art.meta["tags"]
