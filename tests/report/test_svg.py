"""The SVG chart functions: one mark per non-empty value, labels as text, tooltips, everything escaped."""
import re
import xml.etree.ElementTree as ET

from narrascope.report.svg import STANCE_COLOURS, hbars, heatmap, stacked_bars

HOSTILE = '</svg><script>alert(1)</script>" onload="alert(2)'
NS = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # well-formed XML, or this raises


def test_stacked_bars_draw_one_rect_per_non_empty_value_with_tooltips_and_waves():
    periods = ["2022-01", "2022-02", "2022-03", "2022-04"]
    series = [("promotes", STANCE_COLOURS["promotes"], [1, 0, 4, 2]), ("counters", STANCE_COLOURS["counters"], [0, 0, 1, 0])]
    svg = stacked_bars(periods, series, title="Ungrateful ally: articles per month", shade=[(2, 3, "wave 2022-03")])
    root = _parse(svg)
    assert root.get("role") == "img" and root.find(f"{NS}title").text == "Ungrateful ally: articles per month"
    bars = [r for r in root.iter(f"{NS}rect") if r.get("class") == "bar"]
    assert len(bars) == 4  # 1 + 4 + 2 promotes, 1 counters; zeros draw nothing
    assert [b.find(f"{NS}title").text for b in bars][:2] == ["2022-01 · promotes: 1", "2022-03 · promotes: 4"]
    assert len([r for r in root.iter(f"{NS}rect") if r.get("class") == "wave"]) == 1
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert "promotes" in texts and "counters" in texts and "2022-01" in texts  # legend and axis as text
    # the tallest stack (period 3: 4 + 1) reaches the top of the plot
    heights = {b.find(f"{NS}title").text: float(b.get("height")) for b in bars}
    assert abs(heights["2022-03 · promotes: 4"] + heights["2022-03 · counters: 1"] - 124) < 0.2


def test_heatmap_cells_and_hbars_segments():
    cells = {(0, 0, "promotes"): 3.0, (0, 1, "unclear"): 1.0, (1, 1, "promotes"): 0.0}
    svg = heatmap(["Narrative A", "Narrative B"], ["Outlet 1", "Outlet 2"], cells, title="matrix",
                  layers=[(s, c) for s, c in STANCE_COLOURS.items()])
    root = _parse(svg)
    cell_titles = [r.find(f"{NS}title").text for r in root.iter(f"{NS}rect") if r.get("class") == "cell"]
    assert cell_titles == ["Outlet 1 · Narrative A · promotes: 3", "Outlet 2 · Narrative A · unclear: 1"]
    svg = hbars([("Outlet 1", [("promotes", "#a61e4d", 2), ("unclear", "#868e96", 1)]), ("Outlet 2", [])],
                title="mix")
    root = _parse(svg)
    assert len([r for r in root.iter(f"{NS}rect") if r.get("class") == "bar"]) == 2
    assert "3" in [t.text for t in root.iter(f"{NS}text")]  # the total is written after the bar


def test_every_label_is_escaped():
    svgs = [stacked_bars([HOSTILE], [(HOSTILE, HOSTILE, [1])], title=HOSTILE, shade=[(0, 0, HOSTILE)]),
            heatmap([HOSTILE], [HOSTILE], {(0, 0, HOSTILE): 1.0}, title=HOSTILE, layers=[(HOSTILE, "#000")]),
            hbars([(HOSTILE, [(HOSTILE, HOSTILE, 1)])], title=HOSTILE)]
    for svg in svgs:
        root = _parse(svg)  # an unescaped '</svg>' or quote would break the XML
        assert "<script" not in svg and 'onload="' not in svg and svg.count("</svg>") == 1
        assert any(HOSTILE in (t.text or "") for t in root.iter(f"{NS}title"))
        assert not re.search(r"\sonload=", svg.replace("&quot; onload=", ""))
