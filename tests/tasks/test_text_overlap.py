"""The offline explanation proxies (never called BERTScore) and BERTScore's failure without a model."""
import builtins

import pytest

from narrascope.errors import CODES, ConfigError
from narrascope.tasks import bertscore as bs
from narrascope.tasks.text_overlap import (PROXY_METRICS, lcs_length, overlap_scores, rouge_l_f1, token_f1,
                                          tokenize)


def test_tokenize_strips_edge_punctuation_and_keeps_scripts_whole():
    assert tokenize('The "EU", U.S. and don\'t!') == ["the", "eu", "u.s", "and", "don't"]
    assert tokenize("हिंदी समाचार।") == ["हिंदी", "समाचार"]  # vowel signs stay inside the word
    assert tokenize(" -- ... ") == []


def test_lcs_length_by_hand():
    assert lcs_length(list("abcbdab"), list("bdcaba")) == 4  # the textbook example: "bcba"
    assert lcs_length([], ["a"]) == 0


def test_rouge_l_and_token_f1_by_hand():
    # cand "the cat sat on the mat" (6), ref "the cat lay on a mat" (6):
    # LCS "the cat on mat" = 4 -> P = R = 4/6 -> F 2/3.
    # Bag: cand {the 2, cat, sat, on, mat}, ref {the, cat, lay, on, a, mat}: overlap the 1 + cat + on + mat = 4 -> 2/3.
    assert rouge_l_f1("The cat sat on the mat.", "the cat lay on a mat") == pytest.approx(2 / 3)
    assert token_f1("The cat sat on the mat.", "the cat lay on a mat") == pytest.approx(2 / 3)
    # Order matters for ROUGE-L only: "b a" vs "a b": LCS 1 -> 1/2; bag overlap 2 -> 1.
    assert rouge_l_f1("b a", "a b") == 0.5 and token_f1("b a", "a b") == 1.0


def test_empty_texts():
    assert rouge_l_f1("", "") == 1.0 and token_f1("", "...") == 1.0
    assert rouge_l_f1("", "words here") == 0.0 and token_f1("words", "") == 0.0


def test_proxy_names_never_claim_to_be_bertscore():
    names = set(overlap_scores("a b", "a c"))
    assert names == set(PROXY_METRICS) == {"rouge_l_f1", "token_f1"}
    assert not any("bert" in n.lower() for n in names)


def test_greedy_match_by_hand():
    # 2 candidate tokens x 3 reference tokens. P = mean of row maxima = (0.9 + 0.5)/2 = 0.7;
    # R = mean of column maxima = (0.9 + 0.5 + 0.2)/3 = 1.6/3; F = 2PR/(P+R).
    p, r, f = bs.greedy_match([[0.9, 0.1, 0.2], [0.3, 0.5, 0.0]])
    assert p == pytest.approx(0.7) and r == pytest.approx(1.6 / 3)
    assert f == pytest.approx(2 * 0.7 * (1.6 / 3) / (0.7 + 1.6 / 3))
    assert bs.greedy_match([]) == (0.0, 0.0, 0.0)


def test_cosine_matrix_by_hand():
    sim = bs._cosine_matrix([[1.0, 0.0], [1.0, 1.0]], [[2.0, 0.0]])
    assert sim[0][0] == pytest.approx(1.0) and sim[1][0] == pytest.approx(1 / 2 ** 0.5)


@pytest.fixture
def no_ml_packages(monkeypatch):
    real_import = builtins.__import__

    def fake(name, *args, **kwargs):
        if name.split(".")[0] in ("bert_score", "torch", "transformers"):
            raise ImportError(f"No module named '{name}'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake)


def test_bertscore_without_packages_raises_a_coded_error(no_ml_packages):
    with pytest.raises(ConfigError) as err:
        bs.bertscore(["a"], ["b"], model="/nowhere/mbert")
    msg = str(err.value)
    assert err.value.code == "E010" and "BERTScore" in CODES["E010"]  # a clash over the code fails here
    assert "pip install bert-score" in msg and "offline" in msg and "/nowhere/mbert" in msg


def test_bertscore_model_load_failure_is_the_same_coded_error(monkeypatch):
    import sys
    import types

    class Broken:
        def __init__(self, **kwargs):
            raise OSError("We couldn't connect to the hub")

    monkeypatch.setitem(sys.modules, "bert_score", types.SimpleNamespace(BERTScorer=Broken))
    with pytest.raises(ConfigError) as err:
        bs.BertScorer()
    assert err.value.code == "E010" and bs.DEFAULT_MODEL in str(err.value) and "OSError" in str(err.value)


def test_bertscore_uses_bert_score_when_installed(monkeypatch):
    import sys
    import types

    class Tensor(list):
        def tolist(self):
            return list(self)

    class Fake:
        def __init__(self, **kwargs):
            self.kwargs = kwargs

        def score(self, cands, refs):
            return Tensor([0.5] * len(cands)), Tensor([1.0] * len(cands)), Tensor([0.6, 0.8][:len(cands)])

    monkeypatch.setitem(sys.modules, "bert_score", types.SimpleNamespace(BERTScorer=Fake))
    out = bs.bertscore(["a", "b"], ["c", "d"])
    assert out["f1"] == pytest.approx(0.7) and out["model"] == "bert-base-multilingual-cased" and out["layer"] == 9
    with pytest.raises(ValueError):
        bs.bertscore(["a"], [])
