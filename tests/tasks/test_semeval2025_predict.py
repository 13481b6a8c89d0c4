"""SemEval-2025 predictions from the layers future components will write (hand-made articles)."""
from narrascope.article import Article, OffsetMap, Span
from narrascope.tasks import semeval2025 as se
from narrascope.tasks.semeval2025_format import Mention, format_text
from narrascope.tasks.registry import NotAvailable, TaskDocument

CCM = "CC: Criticism of climate movement"
EU = "CC: Criticism of institutions and authorities"


def _article(raw, clean=None, segments=None):
    art = Article.from_text(raw, source="test")
    art.text = raw if clean is None else clean
    art.offset_map = OffsetMap(segments) if segments else OffsetMap.identity(len(raw))
    return art


def _narr(label, level, dominant=False):
    return Span(0, 1, label, attrs={"level": level, "dominant": dominant})


def test_without_layers_every_subtask_is_not_available():
    doc = TaskDocument("a.txt", "text")
    arts = {"a.txt": _article("text")}
    for subtask, component in ((1, "framing"), (2, "narratives"), (3, "narratives")):
        out = se.predict(arts, [doc], subtask)
        assert isinstance(out, NotAvailable) and out.component == component


def test_st2_labels_from_the_narratives_layer():
    art = _article("Activists are alarmist.")
    art.add_layer("narratives", [
        _narr(f"{CCM}: Climate movement is alarmist", "subnarrative"),
        _narr(CCM, "narrative", dominant=True),
        _narr(f"{CCM}: Climate movement is alarmist", "subnarrative"),  # listed once
        _narr(EU, "narrative"),  # no subnarrative -> "<EU>: Other"
    ], "narratives", "0")
    empty = _article("Olive harvest.")
    empty.add_layer("narratives", [], "narratives", "0")
    docs = [TaskDocument("b.txt", "Olive harvest."), TaskDocument("a.txt", "Activists are alarmist."),
            TaskDocument("c.txt", "no article")]
    stats = {}
    rows = se.predict({"a.txt": art, "b.txt": empty}, docs, 2, stats=stats)
    # c.txt has no article (it failed): it still gets its row, Other/Other, counted as a fallback.
    assert format_text(rows) == (
        "b.txt\tOther\tOther\n"
        f"a.txt\t{CCM};{EU}\t{CCM}: Climate movement is alarmist;{EU}: Other\n"
        "c.txt\tOther\tOther\n")
    assert stats == {"fallback_rows": 1}


def test_st2_a_subnarrative_brings_its_narrative():
    art = _article("x")
    art.add_layer("narratives", [_narr("URW: Discrediting the West, Diplomacy: The EU is divided", "subnarrative")],
                  "narratives", "0")
    assert se.narrative_labels(art) == (["URW: Discrediting the West, Diplomacy"],
                                        ["URW: Discrediting the West, Diplomacy: The EU is divided"])


def test_st3_dominant_labels_and_80_word_explanation():
    art = _article("Activists are alarmist.")
    art.add_layer("narratives", [_narr(CCM, "narrative", True), _narr(EU, "narrative")], "narratives", "0")
    art.meta["narrative_explanation"] = " ".join(f"w{i}" for i in range(100))
    other = _article("Olive harvest.")
    other.add_layer("narratives", [], "narratives", "0")
    other.meta["narrative_explanation"] = "Nothing to explain."
    rows = se.predict({"a.txt": art, "b.txt": other}, None, 3)
    a, b = rows
    assert (a.article_id, a.dominant_narrative, a.dominant_subnarrative) == ("a.txt", CCM, f"{CCM}: Other")
    assert len(a.explanation.split()) == 80 and a.explanation.endswith("w79")
    assert (b.dominant_narrative, b.dominant_subnarrative, b.explanation) == ("Other", "Other", "Nothing to explain.")


def test_st1_framing_spans_become_rows_with_inclusive_ends():
    raw = "Critics say NATO provoked Zelensky"
    art = _article(raw)
    art.add_layer("framing", [
        Span(12, 16, "Antagonist", attrs={"fine_roles": ["Instigator", "Foreign Adversary"]}),
        Span(26, 34, "Antagonist", attrs={"fine_roles": ["Deceiver"]}),  # ends at the last character
    ], "framing", "0")
    mentions = [Mention("a.txt", "Zelensky", 26, 33), Mention("a.txt", "NATO", 12, 15),
                Mention("a.txt", "Critics", 0, 6)]  # no span -> the fallback role, no fine role
    stats = {}
    rows = se.predict({"a.txt": art}, [TaskDocument("a.txt", raw, extra={"mentions": mentions})], 1, stats=stats)
    assert format_text(rows) == ("a.txt\tZelensky\t26\t33\tAntagonist\tDeceiver\n"
                                 "a.txt\tNATO\t12\t15\tAntagonist\tInstigator\tForeign Adversary\n"
                                 "a.txt\tCritics\t0\t6\tAntagonist\n")
    assert stats == {"fallback_rows": 1}
    rows.rows.pop()  # scored on the two mentions gold has
    gold = [Mention("a.txt", "NATO", 12, 15, "Antagonist", ["Foreign Adversary", "Instigator"]),
            Mention("a.txt", "Zelensky", 26, 33, "Antagonist", ["Deceiver"])]
    assert se.score(gold, rows, 1)["emr"] == 1.0


def test_st1_maps_clean_offsets_to_raw_ones():
    raw, clean = "  Hello NATO", "Hello NATO"
    art = _article(raw, clean, segments=[(0, 2, 10)])
    art.add_layer("framing", [Span(6, 10, "Antagonist", attrs={"fine_roles": ["Spy"]})], "framing", "0")
    doc = TaskDocument("a.txt", raw, extra={"mentions": [Mention("a.txt", "NATO", 8, 11)]})
    (row,) = se.predict({"a.txt": art}, [doc], 1)
    assert (row.start, row.end, row.fine_roles) == (8, 11, ["Spy"]) and raw[row.start:row.end + 1] == "NATO"
    # Without a mention list (export from a store: the document is the clean text), one row per span.
    (row,) = se.predict({"a.txt": art}, [TaskDocument("a.txt", clean)], 1)
    assert (row.text, row.start, row.end) == ("NATO", 6, 9)


def test_st2_keeps_only_the_semeval_inventory():
    art = _article("Language patrols hound Russian speakers.")
    art.add_layer("narratives", [_narr("CA: Kazakh nationalism is Nazism", "narrative", True),
                                 _narr("CA: Kazakh nationalism is Nazism: Other", "subnarrative"),
                                 _narr("URW: Russia is the Victim: The West is russophobic", "subnarrative")],
                  "narratives", "0")
    only_ca = _article("x")
    only_ca.add_layer("narratives", [_narr("CA: Kazakh nationalism is Nazism", "narrative", True)], "narratives", "0")
    rows = se.predict({"a.txt": art, "b.txt": only_ca}, [TaskDocument("a.txt", "a"), TaskDocument("b.txt", "b")], 2)
    assert format_text(rows) == ("a.txt\tURW: Russia is the Victim\tURW: Russia is the Victim: The West is russophobic\n"
                                 "b.txt\tOther\tOther\n")
    (row,) = se.predict({"b.txt": only_ca}, None, 3)  # a CA dominant label is not the task's: Other
    assert (row.dominant_narrative, row.dominant_subnarrative) == ("Other", "Other") and row.explanation == "x"


def test_st3_rows_carry_the_given_labels_and_explain_each_document():
    given = (CCM, f"{CCM}: Climate movement is alarmist")
    text = "Snow fell on the capital. Climate activists are alarmist and their movement spreads panic."
    explained = _article(text)
    explained.add_layer("narratives", [], "narratives", "0")
    explained.meta["dominant_narrative"] = {"label": CCM, "given": True}
    explained.meta["narrative_explanation"] = "Climate activists are alarmist and their movement spreads panic."
    own_label = _article(text)  # explained its own label, not the given one
    own_label.add_layer("narratives", [_narr(EU, "narrative", True)], "narratives", "0")
    own_label.meta["dominant_narrative"] = {"label": EU}
    own_label.meta["narrative_explanation"] = "Snow fell on the capital."
    docs = [TaskDocument(name, text, extra={"dominant": given}) for name in ("a.txt", "b.txt", "c.txt")]
    stats = {}
    rows = se.predict({"a.txt": explained, "b.txt": own_label}, docs, 3, stats=stats)  # c.txt: no article
    assert [(r.article_id, r.dominant_narrative, r.dominant_subnarrative) for r in rows] == [
        (name, *given) for name in ("a.txt", "b.txt", "c.txt")]
    assert rows[0].explanation == "Climate activists are alarmist and their movement spreads panic."
    # b and c: the sentence sharing the given label's words, by the fallback
    assert rows[1].explanation == rows[2].explanation == "Climate activists are alarmist and their movement spreads panic."
    assert stats == {"fallback_rows": 2}


def test_fallback_explanation_is_the_lead_when_no_word_matches_and_stops_at_80_words():
    text = "First sentence here. " + " ".join(f"w{i}" for i in range(200)) + "."
    assert se.fallback_explanation(text, "URW: Praise of Russia").startswith("First sentence here. w0")
    assert len(se.fallback_explanation(text, "URW: Praise of Russia").split()) == 80


def test_st1_a_mention_takes_the_span_overlapping_it_most():
    raw = "The United States and its allies"
    art = _article(raw)
    art.add_layer("framing", [Span(0, 17, "Protagonist", attrs={"fine_roles": ["Guardian"]}),
                              Span(14, 32, "Antagonist", attrs={"fine_roles": ["Instigator"]})], "framing", "0")
    mentions = [Mention("a.txt", "United States", 4, 16), Mention("a.txt", "allies", 26, 31)]
    stats = {}
    rows = se.predict({"a.txt": art}, [TaskDocument("a.txt", raw, extra={"mentions": mentions})], 1, stats=stats)
    assert [(r.text, r.main_role, r.fine_roles) for r in rows] == [("United States", "Protagonist", ["Guardian"]),
                                                                   ("allies", "Antagonist", ["Instigator"])]
    assert stats == {}
