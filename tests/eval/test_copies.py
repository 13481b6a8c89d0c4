"""The copy evaluation: its pairs are built deterministically, its metrics are right on small cases, the
stories we wrote hold the pairs the README promises, and `eval copies` writes the scores envelope with
baselines beside the scores (embeddings off here: the cross-language part is then skipped, and says so)."""
from __future__ import annotations

import json
import random
from collections import Counter

import pytest

from narrascope.eval import evaluate
from narrascope.eval.copies import prf, recall_at_precision, same_language_scores
from narrascope.eval.copies_pairs import edited_copy, load_stories, same_language_set
from narrascope.text import embed as embedding


def test_edited_copies_are_deterministic_and_apply_their_edits(dev_rows):
    row = next(r for r in dev_rows if r["language"] == "ru" and r["text"].count("\n") >= 4)
    one = edited_copy(row["text"], "ru", random.Random(row["id"]), heavy=True)
    assert one == edited_copy(row["text"], "ru", random.Random(row["id"]), heavy=True)
    text, edits = one
    assert edits == ["synonyms", "cut", "reorder", "boilerplate", "headline"]
    assert text != row["text"] and len(text.split("\n")) < len(row["text"].split("\n")) + 3
    assert text.split("\n")[0].startswith(("Срочно:", "Эксклюзив:", "Обновлено:"))


def test_same_language_copies_of_real_pages_score_above_the_target(dev_rows):
    ss = same_language_set([r for r in dev_rows if len(r["text"].split()) > 60][:20])
    gold = {tuple(sorted((a.id, b.id))) for a in ss.docs for b in ss.docs
            if a.id < b.id and ss.group[a.id] == ss.group[b.id]}
    assert len(gold) == 60
    scores = same_language_scores(ss.docs)
    assert prf({k for k, v in scores.items() if v >= 0.33}, gold)["f1"] >= 0.95


def test_recall_at_precision_takes_ties_together_and_the_best_recall():
    gold = {("a", "b"), ("c", "d"), ("e", "f")}
    scores = {("a", "b"): 0.9, ("x", "y"): 0.8, ("c", "d"): 0.7, ("e", "f"): 0.7, ("u", "v"): 0.7}
    # at 0.9: P 1, R 1/3; at 0.8: P 1/2; at 0.7: P 3/5 (three pairs of equal score come together)
    assert recall_at_precision(scores, gold, target=0.9) == {"recall": 0.3333, "precision": 1.0, "threshold": 0.9}
    assert recall_at_precision(scores, gold, target=0.6)["recall"] == 1.0
    assert prf({("a", "b"), ("x", "y")}, gold)["precision"] == 0.5


def test_the_stories_hold_30_en_ru_and_15_uk_ru_translations_and_hard_negatives():
    stories = load_stories()
    assert len({s["id"] for s in stories}) == len(stories)
    langs: dict[str, set] = {}
    for s in stories:
        langs.setdefault(s["story"], set()).add(s["language"])
        assert s["split"] in ("tune", "test") and s["title"] and len(s["text"].split()) >= 50
    assert sum({"en", "ru"} <= v for v in langs.values()) == 30
    assert sum({"uk", "ru"} <= v for v in langs.values()) == 15
    negatives = [k for k in langs if k.endswith("x")]
    assert len(negatives) >= 12 and all(k[:-1] in langs for k in negatives)  # each beside its event's story
    split = {s["story"]: s["split"] for s in stories}
    assert Counter(split[k] for k in langs if not k.endswith("x")) == {"tune": 10, "test": 20}


def test_eval_copies_writes_scores_with_baselines(tmp_path, dev_rows, monkeypatch):
    monkeypatch.setattr(embedding, "available", lambda: False)
    pages = [r for r in dev_rows if len(r["text"].split()) > 60]
    for name, rows in (("dev.jsonl", pages[:12]), ("dev2.jsonl", pages[12:24])):
        (tmp_path / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    result = evaluate("copies", data=str(tmp_path / "dev.jsonl"), out=str(out))
    saved = json.loads((out / "scores.json").read_text(encoding="utf-8"))
    assert saved["split"] == "test" and saved["data"].endswith("dev2.jsonl")
    assert saved["scores"]["same_language"]["f1"] >= 0.95
    assert saved["scores"]["cross_language"] == {"status": "skipped"}
    assert "W142" in saved["details"]["cross_language_status"]
    trivial, trained = saved["baselines"]["trivial"], saved["baselines"]["trained"]
    assert 0 <= trivial["same_language"]["f1"] < saved["scores"]["same_language"]["f1"]
    assert 0 < trained["same_language"]["f1"] <= 1 and "cross_language" in trained
    assert "same_language.f1" in saved["verdict"] and "baseline_runs" not in result


def test_a_split_other_than_test_or_train_is_refused(tmp_path):
    from narrascope.errors import ConfigError

    with pytest.raises(ConfigError, match=r"E017.*--split.*tuning half"):
        evaluate("copies", data=str(tmp_path / "dev.jsonl"), split="all")
