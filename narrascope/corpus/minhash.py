"""Same-language near-duplicates: word 3-gram shingles, block MinHash (``datasketch``), a compact LSH
band index, and an exact containment check.

Why each piece:
- *Shingles* are 3-grams of lower-cased words (``ё`` -> ``е``) after dropping short sentences that carry
  page-furniture words (``text.boilerplate.STRONG``: "subscribe", "читайте также"...), so added
  boilerplate adds little; a spinner synonym breaks only the three shingles around it.
- *Blocks*: a copy that cut half the paragraphs has a low Jaccard with its original as a whole, but its
  surviving paragraphs match the original's almost whole. Each article is cut into blocks of consecutive
  paragraphs (at least :data:`BLOCK_SHINGLES` shingles each) and each block gets a MinHash; two articles
  are candidates when any two of their blocks collide in a band.
- *Band index*: datasketch's ``MinHashLSH`` keeps a Python dict entry per (block, band), about 100 bytes
  each: gigabytes at 100,000 articles. With r = 2 rows a band key is the two 32-bit hash values packed
  into one uint64, so each band is one sorted numpy array.
- *Verification*: exact containment ``|A & B| / min(|A|, |B|)`` over the whole articles' shingle sets
  (a copy that cut half the text still scores high), with at least :data:`MIN_SHARED` shared shingles.

    >>> a = sketch("Astana announced a new water plan for the south of the country today.\\n"
    ...            "The plan covers forty farms and two canals along the Syr Darya river.")
    >>> b = sketch("The plan covers forty farms and two canals along the Syr Darya river.")
    >>> round(containment(a.shingles, b.shingles), 2), len(a.signatures)
    (1.0, 1)
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..text.boilerplate import STRONG
from ..text.sentences import split_sentences

NUM_PERM = 128
ROWS = 2                     # rows per band: a band key is two hash values packed into a uint64
BANDS = NUM_PERM // ROWS
SHINGLE = 3                  # words per shingle
BLOCK_SHINGLES = 40          # a block closes once it holds this many shingles
MIN_SHARED = 8               # fewer shared shingles than this is never a copy
SEED = 15
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_FURNITURE_CHARS = 200       # a longer sentence is text even when it says "subscribe"


@dataclass(frozen=True)
class Sketch:
    """What the index keeps of one article: its shingle hashes (sorted, unique uint32) and one MinHash
    signature (uint32, :data:`NUM_PERM` values) per block."""

    shingles: np.ndarray
    signatures: np.ndarray   # (blocks, NUM_PERM) uint32


def _words(line: str) -> list[str]:
    """Lower-cased words of ``line`` without its page-furniture sentences."""
    kept = [line[s:e] for s, e in split_sentences(line)] or [line]
    kept = [s for s in kept if len(s) > _FURNITURE_CHARS or not STRONG.search(s)]
    return [w.lower().replace("ё", "е") for w in _WORD.findall(" ".join(kept))]


def _hash(words: list[str]) -> int:
    return zlib.crc32(" ".join(words).encode("utf-8"))


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32").permutations


def _signature(hashes: list[int]) -> np.ndarray:
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32", hashfunc=int, permutations=_permutations())
    m.update_batch(hashes)
    return np.asarray(m.hashvalues, dtype=np.uint32)


def sketch(text: str) -> Sketch:
    """Shingles and block signatures of ``text`` (paragraphs are its lines)."""
    blocks: list[list[int]] = []
    current: list[int] = []
    words: list[str] = []
    for line in text.split("\n"):
        line_words = _words(line)
        if not line_words:
            continue
        # Shingles run across paragraph breaks, so a re-paragraphed copy keeps them.
        tail = words[-(SHINGLE - 1):]
        words.extend(line_words)
        seq = tail + line_words
        current.extend(_hash(seq[i:i + SHINGLE]) for i in range(len(seq) - SHINGLE + 1))
        if len(current) >= BLOCK_SHINGLES:
            blocks.append(current)
            current = []
    if not blocks and not current and 0 < len(words) < SHINGLE:
        current = [_hash(words)]  # a text of one or two words is one shingle
    if current:
        if blocks and len(current) < BLOCK_SHINGLES // 2:
            blocks[-1].extend(current)  # a short tail joins the last block
        else:
            blocks.append(current)
    shingles = np.unique(np.fromiter((h for b in blocks for h in b), dtype=np.uint32))
    sigs = np.stack([_signature(b) for b in blocks]) if blocks else np.zeros((0, NUM_PERM), np.uint32)
    return Sketch(shingles, sigs)


def containment(a: np.ndarray, b: np.ndarray) -> float:
    """Shared shingles over the smaller set's size (0.0 when either is empty)."""
    if not len(a) or not len(b):
        return 0.0
    return len(np.intersect1d(a, b, assume_unique=True)) / min(len(a), len(b))


def verify(a: np.ndarray, b: np.ndarray) -> dict[str, float | int]:
    """The exact scores of a candidate pair: shared shingles, containment and Jaccard."""
    shared = len(np.intersect1d(a, b, assume_unique=True)) if len(a) and len(b) else 0
    union = len(a) + len(b) - shared
    return {"shared": shared, "containment": round(shared / min(len(a), len(b)), 4) if shared else 0.0,
            "jaccard": round(shared / union, 4) if union else 0.0}


def shared_counts(a: np.ndarray, others: list[np.ndarray]) -> np.ndarray:
    """How many shingles of ``a`` each of ``others`` holds: one ``isin`` over all of them at once, ~4x
    faster than one intersection per pair when an article has hundreds of candidates."""
    if not others:
        return np.zeros(0, np.int64)
    flat = np.concatenate(others)
    owner = np.repeat(np.arange(len(others)), [len(o) for o in others])
    return np.bincount(owner, weights=np.isin(flat, a, assume_unique=False), minlength=len(others)).astype(np.int64)


def band_keys(signatures: np.ndarray) -> np.ndarray:
    """(blocks, BANDS) uint64: each band's two hash values packed into one key."""
    sig = signatures.astype(np.uint64).reshape(len(signatures), BANDS, ROWS)
    return (sig[:, :, 0] << np.uint64(32)) | sig[:, :, 1]


class BandIndex:
    """Blocks of many documents by band key; finds the block collisions that involve new documents.

    ``owner[i]`` is the document number of block ``i``. :meth:`collisions` returns document pairs
    ``(old_or_new, new)`` whose blocks share a band key, each pair once, sorted.
    """

    def __init__(self) -> None:
        self.keys = np.zeros((0, BANDS), np.uint64)
        self.owner = np.zeros(0, np.int64)

    def extend(self, keys: np.ndarray, owner: np.ndarray) -> None:
        """Add blocks without looking for collisions (rebuilding an index from stored signatures)."""
        self.keys = np.concatenate([self.keys, keys])
        self.owner = np.concatenate([self.owner, owner])

    def add(self, keys: np.ndarray, owner: np.ndarray) -> np.ndarray:
        """Add blocks (their band keys and document numbers); return the colliding document pairs
        (a, b) with a < b and b among the added documents, as an (n, 2) int64 array."""
        first_new = len(self.owner)
        self.keys = np.concatenate([self.keys, keys])
        self.owner = np.concatenate([self.owner, owner])
        if not len(keys):
            return np.zeros((0, 2), np.int64)
        first_doc = int(owner.min())  # documents are numbered in the order they were added
        pairs: list[np.ndarray] = []
        for band in range(BANDS):
            column = self.keys[:, band]
            order = np.argsort(column, kind="stable")
            sorted_keys = column[order]
            starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
            sizes = np.diff(np.r_[starts, len(order)])
            # Only buckets that hold two blocks or more, one of them new (older ones were reported before).
            newest = np.maximum.reduceat(order, starts)
            wanted = (sizes > 1) & (newest >= first_new)
            for start, size in zip(starts[wanted].tolist(), sizes[wanted].tolist()):
                docs = np.unique(self.owner[order[start:start + size]])
                if len(docs) < 2:
                    continue
                a, b = np.triu_indices(len(docs), k=1)
                pair = np.stack([docs[a], docs[b]], axis=1)
                pairs.append(pair[pair[:, 1] >= first_doc])
        if not pairs:
            return np.zeros((0, 2), np.int64)
        return np.unique(np.concatenate(pairs), axis=0)
