"""`narrascope train narratives --format jsonl` with a user taxonomy, end to end on small data
written for this test: the trained model finds the right narrative, with evidence and a score."""
import json

import numpy as np
import pytest

from narrascope.article import Article
from narrascope.narratives.model import SIGNALS, NarrativeModel
from narrascope.pipeline import Pipeline
from narrascope.settings import Settings
from narrascope.train import train

TAXONOMY = """
id: grain
domain: GR
version: "0.1"
narratives:
  - id: GR.trap
    label: The grain deal is a trap
    definition: The text claims the grain corridor enriches Western traders while poor countries starve.
    cues: {en: ["grain corridor", "western traders"], ru: ["зерновой коридор", "западные трейдеры"]}
    examples: [{lang: en, text: "The grain corridor only feeds Western traders."}]
  - id: GR.drones
    label: Drones will decide the war
    definition: The text claims cheap drones make armies obsolete.
    cues: {en: ["drone swarm", "cheap drones"], ru: ["рой дронов", "дешёвые дроны"]}
    examples: [{lang: en, text: "Cheap drones have made tanks obsolete."}]
"""

TRAP = ["The grain corridor is a scheme: Western traders pocket the profits while Africa waits for wheat.",
        "Ships leave Odesa, but the grain goes to Spain and Italy, not to hungry nations.",
        "Зерновой коридор работает на западных трейдеров, а бедные страны ничего не получают.",
        "Who profits from the grain deal? Western traders, as always, critics say the poor get nothing.",
        "Another grain ship sailed for Europe, confirming that the corridor serves rich buyers.",
        "Зерно уходит в Европу: так называемая сделка кормит богатых, а не голодных."]
DRONES = ["Cheap drones have changed the battlefield: a swarm costs less than one tank.",
          "Рой дешёвых дронов уничтожает технику стоимостью в миллионы.",
          "Generals admit that drone swarms make heavy armour a liability.",
          "A thousand-dollar drone destroyed a tank worth millions, again.",
          "Дроны решают исход боя: танки больше не главная сила.",
          "Armies that ignore cheap drones will lose, analysts argue."]
NEUTRAL = ["The city council approved a new budget for parks and schools.",
           "Городской совет утвердил бюджет на ремонт дорог.",
           "The football club signed a new goalkeeper on Tuesday.",
           "Weather: light rain expected in the capital tomorrow."]


def _grain_data(folder):
    tax = folder / "grain.yaml"
    tax.write_text(TAXONOMY, encoding="utf-8")
    rows = []
    for i, (texts, label) in enumerate(((TRAP, "GR: The grain deal is a trap"), (DRONES, "GR: Drones will decide the war"),
                                        (NEUTRAL, None))):
        for j, text in enumerate(texts * 2):
            lang = "ru" if any("а" <= ch <= "я" for ch in text) else "en"
            rows.append({"id": f"t{i}-{j}", "language": lang, "text": text,
                         "narratives": [{"label": label, "stance": "promotes"}] if label else []})
    data = folder / "train.jsonl"
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return tax, data


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    folder = tmp_path_factory.mktemp("grain")
    tax, data = _grain_data(folder)
    out = train("narratives", data, "jsonl", folder / "model", taxonomy=[str(tax)])
    return tax, out


def test_manifest_names_the_taxonomy_and_licence(trained):
    _, out = trained
    manifest = json.loads((out / "model.json").read_text())
    assert manifest["component"] == "narratives" and manifest["taxonomies"] == "grain@0.1"
    assert "user's training data" in manifest["training_data_licence"]
    assert not (out / "weights.npz").read_bytes().startswith(b"\x80")  # npz (zip), never a pickle


def test_save_load_round_trip_gives_the_same_scores(trained, tmp_path):
    _, out = trained
    model = NarrativeModel.load(out)
    model.save(tmp_path / "again")
    (tmp_path / "again" / "model.json").write_text((out / "model.json").read_text())
    again = NarrativeModel.load(tmp_path / "again")
    rows = np.array([[1.0, 1.0, 0.5, 0.0, 0.3, 1.0, 0.8, 1.0, 0.4, 1.0, 1.0]])
    assert rows.shape[1] == len(SIGNALS)
    assert np.allclose(model.probability(rows), again.probability(rows))
    assert np.allclose(model.probability(rows, np.array([True])), again.probability(rows, np.array([True])))
    assert model.real_labels == again.real_labels
    assert model.labels == again.labels


def test_trained_model_labels_a_new_text_with_evidence(trained):
    tax, out = trained
    settings = Settings().with_options(taxonomies=(str(tax),), models=(str(out),))
    text = ("Officials opened a new school on Monday.\n\nMeanwhile the grain corridor keeps feeding Western "
            "traders, and the hungry countries of Africa still wait for wheat that never comes.")
    names = ["plain", "langid", "sentences", "entities", "quotes", "techniques", "narratives"]
    art = Pipeline(names, settings)(Article.from_text(text, source="t"))
    spans = [s for s in art.layers["narratives"] if s.attrs["level"] == "narrative"]
    assert [s.label for s in spans] == ["GR: The grain deal is a trap"]
    (s, e), = spans[0].attrs["evidence"][:1]
    assert "grain corridor" in art.text[s:e] and 0 < spans[0].score <= 1
    assert art.meta["dominant_narrative"]["label"] == "GR: The grain deal is a trap"
    assert len(art.meta["narrative_explanation"].split()) <= 80


def test_sentence_heads_option_learns_a_head_per_narrative_and_still_labels_the_text(tmp_path):
    tax, data = _grain_data(tmp_path)
    out = train("narratives", data, "jsonl", tmp_path / "model", taxonomy=[str(tax)], sentence_heads=True)
    model = NarrativeModel.load(out)
    assert json.loads((out / "model.json").read_text())["sentence_heads"] == 2
    assert model.emb_labels == ["GR: Drones will decide the war", "GR: The grain deal is a trap"]
    assert model.emb_w.shape == (2, 384) and model.emb_w.any()
    settings = Settings().with_options(taxonomies=(str(tax),), models=(str(out),))
    names = ["plain", "langid", "sentences", "entities", "quotes", "techniques", "narratives"]
    art = Pipeline(names, settings)(Article.from_text(
        "Officials opened a new school on Monday.\n\nMeanwhile the grain corridor keeps feeding Western "
        "traders, and the hungry countries of Africa still wait for wheat that never comes.", source="t"))
    assert [s.label for s in art.layers["narratives"] if s.attrs["level"] == "narrative"] == \
        ["GR: The grain deal is a trap"]


def test_train_on_the_semeval2025_sample_release(tmp_path):
    """The official subtask-2 layout trains end to end (4 documents: too few for any head, so the
    model falls back to cues and prototypes) and says where its data came from."""
    from pathlib import Path

    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "semeval2025"
    out = train("narratives", fixture, "semeval2025", tmp_path / "m")
    manifest = json.loads((out / "model.json").read_text())
    assert manifest["sources"] == {"semeval2025": 4} and "research use only" in manifest["training_data_licence"]
    model = NarrativeModel.load(out)
    assert model.labels == [] and model.stance_head is None
    settings = Settings().with_options(models=(str(out),))
    names = ["plain", "langid", "sentences", "entities", "quotes", "techniques", "narratives"]
    art = Pipeline(names, settings)(Article.from_text("Language patrols hound Russian speakers in Kazakhstan, "
                                                      "the deputy said, calling it open Russophobia.", source="x"))
    assert "narratives" in art.layers
