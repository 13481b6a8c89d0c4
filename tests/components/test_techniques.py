import pytest

from narrascope.article import Article
from narrascope.pipeline import Pipeline

NAMES = ["clean", "langid", "sentences", "entities", "quotes", "techniques"]


@pytest.fixture(scope="module")
def nlp():
    return Pipeline(NAMES)


def analyse(nlp, text, source="t.txt", **meta):
    art = Article.from_text(text, source=source)
    art.meta.update(meta)
    return nlp(art)


def spans(art, label=None):
    return [(s.label, art.text[s.start:s.end], s.attrs) for s in art.layers["techniques"]
            if label is None or s.label == label]


def test_seed_002_junta_and_rabid_nazis_in_the_author_voice(nlp, seed_002):
    art = analyse(nlp, seed_002.read_text(encoding="utf-8"), source=str(seed_002))
    assert not art.errors
    names = [(t, a["voice"]) for _, t, a in spans(art, "Name_Calling-Labeling")]
    assert ("Kyiv junta", "author") in names
    assert any("Nazis" in t and v == "author" for t, v in names)
    loaded = [t for _, t, _ in spans(art, "Loaded_Language")]
    assert "rabid" in loaded and any("hysteria" in t for t in loaded)
    assert any("bankrupt" in t for _, t, _ in spans(art, "Questioning_the_Reputation"))
    assert art.layers["techniques"].version == "1.3.0"


def test_seed_000_quoted_speakers_techniques_carry_their_voice(nlp, seeds_dir):
    art = analyse(nlp, (seeds_dir / "000_f45752d7d8da5956.txt").read_text(encoding="utf-8"))
    found = spans(art)
    authority = [a for label, _, a in found if label == "Appeal_to_Authority"]
    assert any(a["source"] == "quotes" and a["voice"] == "anonymous" for a in authority)  # "experts remind us"
    # the lexicon finds the same appeal ("experts remind us"): one span, with both sources and cues
    merged = [a for a in authority if "experts remind" in " ".join(a.get("cues", [a.get("cue", "")]))]
    assert merged and all(a["sources"] == ["lexicon", "quotes"] for a in merged)
    # no technique is marked twice on overlapping text
    by_label = sorted((label, s.start, s.end) for s in art.layers["techniques"] for label in [s.label])
    assert all(not (a[0] == b[0] and b[1] < a[2]) for a, b in zip(by_label, by_label[1:]))
    # Mironov's "it is clear that" is his technique, not the author's
    killer = [a for label, t, a in found if label == "Conversation_Killer" and t.lower() == "it is clear that"]
    assert killer and killer[0]["voice"].startswith("E")
    # "desperately ... flirting" sit in the expert's indirect speech
    assert any(t == "desperately" and a["voice"] != "author" for label, t, a in found if label == "Loaded_Language")
    for _, _, a in found:
        assert a["source"] in ("lexicon", "model", "repetition", "quotes", "scare_quotes") and a["paragraph"] is not None


def test_paragraph_labels_follow_the_spans(nlp, seed_002):
    art = analyse(nlp, seed_002.read_text(encoding="utf-8"))
    paras = art.meta["technique_paragraphs"]
    assert paras and all(p["techniques"] for p in paras)
    for s in art.layers["techniques"]:
        para = next(p for p in paras if p["start"] <= s.start < p["end"] or (s.start < p["end"] and s.end > p["start"]))
        assert s.label in para["techniques"]


def test_a_neutral_text_has_few_or_no_techniques(nlp):
    art = analyse(nlp, "The city council met on Tuesday.\n\nIt approved the budget for the new school year "
                       "and scheduled the next session for March.")
    assert spans(art) == []


def test_synthetic_russian_text(nlp):
    text = ("Киевская хунта снова устроила истерию.\n\n"
            "«Это бешеные нацисты», — заявил депутат Иванов.\n\n"
            "А как же бомбардировки Белграда? Очевидно, что Запад лицемерит.")
    art = analyse(nlp, text)
    labels = {label for label, _, _ in spans(art)}
    assert {"Name_Calling-Labeling", "Loaded_Language", "Whataboutism", "Conversation_Killer"} <= labels
    what = [a for label, t, a in spans(art, "Whataboutism")]
    assert what and "context" in what[0]  # the sentence it answers


def test_posts_are_read_in_post_style(nlp):
    text = "Ця божевільна істерика кремлівських пропагандистів вже нікого не дивує. Вони брешуть щодня."
    post = analyse(nlp, text, genre="post")
    assert post.layers["techniques"].spans
    assert any(s.attrs["source"] == "model" for s in post.layers["techniques"])
    assert post.meta["techniques_model"]


GIVEN_TEXT = ("The minister called the protesters \"paid traitors\" on Tuesday.\n\n"
              "If we do not act now, the whole country will be ruined, he warned.  "
              "Experts disagree.\n")


def _given(text, phrases):
    return [[text.index(p), text.index(p) + len(p)] for p in phrases]


def test_given_spans_get_exactly_one_label_each_at_their_offsets(nlp):
    phrases = ["paid traitors", "the whole country will be ruined", "Experts disagree"]
    given = _given(GIVEN_TEXT, phrases)
    art = analyse(nlp, GIVEN_TEXT, given_spans=given)
    layer = art.layers["techniques"]
    assert len(layer) == 3
    # clean may move text: each span maps back to exactly the given raw offsets
    assert sorted(list(art.offset_map.to_raw_span(s.start, s.end)) for s in layer) == sorted(given)
    assert sorted(art.text[s.start:s.end] for s in layer) == sorted(phrases)
    assert all(s.attrs["source"] == "given" and s.label[0].isupper() for s in layer)  # SemEval names in news
    assert all(0.0 < s.score <= 1.0 for s in layer)
    # the same text without given spans is analysed as usual, by cues and the model
    assert {s.attrs["source"] for s in analyse(nlp, GIVEN_TEXT).layers["techniques"]} != {"given"}


def test_an_empty_list_of_given_spans_gives_no_span(nlp):
    assert not analyse(nlp, GIVEN_TEXT, given_spans=[]).layers["techniques"].spans


def test_without_a_span_classifier_every_given_span_gets_the_most_frequent_technique():
    from narrascope.components.techniques import MOST_FREQUENT, TechniqueFinder

    finder = TechniqueFinder()
    finder.model = None  # no model at all: cues and quotes only, and no classifier
    art = Article.from_text(GIVEN_TEXT, source="t.txt")
    art.meta["given_spans"] = _given(GIVEN_TEXT, ["paid traitors"])
    nlp = Pipeline(["plain", "langid", "sentences", "entities", "quotes"])
    labels = [(s.label, s.attrs["source"]) for s in finder(nlp(art)).layers["techniques"]]
    assert labels == [(MOST_FREQUENT, "given")]


def test_given_raw_offsets_are_mapped_into_the_clean_text():
    from narrascope.article import OffsetMap
    from narrascope.components.techniques import clean_offset

    # clean 0-10 <- raw 5-15, clean 10-20 <- raw 20-30 (the cleaner dropped raw 0-5 and 15-20)
    om = OffsetMap([(0, 5, 10), (10, 20, 10)])
    assert [clean_offset(om, r, 20) for r in (7, 20, 25)] == [2, 10, 15]
    assert clean_offset(om, 15, 20, end=True) == 10 and clean_offset(om, 30, 20, end=True) == 20
    assert clean_offset(om, 2, 20) == 0 and clean_offset(om, 99, 20) == 20  # dropped or past the end: nearest kept
    assert clean_offset(OffsetMap(), 7, 20) == 7  # nothing mapped: the same offset
