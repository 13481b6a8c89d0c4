from narrascope.article import Article
from narrascope.pipeline import Pipeline


def test_plain_keeps_text_and_offsets():
    raw = "Headline line\n\nFirst paragraph. Second sentence.\n  \nLast paragraph"
    a = next(Pipeline(["plain", "langid", "sentences"]).pipe([Article.from_text(raw, source="x")]))
    assert a.text == raw
    assert [raw[p.start:p.end] for p in a.layers["paragraphs"]] == [
        "Headline line", "First paragraph. Second sentence.", "Last paragraph"]
    assert a.offset_map.to_raw_span(16, 32) == (16, 32)
    assert len(a.layers["sentences"]) == 4
