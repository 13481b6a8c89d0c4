"""The synthetic technique paragraphs (resources/training/techniques/synthetic.jsonl) load and are valid."""
from collections import Counter

from narrascope.tasks.semeval2023 import TECHNIQUES
from narrascope.techniques.data import SPAN, read_synthetic, synthetic_examples

RARE = ("Whataboutism", "Straw_Man", "Red_Herring", "Slogans", "Appeal_to_Time", "False_Dilemma-No_Choice",
        "Flag_Waving", "Appeal_to_Values", "Appeal_to_Hypocrisy", "Guilt_by_Association", "Repetition",
        "Causal_Oversimplification", "Consequential_Oversimplification", "Obfuscation-Vagueness-Confusion",
        "Questioning_the_Reputation", "Conversation_Killer", "Appeal_to_Popularity")


def test_the_synthetic_file_loads_and_every_span_is_valid():
    rows = read_synthetic()
    assert len(rows) == 60 and len({r["id"] for r in rows}) == 60
    assert Counter(r["language"] for r in rows) == {"en": 25, "ru": 25, "uk": 10}
    assert sum(not r["spans"] for r in rows) >= 6  # neutral paragraphs are negatives
    for row in rows:
        assert row["source"] == "synthetic" and row["guideline"] == "techniques-v1"
        assert row["id"].startswith(f"syn-tech-{row['language']}-")
        text = row["text"]
        for sp in row["spans"]:
            s, e = sp["start"], sp["end"]
            assert 0 <= s < e <= len(text), (row["id"], sp)
            assert text[s:e] == text[s:e].strip() and text[s:e], (row["id"], sp)
            assert sp["technique"] in TECHNIQUES, (row["id"], sp)
            assert sp["voice"] in ("author", "quoted"), (row["id"], sp)


def test_every_technique_is_covered_and_rare_ones_at_least_three_times():
    counts = Counter(sp["technique"] for r in read_synthetic() for sp in r["spans"])
    assert set(counts) == set(TECHNIQUES)
    assert all(counts[t] >= 3 for t in RARE), {t: counts[t] for t in RARE}


def test_synthetic_examples_give_span_and_technique_labels():
    examples = synthetic_examples()
    assert len(examples) == 60 and all(ex.origin == "synthetic" for ex in examples)
    for ex in examples:
        labels = [lab for _, _, lab in ex.spans]
        assert labels.count(SPAN) * 2 == len(labels)


def test_the_trainer_records_the_synthetic_source_in_the_manifest(tmp_path):
    from narrascope.train import read_manifest, train

    from .test_train import _unlp_dir

    data = _unlp_dir(tmp_path)
    used = read_manifest(train("techniques", data, "unlp2025", tmp_path / "a", own=False, synthetic=True,
                               min_positive_tokens=2), "techniques")["training_data"]["synthetic"]
    assert used == {"file": "resources/training/techniques/synthetic.jsonl", "used": True, "examples": 60}
    unused = read_manifest(train("techniques", data, "unlp2025", tmp_path / "b", own=False, synthetic=False,
                                 min_positive_tokens=2), "techniques")["training_data"]["synthetic"]
    assert unused["used"] is False and unused["examples"] == 0
