"""Lexical cues of a taxonomy, compiled per language.

A cue is a lower-case phrase; it matches at a word start and may run on into an inflected ending
(``"русофоб"`` matches "русофобии", "русофобская"), so Russian, Ukrainian and Kazakh cues are
written as stems, and in a multi-word cue every word is a stem (``"языков патрул"`` matches
"языковые патрули"). English cues match whole words with an optional inflection tail.

Matching is indexed by the cue's first word: each word of the text looks up its prefixes in a
dictionary, and only those cues are tried with their full pattern, so a few thousand cues cost
about as much as a handful.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..taxonomy import TaxonomySet

_LATIN = re.compile(r"^[a-z0-9 '’\-*]+$")
_WORD = re.compile(r"\w+", re.UNICODE)
_SUFFIX = r"(?:s|es|ed|ing|'s|’s)?\b"


def _pattern(cue: str) -> str:
    if _LATIN.match(cue):  # English: whole words, a short inflection tail on the last one; "word*" is a stem
        words = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in cue.split()]
        return r"(?<!\w)" + r"\s+".join(words) + ("" if cue.endswith("*") else _SUFFIX)
    words = [re.escape(w.rstrip("*")) for w in cue.split()]
    # Cyrillic and other scripts: every word of the cue is a stem that runs on to the end of its word.
    return r"(?<!\w)" + r"\w*[\s\-]+".join(words) + r"\w*"


@dataclass(frozen=True)
class CueHit:
    label: str
    cue: str
    start: int
    end: int


class CueIndex:
    """All cue patterns of a taxonomy set for one language."""

    def __init__(self, taxonomies: TaxonomySet, lang: str):
        self.lang = lang
        by_cue: dict[str, list[str]] = {}
        for lab in taxonomies.by_name.values():
            cues = lab.cues.get(lang)
            if cues is None:  # a language the taxonomy has no cues for: use every language's cues
                cues = tuple(c for lst in lab.cues.values() for c in lst)
            for cue in cues:
                by_cue.setdefault(cue, []).append(lab.name)
        self.labels_of = by_cue
        # first word (a stem, or a whole English word) -> cues starting with it, longest first
        self._by_head: dict[str, list[tuple[str, re.Pattern]]] = {}
        for cue in sorted(by_cue, key=len, reverse=True):
            head = re.sub(r"\W+$", "", cue.split()[0]) if cue.split() else ""
            if head:
                self._by_head.setdefault(head, []).append((cue, re.compile(_pattern(cue), re.IGNORECASE)))
        self._max_head = max((len(h) for h in self._by_head), default=0)

    def find(self, text: str) -> list[CueHit]:
        """Every cue occurrence; at one position the longest matching cue wins."""
        hits: list[CueHit] = []
        taken_until = -1
        for m in _WORD.finditer(text):
            if m.start() < taken_until:
                continue
            word = m.group().lower()
            # The longest match wins; cues matching exactly as far ("russophob", "russophobic") all
            # count, so a phrase that two labels list under different spellings cues both.
            end, best = -1, []
            for k in range(min(len(word), self._max_head), 0, -1):
                for cue, pattern in self._by_head.get(word[:k], ()):
                    found = pattern.match(text, m.start())
                    if found and found.end() > end:
                        end, best = found.end(), [cue]
                    elif found and found.end() == end:
                        best.append(cue)
            if best:
                labels = {}
                for cue in best:
                    for label in self.labels_of[cue]:
                        labels.setdefault(label, cue)
                hits.extend(CueHit(label, cue, m.start(), end) for label, cue in labels.items())
                taken_until = end
        return hits


@lru_cache(maxsize=32)
def cue_index(taxonomies: TaxonomySet, lang: str) -> CueIndex:
    return CueIndex(taxonomies, lang)
