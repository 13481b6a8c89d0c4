"""SemEval-2025 Task 10 scorers against numbers computed by hand (see the comments)."""
import math
from pathlib import Path

import pytest

from narrascope.errors import ConfigError

from narrascope.tasks import semeval2025 as se
from narrascope.tasks.semeval2025_format import ExplanationRow, Mention, NarrativeRow
from narrascope.tasks.semeval2025_score import load_entity_roles, load_narrative_labels, score_narratives

DATA = Path(__file__).resolve().parents[1] / "fixtures" / "semeval2025"
PREDS = DATA / "predictions" / "EN"
approx = pytest.approx


def _scores(subtask, **kw):
    return se.score(se.read_gold(DATA, "EN", subtask), se.read_predictions(PREDS, subtask), subtask, **kw)


def test_shipped_taxonomies_hold_the_label_names():
    coarse, fine = load_narrative_labels()
    assert len(coarse) == 22 and "Other" in coarse and "URW: Praise of Russia" in coarse
    assert "Other" in fine and "CC: Downplaying climate change: Other" in fine and len(fine) == 94
    # the three gold labels of the release that the list lacked before issue 13
    assert {"CC: Climate change is beneficial: Temperature increase is beneficial",
            "CC: Downplaying climate change: Sea levels are not rising",
            "CC: Green policies are geopolitical instruments: Climate-related international relations are "
            "abusive/exploitative"} <= set(fine)
    roles = load_entity_roles()
    assert sorted(roles) == ["Antagonist", "Innocent", "Protagonist"] and "Foreign Adversary" in roles["Antagonist"]


def test_st1_on_the_sample_files():
    # Gold: 6 mentions. Predictions (in another order): Zelensky = exact (its end is the article's
    # last character); NATO = {Foreign Adversary, Instigator} listed in the other order = exact;
    # Greta: Protagonist/Guardian vs Antagonist/Instigator = wrong; Russia: {Victim, Exploited} vs
    # {Victim} = not exact, main role right; EU = exact; Putin: predicted at 51-55 instead of 50-54,
    # so unmatched (ignored) and Putin counts as an empty prediction.
    # EMR = 3/6 = 0.5. Main role: EU, Russia, NATO, Zelensky right = 4/6.
    # Fine roles: tp 5 (Instigator@NATO, FA, Deceiver, Victim, Incompetent), fp 2 (Guardian, Exploited),
    # fn 2 (Instigator@Greta, Tyrant) -> micro P = R = F = 5/7.
    # Macro over 8 labels, zero_division=1: P = (6 x 1.0 + Guardian 0 + Exploited 0) / 8 = 0.75;
    # R = (Instigator 0.5 + 4 x 1.0 + Tyrant 0 + Guardian 1 + Exploited 1) / 8 = 6.5/8 = 0.8125;
    # F = (Instigator 2/3 + 4 x 1.0 + Tyrant 0 + Guardian 0 + Exploited 0) / 8 = 0.583333.
    s = _scores(1)
    assert s["emr"] == approx(0.5) and s["main_role_accuracy"] == approx(4 / 6)
    assert (s["micro_precision"], s["micro_recall"], s["micro_f1"]) == approx((5 / 7, 5 / 7, 5 / 7))
    assert (s["macro_precision"], s["macro_recall"], s["macro_f1"]) == approx((0.75, 0.8125, 0.583333), abs=1e-6)
    assert s["per_label"]["Tyrant"] == {"precision": 1.0, "recall": 0.0, "f1": 0.0}
    assert s["mentions"] == 6 and s["unmatched_predictions"] == 1
    assert s["unmatched_prediction_ids"] == ["EN_URW_0004:51-55"]


def test_st1_role_order_and_unknown_roles():
    gold = [Mention("a.txt", "X", 0, 0, "Antagonist", ["Spy", "Traitor"])]
    pred = [Mention("a", "X", 0, 0, "Antagonist", ["Traitor", "Spy", "Spy", "Villain"])]
    s = se.score(gold, pred, 1)
    # {Traitor, Spy, Villain} != {Spy, Traitor}: EMR 0; tp 2, fp 1 -> micro P 2/3, R 1, F 0.8.
    assert s["emr"] == 0.0 and s["micro_f1"] == approx(0.8) and s["unknown_roles"] == ["Villain"]
    assert se.score(gold, pred[:0] + [Mention("a.txt", "X", 0, 0, "Antagonist", ["Traitor", "Spy"])], 1)["emr"] == 1.0


def test_st2_on_the_sample_files():
    # Per gold document (coarse): 0001 gold {CCM, CIA} pred {CCM} -> P 1, R 1/2, F 2/3;
    # 0002 Other vs Other -> 1.0; 0003 gold {NegCons, Victim} pred {Victim, Victim, Praise}
    # (duplicate once) -> P 1/2, R 1/2, F 1/2; 0004 no prediction row -> 0.
    # mean = (2/3 + 1 + 1/2 + 0) / 4 = 13/24 = 0.541667; std = sqrt(75/576) = sqrt(75)/24 = 0.360844.
    # Fine: 0001 gold {alarmist, EU} pred {alarmist, "CC: Not a real label" (not in the inventory,
    # ignored)} -> 2/3; 0002 -> 1; 0003 gold {backfire, Victim: Other} pred {Victim: Other} x2 -> 2/3;
    # 0004 -> 0. mean = 7/12 = 0.583333; std = sqrt(19/144) = sqrt(19)/12 = 0.363242.
    s = _scores(2)
    assert s["f1_coarse"] == approx(13 / 24) and s["f1_coarse_std"] == approx(math.sqrt(75) / 24)
    assert s["f1_fine"] == approx(7 / 12) and s["f1_fine_std"] == approx(math.sqrt(19) / 12)
    assert s["documents"] == 4 and s["predicted_documents"] == 3
    assert s["unmatched_predictions"] == 1 and s["unmatched_prediction_ids"] == ["EN_XX_9999"]
    assert s["ignored_labels"] == ["CC: Not a real label"]


def _st2(gold_n, gold_s, pred_n, pred_s):
    return score_narratives([NarrativeRow("d.txt", gold_n, gold_s)], [NarrativeRow("d.txt", pred_n, pred_s)])


def test_st2_other_is_a_label_like_any_other():
    assert _st2(["Other"], ["Other"], ["Other"], ["Other"])["f1_coarse"] == 1.0
    # gold Other, predicted a real narrative: tp 0 -> 0.
    assert _st2(["Other"], ["Other"], ["URW: Praise of Russia"], ["Other"])["f1_coarse"] == 0.0
    # gold {Other}, pred {Other, Praise}: P 1/2, R 1 -> F 2/3.
    assert _st2(["Other"], ["Other"], ["Other", "URW: Praise of Russia"], [])["f1_coarse"] == approx(2 / 3)


def test_st2_empty_prediction_and_both_empty():
    s = _st2(["Other"], ["Other"], [], [])
    assert (s["f1_coarse"], s["f1_fine"]) == (0.0, 0.0)
    # Both vectors empty (gold holds no known label): sklearn zero_division=0 as in the official scorer -> 0.
    assert _st2(["Not a label"], [], [], [])["f1_coarse"] == 0.0


def test_st2_pairs_by_id_not_by_order():
    gold = [NarrativeRow("a.txt", ["Other"], ["Other"]), NarrativeRow("b.txt", ["CC: Amplifying Climate Fears"], [])]
    pred = [NarrativeRow("b", ["CC: Amplifying Climate Fears"], []), NarrativeRow("a", ["Other"], ["Other"])]
    assert score_narratives(gold, pred)["f1_coarse"] == 1.0
    # Last row wins for a repeated id (the official dict readers do the same), and it is counted.
    s = score_narratives(gold[:1], [NarrativeRow("a", ["Other"], []), NarrativeRow("a.txt", [], [])])
    assert s["f1_coarse"] == 0.0 and s["duplicate_predictions"] == 1


def test_st2_label_inventory_from_a_path(tmp_path):
    path = tmp_path / "labels.txt"
    path.write_text("# coarse\nA\nB\n# fine\nA: x\n", encoding="utf-8")
    s = score_narratives([NarrativeRow("d", ["A"], ["A: x"])], [NarrativeRow("d", ["A", "C"], ["A: x"])], path)
    assert s["f1_coarse"] == 1.0 and s["ignored_labels"] == ["C"]  # C is not in this inventory


def test_st3_on_the_sample_files():
    # Tokens: whitespace split, edge punctuation stripped, case-folded.
    # 0003: gold 11 tokens, pred "western sanctions hurt europe more than russia" (7) = a suffix of gold:
    #   LCS 7 -> P 1, R 7/11, F 7/9; token F1 also 7/9.
    # 0001: gold "the article calls the protest alarmist and blames the eu for higher costs" (13),
    #   pred "the eu green deal raises costs for families" (8). LCS 3 ("the eu for") -> F 2*(3/8)(3/13)/
    #   (3/8+3/13) = 2/7; bag overlap the, eu, costs, for = 4 -> P 1/2, R 4/13, F 8/21.
    # 0004: no prediction -> 0, 0.  rouge_l = (2/7 + 7/9 + 0)/3 = 67/189; token_f1 = (8/21 + 7/9)/3 = 73/189.
    # Dominant narrative right for 0003 only -> 1/3; subnarrative right for none -> 0.
    s = _scores(3)
    assert s["rouge_l_f1"] == approx(67 / 189) and s["token_f1"] == approx(73 / 189)
    assert s["dominant_narrative_accuracy"] == approx(1 / 3) and s["dominant_subnarrative_accuracy"] == 0.0
    assert s["unmatched_predictions"] == 1 and s["documents"] == 3
    assert "bertscore" not in s and "bertscore_f1" in s["not_computed"]
    assert not any("bert" in key for key in s if key != "not_computed")


def test_st3_two_column_predictions_have_no_label_accuracy():
    gold = [ExplanationRow("a.txt", "One two three.", "N", "N: Other")]
    s = se.score(gold, [ExplanationRow("a.txt", "one two three")], 3)
    assert s["rouge_l_f1"] == 1.0 and s["dominant_narrative_accuracy"] is None
    long = ExplanationRow("a.txt", " ".join(["word"] * 81))
    assert se.score(gold, [long], 3)["over_80_words"] == 1


def test_st3_with_a_model_path_but_no_backend_raises_e010(monkeypatch):
    import builtins
    real_import = builtins.__import__

    def no_ml(name, *args, **kwargs):
        if name.split(".")[0] in ("bert_score", "torch", "transformers"):
            raise ImportError(f"No module named '{name}'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ml)
    gold = [ExplanationRow("a.txt", "x", "N", "N: Other")]
    with pytest.raises(ConfigError) as err:
        se.score(gold, gold, 3, bertscore_model="/models/mbert")
    assert err.value.code == "E010" and "/models/mbert" in str(err.value)
