"""Stance rules on short texts written for the test: the same narrative, three treatments."""
from narrascope.narratives.stance import judge


def _judge(text, evidence_sentence, voices=None, lang="en"):
    s = text.index(evidence_sentence)
    return judge(text, lang, [(s, s + len(evidence_sentence))], voices or [(0, len(text), "author")], [])


def test_author_asserting_is_promotes():
    text = "Kazakhstan's Russophobes are hounding Russian speakers. Language patrols humiliate people daily."
    assert _judge(text, "Language patrols humiliate people daily.").stance == "promotes"


def test_fact_check_is_counters():
    text = ("Claim: language patrols hunt Russian speakers in Kazakhstan. This is false: there is no evidence "
            "of any campaign, and the videos were staged. The fake spread on pro-Kremlin channels.")
    r = _judge(text, "Claim: language patrols hunt Russian speakers in Kazakhstan.")
    assert r.stance == "counters" and r.cues


def test_quoted_with_distance_is_reports_on():
    quote = "“Russians are persecuted in Kazakhstan,” the deputy said."
    text = ("Pro-Kremlin media stepped up their campaign this week. " + quote +
            " State media repeated the claim, analysts noted.")
    s = text.index(quote)
    voices = [(0, s, "author"), (s, s + len(quote), "deputy"), (s + len(quote), len(text), "author")]
    assert _judge(text, quote, voices).stance == "reports-on"


def test_quoted_and_unchallenged_is_promotes():
    quote = "“Russians are persecuted in Kazakhstan,” the expert said."
    text = "The situation is getting worse. " + quote + " The expert added that Moscow must act."
    s = text.index(quote)
    voices = [(0, s, "author"), (s, s + len(quote), "expert"), (s + len(quote), len(text), "author")]
    assert _judge(text, quote, voices).stance == "promotes"


def test_russian_refutation_is_counters():
    text = ("В соцсетях распространяют фейк о том, что в Казахстане преследуют русскоязычных. "
            "Это ложь: никаких доказательств нет.")
    assert _judge(text, "В соцсетях распространяют фейк о том, что в Казахстане преследуют русскоязычных.",
                  lang="ru").stance == "counters"


def test_narratives_own_cues_do_not_count_as_distance():
    text = "Kremlin propaganda targets Kazakhstan again with a new campaign."
    own = [(0, len("Kremlin propaganda"))]
    r = judge(text, "en", [(0, len(text))], [(0, len(text), "author")], own)
    assert r.stance in {"promotes", "reports-on"} and all(c[0] >= own[0][1] for c in r.cues)
