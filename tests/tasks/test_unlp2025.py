"""UNLP 2025: parquet reader, held-out split, CSV predictions, macro-F1 and token-level F1."""
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

from narrascope.article import Article, Span
from narrascope.errors import ConfigError
from narrascope.tasks import unlp2025 as un
from narrascope.tasks.registry import _TASKS, NotAvailable

pa = pytest.importorskip("pyarrow")
import pyarrow.parquet as pq  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT.parent / "shared" / "data" / "unlp2025" / "train.parquet"
HEADER = "id," + ",".join(un.TECHNIQUES) + "\n"


def _write(tmp_path, rows):
    cols = {k: [r[k] for r in rows] for k in ("id", "content", "lang", "manipulative", "techniques", "trigger_words")}
    pq.write_table(pa.table(cols), tmp_path / "train.parquet")
    return tmp_path


@pytest.fixture
def tiny(tmp_path):
    split = un.load_split()
    t1, t2, tr = split["test"][0], split["test"][1], split["train"][0]  # real ids, synthetic texts
    return _write(tmp_path, [
        {"id": t1, "content": "Вони знову брешуть, як завжди.", "lang": "uk", "manipulative": True,
         "techniques": ["loaded_language"], "trigger_words": [[5, 18]]},
        {"id": t2, "content": "Сьогодні сонячно.", "lang": "ru", "manipulative": False,
         "techniques": None, "trigger_words": None},
        {"id": tr, "content": "Це кінець!", "lang": "uk", "manipulative": True,
         "techniques": ["fud"], "trigger_words": [[3, 12]]},  # past the end (10 chars), as in the data
    ]), (t1, t2, tr)


def test_registered_with_the_stated_interface():
    task = _TASKS["unlp2025"]
    assert task.subtasks == (1, 2) and task.default_subtask == 1
    assert task.needs == {1: "techniques", 2: "techniques"}
    assert task.prediction_file(2) == "predictions-subtask-2.csv"
    assert len(un.TECHNIQUES) == 10 and set(un.TO_SEMEVAL2023) <= set(un.TECHNIQUES)


def test_reader_splits_and_languages(tiny):
    folder, (t1, t2, tr) = tiny
    assert [d.doc_id for d in un.read_documents(folder)] == [t1, t2]  # default: held-out test posts
    assert [d.doc_id for d in un.read_documents(folder, split="train")] == [tr]
    assert [d.doc_id for d in un.read_documents(folder, lang="RU", split="all")] == [t2]
    gold = un.read_gold(folder, split="all")
    assert gold[t2] == {"techniques": [], "trigger_words": [], "text": "Сьогодні сонячно.", "lang": "ru"}
    assert gold[tr]["trigger_words"] == [[3, 12]]


def test_missing_pyarrow_says_how_to_install(tiny, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(ConfigError) as e:
        un.read_documents(tiny[0])
    assert e.value.code == "E011" and "pip install pyarrow" in str(e.value)


def test_errors_are_coded(tmp_path):
    with pytest.raises(ConfigError) as e:
        un.read_documents(tmp_path)
    assert e.value.code == "E008"
    with pytest.raises(ConfigError) as e:
        un.score({}, {}, 3)
    assert e.value.code == "E006"


@pytest.mark.parametrize("subtask,text", [
    (1, HEADER + "b,0,0,0,0,0,1,0,0,0,1\na,0,0,0,0,0,1,0,0,0,0\n"),
    (2, 'id,trigger_words\nb,"[[11, 22]]"\na,[]\nc,"[[0, 4], [9, 12]]"\n'),
])
def test_round_trip_is_byte_identical(tmp_path, subtask, text):
    (tmp_path / "in.csv").write_bytes(text.encode())
    pred = un.read_predictions(tmp_path / "in.csv", subtask)
    un.write_predictions(pred, tmp_path / "out.csv", subtask)
    assert (tmp_path / "out.csv").read_bytes() == text.encode()
    assert list(pred) == ["b", "a"] + (["c"] if subtask == 2 else [])


def test_techniques_column_is_read_too(tmp_path):
    (tmp_path / "p.csv").write_text('id,techniques\nx,"[\'fud\', \'cliche\']"\ny,[]\n')
    assert un.read_predictions(tmp_path / "p.csv", 1) == {"x": ["fud", "cliche"], "y": []}


def test_macro_f1_by_hand():
    gold = {k: {"techniques": v} for k, v in
            {"a": ["loaded_language", "euphoria"], "b": ["loaded_language"], "c": [], "d": ["fud"]}.items()}
    pred = {"a": ["loaded_language"], "b": ["loaded_language", "cliche"], "c": ["fud"], "z": ["loaded_language"]}
    # loaded_language tp 2 -> F1 1; euphoria fn 1, cliche fp 1, fud fp 1 (on c, a post with no
    # technique) + fn 1 (d, missing) -> 0; six unused techniques 0. macro = 1/10.
    # micro: tp 2, fp 2, fn 2 -> 0.5. z is not in gold: ignored.
    s = un.score(gold, pred, 1)
    assert s["macro_f1"] == pytest.approx(0.1) and s["micro_f1"] == pytest.approx(0.5)
    assert s["per_label"]["fud"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert (s["posts_without_techniques"], s["missing_predictions"], s["ignored_predictions"]) == (1, 1, 1)
    assert un.score(gold, {}, 1)["macro_f1"] == 0.0


def test_token_f1_by_hand(tiny):
    folder, (t1, t2, tr) = tiny
    gold = un.read_gold(folder, split="all")
    # t1 tokens: Вони 0-4 знову 5-10 брешуть 11-18 , 18-19 як 20-22 завжди 23-29 . 29-30
    #   gold 5-18 -> знову, брешуть; pred 11-22 -> брешуть , як: tp 1 fp 2 fn 1
    # t2: no gold, no prediction (tp=fp=fn=0; per post F1 1.0)
    # tr "Це кінець!": gold 3-12 -> кінець, ! (the span ends at/after the last char); no prediction: fn 2
    # micro: tp 1 fp 2 fn 3 -> P 1/3, R 1/4, F1 = 2/7
    # per post: t1 P 1/3 R 1/2 F1 2/5; t2 1.0; tr 0 -> mean 1.4/3
    # chars: t1 gold 13, pred 11, overlap 7 -> tp 7 fp 4 fn 6; tr gold clipped to 3-10: fn 7
    #   -> F1 = 14/(14 + 4 + 13) = 14/31
    s = un.score(gold, {t1: [[11, 22]], "unknown": [[0, 1]]}, 2)
    assert s["token"]["precision"] == pytest.approx(1 / 3) and s["token"]["recall"] == pytest.approx(0.25)
    assert s["token_f1"] == pytest.approx(2 / 7)
    assert s["token_per_post"]["f1_mean"] == pytest.approx(1.4 / 3)
    assert s["char"]["f1"] == pytest.approx(14 / 31)
    assert (s["missing_predictions"], s["ignored_predictions"]) == (2, 1)
    # one character of a token is enough; an empty prediction scores 0, not an error
    assert un._token_counts("Вони знову брешуть", [[5, 10]], [[17, 18]]) == (0, 1, 1)
    assert un.score(gold, {}, 2)["token_f1"] == 0.0
    assert un.score(gold, {k: v["trigger_words"] for k, v in gold.items()}, 2)["token_f1"] == 1.0


def _article(doc, spans=None):
    art = Article.from_text(doc.text, source=f"unlp/{doc.doc_id}")
    art.text = art.raw_text
    if spans is not None:
        art.add_layer("techniques", spans, "test", "0")
    return art


def test_predict(tiny, tmp_path):
    folder, (t1, t2, tr) = tiny
    docs = un.read_documents(folder, split="all")
    assert isinstance(un.predict({d.doc_id: _article(d) for d in docs}, docs, 1), NotAvailable)
    arts = {t1: _article(docs[0], [Span(5, 10, "Loaded_Language", 0.9), Span(8, 18, "euphoria", 0.6),
                                   Span(20, 22, "Doubt", 0.5)]),  # Doubt: no UNLP technique
            tr: _article(docs[2], [Span(3, 10, "Appeal_to_Popularity", 0.7)])}
    techs = un.predict(arts, docs, 1)
    assert techs == {t1: ["loaded_language", "euphoria"], t2: [], tr: ["bandwagon"]}
    spans = un.predict(arts, docs, 2)
    assert spans == {t1: [[5, 18], [20, 22]], t2: [], tr: [[3, 10]]}
    un.write_predictions(spans, tmp_path / "p.csv", 2)
    assert un.read_predictions(tmp_path / "p.csv", 2) == spans


def _load_script():
    spec = importlib.util.spec_from_file_location("make_unlp_split", ROOT / "scripts" / "make_unlp_split.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.shared
def test_real_split_is_disjoint_stratified_and_stable():
    if not REAL.exists():
        pytest.skip(f"{REAL} is not available (../shared must sit beside the checkout)")
    rows = pq.read_table(REAL, columns=["id", "lang", "manipulative"]).to_pylist()
    split = un.load_split()
    train, test = set(split["train"]), set(split["test"])
    assert (len(train), len(test)) == (3058, 764)
    assert not train & test and train | test == {r["id"] for r in rows}
    strata = Counter((r["lang"], r["manipulative"]) for r in rows)
    in_test = Counter((r["lang"], r["manipulative"]) for r in rows if r["id"] in test)
    for key, n in strata.items():
        assert abs(in_test[key] - 0.2 * n) <= 1, key
    committed = (ROOT / "narrascope" / "resources" / un.SPLIT).read_text(encoding="utf-8")
    assert _load_script().dumps(_load_script().make_split(rows)) == committed
    assert json.loads(committed)["test"] == split["test"]
    assert [d.doc_id for d in un.read_documents(REAL.parent)] == [r["id"] for r in rows if r["id"] in test]


def test_a_failed_post_gets_an_empty_prediction_counted_as_fallback():
    from narrascope.errors import ErrorRecord
    from narrascope.tasks.registry import TaskDocument

    docs = [TaskDocument("p1", "Вони знову брешуть нам."), TaskDocument("p2", "Сьогодні тепло.")]
    ok = Article.from_text(docs[0].text, source="unlp/p1")
    ok.add_layer("techniques", [Span(6, 13, "Loaded_Language", 0.9)], "test", "0")
    bad = Article.from_text(docs[1].text, source="unlp/p2")
    bad.errors.append(ErrorRecord("unlp/p2", "E301", "boom", stage="techniques"))
    for subtask, expected in ((1, {"p1": ["loaded_language"], "p2": []}), (2, {"p1": [[6, 13]], "p2": []})):
        stats = {}
        assert un.predict({"p1": ok, "p2": bad}, docs, subtask, stats=stats) == expected
        assert stats == {"fallback_rows": 1}
