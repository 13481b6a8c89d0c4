"""The trained speaker model: its ranking, the shipped model directory, abstention, the rules as fallback,
and its speakers on sentences written for these tests and on real pages read from ../shared."""
import json
import math

import pytest

from narrascope.article import Article
from narrascope.components import quotes as quotes_component
from narrascope.errors import ConfigError
from narrascope.modeldir import clear_cache, open_model
from narrascope.pipeline import Pipeline
from narrascope.quotes.speaker_model import FILE, SpeakerModel, candidate_features, entity_stats
from narrascope.quotes.attribute import quotes_in_context
from narrascope.settings import Settings

STEPS = ["plain", "langid", "sentences", "entities", "quotes"]


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline(STEPS)


def _quotes(pipeline, text):
    a = next(pipeline.pipe([Article.from_text(text, source="t")]))
    return a, [(q.attrs["speaker"], q.attrs["speaker_name"], a.text[q.start:q.end], q) for q in a.layers["quotes"]]


def test_choose_takes_the_best_candidate_with_its_softmax_probability():
    m = SpeakerModel({"cand=entity": 1.0, "said_tail": 2.0}, 0.0)
    best, p = m.choose([("E1", {"cand=entity": 1.0}), ("E2", {"cand=entity": 1.0, "said_tail": 1.0}),
                        ("anonymous", {"cand=anonymous": 1.0})])
    assert best == "E2"
    assert p == pytest.approx(1 / (1 + math.exp(-2) + math.exp(-3)))  # scores 1, 3 and 0


def test_a_weights_file_without_weights_is_a_coded_error():
    with pytest.raises(ConfigError) as err:
        SpeakerModel.from_json({"bias": 0.0})
    assert err.value.code == "E009"


def test_the_shipped_model_is_json_with_its_licence_and_no_rule_verdict_features():
    md = open_model(quotes_component.DEFAULT_MODEL, "quotes")
    assert md.manifest["feature_set"] == "cues"
    assert "train split" in md.manifest["training_data"] and "Apache-2.0" in md.manifest["training_data_licence"]
    cv = md.manifest["cross_validation"]["cues"]["chosen"]
    assert 0.0 < cv["all"] <= 1.0 and cv["en"] is not None and cv["ru"] is not None
    weights = json.loads(md.file(FILE).read_text(encoding="utf-8"))["weights"]
    assert weights and not any(k.startswith("rule") for k in weights)
    assert not list(md.path.glob("*.pkl")) and not list(md.path.glob("*.pickle"))


def test_named_speakers_after_the_quote_and_before_it(pipeline):
    text = ("The trade talks in Aktau ended on Friday.\n\n“We will not accept these terms under any circumstances,” "
            "said Aigerim Sadykova, the head of the trade committee.\n\n"
            "Timur Zhaksylykov told reporters that the border crossings would reopen next month.")
    _, found = _quotes(pipeline, text)
    by_start = {t[:12]: (spk, name) for spk, name, t, _ in found}
    assert by_start["We will not "][1] == "Aigerim Sadykova"
    assert by_start["the border c"][1] == "Timur Zhaksylykov"


def test_an_unnamed_group_is_anonymous_and_nobody_is_invented(pipeline):
    text = ("Аналитики из Алматы считают, что цены на бензин вырастут до конца года.\n\n"
            "Министр энергетики Канат Бозумбаев заявил, что дефицита топлива не будет.")
    a, found = _quotes(pipeline, text)
    first = next(f for f in found if f[2].startswith("цены на бензин"))
    assert first[0] == "anonymous"
    assert next(f for f in found if f[2].startswith("дефицита"))[1] == "Канат Бозумбаев"
    entities = set(a.meta["entities"])
    assert all(spk in entities or spk in ("anonymous", "unknown") for spk, *_ in found)


def test_a_quote_whose_text_names_nobody_gets_no_guessed_speaker(pipeline):
    text = ("The river has been shrinking for a decade.\n\n"
            "“The water will not wait for our decisions, and neither will the farmers downstream who need it.”")
    _, found = _quotes(pipeline, text)
    assert found and all(spk == "unknown" for spk, *_ in found)


def test_model_scores_are_probabilities_and_overruled_rules_are_kept(pipeline):
    text = ("“The pipeline is safe and fully operational,” the company said in a statement on Monday.\n\n"
            "Analysts say that the outage may last for weeks.")
    _, found = _quotes(pipeline, text)
    for *_, span in found:
        assert 0.0 < span.score <= 1.0
        assert span.attrs["speaker_model"] is True
        if "rules_speaker" in span.attrs:
            assert span.attrs["rules_speaker"] != span.attrs["speaker"]


def test_without_a_model_the_rules_decide(monkeypatch, tmp_path):
    clear_cache()
    monkeypatch.setattr(quotes_component, "DEFAULT_MODEL", tmp_path / "no-model")
    finder = quotes_component.QuoteFinder(Settings())
    assert finder.model is None
    art = next(Pipeline(["plain", "langid", "sentences", "entities"]).pipe(
        [Article.from_text("Experts say that the plan will fail before the winter.", source="t")]))
    spans = finder(art).layers["quotes"].spans
    assert spans and spans[0].attrs["speaker"] == "anonymous" and "speaker_model" not in spans[0].attrs
    clear_cache()


def test_candidates_hold_every_named_entity_near_the_quote_and_the_two_unnamed_answers(pipeline):
    text = "Officials met in Astana.\n\n“The corridor will open in May,” said Roman Sklyar, the deputy prime minister."
    art = next(Pipeline(["plain", "langid", "sentences", "entities"]).pipe([Article.from_text(text, source="t")]))
    ctx, found = quotes_in_context(art.text, [(p.start, p.end) for p in art.layers["paragraphs"]],
                                   [(s.start, s.end) for s in art.layers["sentences"]], quotes_component.entity_refs(art))
    q = found[0]
    cands = candidate_features(ctx, q.start, q.end, q.kind, "en", (q.speaker, q.resolution, q.score), entity_stats(ctx))
    names = {name for _, name, _ in cands}
    assert "Roman Sklyar" in names and {c for c, _, _ in cands} >= {"anonymous", "unknown"}
    sklyar = next(f for _, name, f in cands if name == "Roman Sklyar")
    assert sklyar["side=after"] == 1.0 and sklyar["said_tail"] == 1.0 and sklyar["said_any"] == 1.0


def test_real_pages_get_entity_or_unnamed_speakers_deterministically(dev_rows, pipeline):
    rows = [r for r in dev_rows if r["language"] in ("en", "ru")][:6]
    arts = [Article.from_text(r["text"][:6000], source=r["id"]) for r in rows]
    first = list(pipeline.pipe(arts))
    again = list(Pipeline(STEPS).pipe([Article.from_text(r["text"][:6000], source=r["id"]) for r in rows]))
    total = 0
    for a, b in zip(first, again):
        entities = set(a.meta["entities"])
        for q in a.layers["quotes"]:
            total += 1
            assert q.attrs["speaker"] in entities or q.attrs["speaker"] in ("anonymous", "unknown")
        assert [(q.start, q.attrs["speaker"]) for q in a.layers["quotes"]] == \
            [(q.start, q.attrs["speaker"]) for q in b.layers["quotes"]]
    assert total > 0


def test_a_clause_after_said_that_is_reported_speech_even_when_its_subject_names_nobody(pipeline):
    text = ("Several anonymous channels on the messenger said that the new bridge was paid for by a foreign fund.\n\n"
            "The ministry did not comment.")
    _, found = _quotes(pipeline, text)
    hit = [f for f in found if f[2].startswith("the new bridge was paid for")]
    assert hit and hit[0][3].label == "indirect"
    assert hit[0][0] in ("anonymous", "unknown")  # nobody is named: no entity is guessed
