from narrascope.narratives.cues import CueIndex
from narrascope.taxonomy import load_taxonomies


def test_stems_match_inflections_and_phrases_match_words():
    tax = load_taxonomies(["central_asia"])
    ru = CueIndex(tax, "ru")
    hits = ru.find("Депутат говорит о росте русофобии в Казахстане.")
    assert any(h.label.startswith("CA: Persecution of Russians") for h in hits)
    en = CueIndex(tax, "en")
    assert en.find("The weather in Almaty is sunny.") == []


def test_english_stem_cues_end_in_a_star_and_whole_words_stay_whole():
    tax = load_taxonomies(["central_asia"])
    en = CueIndex(tax, "en")
    for text in ("A wave of Russophobia.", "Russophobic bloggers.", "Biological laboratories near Almaty."):
        assert en.find(text), text
    # "russophob" without a star would have been a whole word and matched nothing
    assert not CueIndex(tax, "en").find("The warmth of the season.")


def test_cues_of_two_labels_ending_at_the_same_place_cue_both():
    tax = load_taxonomies(["central_asia", "semeval2025_urw"])
    labels = {h.label for h in CueIndex(tax, "en").find("Russophobic and anti-Russian sentiment is growing.")}
    assert "URW: Russia is the Victim" in labels          # its cue: "russophobic"
    assert "CA: Persecution of Russians and Russian speakers" in labels   # its cue: "russophob*"
