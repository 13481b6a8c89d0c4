import json

from narrascope.article import Article, OffsetMap, Span, make_article_id
from narrascope.errors import ErrorRecord


def test_json_round_trip_is_lossless(seeds_analysed):
    for a in seeds_analysed.values():
        data = a.to_dict()
        again = Article.from_dict(json.loads(json.dumps(data)))
        assert again.to_dict() == data
        assert again.layers["sentences"].spans[3] == a.layers["sentences"].spans[3]


def test_round_trip_keeps_errors_attrs_and_scores():
    a = Article.from_text("Some text here.", source="x.txt", url="https://example.org/a")
    a.text = "Some text here."
    a.add_layer("labels", [Span(0, 4, "L1", 0.75, {"voice": "author"})], "test", "1.2")
    a.errors.append(ErrorRecord(source="x.txt", code="E301", reason="boom", stage="analyze", component="c"))
    back = Article.from_dict(json.loads(json.dumps(a.to_dict())))
    assert back.layers["labels"].spans[0] == Span(0, 4, "L1", 0.75, {"voice": "author"})
    assert back.layers["labels"].version == "1.2"
    assert back.errors[0].code == "E301" and back.failed


def test_id_is_stable_and_depends_on_content_and_url():
    assert make_article_id("Hello  World", None) == make_article_id("hello world\n", None)
    assert make_article_id("Hello world", "https://a.example/1") != make_article_id("Hello world", "https://b.example/1")
    assert make_article_id("Hello world", None) != make_article_id("Hello there", None)
    assert len(make_article_id("x", None)) == 16


def test_offset_map_maps_pieces_and_inserted_breaks():
    raw = "HEADER\nFirst para.\nJUNK\nSecond para."
    m = OffsetMap([(0, 7, 11), (13, 24, 12)])  # clean = "First para.\n\nSecond para."
    clean = "First para.\n\nSecond para."
    assert raw[m.to_raw(0):m.to_raw(0) + 5] == "First"
    s, e = m.to_raw_span(13, 25)
    assert raw[s:e] == "Second para."
    assert clean[13:25] == "Second para."
    assert m.raw_ranges() == [(7, 18), (24, 36)]


def test_ids_and_hashes_accept_any_str_even_lone_surrogates():
    # The last line of defence: ingest repairs surrogates (W130), but hashing must never crash.
    a = Article.from_text("Broken \ud800 escape in Astana.", source="x.jsonl:1", url="https://example.org/\udc00")
    assert len(a.id) == 16 and len(a.content_hash) == 64
    assert a.id != Article.from_text("Broken \ufffd escape in Astana.", source="y", url="https://example.org/\ufffd").id
