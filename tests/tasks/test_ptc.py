"""PTC / SemEval-2020 Task 11: readers, writers, partial-overlap span scores, TC scores."""
from pathlib import Path

import pytest

from tests.tasks.helpers import technique_article

from narrascope.article import Span
from narrascope.errors import ConfigError
from narrascope.tasks import ptc
from narrascope.tasks.registry import _TASKS, NotAvailable

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "ptc"
# article2001.txt: "Brave patriots will never surrender. The corrupt elite lies again and again.\n"
#   "Brave patriots" 0-14, "corrupt elite" 41-54, "corrupt" 41-48, "lies again" 55-65,
#   "again and again" 60-75
# article2002.txt: "Stop the invasion now" (21 chars, no newline; "the invasion now" 5-21)
# article2003.txt: no propaganda (its labels file is empty)


def test_registered_with_the_stated_interface():
    task = _TASKS["ptc"]
    assert task.subtasks == (1, 2) and task.default_subtask == 2
    assert task.needs == {1: "techniques", 2: "techniques"}
    assert set(ptc.FROM_SEMEVAL2023.values()) <= set(ptc.TECHNIQUES)


def test_read_documents_and_gold():
    docs = ptc.read_documents(FIX, subtask=2)
    assert [d.doc_id for d in docs] == ["2001", "2002", "2003"]
    assert docs[0].extra["spans"] == [(0, 14), (41, 48), (41, 54), (60, 75)]
    assert docs[2].extra["spans"] == []
    assert "spans" not in ptc.read_documents(FIX, subtask=1)[0].extra
    gold = ptc.read_gold(FIX)
    assert gold["2002"] == [("Slogans", 0, 21)]
    assert gold["2003"] == []  # a gold article with no spans, so predictions there are false positives


@pytest.mark.parametrize("name", ["predictions-subtask-1.txt", "predictions-subtask-2.txt",
                                  "article2001.labels.tsv"])
def test_round_trip_is_byte_identical(tmp_path, name):
    original = (FIX / name).read_bytes()
    ptc.write_predictions(ptc.read_predictions(FIX / name), tmp_path / "out.txt")
    assert (tmp_path / "out.txt").read_bytes() == original


def test_si_rows_without_technique_round_trip(tmp_path):
    text = "2001\t0\t14\n2002\t5\t21\n"
    rows = ptc.parse_rows(text)
    assert rows == [("2001", "", 0, 14), ("2002", "", 5, 21)]
    assert ptc.format_rows(rows) == text


def test_merge_overlapping_same_technique_only():
    spans = [("LL", 41, 54), ("LL", 41, 48), ("LL", 41, 54), ("D", 45, 60), ("LL", 54, 58), ("X", 3, 3)]
    # duplicates and the overlap merge; 54-58 only touches 41-54; the empty span goes
    assert ptc.merge(spans) == [("LL", 41, 54), ("D", 45, 60), ("LL", 54, 58)]
    assert ptc.merge(spans, labelled=False) == [("", 41, 60)]


def _score(subtask):
    return ptc.score(ptc.read_gold(FIX), ptc.read_predictions(FIX / f"predictions-subtask-{subtask}.txt"), subtask)


def test_span_scores_by_hand():
    # Gold, merged: FW 0-14 (14), LL 41-54 (13; 41-48 merges into it), Rep 60-75 (15),
    #   Slogans 0-21 (21) -> |T| = 4.  Predictions of known ids: Slogans 5-21 (16), LL 41-54 (13),
    #   FW 0-5 (5), Doubt 55-65 (10), LL 0-9 in 2003 (9) -> |S| = 5; id 9999 ignored.
    # With techniques: P = (16/16 + 13/13 + 5/5 + 0 + 0)/5 = 3/5
    #   R = (16/21 + 13/13 + 5/14 + 0)/4 = (32 + 42 + 15)/42/4 = 89/168
    #   F1 = 2PR/(P+R) = (534/840)/(949/840) = 534/949
    s = _score(1)
    lab = s["span_labelled"]
    assert lab["precision"] == pytest.approx(3 / 5) and lab["recall"] == pytest.approx(89 / 168)
    assert lab["f1"] == pytest.approx(534 / 949)
    assert lab["per_label"]["Doubt"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert lab["per_label"]["Slogans"]["recall"] == pytest.approx(16 / 21)
    # Labels ignored (SI): Doubt 55-65 now meets Rep 60-75 on 5 chars.
    #   P = (1 + 1 + 5/10 + 1 + 0)/5 = 0.7
    #   R = (5/14 + 1 + 5/15 + 16/21)/4 = (15 + 42 + 14 + 32)/42/4 = 103/168
    #   F1 = (1.4 * 103/168)/((117.6 + 103)/168) = 144.2/220.6 = 721/1103
    si = s["span"]
    assert si["precision"] == pytest.approx(0.7) and si["recall"] == pytest.approx(103 / 168)
    assert si["f1"] == pytest.approx(721 / 1103)
    assert (s["articles"], s["ignored_predictions"]) == (3, 1)
    assert "technique" not in s


def test_technique_scores_by_hand():
    # Given spans: 2001 FW 0-14, LL 41-54, LL 41-48, Rep 60-75; 2002 Slogans 0-21.
    # Rows: FW 0-14 tp, LL 41-54 tp, Doubt 41-48 (fp, and LL there is fn), Rep 60-75 tp,
    #   Rep 60-75 again (duplicate: fp), nothing for 2002 (fn), 9999 ignored.
    # tp=3 fp=2 fn=2 -> P = R = F1 = 3/5
    t = _score(2)["technique"]
    assert (t["precision"], t["recall"], t["f1"]) == pytest.approx((0.6, 0.6, 0.6))
    assert t["per_label"]["Repetition"]["precision"] == pytest.approx(0.5)
    assert t["per_label"]["Slogans"]["recall"] == 0.0


def test_empty_predictions_and_empty_everything():
    gold = ptc.read_gold(FIX)
    s = ptc.score(gold, [], 2)
    assert s["span"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert s["technique"]["f1"] == 0.0 and s["technique"]["recall"] == 0.0
    # No gold span and no prediction at all: the official scorer's F1 = 1.0
    nothing = ptc.score({"5": []}, [], 1)
    assert nothing["span"]["f1"] == 1.0 and nothing["span"]["precision"] == 0.0


def test_span_ending_at_the_last_character_scores_fully():
    text = (FIX / "article2002.txt").read_text()
    s = ptc.score({"2002": [("Slogans", 0, len(text))]}, [("2002", "Slogans", 0, 21)], 1)
    assert len(text) == 21 and s["span_labelled"]["f1"] == 1.0


def _article(doc, spans=None):
    return technique_article(doc, "ptc", spans)


def test_predict_needs_the_techniques_layer():
    docs = ptc.read_documents(FIX, subtask=1)
    assert isinstance(ptc.predict({d.doc_id: _article(d) for d in docs}, docs, 1), NotAvailable)


def test_predict_subtask_1_rows(tmp_path):
    docs = ptc.read_documents(FIX, subtask=1)
    arts = {
        "2001": _article(docs[0], [Span(0, 14, "Flag_Waving", 0.8), Span(41, 54, "Name_Calling-Labeling", 0.7),
                                   Span(20, 35, "Appeal_to_Time", 0.4)]),  # no PTC counterpart: kept
        "2002": _article(docs[1], [Span(0, 21, "Slogans", 0.9)]),
        "2003": _article(docs[2], []),
    }
    rows = ptc.predict(arts, docs, 1)
    assert rows == [("2001", "Flag-Waving", 0, 14), ("2001", "Appeal_to_Time", 20, 35),
                    ("2001", "Name_Calling,Labeling", 41, 54), ("2002", "Slogans", 0, 21)]
    ptc.write_predictions(rows, tmp_path / "p.txt", 1)
    assert ptc.read_predictions(tmp_path / "p.txt", 1) == rows


def test_predict_subtask_2_labels_every_given_span():
    docs = ptc.read_documents(FIX, subtask=2)
    arts = {"2001": _article(docs[0], [Span(38, 56, "Loaded_Language", 0.5),
                                       Span(41, 50, "Name_Calling-Labeling", 0.9)])}
    stats = {}
    rows = ptc.predict(arts, docs, 2, stats=stats)
    # 41-54: LL overlaps 13, NC 9 -> LL.  41-48: both overlap 7 -> the higher score, NC.
    # 0-14 and 60-75: nothing overlaps, and 2002 has no article -> the fallback, Loaded_Language.
    assert rows == [("2001", "Loaded_Language", 0, 14), ("2001", "Name_Calling,Labeling", 41, 48),
                    ("2001", "Loaded_Language", 41, 54), ("2001", "Loaded_Language", 60, 75),
                    ("2002", "Loaded_Language", 0, 21)]
    assert stats == {"fallback_rows": 3}
    t = ptc.score(ptc.read_gold(FIX), rows, 2)["technique"]
    # tp=1 (LL 41-54), fp=4, fn=4 (FW, LL 41-48, Rep, Slogans): P=R=1/5
    assert (t["precision"], t["recall"]) == pytest.approx((0.2, 0.2))


def test_errors_are_coded(tmp_path):
    with pytest.raises(ConfigError) as e:
        ptc.score({}, [], 3)
    assert e.value.code == "E006"
    with pytest.raises(ConfigError) as e:
        ptc.read_documents(tmp_path / "missing")
    assert e.value.code == "E008"
    (tmp_path / "article1.txt").write_text("x")
    assert ptc.read_gold(tmp_path) is None
