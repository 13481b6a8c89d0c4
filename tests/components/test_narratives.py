"""The narratives component on the real seeds, with the shipped model: pro-Kremlin seeds carry
Central Asia narratives promoted by the author, and every label carries its evidence."""
import json

CA_PERSECUTION = "CA: Persecution of Russians and Russian speakers"


def _coarse(article):
    return {s.label: s for s in article.layers["narratives"] if s.attrs["level"] == "narrative"}


def test_seed_000_carries_the_persecution_narrative(seeds_analysed):
    # The narrative sits in the voices of unchallenged "experts" and "analysts": the carrier analysis
    # reads that as an endorsed carrier, so the author promotes it (issue 14).
    coarse = _coarse(seeds_analysed["000"])
    assert CA_PERSECUTION in coarse, sorted(coarse)
    assert coarse[CA_PERSECUTION].score >= 0.5
    assert coarse[CA_PERSECUTION].attrs["stance"] == "promotes"


def test_pro_kremlin_seeds_promote_their_central_asia_narratives(seeds_analysed):
    for key in ("002", "004"):
        art = seeds_analysed[key]
        ca = {name: s for name, s in _coarse(art).items() if name.startswith("CA: ")}
        assert "CA: Kazakh nationalism is Nazism" in ca, (key, sorted(ca))
        dominant = art.meta["dominant_narrative"]["label"]
        assert dominant.startswith("CA: ") and ca[dominant].attrs["stance"] == "promotes", (key, dominant)


def test_every_label_carries_evidence_score_version_and_voice(seeds_analysed):
    for art in seeds_analysed.values():
        layer = art.layers["narratives"]
        assert layer.component == "narratives" and layer.version
        for s in layer:
            assert 0.0 <= s.score <= 1.0
            assert s.attrs["evidence"] and len(s.attrs["evidence"]) == len(s.attrs["voices"])
            for start, end in s.attrs["evidence"]:
                assert 0 <= start < end <= len(art.text)
            # "unclear": the calibrated stance model abstained (issue 14); its probabilities are still given
            assert s.attrs["stance"] in {"promotes", "reports-on", "counters", "unclear"}
            assert set(s.attrs["stance_probs"]) == {"promotes", "reports-on", "counters"}
            if s.attrs["level"] == "subnarrative":
                assert s.label.startswith(s.attrs["parent"] + ": ")


def test_dominant_narrative_and_explanation(seeds_analysed):
    art = seeds_analysed["000"]
    dominant = art.meta["dominant_narrative"]
    assert dominant["label"] in _coarse(art)
    words = art.meta["narrative_explanation"].split()
    assert 10 <= len(words) <= 80
    # Extractive: the explanation's words come from the article's evidence sentences.
    assert all(w in art.text for w in words[:10])
    json.dumps(art.to_dict())  # everything is JSON-serialisable for `show` and the store


def test_a_neutral_text_gets_no_narrative():
    from narrascope.article import Article
    from narrascope.pipeline import Pipeline

    text = ("The Almaty city council approved the budget for new bus lanes on Tuesday. The work starts in "
            "April and will take two years, the mayor's office said. Residents can comment on the plan online.")
    art = Pipeline()(Article.from_text(text, source="neutral.txt"))
    assert _coarse(art) == {}
    assert "dominant_narrative" not in art.meta


def test_odd_inputs_do_not_break_the_component():
    from narrascope.article import Article
    from narrascope.pipeline import Pipeline

    nlp = Pipeline()
    tiny = nlp(Article.from_text("Ok.", source="tiny.txt"))
    assert [e.code for e in tiny.errors] == ["E108"]  # a clear record, not a crash further down
    german = nlp(Article.from_text("Die Regierung in Astana hat am Montag neue Regeln für den Getreideexport "
                                   "beschlossen. Händler begrüßten die Entscheidung.", source="de.txt"))
    assert not [e for e in german.errors if e.level == "error"] and "narratives" in german.layers
    long_text = ("Language patrols hound Russian speakers in Kazakhstan, the deputy said. " * 400).strip()
    big = nlp(Article.from_text(long_text, source="long.txt"))
    assert "CA: Persecution of Russians and Russian speakers" in _coarse(big)
