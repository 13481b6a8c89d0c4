from narrascope.techniques.combine import Found, merge_overlapping


def test_overlapping_findings_of_one_technique_become_one_span():
    text = 'Analysts call the decision clearly “anti-Russian” and hostile.'
    s = text.index("“anti-Russian”")
    cue = Found(s + 1, s + 13, "Loaded_Language", 0.6, "lexicon", {"cue": "anti-russian"})
    quotes = Found(s, s + 14, "Loaded_Language", 0.45, "scare_quotes", {"cue": "“anti-Russian”"})
    other = Found(s + 1, s + 13, "Name_Calling-Labeling", 0.7, "lexicon", {"cue": "anti-russian"})
    later = Found(text.index("hostile"), len(text) - 1, "Loaded_Language", 0.6, "lexicon", {"cue": "hostile"})
    out = merge_overlapping([quotes, cue, other, later])
    loaded = [f for f in out if f.label == "Loaded_Language"]
    assert [text[f.start:f.end] for f in loaded] == ["“anti-Russian”", "hostile"]
    assert loaded[0].score == 0.6 and loaded[0].source == "lexicon"          # the best finding leads
    assert loaded[0].attrs["sources"] == ["lexicon", "scare_quotes"]
    assert loaded[0].attrs["cues"] == ["“anti-Russian”", "anti-russian"]
    assert "sources" not in loaded[1].attrs
    assert [f.label for f in out if f.start == s + 1] == ["Name_Calling-Labeling"]  # other techniques stay
