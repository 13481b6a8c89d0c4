"""The calibrated stance model with abstention and the carrier analysis, on the seeds (real pages read
from ../shared) and on short texts written for these tests."""
import numpy as np
import pytest

from narrascope.article import Article
from narrascope.errors import ConfigError
from narrascope.narratives.carriers import (NAMES, PageView, carrier_features, carrier_summary, endorsed_chorus,
                                           quoted_only, side_conflict)
from narrascope.narratives.stance_model import STANCES, UNCLEAR, StanceModel, no_promotes
from narrascope.pipeline import Pipeline

PIPELINE = ["plain", "langid", "sentences", "entities", "quotes", "techniques", "narratives"]


@pytest.fixture(scope="module")
def seeds(seeds_dir):
    arts = [Article.from_text(p.read_text(encoding="utf-8"), source=p.name) for p in sorted(seeds_dir.glob("*.txt"))]
    return {a.source[:3]: {s.label: s.attrs for s in a.layers["narratives"] if s.attrs["level"] == "narrative"}
            for a in Pipeline(PIPELINE).pipe(arts)}


def test_pro_kremlin_seed_promotes_its_persecution_narrative(seeds):
    assert seeds["002"]["CA: Persecution of Russians and Russian speakers"]["stance"] == "promotes"
    assert seeds["002"]["CA: Persecution of Russians and Russian speakers"]["carrier"]["carrier"] == "author"


def test_counter_narrative_on_a_pro_kremlin_page_is_not_promoted(seeds):
    # seed 004 argues that Kazakh nationalists paint Russia as a threat: it does not push "Russia threatens Kazakhstan"
    assert seeds["004"]["CA: Russia threatens Kazakhstan"]["stance"] != "promotes"
    assert seeds["004"]["CA: Kazakh nationalism is Nazism"]["stance"] == "promotes"


def test_expert_voiced_seed_promotes(seeds):
    # seed 000 speaks through unchallenged "experts" and "analysts": the endorsed carrier is the evidence
    got = seeds["000"]["CA: Persecution of Russians and Russian speakers"]
    assert got["stance"] == "promotes"
    assert got["carrier"] == {"carrier": "unnamed source", "framing": "endorsing", "other_side": False}


def test_stance_scores_are_probabilities(seeds):
    for narratives in seeds.values():
        for attrs in narratives.values():
            assert abs(sum(attrs["stance_probs"].values()) - 1) < 1e-3
            assert attrs["stance_score"] == pytest.approx(max(attrs["stance_probs"].values()), abs=1e-3)


def _page(text, voices=None, hits=()):
    return PageView(text, "en", "", voices or [(0, len(text), "author")], [], list(hits))


def test_an_analysis_quoting_headlines_does_not_promote_the_quoted_narrative():
    text = ('Tsargrad ran the headline «Russians in Kazakhstan are hunted like animals» on Monday. '
            'The campaign follows a familiar pattern of Kremlin propaganda.')
    head = text.index("«")
    quote_end = text.index("»") + 1
    voices = [(0, head, "author"), (head, quote_end, "unknown"), (quote_end, len(text), "author")]
    page = _page(text, voices, [(text.index("Russians"), text.index("Russians") + 8,
                                 "CA: Persecution of Russians and Russian speakers")])
    label = "CA: Persecution of Russians and Russian speakers"
    f = carrier_features(page, label, [(head, quote_end)])
    assert quoted_only(f) and no_promotes(f)
    assert carrier_summary(f)["carrier"] == "quoted headline"
    # even a model that would say "promotes" cannot when nothing but the quote carries it
    model = StanceModel(("bias",), np.array([[0.0], [5.0], [0.0]]))
    assert model.decide(np.array([1.0]), quoted=True)[0] != "promotes"
    assert model.decide(np.array([1.0]), quoted=False)[0] == "promotes"


def test_experts_left_unchallenged_are_an_endorsed_carrier_and_a_rebuttal_is_not():
    label = "CA: Persecution of Russians and Russian speakers"
    pushed = ("Experts remind us that Russians in Kazakhstan are persecuted for their views. "
              "Analysts rightly note that the persecution of Russians is growing.")
    page = _page(pushed, hits=[(pushed.index("persecuted"), pushed.index("persecuted") + 10, label)])
    f = carrier_features(page, label, [(0, len(pushed))])
    assert endorsed_chorus(f) and not no_promotes(f)
    model = StanceModel(("bias",), np.array([[0.0], [0.4], [0.0]]), threshold=0.9)
    assert model.decide(np.array([1.0]), endorsed=True)[0] == "promotes"
    assert model.decide(np.array([1.0]))[0] == UNCLEAR
    refuted = ("Experts say that Russians in Kazakhstan are persecuted. This claim is false: "
               "there is no evidence of any persecution, officials and rights groups responded.")
    page = _page(refuted, hits=[(refuted.index("persecuted"), refuted.index("persecuted") + 10, label)])
    f = carrier_features(page, label, [(0, refuted.index(".") + 1)])
    assert not endorsed_chorus(f) and carrier_summary(f)["framing"] == "refuting"


def test_side_conflict_on_a_page_pushing_the_other_side():
    f = np.zeros(len(NAMES))
    f[NAMES.index("side_counter")] = 1.0
    f[NAMES.index("aligned_author")] = 2.0
    assert side_conflict(f)
    f[NAMES.index("campaign_page")] = 1.0   # the page analyses a campaign: the counter-narrative is its own
    assert not side_conflict(f)


def test_abstains_below_its_threshold():
    model = StanceModel(("bias",), np.array([[0.1], [0.3], [0.0]]), threshold=0.6)
    stance, p, probs = model.decide(np.array([1.0]))
    assert stance == UNCLEAR and p < 0.6 and set(probs) == set(STANCES)


def test_model_round_trips_through_json():
    from narrascope.narratives.stance_model import FEATURE_SETS

    names = FEATURE_SETS["carriers"]
    model = StanceModel(names, np.arange(3 * len(names), dtype=float).reshape(3, -1) / 100, 1.3, 0.55, "carriers")
    back = StanceModel.from_json(model.to_json())
    assert back.threshold == 0.55 and back.temperature == 1.3 and np.allclose(back.weights, model.weights)
    bad = {**model.to_json(), "features": list(names[:-1])}
    with pytest.raises(ConfigError) as err:
        StanceModel.from_json(bad)
    assert err.value.code == "E009" and "stance_fit" in str(err.value)


def test_shipped_model_has_a_stance_model_chosen_by_cv():
    from narrascope.components.narratives import DEFAULT_MODEL, narrative_model

    sm = narrative_model(str(DEFAULT_MODEL)).stance_model
    assert sm is not None and 0.34 <= sm.threshold <= sm.promotes_threshold < 1
    cv = sm.meta["cv"]
    assert cv["cv_accuracy"] > cv["cv_majority_accuracy"] and cv["cv_accuracy_emitted"] > cv["cv_accuracy"]
    assert cv["cv_ece_emitted"] <= 0.10 and sm.meta["max_false_promotes"] is None


def test_promotes_needs_its_own_threshold():
    from narrascope.narratives.stance_model import FEATURE_SETS

    names = FEATURE_SETS["carriers"]   # its last feature is the bias
    weights = np.zeros((3, len(names)))
    weights[STANCES.index("promotes"), -1] = 1.2
    model = StanceModel(names, weights, threshold=0.5, feature_set="carriers", promotes_threshold=0.7)
    x = np.zeros(len(names))
    x[-1] = 1.0
    stance, p, _ = model.decide(x)
    assert 0.5 <= p < 0.7 and stance == UNCLEAR
    swapped = weights[[0, 2, 1]]   # the same probability for reports-on is emitted
    assert StanceModel(names, swapped, threshold=0.5, feature_set="carriers", promotes_threshold=0.7).decide(x)[0] \
        == "reports-on"
    back = StanceModel.from_json(model.to_json())
    assert back.promotes_threshold == 0.7 and back.decide(x)[0] == model.decide(x)[0]
