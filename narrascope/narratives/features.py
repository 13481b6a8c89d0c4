"""Document and sentence features for the narrative classifier: hashed word uni/bigrams plus
hashed character 3-5-grams inside word boundaries (which carry Russian, Ukrainian and Kazakh
stems across inflection). Stateless, so a model needs only these parameters, not a vocabulary."""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer

WORD_BITS = 15
CHAR_BITS = 15
PARAMS = {"word_bits": WORD_BITS, "char_bits": CHAR_BITS, "word_ngrams": [1, 2], "char_ngrams": [3, 5]}


@lru_cache(maxsize=4)
def _vectorizers(word_bits: int = WORD_BITS, char_bits: int = CHAR_BITS):
    words = HashingVectorizer(n_features=1 << word_bits, ngram_range=(1, 2), alternate_sign=False,
                              norm="l2", lowercase=True, token_pattern=r"(?u)\b\w\w+\b")
    chars = HashingVectorizer(n_features=1 << char_bits, analyzer="char_wb", ngram_range=(3, 5),
                              alternate_sign=False, norm="l2", lowercase=True)
    return words, chars


def vectorize(texts: list[str], params: dict | None = None) -> sp.csr_matrix:
    """Rows of hashed features, one per text (word block then char block), each block l2-normed."""
    p = params or PARAMS
    words, chars = _vectorizers(p["word_bits"], p["char_bits"])
    return sp.hstack([words.transform(texts), chars.transform(texts)], format="csr", dtype=np.float32)


def dim(params: dict | None = None) -> int:
    p = params or PARAMS
    return (1 << p["word_bits"]) + (1 << p["char_bits"])
