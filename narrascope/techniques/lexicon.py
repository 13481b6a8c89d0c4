"""The 23 techniques from ``resources/techniques.yaml`` and a cue-phrase matcher over tokens.

Matching rules (the YAML header states them too): a cue is a sequence of words on consecutive
tokens; a Cyrillic word is a stem (prefix of the token), a Latin word must equal the token
unless it ends in ``*``; ``...`` lets up to six tokens pass; a lone ``*`` matches any one token.

Example:
    >>> lex = Lexicon.load()
    >>> [(m.label, m.cue) for m in lex.find("The Kyiv junta again.", "en")]
    [('Name_Calling-Labeling', 'kyiv junta')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from .tokens import TOKEN

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
GAP = 6
_CUE_WORD = re.compile(r"\.\.\.|\w+(?:[-'’]\w+)*\*?|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Technique:
    name: str
    category: str
    definition: str
    score: float
    cues: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass
class CueMatch:
    start: int
    end: int
    label: str
    cue: str
    score: float


def _words(cue: str) -> list[str]:
    return [m.group() for m in _CUE_WORD.finditer(cue.lower())]


def _word_matches(pattern: str, token: str) -> bool:
    if pattern == "*":
        return True
    if pattern.endswith("*") and len(pattern) > 1:
        return token.startswith(pattern[:-1])
    if _CYRILLIC.search(pattern):
        return token.startswith(pattern)
    return token == pattern


class Lexicon:
    def __init__(self, techniques: dict[str, Technique], version: str = ""):
        self.techniques = techniques
        self.version = version
        # language -> first word -> [(words, technique, cue)]; the first word indexes by its first 2 chars
        self._index: dict[str, dict[str, list[tuple[list[str], str, str]]]] = {}
        for tech in techniques.values():
            for lang, cues in tech.cues.items():
                for cue in cues:
                    words = _words(cue)
                    if words and words[0] not in ("...", "*"):
                        key = words[0].rstrip("*")[:2]
                        self._index.setdefault(lang, {}).setdefault(key, []).append((words, tech.name, cue))

    @classmethod
    def load(cls) -> "Lexicon":
        return _load()

    def category(self, name: str) -> str | None:
        tech = self.techniques.get(name)
        return tech.category if tech else None

    def find(self, text: str, lang: str | None) -> list[CueMatch]:
        """Cue matches in ``text``; languages without cues fall back to English and Russian."""
        toks = [(m.start(), m.end(), m.group().lower()) for m in TOKEN.finditer(text)]
        langs = [lang] if lang in self._index else ["en", "ru"]
        out: list[CueMatch] = []
        for code in langs:
            index = self._index.get(code, {})
            for i, (_, _, tok) in enumerate(toks):
                for words, name, cue in index.get(tok[:2], ()):
                    end = _match(words, toks, i)
                    if end is not None:
                        out.append(CueMatch(toks[i][0], toks[end][1], name, cue, self.techniques[name].score))
        return _longest(out)


def _match(words: list[str], toks: list[tuple[int, int, str]], i: int) -> int | None:
    """Index of the last token of a match of ``words`` starting at token ``i``, or None."""
    k, j = 0, i
    while k < len(words):
        w = words[k]
        if w == "...":
            nxt = words[k + 1]
            for jump in range(j, min(j + GAP + 1, len(toks))):
                if _word_matches(nxt, toks[jump][2]):
                    j, k = jump, k + 1
                    break
            else:
                return None
            continue
        if j >= len(toks) or not _word_matches(w, toks[j][2]):
            return None
        j, k = j + 1, k + 1
    return j - 1


def _longest(matches: list[CueMatch]) -> list[CueMatch]:
    """Per technique, drop a match that lies inside a longer match of the same technique."""
    out: list[CueMatch] = []
    for m in sorted(matches, key=lambda m: (m.start, -(m.end - m.start))):
        if any(o.label == m.label and o.start <= m.start and m.end <= o.end for o in out):
            continue
        out.append(m)
    return out


@lru_cache(maxsize=1)
def _load() -> Lexicon:
    import yaml

    data: dict[str, Any] = yaml.safe_load(
        resources.files("narrascope.resources").joinpath("techniques.yaml").read_text(encoding="utf-8"))
    category_of = {name: cat for cat, names in data["categories"].items() for name in names}
    techniques = {}
    for name, spec in data["techniques"].items():
        cues = {lang: tuple(str(c).lower() for c in phrases) for lang, phrases in (spec.get("cues") or {}).items()}
        techniques[name] = Technique(name, category_of[name], " ".join(str(spec["definition"]).split()),
                                     float(spec.get("score", 0.5)), cues)
    return Lexicon(techniques, str(data.get("version", "")))
