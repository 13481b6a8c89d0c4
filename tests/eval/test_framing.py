"""`narrascope eval framing`: roles given the gold entities and voices, beside the prior and a TF-IDF baseline."""
import json

from narrascope.eval import evaluate, evaluation


def test_framing_on_held_out_pages_is_never_below_the_prior(dev_path, tmp_path):
    result = evaluate("framing", data=str(dev_path), split="test", out=str(tmp_path))
    overall = result["all"]
    assert result["train_roles"] == 138 and overall["prior"]["roles"] == 97  # dev and dev2 pages
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


def test_a_model_with_evidence_is_scored_per_language_with_its_calibration(dev_path, tmp_path, monkeypatch):
    from narrascope.framing import train as framing_train
    from narrascope.train import train

    # The point the full grid's folds choose; one point keeps the test short.
    monkeypatch.setattr(framing_train, "GRID", {"window": (12,), "c": (30.0,), "margin": (-0.2,), "fine_threshold": (0.5,),
                                                "evidence": ("entity",), "ctx": (0.3,)})
    train("framing", dev_path, "narrascope", tmp_path / "m")
    result = evaluate("framing", data=str(dev_path), split="test", model=str(tmp_path / "m"), out=str(tmp_path / "o"))
    assert result["model"] == framing_train.VERSION
    for lang in ("all", "en", "ru"):
        assert {"model", "rules", "prior", "context_tfidf_lr"} <= set(result[lang])
    model, prior = result["all"]["model"], result["all"]["prior"]
    # Exact fine roles come from the entity's identity in its voice, far more often than from "always <majority>".
    assert model["emr"] >= prior["emr"] + 0.1 and model["main_role_accuracy"] >= prior["main_role_accuracy"] - 0.05
    cal = result["calibration"]
    assert 0 < cal["emitted_with_evidence"] < cal["of"] == 97 and 0 <= cal["ece"] < 0.3
    assert "emitted with evidence" in evaluation("framing").format(result)
    written = json.loads((tmp_path / "o" / "scores.json").read_text(encoding="utf-8"))
    assert set(written["scores"]["all"]) == {"rules", "model"}
