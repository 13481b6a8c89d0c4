"""`narrascope eval framing`: roles given the gold entities and voices, beside the prior and a TF-IDF baseline."""
import json

from narrascope.eval import evaluate, evaluation


def test_framing_on_held_out_pages_is_never_below_the_prior(dev_path, tmp_path):
    result = evaluate("framing", data=str(dev_path), split="test", out=str(tmp_path))
    overall = result["all"]
    assert result["train_roles"] == 138 and overall["prior"]["roles"] == 97  # dev + dev2 pages
    # The rules (with the prior as fallback) beat "always Antagonist" on the held-out pages.
    assert overall["rules"]["main_role_accuracy"] > overall["prior"]["main_role_accuracy"] >= 0.7
    assert overall["rules"]["emr"] > overall["prior"]["emr"]
    for lang in ("en", "ru"):
        assert result[lang]["rules"]["main_role_accuracy"] >= result[lang]["prior"]["main_role_accuracy"]
    text = evaluation("framing").format(result)
    assert "context_tfidf_lr" in text and "[ru] rules" in text
    written = json.loads((tmp_path / "scores.json").read_text(encoding="utf-8"))
    assert set(written["scores"]["all"]) == {"rules"} and set(written["baselines"]["all"]) == {"prior", "context_tfidf_lr"}
    assert written["details"]["train_roles"] == 138 and written["component_versions"]
