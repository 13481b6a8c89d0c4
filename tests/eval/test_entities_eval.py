"""The entity/quote scorer against hand-computed numbers on a constructed page."""
from narrascope.article import Article, Span
from narrascope.eval.entities import score_page

TEXT = "Tokayev met Putin. Tokayev said “we will keep the course for many years ahead”. Experts doubt it."
#       0         1         2         3         4         5         6         7         8         9
# Tokayev 0-7, Putin 12-17, Tokayev 19-26, quote 32-77, "Experts doubt it" 80-96


def _article(entity_spans, quote_spans):
    a = Article.from_text(TEXT, source="x")
    a.text = TEXT
    a.add_layer("entities", [Span(s, e, t, None, {"entity": eid, "name": n}) for s, e, t, eid, n in entity_spans], "t", "1")
    a.add_layer("quotes", [Span(s, e, k, None, {"speaker": spk}) for s, e, k, spk in quote_spans], "t", "1")
    return a


GOLD = {"entities": [{"eid": "G1", "type": "PER", "mentions": [[10, 17], [29, 36]]},
                     {"eid": "G2", "type": "PER", "mentions": [[22, 27]]}],
        "quotes": [{"span": [42, 87], "kind": "direct", "speaker": "G1"},
                   {"span": [90, 106], "kind": "indirect", "speaker": "anonymous"}]}
OFFSET = 10  # the gold offsets are into a page where this body starts at 10


def test_entities_and_identity_counts():
    # Predicted: Tokayev 0-7 (P1), Putin 12-17 (P2), Tokayev 19-26 wrongly as its own entity P3.
    a = _article([(0, 7, "PER", "P1", "Tokayev"), (12, 17, "PER", "P2", "Putin"), (19, 26, "PER", "P3", "Tokayev")], [])
    c = score_page(GOLD, a, OFFSET)
    m = c["mentions"]
    # exact 3 of 3; alignment P1->G1, P2->G2, P3 unaligned (G1 taken) -> identity 2.
    assert (m["gold"], m["pred"], m["exact"], m["identity"], m["type_ok"]) == (3, 3, 3, 2, 3)


def test_quotes_and_speakers():
    a = _article([(0, 7, "PER", "P1", "Tokayev"), (12, 17, "PER", "P2", "Putin"), (19, 26, "PER", "P1", "Tokayev")],
                 [(32, 77, "direct", "P1"), (80, 96, "indirect", "described"), (40, 45, "direct", "unknown")])
    c = score_page(GOLD, a, OFFSET)
    # gold quote 1 matches predicted 1 exactly; gold 2 matches predicted 2; predicted 3 overlaps gold 1 but it
    # is already used -> matched 2 of 2 gold, 3 predicted.
    assert (c["quotes"]["gold"], c["quotes"]["pred"], c["quotes"]["matched"]) == (2, 3, 2)
    # speaker 1: P1 aligned to G1 -> right (strict and lenient); speaker 2: gold anonymous, predicted
    # "described" -> wrong strictly, right leniently.
    assert (c["speakers"]["total"], c["speakers"]["strict"], c["speakers"]["lenient"]) == (2, 1, 2)


def test_end_to_end_speaker_accuracy_counts_every_gold_quote(tmp_path):
    """Right speakers over all gold quotes: finding one more quote with a wrong speaker does not lower it."""
    import json

    from narrascope.eval.entities import evaluate_entities
    page = {"id": "p1", "text": "          " + TEXT}
    corpus = tmp_path / "dev.jsonl"
    corpus.write_text(json.dumps(page) + "\n", encoding="utf-8")
    gold = dict(GOLD, id="p1", split="test", language="en", body=[[10, 10 + len(TEXT)]])
    ann = tmp_path / "entities.en.jsonl"
    ann.write_text(json.dumps(gold) + "\n", encoding="utf-8")
    r = evaluate_entities(corpus, split="test", annotations=[ann])["all"]
    matched, gold_quotes = r["counts"]["matched_quotes"], r["counts"]["gold_quotes"]
    assert gold_quotes == 2
    assert r["speaker_accuracy_end_to_end"] == r["speaker_accuracy_strict"] * matched / gold_quotes
