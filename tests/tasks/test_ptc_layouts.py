"""PTC read as released: SemEval-2020 Task 11 ``datasets/`` (per-article and combined SI/TC label
files, the TC template) and ru_zen_prop (the same layout, dev gold as ``.out`` files); and subtask 2
labels every given span. The fixtures are our own sentences written in those layouts."""
import shutil
from pathlib import Path

import pytest

from tests.tasks.helpers import technique_article

from narrascope.article import Span
from narrascope.tasks import ptc

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
RELEASE = FIXTURES / "ptc_release" / "datasets"
RU = FIXTURES / "ru_zen_prop"


def _texts(gold, root, split):
    """(technique, covered text) per article, to check offsets against the article text."""
    arts = {i: p.read_text(encoding="utf-8") for i, p in ptc._articles(root, split).items()}
    return {i: [(t, arts[i][b:e]) for t, b, e in spans] for i, spans in gold.items()}


def test_release_tc_gold_is_read_once_and_without_si_rows():
    gold = ptc.read_gold(RELEASE, subtask=2, split="train")
    # per-article files and the combined train-task2-TC.labels hold the same rows: read once
    assert sorted(gold) == ["111", "112"] and len(gold["111"]) == 4 and len(gold["112"]) == 1
    assert all(t in ptc.TECHNIQUES for spans in gold.values() for t, _, _ in spans)
    assert ("Loaded_Language", "greedy bankers") in _texts(gold, RELEASE, "train")["111"]


def test_release_si_gold_for_subtask_1():
    gold = ptc.read_gold(RELEASE, subtask=1, split="train")
    # the SI files: techniques absent, overlapping spans already merged (39-53 and 39-59 -> 39-59)
    assert gold["111"] == [("", 0, 33), ("", 39, 59), ("", 78, 113)] and gold["112"] == [("", 70, 87)]


def test_combined_files_alone_give_the_same_gold(tmp_path):
    for name in ("train-articles", "dev-articles"):
        shutil.copytree(RELEASE / name, tmp_path / name)
    for name in ("train-task1-SI.labels", "train-task2-TC.labels", "dev-task-TC-template.out"):
        shutil.copy(RELEASE / name, tmp_path / name)
    for subtask in (1, 2):
        assert ptc.read_gold(tmp_path, subtask=subtask, split="train") == ptc.read_gold(RELEASE, subtask=subtask, split="train")


def test_the_tc_template_gives_the_spans_and_no_gold():
    docs = ptc.read_documents(RELEASE, subtask=2, split="dev")
    assert [d.doc_id for d in docs] == ["211"]
    assert [docs[0].text[b:e] for b, e in docs[0].extra["spans"]] == [
        "traitors", "glorious", "The plan will fix every problem overnight"]
    assert ptc.read_gold(RELEASE, subtask=2, split="dev") is None  # the template is input, not gold


def test_without_a_split_only_labelled_splits_are_gold():
    docs = {d.doc_id: d for d in ptc.read_documents(RELEASE, subtask=2)}
    assert sorted(docs) == ["111", "112", "211", "311"]
    assert len(docs["111"].extra["spans"]) == 4 and len(docs["211"].extra["spans"]) == 3
    assert "spans" not in docs["311"].extra
    assert sorted(ptc.read_gold(RELEASE, subtask=2)) == ["111", "112"]  # dev/test articles are not gold


def test_ru_zen_prop_dev_gold_from_out_files():
    gold = ptc.read_gold(RU, subtask=2, split="dev")
    assert sorted(gold) == ["6001", "6002"] and gold["6002"] == []  # an unlabelled dev article has no spans
    assert _texts(gold, RU, "dev")["6001"] == [("Name_Calling,Labeling", "предатели"), ("Loaded_Language", "великом"),
                                               ("Causal_Oversimplification", "Этот план решит все проблемы за один день")]
    si = ptc.read_gold(RU, subtask=1, split="dev")
    assert [(b, e) for _, b, e in si["6001"]] == [(b, e) for _, b, e in gold["6001"]] and {t for t, _, _ in si["6001"]} == {""}
    train = ptc.read_gold(RU, subtask=2, split="train")
    assert [t for t, _, _ in train["5001"]] == ["Flag-Waving", "Loaded_Language"]


def test_given_span_prefers_exact_offsets_then_the_next_best_technique():
    doc = ptc.read_documents(RELEASE, subtask=2, split="train")[0]  # 111; 39-53 and 39-59 overlap
    doc.extra["spans"] = [(39, 53), (39, 53), (0, 33)]
    art = technique_article(doc, "ptc", [Span(36, 60, "Doubt", 0.99), Span(39, 53, "Name_Calling-Labeling", 0.4),
                                         Span(0, 33, "Appeal_to_Time", 0.9)])  # no PTC name: not used for TC
    stats = {}
    rows = ptc.predict({"111": art}, [doc], 2, stats=stats)
    # the exact span wins over the larger overlap; the span given twice gets Doubt the second time;
    # 0-33 has only a non-PTC label: the fallback
    assert rows == [("111", "Name_Calling,Labeling", 39, 53), ("111", "Doubt", 39, 53),
                    ("111", ptc.FALLBACK_TECHNIQUE, 0, 33)]
    assert stats == {"fallback_rows": 1}


def test_a_failed_article_still_gets_a_row_per_given_span():
    docs = ptc.read_documents(RU, subtask=2, split="dev")
    art = technique_article(docs[0], "ptc", [Span(7, 16, "Loaded_Language", 0.9)])
    art.errors.append(_error())
    assert art.failed
    stats = {}
    rows = ptc.predict({"6001": art, "6002": technique_article(docs[1], "ptc", [])}, docs, 2, stats=stats)
    assert rows == [("6001", "Loaded_Language", b, e) for b, e in docs[0].extra["spans"]]
    assert stats == {"fallback_rows": 3}


def _error():
    from narrascope.errors import ErrorRecord
    return ErrorRecord("ptc/6001", "E301", "boom", stage="techniques", level="error")
