"""The trigger-sentence gate: learnt over sentence embeddings, mixed into the SPAN score of posts only,
saved and loaded with the model, and off (old decoding) without embeddings."""
import json

import numpy as np
import pytest

from narrascope.modeldir import open_model
from narrascope.techniques import sentence_gate
from narrascope.techniques.decode import decode, smoothed_span_scores
from narrascope.techniques.model import MANIPULATIVE, TechniqueModel, default_model_dir
from narrascope.techniques.sentence_gate import FILE, SentenceGate
from narrascope.techniques.tokens import N_FEATURES, tokenize
from narrascope.text import embed as text_embed

# Posts written for this test: the panic sentence is the trigger, the weather and dates are not.
PANIC = "Завтра всі банки закриються, знімайте гроші негайно!"
CALM = ["Сьогодні у Києві сонячно, вдень до двадцяти градусів.", "Засідання комітету перенесли на вівторок."]
POSTS = [f"{CALM[0]} {PANIC} {CALM[1]}", f"{PANIC}\n{CALM[1]}", f"{CALM[1]} {CALM[0]}\n{PANIC}"]


def _vectors(texts, max_chars=600):
    """A stand-in encoder: axis 0 says "panic", the rest is a little noise."""
    out = np.full((len(texts), 8), 0.05, np.float32)
    for i, t in enumerate(texts):
        out[i, 0] = 1.0 if "банки" in t else -1.0
        out[i, 1 + len(t) % 7] += 0.1
    return out / np.linalg.norm(out, axis=1, keepdims=True)


@pytest.fixture
def fake_encoder(monkeypatch):
    sentence_gate._sentence_vector.cache_clear()
    monkeypatch.setattr(text_embed, "available", lambda: True)
    monkeypatch.setattr(text_embed, "embed", _vectors)
    yield
    sentence_gate._sentence_vector.cache_clear()


def _spans(text):
    return [(text.index(PANIC), text.index(PANIC) + len(PANIC))]


def _gate() -> SentenceGate:
    W, b = sentence_gate.fit(POSTS * 3, [_spans(t) for t in POSTS] * 3, _vectors)
    return SentenceGate(W, b)


def _model(gate) -> TechniqueModel:
    """A model whose token SPAN head scores nothing (a flat 0.27) and whose post head says "manipulative"."""
    return TechniqueModel(["__span__"], np.zeros((N_FEATURES, 1), np.float32), np.array([-1.0], np.float32),
                          [MANIPULATIVE, "fud"], np.zeros((N_FEATURES, 2), np.float32), np.array([3.0, 3.0], np.float32),
                          {"__span__": 0.3}, {"fud": 0.5}, {"version": "test", "doc_languages": ["uk"]},
                          sentence_gate=gate)


def test_fit_learns_which_sentences_carry_the_trigger():
    gate = _gate()
    p = gate.probabilities(_vectors([PANIC, *CALM]), np.ones(3, bool))
    assert p[0] > 0.5 > max(p[1:])
    # a sentence that was not embedded (no word) scores 0
    assert gate.probabilities(_vectors(["👉", PANIC]), np.array([False, True]))[0] == 0.0


def test_sentences_without_a_word_are_not_embedded(fake_encoder):
    vecs = sentence_gate.sentence_vectors(["👉 🇺🇦", "|", PANIC])
    assert not vecs[0].any() and not vecs[1].any() and vecs[2].any()
    assert not sentence_gate.wordy("⤵️ 1 | @") and sentence_gate.wordy("Ой")


def test_token_scores_mix_the_sentence_probability_into_each_token(fake_encoder):
    gate = _gate()
    text = POSTS[0]
    toks = tokenize(text)
    q = np.full(len(toks), 0.2)
    mixed = gate.token_scores(q, toks, text)
    bounds = sentence_gate.post_sentences(text)
    g = gate.probabilities(_vectors([text[s:e] for s, e in bounds]), np.ones(len(bounds), bool))
    first_panic = int(np.searchsorted(toks.starts, text.index(PANIC)))
    assert mixed[first_panic] == pytest.approx(0.5 * 0.2 + 0.5 * g[1])
    assert mixed[0] == pytest.approx(0.5 * 0.2 + 0.5 * g[0])


def test_post_decoding_marks_the_trigger_sentence_and_articles_ignore_the_gate(fake_encoder):
    text = POSTS[0]
    toks = tokenize(text)
    model = _model(_gate())
    probs = model.token_probabilities(text, toks)
    spans = decode(model, toks, probs, "uk", "post", text)
    assert {text[s.start:s.end] for s in spans} == {PANIC}
    plain = decode(_model(None), toks, probs, "uk", "post", text)
    assert {text[s.start:s.end] for s in plain} == {CALM[0]}
    # the gate moves spans, never the post's techniques (subtask 1 reads only those)
    assert {s.label for s in spans} == {s.label for s in plain} == {"fud"}
    without = _model(None)
    assert decode(model, toks, probs, "uk", "article", text) == decode(without, toks, probs, "uk", "article", text)


def test_without_embeddings_posts_decode_as_before(monkeypatch):
    sentence_gate._sentence_vector.cache_clear()
    monkeypatch.setattr(text_embed, "available", lambda: False)
    text = POSTS[0]
    toks = tokenize(text)
    gated, plain = _model(_gate()), _model(None)
    probs = plain.token_probabilities(text, toks)
    assert gated.sentence_gate.token_scores(smoothed_span_scores(probs[:, 0], toks), toks, text) is None
    assert decode(gated, toks, probs, "uk", "post", text) == decode(plain, toks, probs, "uk", "post", text)


def test_a_saved_model_loads_its_sentence_gate(tmp_path):
    model = _model(_gate())
    model.save(tmp_path)
    manifest = json.loads((tmp_path / "model.json").read_text())
    assert manifest["sentence_gate"]["weights"] == FILE and FILE in manifest["files"]
    loaded = TechniqueModel.from_dir(open_model(tmp_path, "techniques"))
    np.testing.assert_allclose(loaded.sentence_gate.W, model.sentence_gate.W)
    assert (loaded.sentence_gate.weight, loaded.sentence_gate.threshold) == (sentence_gate.WEIGHT, sentence_gate.THRESHOLD)
    assert _model(None).save(tmp_path / "plain") and "sentence_gate" not in json.loads((tmp_path / "plain" / "model.json").read_text())


def test_the_shipped_model_carries_a_sentence_gate_over_the_encoder():
    loaded = TechniqueModel.from_dir(open_model(default_model_dir(), "techniques"))
    assert loaded.sentence_gate is not None and loaded.sentence_gate.W.shape == (384,)
    assert loaded.manifest["sentence_gate"]["training_data"]["unlp2025"]["split"] == "train"
