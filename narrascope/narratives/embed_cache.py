"""A disk cache of sentence embeddings for training, so `train narratives` embeds every training
sentence once per machine, not once per run (~55-90 ms a sentence on one thread).

The cache is one ``.npz`` (``keys``: sha1 of the text; ``vecs``: float16 unit vectors) in
``$NARRASCOPE_CACHE_DIR`` (default ``~/.cache/narrascope``), named after the embedding model, never
inside the repository. Every vector, fresh or cached, is rounded to float16, so a run gives the
same model whether the cache was warm or cold.

    >>> cache = EmbeddingCache()                        # doctest: +SKIP
    >>> cache.embed(["Russia threatens Kazakhstan."]).shape
    (1, 384)
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np

from . import embed

BATCH = 64


def default_path() -> Path:
    root = Path(os.environ.get("NARRASCOPE_CACHE_DIR") or Path.home() / ".cache" / "narrascope")
    return root / f"sentence-embeddings-{embed.version()}.npz"


def _key(text: str) -> str:
    return hashlib.sha1(text[:600].encode("utf-8")).hexdigest()


class EmbeddingCache:
    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path else default_path()
        self.vecs: dict[str, np.ndarray] = {}
        self._dirty = False
        if self.path.exists():
            with np.load(self.path, allow_pickle=False) as z:
                self.vecs = dict(zip(z["keys"].tolist(), z["vecs"]))

    def embed(self, texts: list[str]) -> np.ndarray | None:
        """(len(texts), 384) float32 unit vectors (float16 precision), or None when embeddings are off."""
        if not texts:
            return np.zeros((0, 384), np.float32)
        keys = [_key(t) for t in texts]
        missing = list(dict.fromkeys(k for k in keys if k not in self.vecs))
        if missing:
            if not embed.available():
                return None
            by_key = {k: t for k, t in zip(keys, texts)}
            for start in range(0, len(missing), BATCH):
                chunk = missing[start:start + BATCH]
                for k, v in zip(chunk, embed.embed([by_key[k] for k in chunk])):
                    self.vecs[k] = v.astype(np.float16)
                self._dirty = True
                if start // BATCH % 10 == 9:  # a long first run keeps its work if interrupted
                    self.save()
        return np.stack([self.vecs[k] for k in keys]).astype(np.float32)

    def save(self) -> None:
        if not self._dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = sorted(self.vecs)
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez(tmp, keys=np.array(keys), vecs=np.stack([self.vecs[k] for k in keys]))
        os.replace(tmp, self.path)
        self._dirty = False
