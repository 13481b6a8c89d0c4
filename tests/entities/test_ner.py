"""Named-entity backends on hostile text: offsets stay right and giant runs cannot stall them."""
import time

from narrascope.entities.ner import mask_giant_runs, natasha_mentions, spacy_mentions

EN = "The foreign minister of Kazakhstan met NATO officials in Brussels on Monday. "
RU = "Министр иностранных дел Казахстана встретился в Москве с Сергеем Лавровым. "


def test_mask_keeps_length_and_ordinary_words():
    text = EN + "x" * 250 + " https://example.org/a/very/long/path end"
    masked = mask_giant_runs(text)
    assert len(masked) == len(text)
    assert masked.startswith(EN) and masked.endswith(" https://example.org/a/very/long/path end")
    assert masked[len(EN):len(EN) + 250].strip() == ""


def test_spacy_offsets_survive_a_giant_run_and_do_not_stall():
    text = EN + '"' * 20_000 + " " + EN
    start = time.perf_counter()
    (mentions,) = spacy_mentions([text])
    assert time.perf_counter() - start < 10  # hang guard: took 43 s before the runs were masked
    names = {text[m.start:m.end] for m in mentions}
    assert {"Kazakhstan", "Brussels"} <= names


def test_natasha_offsets_survive_a_giant_run_and_do_not_stall():
    text = RU + '"' * 100_000 + " " + RU
    start = time.perf_counter()
    mentions = natasha_mentions(text)
    assert time.perf_counter() - start < 10  # hang guard: took 12 s before
    names = {text[m.start:m.end] for m in mentions}
    assert "Москве" in names and any(n.startswith("Сергеем") for n in names)
