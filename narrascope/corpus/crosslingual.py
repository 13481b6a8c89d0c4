"""Translations and rewrites across languages: selected sentences, their embeddings, alignment, a score.

Embedding costs ~50 ms a sentence, so each article keeps only :data:`SENTENCES` sentences: its first two
(the headline and the lead, which translations keep in place) and the ones richest in numbers and
capitalised names (which translations keep too). Every e5 vector shares one strong direction (unrelated
articles have cosines of ~0.87), so cosines are taken after subtracting a fixed mean vector
(:func:`mean_vector`). Candidates are pairs of articles in different languages whose *document vectors*
(the mean of the selected sentences' centred vectors) have a cosine of at least :data:`DOC_COSINE`: a
symmetric rule, so adding articles one by one finds the same pairs as one batch.
A candidate is scored by aligning its sentences (mutual best matches with cosine >= :data:`SENT_COSINE`)
and by the numbers and transliterated names the two texts share, which survive translation.

    >>> sorted(numbers("В 2024 году 1,5 млн человек и 45 000 машин"))
    ['1.5', '2024', '45000']
    >>> sorted(name_keys("Токаев встретился с Назарбаевым")) == sorted(name_keys("Tokayev met Nazarbayev"))
    True
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from ..text.boilerplate import STRONG
from ..text.sentences import split_sentences
from ..text.words import STOPWORDS

SENTENCES = 5           # sentences embedded per article
LEAD = 2                # of which the first ones, in text order
MIN_SENTENCE = 25       # characters; shorter ones carry too little to align
EMBED_CHARS = 300       # each sentence is cut to this before embedding (cost grows with length)
# Cosines are taken after removing the shared e5 direction (mean_vector). Tuned on the "tune" half of
# eval/copies.py: translations' document cosines >= 0.42 there, unrelated and same-topic pairs mostly < 0.2.
DOC_COSINE = 0.3        # candidate: centred document vectors at least this close
SENT_COSINE = 0.45      # an aligned sentence pair is at least this close

_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:[  ,]\d{3})+(?![\d,.]\d)|\d+(?:[.,]\d+)?")
_CAPITAL = re.compile(r"\b[A-ZА-ЯЁІЇЄҐҚҒҮҰӘӨҺ][\w'’-]{3,}")
_TRANSLIT = dict(zip(
    "абвгґдеёєжзиіїйклмнопрстуфхцчшщъыьэюяқғүұәөһ",
    ["a", "b", "v", "g", "g", "d", "e", "e", "ye", "zh", "z", "i", "i", "yi", "y", "k", "l", "m", "n", "o", "p",
     "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "q", "g", "u", "u",
     "a", "o", "h"]))
_SKELETON_DROP = re.compile(r"[aeiouyw'’-]")


def numbers(text: str) -> set[str]:
    """Numbers with two digits or more, thousands separators removed and decimal commas as points."""
    out = set()
    for m in _NUMBER.finditer(text):
        raw = m.group(0)
        if re.fullmatch(r"\d{1,3}(?:[  ,]\d{3})+", raw):
            value = re.sub(r"[  ,]", "", raw)   # "45 000", "45,000" -> 45000
        else:
            value = raw.replace(",", ".")       # "1,5" -> 1.5
        if len(value.replace(".", "")) >= 2:
            out.add(value)
    return out


def _skeleton(word: str) -> str:
    latin = "".join(_TRANSLIT.get(ch, ch) for ch in word.lower())
    # Spellings differ between transliterations (kh/h, zh/j, g/h in Ukrainian), vowels most of all.
    latin = latin.replace("kh", "h").replace("zh", "j").replace("sh", "s").replace("ch", "c").replace("ts", "c")
    latin = latin.replace("h", "g").replace("x", "ks").replace("q", "k")
    skeleton = re.sub(r"(.)\1+", r"\1", _SKELETON_DROP.sub("", latin))
    return skeleton[:4]


def name_keys(text: str) -> set[str]:
    """Consonant skeletons (first four) of capitalised words: ``Токаева``, ``Tokayev`` -> ``tkv``."""
    keys = set()
    for m in _CAPITAL.finditer(text):
        word = m.group(0)
        if word.lower() in STOPWORDS:
            continue
        key = _skeleton(word)
        if len(key) >= 3:
            keys.add(key)
    return keys


def select_sentences(text: str, k: int = SENTENCES) -> list[tuple[int, int]]:
    """Spans of the sentences to embed: the first :data:`LEAD`, then the richest in numbers and names."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        for s, e in split_sentences(line) or [(0, len(line))]:
            sentence = line[s:e]
            if len(sentence.strip()) >= MIN_SENTENCE and not (len(sentence) < 200 and STRONG.search(sentence)):
                spans.append((pos + s, pos + e))
        pos += len(line) + 1
    lead, rest = spans[:LEAD], spans[LEAD:]
    richness = [(-(2 * len(numbers(text[s:e])) + len(name_keys(text[s:e]))), i) for i, (s, e) in enumerate(rest)]
    chosen = sorted(i for _, i in sorted(richness)[:max(0, k - len(lead))])
    return lead + [rest[i] for i in chosen]


@dataclass(frozen=True)
class Profile:
    """What the index keeps of one article for cross-language matching.

    ``spans``: the selected sentences (offsets into the text); ``vectors``: their embeddings, int8 with one
    float scale per row (``vectors * scales[:, None]`` is the unit vector); ``numbers`` and ``names``:
    the article's numbers and name skeletons (sorted).
    """

    spans: np.ndarray          # (k, 2) int32
    vectors: np.ndarray        # (k, 384) int8
    scales: np.ndarray         # (k,) float32
    numbers: tuple[str, ...]
    names: tuple[str, ...]

    def unit_vectors(self) -> np.ndarray:
        """The sentences' vectors as embedded (unit length)."""
        v = self.vectors.astype(np.float32) * self.scales[:, None]
        return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)

    def centred(self) -> np.ndarray:
        """The sentences' vectors minus :func:`mean_vector`, unit length: what cosines are taken on."""
        v = self.unit_vectors() - mean_vector()
        return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)

    def doc_vector(self) -> np.ndarray:
        if not len(self.vectors):
            return np.zeros(384, np.float32)
        v = self.centred().mean(axis=0)
        return v / max(float(np.linalg.norm(v)), 1e-9)


@lru_cache(maxsize=1)
def mean_vector() -> np.ndarray:
    """The direction every e5 sentence vector shares (``resources/copies/e5_mean.json``; how it was made is
    written there). Without its removal unrelated articles have cosines of ~0.87 and translations ~0.92."""
    data = json.loads(resources.files("narrascope.resources").joinpath("copies/e5_mean.json").read_text("utf-8"))
    return np.asarray(data["mean"], np.float32)


def quantise(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 rows and their scales: a quarter of the memory of float32, cosines within ~0.002."""
    scales = np.maximum(np.abs(vectors).max(axis=1), 1e-9) / 127.0
    return np.round(vectors / scales[:, None]).astype(np.int8), scales.astype(np.float32)


def profiles(texts: list[str], embed_fn) -> list[Profile] | None:
    """Profiles of ``texts``, embedding all selected sentences in one call; None when ``embed_fn`` is off."""
    spans = [select_sentences(t) for t in texts]
    flat = [t[s:e] for t, sp in zip(texts, spans) for s, e in sp]
    vectors = embed_fn(flat, max_chars=EMBED_CHARS) if flat else np.zeros((0, 384), np.float32)
    if vectors is None:
        return None
    out, at = [], 0
    for text, sp in zip(texts, spans):
        # a text with no selectable sentence (empty, one word) gets an empty profile, never a crash
        q, scales = quantise(np.asarray(vectors[at:at + len(sp)], np.float32).reshape(len(sp), vectors.shape[1]))
        at += len(sp)
        out.append(Profile(np.asarray(sp, np.int32).reshape(-1, 2), q, scales,
                           tuple(sorted(numbers(text))), tuple(sorted(name_keys(text)))))
    return out


def overlap(a: tuple[str, ...], b: tuple[str, ...]) -> float | None:
    """Shared items over the smaller set (None when either is empty: no evidence either way)."""
    if not a or not b:
        return None
    return len(set(a) & set(b)) / min(len(a), len(b))


def align(a: Profile, b: Profile, threshold: float | None = None) -> list[tuple[int, int, float]]:
    """Mutual best sentence matches ``(i, j, cosine)`` with cosine >= ``threshold`` (:data:`SENT_COSINE`)."""
    if not len(a.vectors) or not len(b.vectors):
        return []
    threshold = SENT_COSINE if threshold is None else threshold
    sim = a.centred() @ b.centred().T
    best_j, best_i = sim.argmax(axis=1), sim.argmax(axis=0)
    return [(i, int(j), round(float(sim[i, j]), 4)) for i, j in enumerate(best_j)
            if best_i[j] == i and sim[i, j] >= threshold]


def pair_score(a: Profile, b: Profile) -> tuple[float, dict]:
    """The translation score of two profiles (0..1) and its evidence.

    Half from the sentences (the share of the shorter profile aligned, each weighted by how far above
    :data:`SENT_COSINE` it is), half from the shared numbers and names; a side with no numbers or names
    counts as 0.5.
    """
    pairs = align(a, b)
    k = min(len(a.vectors), len(b.vectors)) or 1
    sent = sum(min(1.0, 0.5 + (c - SENT_COSINE) / (2 * (1 - SENT_COSINE))) for _, _, c in pairs) / k
    num, nam = overlap(a.numbers, b.numbers), overlap(a.names, b.names)
    facts = (0.5 if num is None else num) * 0.6 + (0.5 if nam is None else nam) * 0.4
    score = round(0.5 * sent + 0.5 * facts, 4)
    evidence = {"aligned": [[int(a.spans[i][0]), int(a.spans[i][1]), int(b.spans[j][0]), int(b.spans[j][1]), c]
                            for i, j, c in pairs],
                "numbers": round(num, 3) if num is not None else None,
                "names": round(nam, 3) if nam is not None else None}
    return score, evidence


def facts_score(a: Profile, b: Profile) -> float:
    """The embedding-free part of :func:`pair_score` (the simple baseline): numbers and names only."""
    num, nam = overlap(a.numbers, b.numbers), overlap(a.names, b.names)
    return round((0.5 if num is None else num) * 0.6 + (0.5 if nam is None else nam) * 0.4, 4)
