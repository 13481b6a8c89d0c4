from narrascope.narratives.cues import CueIndex
from narrascope.taxonomy import load_taxonomies


def test_stems_match_inflections_and_phrases_match_words():
    tax = load_taxonomies(["central_asia"])
    ru = CueIndex(tax, "ru")
    hits = ru.find("Депутат говорит о росте русофобии в Казахстане.")
    assert any(h.label.startswith("CA: Persecution of Russians") for h in hits)
    en = CueIndex(tax, "en")
    assert en.find("The weather in Almaty is sunny.") == []
