"""SemEval-2025 Task 10: folder layouts, readers, writers (byte-for-byte round trips)."""
import shutil
from pathlib import Path

import pytest

from narrascope.errors import ConfigError, InputError
from narrascope.tasks import semeval2025 as se
from narrascope.tasks.semeval2025_format import (ExplanationRow, Mention, NarrativeRow, RowFile, doc_key,
                                                format_text, parse_text, read_rows, write_rows)
from narrascope.tasks.registry import _TASKS

DATA = Path(__file__).resolve().parents[1] / "fixtures" / "semeval2025"
ROW_FILES = [
    ("EN/subtask-1-annotations.txt", 1), ("EN/subtask-2-annotations.txt", 2),
    ("EN/subtask-3-annotations.txt", 3), ("RU/subtask-1-entity-mentions.txt", 1),
    ("predictions/EN/predictions-subtask-1.txt", 1), ("predictions/EN/predictions-subtask-2.txt", 2),
    ("predictions/EN/predictions-subtask-3.txt", 3),
]


def test_task_is_registered_with_its_subtasks_and_needs():
    task = _TASKS["semeval2025"]
    assert task.subtasks == (1, 2, 3) and task.default_subtask == 2
    assert task.needs == {1: "framing", 2: "narratives", 3: "narratives"}
    assert task.languages == ("BG", "EN", "HI", "PT", "RU")


@pytest.mark.parametrize("name,subtask", ROW_FILES)
def test_sample_files_round_trip_byte_for_byte(tmp_path, name, subtask):
    rows = read_rows(DATA / name, subtask)
    assert len(rows) >= 3
    out = tmp_path / "copy.txt"
    write_rows(rows, out)
    assert out.read_bytes() == (DATA / name).read_bytes()


def test_crlf_and_missing_final_newline_are_kept():
    raw = (DATA / "EN/subtask-3-annotations.txt").read_bytes()
    assert raw.count(b"\r\n") == 2 and not raw.endswith(b"\n")  # the fixture is what the test claims
    rows = read_rows(DATA / "EN/subtask-3-annotations.txt", 3)
    assert rows.endings == ["\r\n", "\r\n", ""]
    assert rows[0].explanation == 'The article calls the protest "alarmist" and blames the EU for higher costs.'


def test_bom_header_blank_lines_and_mixed_endings_round_trip():
    text = "\ufeffarticle_id\tnarratives\tsubnarratives\r\nA.txt\tOther\tOther\n\nB.txt\tX; Y\tX: Other\r\n\r\n"
    rf = parse_text(text, 2)
    assert rf.bom and rf.header.startswith("article_id") and [r.article_id for r in rf] == ["A.txt", "B.txt"]
    assert rf[1].narratives == ["X", "Y"]  # parsed labels are stripped...
    assert format_text(rf) == text  # ...and the line is written exactly as read


def test_an_edited_row_is_formatted_and_others_kept():
    rf = parse_text("A.txt\tX; Y\tX: a\nB.txt\tOther\tOther\n", 2)
    rf[0].narratives.append("Z")
    assert format_text(rf) == "A.txt\tX;Y;Z\tX: a\nB.txt\tOther\tOther\n"
    rf.rows.append(NarrativeRow("C.txt", ["Other"], ["Other"]))
    assert format_text(rf).endswith("B.txt\tOther\tOther\nC.txt\tOther\tOther\n")


def test_new_rows_use_the_official_layouts():
    rows = [Mention("a.txt", "NATO", 3, 6, "Antagonist", ["Instigator", "Spy"]), Mention("a.txt", "EU", 9, 10)]
    assert format_text(rows) == "a.txt\tNATO\t3\t6\tAntagonist\tInstigator\tSpy\na.txt\tEU\t9\t10\n"
    expl = [ExplanationRow("a.txt", "Says \"no\"\ntwice", "N", "N: Other"), ExplanationRow("b.txt", "plain")]
    text = format_text(expl)
    assert text == 'a.txt\tN\tN: Other\t"Says ""no"" twice"\nb.txt\tplain\n'
    assert [r.explanation for r in parse_text(text, 3)] == ['Says "no" twice', "plain"]


def test_st3_reads_two_column_submissions_and_four_column_gold():
    rows = parse_text("a.txt\tShort text.\nb.txt\tN\tN: s\tLonger text.\n", 3)
    assert (rows[0].dominant_narrative, rows[0].explanation) == (None, "Short text.")
    assert (rows[1].dominant_narrative, rows[1].dominant_subnarrative) == ("N", "N: s")


def test_malformed_rows_raise_coded_input_errors():
    with pytest.raises(InputError) as err:
        parse_text("a.txt\tNATO\tthree\t6\n", 1, "f.txt")
    assert err.value.code == "E109" and "f.txt:1" in str(err.value)
    with pytest.raises(InputError):
        parse_text("a.txt\tN\tonly three\n", 3)


def test_doc_key_ignores_txt_suffix_and_spaces():
    assert doc_key(" EN_UA_1.txt ") == doc_key("EN_UA_1") == doc_key("EN_UA_1.TXT") == "EN_UA_1"


def test_training_layout_documents_and_mentions():
    docs = se.read_documents(DATA, "EN", 1)  # only documents the ST1 annotations list (0002 has no mention)
    assert [d.doc_id for d in docs] == ["EN_CC_0001.txt", "EN_URW_0003.txt", "EN_URW_0004.txt"]
    by_id = {d.doc_id: d for d in docs}
    doc = by_id["EN_URW_0003.txt"]
    assert all(m.main_role is None and not m.fine_roles for m in doc.extra["mentions"])  # no gold leaks
    zelensky = next(m for m in doc.extra["mentions"] if m.text == "Zelensky")
    # Inclusive end: the mention ends on the article's last character (the file has no final newline).
    assert (zelensky.start, zelensky.end) == (204, 211) and len(doc.text) == 212
    assert doc.text[zelensky.start:zelensky.end + 1] == "Zelensky"
    assert all(d.extra["offset_mismatches"] == [] for d in docs)


def test_training_layout_reads_only_documents_listed_for_st3():
    assert [d.doc_id for d in se.read_documents(DATA, "en", 3)] == [
        "EN_CC_0001.txt", "EN_URW_0003.txt", "EN_URW_0004.txt"]


def test_dev_layout_prefers_subtask_folders_and_reads_entity_mentions():
    docs = se.read_documents(DATA, "ru", 1)
    assert {d.lang for d in docs} == {"RU"} and len(docs) == 3
    kiev = next(m for d in docs for m in d.extra["mentions"] if m.text == "Киев")
    text = next(d.text for d in docs if d.doc_id == "RU_URW_0001.txt")
    assert text[kiev.start:kiev.end + 1] == "Киев"
    assert se.read_gold(DATA, "RU", 1) is None and se.read_gold(DATA, "RU", 2) is None


def test_all_languages_and_lower_case_folders(tmp_path):
    assert {d.lang for d in se.read_documents(DATA, None, 2)} == {"EN", "RU"}
    shutil.copytree(DATA / "EN", tmp_path / "en")
    (tmp_path / "en" / "raw-documents").rename(tmp_path / "en" / "Raw-Documents")
    docs = se.read_documents(tmp_path, "EN", 2)
    assert len(docs) == 4 and docs[0].lang == "EN"
    assert len(se.read_gold(tmp_path / "en", "en", 2)) == 4  # a language folder itself also works


def test_documents_keep_raw_characters(tmp_path):
    lang = tmp_path / "PT" / "raw-documents"
    lang.mkdir(parents=True)
    (lang / "PT_1.txt").write_bytes("Linha um\r\nLinha dois".encode())
    assert se.read_documents(tmp_path, "PT", 2)[0].text == "Linha um\r\nLinha dois"


def test_nothing_to_read_raises_e008(tmp_path):
    with pytest.raises(ConfigError) as err:
        se.read_documents(tmp_path, "EN", 2)
    assert err.value.code == "E008" and str(tmp_path) in str(err.value)
    with pytest.raises(ConfigError) as err:
        se.read_documents(DATA, "HI", 2)
    assert err.value.code == "E008" and "EN, RU" in str(err.value)
    with pytest.raises(ConfigError) as err:
        se.read_documents(tmp_path / "missing", "EN", 2)
    assert err.value.code == "E008"


@pytest.mark.parametrize("call", [
    lambda: se.read_documents(DATA, "EN", 4), lambda: se.read_gold(DATA, "EN", 0),
    lambda: se.read_predictions(DATA, 5), lambda: se.score([], [], 4), lambda: se.predict({}, [], 9)])
def test_bad_subtask_raises_e006(call):
    with pytest.raises(ConfigError) as err:
        call()
    assert err.value.code == "E006" and "1, 2, 3" in str(err.value)


def test_prediction_folder_and_official_st3_submission(tmp_path):
    preds = se.read_predictions(DATA / "predictions" / "EN", 3)
    assert len(preds) == 3 and preds[0].dominant_narrative == "URW: Negative Consequences for the West"
    se.write_predictions(preds, tmp_path / "sub.txt", 3, official=True)
    lines = (tmp_path / "sub.txt").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "EN_URW_0003.txt\tWestern sanctions hurt Europe more than Russia."
    assert all(line.count("\t") == 1 for line in lines)
    assert isinstance(se.read_predictions(tmp_path / "sub.txt", 3), RowFile)
