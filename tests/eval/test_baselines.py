"""Baselines beside every score: trivial and trained baselines, fitted on the training split only, and a model
that does not beat them reported as "not ahead". Small samples written for these tests; each runs in seconds."""
import json
from pathlib import Path

import pytest

from narrascope import pipeline as pipeline_module
from narrascope.errors import ConfigError
from narrascope.eval import evaluate, evaluation
from narrascope.eval.baselines import attach, format_baselines
from narrascope.eval.baselines.learn import MultiLabel, TokenTagger
from narrascope.pipeline import Component, component

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_verdicts_name_the_baseline_the_model_does_not_beat():
    base = {"trivial": {"name": "Other for all", "all": {"a": 0.27, "b": 0.27, "c": 0.50, "d": 0.10}},
            "trained": {"name": "tf-idf + logreg", "all": {"a": 0.60, "b": 0.60, "c": 0.40}}}
    result = attach({"all": {"a": 0.62, "b": 0.70, "c": 0.45, "d": 0.30}}, base, ("all.a", "all.b", "all.c", "all.d"))
    v = result["verdict"]
    assert v["all.a"] == "not ahead of trained (tf-idf + logreg) (margin +0.020 < 0.05)"
    assert v["all.b"] == "ahead"
    assert v["all.c"] == "not ahead of trivial (Other for all) (margin -0.050 <= 0)"  # beats trained, not trivial
    assert v["all.d"] == "ahead of trivial (Other for all); no trained baseline"
    assert result["margins"]["all.a"] == {"trivial": 0.35, "trained": 0.02}
    table = format_baselines(result)
    line = next(l for l in table.splitlines() if "all.a" in l)
    assert "model 0.620 | trivial (Other for all) 0.270 | trained (tf-idf + logreg) 0.600 | +0.020 NOT AHEAD" in line
    assert "NOT AHEAD OF TRIVIAL" in next(l for l in table.splitlines() if "all.c" in l)
    assert next(l for l in table.splitlines() if "all.b" in l).endswith("+0.100 ahead")


def test_trained_baselines_learn_from_their_training_texts():
    train = [f"{w} report number {i}" for i in range(6) for w in ("sabotage", "harvest")]
    labels = [{"threat"} if t.startswith("sabotage") else set() for t in train]
    model = MultiLabel().fit(train, labels)
    assert model.predict(["new sabotage near the border", "a record harvest this autumn"]) == [{"threat"}, set()]
    texts = [f"They call it {w} again and again" for w in ("treason", "weather") * 6]
    spans = [[(t.index("treason"), t.index("treason") + 7)] if "treason" in t else [] for t in texts]
    tagger = TokenTagger().fit(texts, spans)
    text = "Critics call it treason today"
    assert tagger.predict([text]) == [[(16, 23)]]


def _corpus(tmp_path, pages: dict[str, str]) -> Path:
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps({"id": i, "language": "en", "text": t}) + "\n" for i, t in pages.items()),
                    encoding="utf-8")
    return path


def test_techniques_trained_baseline_fits_the_train_pages_only(tmp_path):
    """Train pages label "total disaster" Loaded_Language; the test page labels it Exaggeration-Minimisation.
    Fitted on the train split, the baseline finds the span (span F1 > 0) with the train label (labelled F1 0)."""
    sent = "The new reform is a total disaster for farmers."
    filler = ["The ministry published the budget on Monday.", "Rain is expected in the north this week.",
              "The council meets again in June.", "Officials visited two schools in the region."]
    pages, rows = {}, []
    for i in range(6):
        text = " ".join([filler[i % 4], sent, filler[(i + 1) % 4], filler[(i + 2) % 4]])
        pages[f"tr{i}"] = text
        s = text.index("total disaster")
        rows.append({"id": f"tr{i}", "split": "train", "language": "en", "body": [[0, len(text)]],
                     "spans": [{"start": s, "end": s + 14, "technique": "Loaded_Language"}]})
    test_text = " ".join([filler[3], sent, filler[0]])
    pages["te0"] = test_text
    s = test_text.index("total disaster")
    rows.append({"id": "te0", "split": "test", "language": "en", "body": [[0, len(test_text)]],
                 "spans": [{"start": s, "end": s + 14, "technique": "Exaggeration-Minimisation"}]})
    annotations = tmp_path / "techniques.jsonl"
    annotations.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = evaluate("techniques", data=_corpus(tmp_path, pages), annotations=annotations, split="test")
    trivial, trained = result["baselines"]["trivial"], result["baselines"]["trained"]
    assert trivial["name"] == "every sentence is Loaded_Language"
    assert "6 train pages" in trained["name"]
    assert trained["all"]["span"]["f1"] > 0.3 and trained["all"]["span_labelled"]["f1"] == 0.0
    assert set(result["verdict"]) == {"all.span_labelled.f1", "all.span.f1"}
    assert "baselines (model | trivial | trained" in evaluation("techniques").format(result)


def _unlp(folder: Path, posts: list[tuple[str, str]], labels: bool = True) -> Path:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    folder.mkdir()
    cols = {"id": [i for i, _ in posts], "content": [t for _, t in posts], "lang": ["uk"] * len(posts)}
    if labels:
        cols["techniques"] = [["loaded_language"] if "зрадники" in t else [] for _, t in posts]
        cols["trigger_words"] = [[[t.index("зрадники"), t.index("зрадники") + 8]] if "зрадники" in t else []
                                 for _, t in posts]
        cols["manipulative"] = [bool(x) for x in cols["techniques"]]
    pq.write_table(pa.table(cols), folder / "train.parquet")
    return folder


_TOPICS = ["Депутати у Києві", "Мери міст", "Посадовці з Одеси", "Чиновники з Харкова", "Сусіди у Львові",
           "Вчителі на Подолі"]
TRAIN_POSTS = [(f"t{i}", f"{topic} — {'це зрадники, кажуть люди' if (i + i // 6) % 2 else 'відкрили новий міст вчасно'}.")
               for i, topic in enumerate(_TOPICS * 2)]
TEST_POSTS = [("e1", "Посадовці з Києва — це зрадники, кажуть у місті."), ("e2", "Мери міст відкрили новий міст вчасно."),
              ("e3", "Ці чиновники — зрадники, кажуть люди."), ("e4", "Вчителі з Одеси відкрили новий міст.")]


def test_shared_task_trained_baseline_uses_train_data_or_says_it_cross_validated(tmp_path):
    data = _unlp(tmp_path / "test", TEST_POSTS)
    train = _unlp(tmp_path / "train", TRAIN_POSTS)
    result = evaluate("unlp2025", data=data, split="all", subtask=1, train_data=train, out=tmp_path / "out")
    trained = result["baselines"]["trained"]
    assert trained["source"] == "fitted on --train-data (12 documents)"
    assert trained["micro_f1"] == 1.0  # the training labels make the answer known
    assert result["baselines"]["trivial"]["name"] == "most frequent technique for every post: loaded_language"
    saved = json.loads((tmp_path / "out" / "scores.json").read_text(encoding="utf-8"))
    assert saved["baselines"]["trained"]["micro_f1"] == 1.0 and set(saved["verdict"]) == {"macro_f1", "micro_f1"}
    spans = evaluate("unlp2025", data=data, split="all", subtask=2, train_data=train)["baselines"]
    assert spans["trained"]["token_f1"] == 1.0 and spans["trivial"]["name"] in ("no spans", "every token is a span")
    cv = evaluate("unlp2025", data=data, split="all", subtask=1)["baselines"]["trained"]
    assert cv["source"].startswith("5-fold CV on the evaluated data; pass --train-data")
    with pytest.raises(ConfigError) as err:
        evaluate("unlp2025", data=data, split="all", train_data=_unlp(tmp_path / "nolabels", TRAIN_POSTS, False))
    assert err.value.code == "E035" and "--train-data" in str(err.value)


def test_a_model_no_better_than_other_for_all_is_reported_not_ahead(tmp_path):
    """A stand-in narratives component that finds nothing writes "Other" for every document: the trivial
    baseline exactly, so the verdict must say it is not ahead, in scores.json and in the printed table."""
    real = pipeline_module.registered()["narratives"]

    @component("narratives", requires=("text",), assigns=("layers.narratives",), version="test")
    class Nothing(Component):
        def __call__(self, article):
            article.add_layer("narratives", [], self.name, self.version)
            return article

    try:
        result = evaluate("semeval2025", data=FIXTURES / "semeval2025", lang="en", subtask=2, out=tmp_path)
    finally:
        pipeline_module._REGISTRY["narratives"] = real
    assert result["baselines"]["trivial"]["name"] == "Other for all"
    assert result["scores"]["f1_coarse"] == result["baselines"]["trivial"]["f1_coarse"]
    assert result["verdict"]["f1_coarse"].startswith("not ahead of trivial (Other for all)")
    saved = json.loads((tmp_path / "scores.json").read_text(encoding="utf-8"))
    assert saved["verdict"] == result["verdict"] and "margins" in saved and "verdict" not in saved["details"]
    assert "NOT AHEAD OF TRIVIAL" in evaluation("semeval2025").format(result)
