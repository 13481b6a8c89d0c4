"""Embedding post heads: fitted beside the hashed ones, averaged at analysis time, saved and loaded."""
import json

import numpy as np
import pytest

from narrascope.modeldir import open_model
from narrascope.techniques import model as model_module
from narrascope.techniques import doc_embedding
from narrascope.techniques.model import DOC_EMBEDDING, MANIPULATIVE, TechniqueModel, default_model_dir, fit_doc_heads
from narrascope.techniques.tokens import N_FEATURES, document_matrix, tokenize
from narrascope.text import embed as text_embed

# Posts written for this test: the "fear" ones warn of a coming disaster, the others report the weather.
FEAR = ["Завтра все банки закроются, снимайте деньги немедленно, пока не поздно!",
        "Скоро начнётся голод, запасайтесь продуктами, власти молчат.",
        "Готуйтеся: світло вимкнуть на тиждень, а вода зникне вже завтра.",
        "They will cut the power for a month, stock up now before it is too late."]
CALM = ["Сегодня в Алматы солнечно, днём до плюс двадцати.",
        "У Києві вранці туман, вдень хмарно без опадів.",
        "Weather in Astana: light wind, no rain expected this week.",
        "В выходные в Караганде ожидается небольшой снег."]
HEADS = [MANIPULATIVE, "fud"]


@pytest.fixture(autouse=True)
def _fresh_post_vectors():
    """The stand-in encoder's vectors must not stay in the process-wide cache of post embeddings."""
    model_module._post_vector.cache_clear()
    yield
    model_module._post_vector.cache_clear()


def _vectors(texts):
    """A stand-in encoder whose first axis says "fear" and the rest is noise: what the heads must find."""
    rng = np.random.default_rng(len(texts))
    v = rng.normal(0, 0.05, (len(texts), 8)).astype(np.float32)
    v[:, 0] = [1.0 if t in FEAR else -1.0 for t in texts]
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def _data(n=3):
    texts = (FEAR + CALM) * n
    labels = [["fud"] if t in FEAR else [] for t in texts]
    return texts, labels


def test_fit_learns_the_embedding_axis_and_chooses_thresholds_out_of_fold():
    texts, labels = _data()
    W, b, thresholds = doc_embedding.fit(texts, labels, HEADS, _vectors(texts))
    assert W.shape == (8, 2) and set(thresholds) == {"fud"}
    probs = 1 / (1 + np.exp(-(_vectors(FEAR + CALM) @ W + b)))
    assert (probs[:4, 1] > 0.5).all() and (probs[4:, 1] < 0.5).all()
    assert 0.1 <= thresholds["fud"] <= 0.9


def _model(texts, labels, with_embedding: bool) -> TechniqueModel:
    X = document_matrix([tokenize(t) for t in texts])
    Wd, bd = fit_doc_heads(X, labels, HEADS)
    model = TechniqueModel(["__span__"], np.zeros((N_FEATURES, 1), np.float32), np.zeros(1, np.float32), HEADS, Wd, bd,
                           manifest={"version": "test", "doc_languages": ["ru", "uk"]})
    if with_embedding:
        W, b, model.doc_thresholds = doc_embedding.fit(texts, labels, HEADS, _vectors(texts))
        model.doc_emb = (W, b, 0.5, doc_embedding.MAX_CHARS)
    return model


def test_doc_probabilities_average_the_embedding_heads_only_when_the_text_is_given(monkeypatch):
    texts, labels = _data()
    model = _model(texts, labels, True)
    monkeypatch.setattr(text_embed, "embed", lambda batch, max_chars=600: _vectors(batch))
    toks = tokenize(FEAR[0])
    hashed = model.doc_probabilities(toks)["fud"]
    both = model.doc_probabilities(toks, FEAR[0])["fud"]
    We, be = model.doc_emb[0], model.doc_emb[1]
    emb = 1 / (1 + np.exp(-(_vectors([FEAR[0]]) @ We + be)))[0, 1]
    assert both == pytest.approx(0.5 * hashed + 0.5 * emb, abs=1e-5)
    monkeypatch.setattr(text_embed, "embed", lambda batch, max_chars=600: None)  # embeddings off
    other = tokenize(FEAR[1])
    assert model.doc_probabilities(other, FEAR[1])["fud"] == pytest.approx(model.doc_probabilities(other)["fud"])


def test_a_saved_model_loads_its_embedding_heads(tmp_path):
    texts, labels = _data()
    model = _model(texts, labels, True)
    model.save(tmp_path)
    manifest = json.loads((tmp_path / "model.json").read_text())
    assert manifest["doc_embedding"]["weights"] == DOC_EMBEDDING and DOC_EMBEDDING in manifest["files"]
    loaded = TechniqueModel.from_dir(open_model(tmp_path, "techniques"))
    assert loaded.doc_emb[2:] == (0.5, doc_embedding.MAX_CHARS)
    np.testing.assert_allclose(loaded.doc_emb[0], model.doc_emb[0])
    assert _model(texts, labels, False).doc_emb is None


def test_the_shipped_model_carries_embedding_heads_for_every_post_head():
    loaded = TechniqueModel.from_dir(open_model(default_model_dir(), "techniques"))
    assert loaded.doc_emb is not None
    assert loaded.doc_emb[0].shape == (384, len(loaded.doc_heads))
    assert set(loaded.doc_thresholds) == set(loaded.doc_heads) - {MANIPULATIVE}
