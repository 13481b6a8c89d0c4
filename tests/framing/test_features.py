"""Evidence features of an entity in a voice: who it is, what the page is, what governs its mentions."""
import narrascope  # noqa: F401  (hands the entity registry's lookup to the framing features)
from narrascope.framing.features import (camp_of, entity_features, evidence, identity, page_frame, page_rules,
                                         predicate_features, rule_features)


def _page(rows, pid):
    return next(r for r in rows if r["id"] == pid)["text"]


def test_debunks_and_pieces_that_speak_the_propagandas_language_are_told_apart(dev_rows):
    # EUvsDisinfo and StopFake write about propaganda; PolitNavigator writes in its loaded words.
    assert page_frame(_page(dev_rows, "dev-0002")) == "debunk"
    assert page_frame(_page(dev_rows, "dev-0039")) == "debunk"
    assert page_frame(_page(dev_rows, "dev-0045")) == "loaded"
    assert page_frame("Markets closed slightly lower on Friday in Almaty.") == "plain"


def test_one_identity_and_camp_across_spellings_and_scripts():
    assert identity("Kassym-Jomart Tokayev", "PER") == ("kz-tokayev", "KZ")
    assert identity("Russia", "LOC") == ("ru", "RU") and identity("Kremlin", "ORG")[1] == "RU"
    assert identity("Washington", "LOC")[1] == "WEST"
    # The West is in the registry: one identity across scripts, of the WEST camp.
    assert identity("the West", None) == identity("Запад", None) == identity("Батыс", None)
    assert identity("the West", None)[1] == "WEST"
    assert camp_of("CN", "China") == "OTHER" and camp_of(None, "Akimat of Astana") == "KZ"


def test_predicates_say_who_does_harm_and_who_suffers_it():
    text = "Russia attacked Ukraine in February. Ukraine was attacked again in May, and Poland helped its people."
    assert "pred:harm:agent" in predicate_features(text, [(0, 6)])
    assert "pred:harm:patient" in predicate_features(text, [(16, 23)])
    assert "pred:harm:patient" in predicate_features(text, [(37, 44)]) and "pred:harm:agent" not in \
        predicate_features(text, [(37, 44)])
    poland = text.index("Poland")
    assert predicate_features(text, [(poland, poland + 6)]) == ["pred:good:agent"]


def test_the_cue_rules_are_features_not_overrides():
    # "Bandera ... solidarity, supporters": the rules say Protagonist; the model only sees that they said so.
    rec = {"main": "Protagonist", "fine_roles": ["Virtuous"], "score": 0.42, "evidence_kind": "cue"}
    assert rule_features(rec) == ["rule:Protagonist", "rule:Protagonist|cue", "rule:Protagonist|weak",
                                  "rule:fine:Virtuous"]
    assert rule_features({"evidence_kind": "prior"}) == rule_features(None) == ["rule:none"]


def test_identity_is_crossed_with_the_voice_and_the_page():
    feats = entity_features("ua", "UA", "E3", "debunk", "LOC")
    assert {"id:ua", "camp:UA|v:quoted", "camp:UA|v:quoted|f:debunk", "id:ua|v:quoted"} <= set(feats)


def test_evidence_of_a_real_page_reads_its_rules_on_the_gold_mentions(dev_rows):
    text = _page(dev_rows, "dev-0002")
    at = text.index("Russia")
    recs = page_rules(text, "en", [("X0", [(at, at + 6)])], [(0, len(text), "author")])
    assert set(recs) == {("X0", "author")}
    feats = evidence(text, [(at, at + 6)], "author", "LOC", "Russia", recs[("X0", "author")])
    assert {"id:ru", "camp:RU|v:author|f:debunk"} <= set(feats) and any(f.startswith("rule:") for f in feats)
