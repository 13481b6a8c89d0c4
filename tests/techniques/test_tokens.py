"""Token features: one endless sentence must not cost tokens x features."""
import time

import numpy as np

from narrascope.techniques.tokens import MAX_CONTEXT_TOKENS, bounded_context, token_matrix, tokenize

NEWS = ("Officials in Astana denied the report. The ministry called it a provocation, "
        "and said the talks with Moscow would go on as planned.")


def test_ordinary_sentences_keep_their_context_unchanged():
    toks = tokenize(NEWS)
    assert bounded_context(toks) is toks


def test_a_long_sentence_is_cut_into_chunks_of_the_limit():
    text = NEWS + " " + " ".join(f"w{i}" for i in range(3 * MAX_CONTEXT_TOKENS + 10))
    toks = tokenize(text)
    bounded = bounded_context(toks)
    assert bounded.n_sentences > toks.n_sentences
    assert np.bincount(bounded.sentence).max() <= MAX_CONTEXT_TOKENS
    # the short sentences before it keep their grouping
    short = toks.sentence < toks.sentence.max()
    assert np.array_equal(bounded.sentence[short], toks.sentence[short])
    assert np.all(np.diff(bounded.sentence) >= 0)


def test_garbage_without_stops_is_featurised_in_linear_time():
    rng = np.random.default_rng(0)
    # one 20,000-token "sentence": random two-character words, no stop anywhere
    garbage = " ".join(chr(a) + chr(b) for a, b in rng.integers(0x4E00, 0x9FFF, (20_000, 2)))
    text = NEWS + " " + garbage
    toks = tokenize(text)
    start = time.perf_counter()
    x = token_matrix(text, toks)
    assert time.perf_counter() - start < 10  # hang guard: 7 s on one core before the context was bounded
    assert x.shape[0] == len(toks)
    # rows of the news tokens (but the last two, whose +1/+2 neighbours differ) do not depend on what follows
    head = token_matrix(NEWS, tokenize(NEWS))
    n = head.shape[0] - 2
    assert (x[:n] != head[:n]).nnz == 0
