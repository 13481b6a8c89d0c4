"""SemEval-2023 Task 3 subtask 3: readers, writers, scorer and span -> paragraph conversion."""
from pathlib import Path

import pytest

from tests.tasks.helpers import technique_article

from narrascope.article import Span
from narrascope.errors import ConfigError
from narrascope.tasks import semeval2023 as se
from narrascope.tasks.registry import _TASKS, NotAvailable

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "semeval2023"


def test_registered_with_the_stated_interface():
    task = _TASKS["semeval2023"]
    assert task.subtasks == (3,) and task.default_subtask == 3
    assert task.needs == {3: "techniques"}
    assert len(se.TECHNIQUES) == 23 and "Appeal_to_Fear-Prejudice" in se.TECHNIQUES


def test_read_documents_numbers_lines_and_skips_blank_ones():
    docs = se.read_documents(FIX)
    assert [d.doc_id for d in docs] == ["1001", "1002"]
    assert docs[0].extra["paragraphs"] == [1, 3, 4, 5]  # line 2 is blank
    assert docs[1].extra["paragraphs"] == [1, 2, 3]
    assert docs[1].text.endswith("experts?")  # no trailing newline, kept verbatim


def test_gold_keeps_empty_paragraph_rows():
    gold = se.read_gold(FIX)
    assert {k: v for k, v in gold.items() if k[0] == "1001"} == {
        ("1001", 1): [], ("1001", 3): ["Loaded_Language", "Name_Calling-Labeling"],
        ("1001", 4): ["Appeal_to_Popularity"], ("1001", 5): []}
    assert gold[("1002", 3)] == ["Doubt", "Loaded_Language"]


@pytest.mark.parametrize("name", ["predictions-subtask-3.txt", "labels-subtask-3.txt"])
def test_round_trip_is_byte_identical(tmp_path, name):
    original = (FIX / name).read_bytes()
    se.write_predictions(se.read_predictions(FIX / name), tmp_path / "out.txt")
    assert (tmp_path / "out.txt").read_bytes() == original


def test_score_sample_by_hand():
    # Paired by (article, paragraph), not by row order:
    #   1001/1 {}            vs missing -> {}
    #   1001/3 {LL, NC}      vs {LL} (LL written twice, counts once) -> tp LL, fn NC
    #   1001/4 {AP}          vs {}      -> fn AP
    #   1001/5 {}            vs {FW}    -> fp FW
    #   1002/1 {Slogans}     vs {Slogans} -> tp
    #   1002/2 {}            vs missing -> {}
    #   1002/3 {Doubt, LL}   vs {Doubt} -> tp Doubt, fn LL
    #   9999/1 unknown id    -> ignored
    # tp=3 fp=1 fn=3: P=3/4, R=3/6, micro-F1 = 2*.75*.5/1.25 = 0.6
    # per label F1: LL = 2*1*.5/1.5 = 2/3, Slogans = Doubt = 1, NC = AP = FW = 0,
    # the 17 techniques nobody used = 1.0 (official zero_division=1)
    # macro = (2/3 + 2 + 17)/23 = 59/69; strict macro (unused = 0) = (2/3 + 2)/23 = 8/69
    s = se.score(se.read_gold(FIX), se.read_predictions(FIX / "predictions-subtask-3.txt"))
    assert s["micro_f1"] == pytest.approx(0.6)
    assert s["micro"]["precision"] == pytest.approx(0.75) and s["micro"]["recall"] == pytest.approx(0.5)
    assert s["macro_f1"] == pytest.approx(59 / 69)
    assert s["macro_f1_strict"] == pytest.approx(8 / 69)
    assert s["per_label"]["Loaded_Language"]["f1"] == pytest.approx(2 / 3)
    assert s["per_label"]["Flag_Waving"]["f1"] == 0.0
    assert (s["paragraphs"], s["missing_predictions"], s["ignored_predictions"]) == (7, 2, 1)


def test_score_empty_predictions():
    # 6 gold labels, nothing predicted: micro-F1 0. Labels in play: LL, NC, AP, Slogans, Doubt
    # (F1 0 each); the other 18 count 1.0 -> macro = 18/23.
    s = se.score(se.read_gold(FIX), {})
    assert s["micro_f1"] == 0.0
    assert s["macro_f1"] == pytest.approx(18 / 23)
    assert s["macro_f1_strict"] == 0.0
    assert s["missing_predictions"] == 7


def test_score_perfect_and_all_empty():
    gold = se.read_gold(FIX)
    assert se.score(gold, gold)["micro_f1"] == 1.0 and se.score(gold, gold)["macro_f1"] == 1.0
    # Nothing labelled anywhere: the official scorer's zero_division=1 gives 1.0, not 0.
    empty = {("1", 1): [], ("1", 2): []}
    s = se.score(empty, {("1", 1): []})
    assert s["micro_f1"] == 1.0 and s["macro_f1"] == 1.0 and s["macro_f1_strict"] == 0.0


def test_repeated_row_replaces_and_unknown_labels_are_ignored():
    labels = se.parse_labels("7\t1\tDoubt\n7\t1\tSlogans,Not_A_Technique\n")
    assert labels == {("7", 1): ["Slogans", "Not_A_Technique"]}
    # gold {Slogans}; the unknown name is dropped, as the official binarizer drops it
    s = se.score({("7", 1): ["Slogans"]}, labels)
    assert s["micro_f1"] == 1.0


def _article(doc, spans=None):
    return technique_article(doc, "semeval2023", spans)


def test_predict_needs_the_techniques_layer():
    docs = se.read_documents(FIX)
    res = se.predict({d.doc_id: _article(d) for d in docs}, docs, 3)
    assert isinstance(res, NotAvailable) and res.component == "techniques"


def test_predict_turns_spans_into_paragraph_labels(tmp_path):
    docs = se.read_documents(FIX)
    t1, t2 = docs[0].text, docs[1].text
    i = t1.index("reckless")
    j = t1.index("already")          # line 4 ...
    k = t1.index("Officials") + 3    # ... into line 5: labels both lines
    last = t2.index("so-called")
    arts = {
        "1001": _article(docs[0], [Span(i, i + 8, "Loaded_Language", 0.9),
                                   Span(j, k, "Exaggeration-Minimisation", 0.6),
                                   Span(0, 5, "not_a_technique", 0.9)]),
        "1002": _article(docs[1], [Span(last, len(t2), "Doubt", 0.7)]),  # ends at the last char
    }
    pred = se.predict(arts, docs, 3)
    assert pred == {("1001", 1): [], ("1001", 3): ["Loaded_Language"],
                    ("1001", 4): ["Exaggeration-Minimisation"], ("1001", 5): ["Exaggeration-Minimisation"],
                    ("1002", 1): [], ("1002", 2): [], ("1002", 3): ["Doubt"]}
    se.write_predictions(pred, tmp_path / "p.txt")
    assert (tmp_path / "p.txt").read_text().splitlines()[:2] == ["1001\t1\t", "1001\t3\tLoaded_Language"]
    # An article that lost its layer predicts empty paragraphs, not a crash.
    del arts["1002"].layers["techniques"]
    assert [se.predict(arts, docs, 3)[("1002", n)] for n in (1, 2, 3)] == [[], [], []]


def test_errors_are_coded(tmp_path):
    with pytest.raises(ConfigError) as e:
        se.read_documents(FIX, subtask=1)
    assert e.value.code == "E006"
    with pytest.raises(ConfigError) as e:
        se.read_documents(tmp_path)
    assert e.value.code == "E008"
    assert se.read_gold(tmp_path) is None
