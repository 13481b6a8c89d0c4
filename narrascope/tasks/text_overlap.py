"""Offline text-overlap scores: a PROXY for comparing generated explanations with gold ones.

These are not BERTScore and are never reported under that name. They need no model, so they can
always be computed; the official SemEval-2025 Task 10 ST3 metric (BERTScore F1 with
bert-base-multilingual-cased) lives in :mod:`narrascope.tasks.bertscore`.

Tokens: the text split on whitespace, punctuation and symbols stripped from both ends of each
piece (inner ones stay: ``U.S.``, ``don't``), case-folded, empty pieces dropped. This works the same
for every script, including Devanagari, whose vowel signs a ``\\w+`` pattern would split on.

- ``rouge_l_f1``: ROUGE-L F1 (beta = 1) from the longest common subsequence of the token lists:
  P = LCS / len(candidate), R = LCS / len(reference).
- ``token_f1``: bag-of-tokens F1 (SQuAD style): overlap counted with multiplicity.

Both give 1.0 when both texts have no tokens and 0.0 when only one has none.
"""
from __future__ import annotations

import unicodedata
from collections import Counter

PROXY_METRICS = ("rouge_l_f1", "token_f1")


def _edge(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


def tokenize(text: str) -> list[str]:
    out = []
    for piece in text.split():
        i, j = 0, len(piece)
        while i < j and _edge(piece[i]):
            i += 1
        while j > i and _edge(piece[j - 1]):
            j -= 1
        if i < j:
            out.append(piece[i:j].casefold())
    return out


def lcs_length(a: list[str], b: list[str]) -> int:
    """Length of the longest common subsequence (dynamic programming, two rows)."""
    if len(a) < len(b):
        a, b = b, a
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b, 1):
            cur.append(prev[j - 1] + 1 if x == y else max(prev[j], cur[j - 1]))
        prev = cur
    return prev[-1]


def _f1(overlap: int, n_cand: int, n_ref: int) -> float:
    if n_cand == 0 and n_ref == 0:
        return 1.0
    if overlap == 0:
        return 0.0
    p, r = overlap / n_cand, overlap / n_ref
    return 2 * p * r / (p + r)


def rouge_l_f1(candidate: str, reference: str) -> float:
    c, r = tokenize(candidate), tokenize(reference)
    return _f1(lcs_length(c, r), len(c), len(r))


def token_f1(candidate: str, reference: str) -> float:
    c, r = tokenize(candidate), tokenize(reference)
    return _f1(sum((Counter(c) & Counter(r)).values()), len(c), len(r))


def overlap_scores(candidate: str, reference: str) -> dict[str, float]:
    """Both proxy scores for one pair, keyed by :data:`PROXY_METRICS`."""
    return {"rouge_l_f1": rouge_l_f1(candidate, reference), "token_f1": token_f1(candidate, reference)}
