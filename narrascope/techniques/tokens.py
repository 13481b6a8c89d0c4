"""Tokens, sentences and hashed features shared by training and prediction.

Everything here is deterministic (murmurhash3 of feature strings), so a model saved
as plain weight arrays gives the same scores wherever it is loaded.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np
from scipy import sparse

TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]", re.UNICODE)
# Sentence ends: . ! ? … (runs) before whitespace, or a line break; posts use line breaks a lot.
_SENT_END = re.compile(r"(?<=[.!?…])[\"»”']?\s+|\n+")
_QUOTES = set("\"«»“”„")
N_FEATURES = 2 ** 18


@dataclass
class Tokens:
    """Tokens of one text: offsets, lower-cased forms and the sentence index of each token."""

    starts: np.ndarray
    ends: np.ndarray
    lower: list[str]
    sentence: np.ndarray  # token -> sentence number
    n_sentences: int

    def __len__(self) -> int:
        return len(self.lower)


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in _SENT_END.finditer(text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def tokenize(text: str, sentences: list[tuple[int, int]] | None = None) -> Tokens:
    """Tokens of ``text``; ``sentences`` defaults to :func:`sentence_bounds`."""
    matches = list(TOKEN.finditer(text))
    starts = np.fromiter((m.start() for m in matches), dtype=np.int64, count=len(matches))
    ends = np.fromiter((m.end() for m in matches), dtype=np.int64, count=len(matches))
    bounds = sentences if sentences is not None else sentence_bounds(text)
    sent_starts = np.array([s for s, _ in bounds] or [0], dtype=np.int64)
    sent = np.searchsorted(sent_starts, starts, side="right") - 1
    sent = np.clip(sent, 0, None)
    # Renumber so that sentence ids are dense (a sentence without tokens takes no row).
    _, dense = np.unique(sent, return_inverse=True)
    return Tokens(starts, ends, [m.group().lower() for m in matches], dense.astype(np.int64),
                  int(dense.max()) + 1 if len(dense) else 0)


def stem(word: str, n: int = 5) -> str:
    return word[:n]


def _shape(tok: str, original: str) -> str:
    if not tok[0].isalnum():
        return "P" + tok if tok in _QUOTES or tok in "!?" else "P"
    if original.isupper() and len(original) > 1:
        return "U"
    if original[0].isupper():
        return "C"
    if tok.isdigit():
        return "D"
    return "l"


# Feature string -> column. murmurhash3 is stable across runs and machines (Python's hash() is not).
_IDS: dict[str, int] = {}
_WORD_IDS: dict[str, list[int]] = {}


def feature_id(name: str) -> int:
    i = _IDS.get(name)
    if i is None:
        if len(_IDS) > 2_000_000:  # bound the cache on long runs
            _IDS.clear()
            _WORD_IDS.clear()
        from sklearn.utils import murmurhash3_32

        i = _IDS[name] = murmurhash3_32(name, positive=True) % N_FEATURES
    return i


def _word_ids(w: str) -> list[int]:
    """Columns of the features that depend on the word alone (cached: words repeat)."""
    ids = _WORD_IDS.get(w)
    if ids is None:
        f = ["w=" + w, "p4=" + w[:4], "p6=" + w[:6], "s3=" + w[-3:]]
        if len(w) > 3:
            g = "<" + w + ">"
            f.extend("c=" + g[j:j + 3] for j in range(len(g) - 2))
        ids = _WORD_IDS[w] = [feature_id(x) for x in f]
    return ids


def token_feature_ids(text: str, toks: Tokens) -> list[list[int]]:
    """Per token: columns of the word, stem prefixes, suffix, shape, char 3-grams, neighbours within
    ±2, stem bigrams and whether the token sits inside quotation marks."""
    low = toks.lower
    stems = [stem(w) for w in low]
    ctx = ["<s>", "<s>"] + stems + ["</s>", "</s>"]
    out = []
    inside = False  # inside a quotation (an odd number of marks so far in the sentence)
    prev_sent = -1
    fid = feature_id
    for i, w in enumerate(low):
        if toks.sentence[i] != prev_sent:
            inside, prev_sent = False, toks.sentence[i]
        orig = text[toks.starts[i]:toks.ends[i]]
        ids = list(_word_ids(w))
        ids += [fid("sh=" + _shape(w, orig)), fid("-1=" + ctx[i + 1]), fid("+1=" + ctx[i + 3]),
                fid("-2=" + ctx[i]), fid("+2=" + ctx[i + 4]), fid("b-=" + ctx[i + 1] + "|" + stems[i]),
                fid("b+=" + stems[i] + "|" + ctx[i + 3]), fid("q=" + ("1" if inside else "0"))]
        out.append(ids)
        if w in _QUOTES:
            inside = not inside
    return out


def sentence_feature_ids(toks: Tokens) -> list[list[int]]:
    """Per sentence: columns of its word stems and stem bigrams (context for every token in it)."""
    bags: list[set[int]] = [set() for _ in range(toks.n_sentences)]
    prev: dict[int, str] = {}
    for w, s in zip(toks.lower, toks.sentence):
        if not w[0].isalnum():
            continue
        st = stem(w)
        bags[s].add(feature_id("S=" + st))
        if s in prev:
            bags[s].add(feature_id("SB=" + prev[s] + "|" + st))
        prev[s] = st
    return [sorted(b) for b in bags]


def _rows(id_lists: list[list[int]]) -> sparse.csr_matrix:
    indptr = np.zeros(len(id_lists) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(x) for x in id_lists])
    indices = np.fromiter((i for ids in id_lists for i in ids), dtype=np.int32, count=int(indptr[-1]))
    m = sparse.csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr),
                          shape=(len(id_lists), N_FEATURES))
    m.sum_duplicates()
    return m


def _l2_rows(m: sparse.csr_matrix, scale: float = 1.0) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return (sparse.diags((scale / norms).astype(np.float32)) @ m).tocsr()


# Every token carries its sentence's features, so one endless "sentence" (garbage, a page with no
# stops) costs tokens x features: past this many tokens the sentence context is cut into chunks.
MAX_CONTEXT_TOKENS = 256


def bounded_context(toks: Tokens, limit: int = MAX_CONTEXT_TOKENS) -> Tokens:
    """``toks`` with sentences longer than ``limit`` tokens split into consecutive chunks of ``limit``.

    Texts whose sentences are all shorter come back unchanged (the same object).
    """
    if not len(toks) or np.bincount(toks.sentence).max() <= limit:
        return toks
    seen: dict[int, int] = {}
    chunks: dict[tuple[int, int], int] = {}
    group = np.empty(len(toks), dtype=toks.sentence.dtype)
    for i, s in enumerate(toks.sentence.tolist()):
        k = seen.get(s, 0)
        seen[s] = k + 1
        group[i] = chunks.setdefault((s, k // limit), len(chunks))
    return replace(toks, sentence=group, n_sentences=len(chunks))


def token_matrix(text: str, toks: Tokens, sentence_weight: float = 0.5) -> sparse.csr_matrix:
    """Rows = tokens; columns = hashed token features plus the (l2-scaled) features of its sentence."""
    x_tok = _rows(token_feature_ids(text, toks))
    if not len(toks):
        return x_tok
    toks = bounded_context(toks)
    x_sent = _l2_rows(_rows(sentence_feature_ids(toks)), sentence_weight)
    return (x_tok + x_sent[toks.sentence]).tocsr()


def document_features(toks: Tokens) -> list[str]:
    """The bag of a whole text for post-level technique heads: stems, stem bigrams, a few shapes."""
    feats = []
    prev = None
    for w in toks.lower:
        if not w[0].isalnum():
            feats.append("P=" + w)
            prev = None
            continue
        st = stem(w)
        feats.append("D=" + st)
        feats.append("W=" + w)
        if prev:
            feats.append("DB=" + prev + "|" + st)
        prev = st
    return feats


# The post-level feature set; a model saved with another one must be retrained (model.json says which).
DOC_FEATURES = "doc-2"


def document_char_features(toks: Tokens) -> list[str]:
    """Character 4-grams of the words (3+ letters): they carry inflected and misspelt forms that
    stems miss (held-out UNLP train posts: post macro-F1 0.352 -> 0.374)."""
    feats = []
    for w in toks.lower:
        if len(w) > 2 and w[0].isalnum():
            g = "<" + w + ">"
            feats.extend("C4=" + g[j:j + 4] for j in range(len(g) - 3))
    return feats


def document_matrix(token_lists: list[Tokens]) -> sparse.csr_matrix:
    """Rows = texts; l2-normalised log counts of :func:`document_features` plus, with equal weight,
    of :func:`document_char_features`."""
    def block(featurise) -> sparse.csr_matrix:
        x = _rows([[feature_id(f) for f in featurise(t)] for t in token_lists])
        x.data = np.log1p(x.data)
        return _l2_rows(x)

    return _l2_rows((block(document_features) + block(document_char_features)).tocsr())
