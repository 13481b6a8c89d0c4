"""Bidi controls in untrusted fields cannot reorder the report: fields are isolated in <bdi>, and the
controls are made visible in URLs, titles and file names."""
import re

from narrascope.article import Article
from narrascope.report import render_report
from narrascope.report.panels import BIDI_CONTROLS, bdi, show_controls

RLO, LRI, PDI, RLM, ALM = "\u202e", "\u2066", "\u2069", "\u200f", "\u061c"
CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"

TEXT = ("Officials in Astana said on Monday that the new grain corridor would open in spring, and the "
        "ministry published the figures on its website.\n\nFarmers in the north welcomed the plan, "
        "while traders in Almaty asked for lower rail tariffs before the harvest.")


def _article():
    return Article.from_text(TEXT, source=f"uploads/invoice{RLO}txt.exe", url=f"https://news.example/{RLO}lmth.exe",
                             title=f"Grain corridor opens {RLO}gnirps ni", outlet=f"Steppe {LRI}Daily{PDI}",
                             author=f"A. {RLM}Writer{ALM}")


def test_every_control_is_made_visible():
    assert show_controls(CONTROLS) == "".join(f"[U+{ord(c):04X}]" for c in CONTROLS)
    assert BIDI_CONTROLS.findall(CONTROLS) == list(CONTROLS)
    assert bdi(f"<b>{RLO}x</b>", show=True) == "<bdi>&lt;b&gt;[U+202E]x&lt;/b&gt;</bdi>"


def test_report_isolates_fields_and_shows_controls_in_urls_titles_and_sources():
    html = render_report([_article()], [{"source": f"bad{RLO}fdp.exe", "code": "E102", "level": "error",
                                         "reason": "binary"}])
    body = html.split("<body>", 1)[1]
    # URLs, titles and file names: no live control is left anywhere near them
    assert "https://news.example/[U+202E]lmth.exe" in body and "Grain corridor opens [U+202E]gnirps ni" in body
    assert "uploads/invoice[U+202E]txt.exe" in body and "bad[U+202E]fdp.exe" in body
    assert 'href="https://news.example/%E2%80%AElmth.exe"' in body
    for live in re.findall(r"<bdi>[^<]*</bdi>", body):
        if "news.example" in live or "Grain corridor" in live or "invoice" in live:
            assert not BIDI_CONTROLS.search(live), live
    # outlets and authors are isolated wherever they appear
    assert body.count(f"<bdi>Steppe {LRI}Daily{PDI}</bdi>") >= 3  # outlet table, index, article meta
    assert f"<bdi>A. {RLM}Writer{ALM}</bdi>" in body
    assert f"<h3><bdi>Grain corridor opens [U+202E]gnirps ni</bdi></h3>" in body
    # every control left in the page sits inside an isolating element (or the escaped article text)
    outside = BIDI_CONTROLS.findall(re.sub(r"<bdi>.*?</bdi>", "", body, flags=re.S))
    assert outside == []
