"""The rule framer on written sentences: cue targets, one role per entity and voice, honest priors."""
import re

from narrascope.framing.rules import PRIOR_SCORE, frame_entities


def _frame(text, names, lang="en", voices=None):
    mentions = [(m.start(), m.end(), eid) for name, eid in names.items() for m in re.finditer(re.escape(name), text)]
    sentences = [(m.start(), m.end()) for m in re.finditer(r"\S[^.!?]*[.!?]*", text)]
    voices = voices or [(0, len(text), "author")]
    recs = frame_entities(text, lang, sorted(mentions), voices, sentences, {v: k for k, v in names.items()},
                          [(0, len(text))])
    return {(r["entity"], r["voice"]): r for r in recs}


def test_russophobia_makes_russia_the_victim_not_the_bigot():
    text = "Activists in Almaty accused the officials of open Russophobia towards Russia and its citizens."
    got = _frame(text, {"Almaty": "E1", "Russia": "E2"})
    assert got[("E2", "author")]["main"] == "Innocent" and "Victim" in got[("E2", "author")]["fine_roles"]
    assert "Bigot" not in got[("E2", "author")]["fine_roles"]


def test_aggression_against_a_country_makes_it_the_victim():
    text = "The Kremlin continued its aggression against Ukraine this spring."
    got = _frame(text, {"Kremlin": "E1", "Ukraine": "E2"})
    assert got[("E1", "author")]["main"] == "Antagonist"
    assert got[("E2", "author")]["main"] == "Innocent"


def test_liberated_regions_do_not_make_their_people_guardians():
    text = "Troops entered the liberated regions of Ukraine in March."
    got = _frame(text, {"Ukraine": "E1"})
    assert "Guardian" not in got[("E1", "author")]["fine_roles"]


def test_every_entity_in_every_voice_gets_a_role_and_a_prior_says_so():
    text = "Tokayev visited Astana on Monday. “Putin spreads propaganda and lies about us,” Tokayev said."
    q0, q1 = text.index("“") + 1, text.index("”")
    voices = [(0, q0, "author"), (q0, q1, "E1"), (q1, len(text), "author")]
    got = _frame(text, {"Tokayev": "E1", "Astana": "E2", "Putin": "E3"}, voices=voices)
    assert set(got) == {("E1", "author"), ("E2", "author"), ("E3", "E1")}
    assert got[("E3", "E1")]["main"] == "Antagonist" and "Deceiver" in got[("E3", "E1")]["fine_roles"]
    assert got[("E3", "E1")]["evidence_kind"] == "cue" and got[("E3", "E1")]["score"] > PRIOR_SCORE
    prior = got[("E2", "author")]
    assert prior["evidence_kind"] == "prior" and prior["score"] <= PRIOR_SCORE and prior["cues"] == []
