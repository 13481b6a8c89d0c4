"""The entity registry: one identity per person, organisation, place or group, across spellings and scripts.

    >>> from narrascope.entities import Registry
    >>> reg = Registry.load()                                   # the shipped registry.yaml
    >>> reg.lookup("Токаеву")[0][0].id
    'kz-tokayev'
    >>> reg.title_lookup("President of Kazakhstan", year=2015)[0][0].id
    'kz-nazarbayev'

``Registry.load(paths)`` reads the shipped ``resources/entities/registry.yaml`` and then each user file
(reading, validating and merging the files: :mod:`.registry_files`) and indexes every name.

Lookup (``lookup(name, type=None, lang=None)``) returns ``[(entity, score)]``, best first:

1. exact ``match_key`` of a name or alias: 1.0; the same words in another order (Токаев Касым-Жомарт):
   0.98; the name without initials and patronymics (Sergey V. Lavrov): 0.97;
2. a person's surname, alone or with some of their other names (derived from their names: "Tokayev",
   "К.-Ж. Токаев", "Kassym Tokayev"): 0.95;
3. a Russian or Kazakh case form (Токаеву, Астанада), tried when nothing matched as written: x 0.95;
4. fuzzy: rapidfuzz ``ratio`` on word-sorted keys (= token_sort_ratio), the score is ratio/100 (x 0.95
   against a derived surname); keys of 10 letters or more need 0.88, of 6 to 9 letters 0.93, and
   shorter keys are never matched fuzzily (Tokarev is not Tokaev).

An alias marked ``ambiguous`` (shared by several entities, each of which marks it, or a generic alias
such as "Senate") scores 0.75 for each entity it names, unless ``type`` singles one out (0.95). A
``type`` that differs from the entity's costs x 0.95, or x 0.85 when one of the two is PER. Exact
lookups are dictionary hits, memoised per query.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from rapidfuzz import fuzz, process

# Entity, Title and the file schema are defined with the loaders; re-exported here, their old home.
from .registry_files import (CSV_FIELDS, DEFAULT_PATH, FIELDS, TITLE_FIELDS, TYPES, Entity, Title,  # noqa: F401
                             malformed, read_entities, registry_yaml)
from .translit import kazakh_stem_candidates, match_key, russian_lemma_candidates, token_keys

__all__ = ["DEFAULT_PATH", "Entity", "Registry", "Title", "TYPES"]

_INITIALS = re.compile(r"(?<!\w)(?:[^\W\d_]\.\s*-?\s*)+(?!\w)")
_PATRONYMIC = re.compile(r"^(?:[\w-]+(?:ович|евич|овна|евна|ична|ьич|ұлы|улы|қызы|кызы|ovich|evich|ovna|evna"
                         r"|ovych|evych|ivna|uly|kyzy|qyzy))$", re.IGNORECASE)

EXACT, ORDER, TRIMMED, SURNAME, AMBIGUOUS, FORM = 1.0, 0.98, 0.97, 0.95, 0.75, 0.95
FUZZY_LONG, FUZZY_SHORT, FUZZY_MIN_LEN, FUZZY_LONG_LEN = 0.88, 0.93, 6, 10


@dataclass
class Collision:
    """One match key claimed by several entities; ``unmarked`` lists those that do not mark it ambiguous."""

    key: str
    ids: list[str]
    names: list[str]
    unmarked: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------------- the registry

def _sorted_key(name: str) -> str:
    return " ".join(sorted(token_keys(name)))


def _trimmed(name: str) -> str:
    """The name without initials and patronymics ("К.-Ж. Токаев" -> "Токаев")."""
    text = _INITIALS.sub(" ", name)
    words = text.split()
    if len(words) >= 3:
        words = [w for w in words if not _PATRONYMIC.match(w)] or words
    return " ".join(words)


def _type_factor(wanted: str | None, actual: str) -> float:
    if not wanted or wanted == actual:
        return 1.0
    return 0.85 if "PER" in (wanted, actual) else 0.95


class Registry:
    """Entities with dictionary indexes over every name, alias, surname and title."""

    def __init__(self, entities: Iterable[Entity] = (), strict: bool = True):
        self._entities: dict[str, Entity] = {}
        for e in entities:
            if e.id in self._entities:
                raise malformed(f"id '{e.id}'", "duplicate id")
            if e.type not in TYPES:
                raise malformed(f"id '{e.id}'", f"unknown type {e.type!r} (use one of {', '.join(TYPES)})")
            if not e.name.strip():
                raise malformed(f"id '{e.id}'", "the name is empty")
            self._entities[e.id] = e
        self._build()
        if strict:
            bad = [c for c in self.collisions() if c.unmarked]
            if bad:
                c = bad[0]
                more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
                raise malformed(f"ids {', '.join(c.ids)}", f"the alias '{c.names[0]}' (key '{c.key}') names "
                                 f"{len(c.ids)} entities; list it under 'ambiguous' in each of them "
                                 f"({', '.join(c.unmarked)} do not) or remove it from all but one{more}")

    # ---- loading and saving

    @classmethod
    def load(cls, paths: str | Path | Iterable[str | Path] | None = None, *, default: bool = True,
             strict: bool = True) -> "Registry":
        """The shipped registry (unless ``default=False``) extended by each YAML/CSV file or directory in
        ``paths``, in order. ``strict=False`` accepts aliases shared by entities that do not mark them."""
        return cls(read_entities(paths, default=default), strict=strict)

    def to_yaml(self, path: str | Path | None = None, header: str | None = None) -> str:
        """The registry as YAML in the shipped file's layout (written to ``path`` when given): title variants
        once, in a top-level ``titles:`` table, and each entity's aliases one per line."""
        text = registry_yaml(self, header)
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    # ---- indexes

    def _build(self) -> None:
        self._exact: dict[str, list[str]] = {}
        self._ordered: dict[str, list[str]] = {}
        self._surnames: dict[str, list[str]] = {}
        self._titles: dict[str, list[tuple[str, Title]]] = {}
        self._ambiguous: dict[str, set[str]] = {}
        self._memo: dict[tuple[str, str | None, str | None, int], list[tuple[Entity, float]]] = {}

        def put(index: dict[str, list[Any]], key: str, value: Any) -> None:
            if key:
                bucket = index.setdefault(key, [])
                if value not in bucket:
                    bucket.append(value)

        self._words: dict[str, set[str]] = {}
        surnames: list[tuple[str, str]] = []
        for e in self._entities.values():
            self._ambiguous[e.id] = {match_key(a) for a in e.ambiguous}
            self._words[e.id] = {w for n in e.names for w in token_keys(n)}
            for n in e.names:
                put(self._exact, match_key(n), e.id)
                if len(token_keys(n)) > 1:
                    put(self._ordered, _sorted_key(n), e.id)
                    # A surname comes from a proper name ("Kassym-Jomart Tokayev"), never from a
                    # descriptive alias with lowercase words ("Leader of the Nation").
                    if e.type == "PER" and all(w[:1].isupper() for w in n.split() if w[:1].isalpha()):
                        last = token_keys(n)[-1]
                        if len(last) >= 4:
                            surnames.append((last, e.id))
            for t in e.titles:
                for n in t.names:
                    put(self._titles, match_key(n), (e.id, t))
        for key, eid in surnames:
            if key not in self._exact:
                put(self._surnames, key, eid)
        # Fuzzy choices: word-sorted keys of every name and alias, and of derived surnames.
        choices: dict[str, list[tuple[str, float]]] = {}
        for e in self._entities.values():
            for n in e.names:
                k = _sorted_key(n)
                if k and (e.id, EXACT) not in choices.setdefault(k, []):
                    choices[k].append((e.id, EXACT))
        for key, ids in self._surnames.items():
            for eid in ids:
                if (eid, SURNAME) not in choices.setdefault(key, []):
                    choices[key].append((eid, SURNAME))
        self._choice_keys = list(choices)
        self._choice_ids = [choices[k] for k in self._choice_keys]

    def collisions(self) -> list[Collision]:
        """Match keys that name more than one entity, with the entities that do not mark them ambiguous."""
        out = []
        for key, ids in self._exact.items():
            if len(ids) > 1:
                names = [n for i in ids for n in self._entities[i].names if match_key(n) == key]
                unmarked = [i for i in ids if key not in self._ambiguous[i]]
                out.append(Collision(key, list(ids), list(dict.fromkeys(names)), unmarked))
        return out

    # ---- access

    def __len__(self) -> int:
        return len(self._entities)

    def __iter__(self) -> Iterator[Entity]:
        return iter(self._entities.values())

    def __contains__(self, eid: object) -> bool:
        return eid in self._entities

    def __getitem__(self, eid: str) -> Entity:
        return self._entities[eid]

    def get(self, eid: str, default: Entity | None = None) -> Entity | None:
        return self._entities.get(eid, default)

    def counts(self) -> dict[str, int]:
        """Number of entities per type."""
        counted = Counter(e.type for e in self)
        return {t: counted.get(t, 0) for t in TYPES}

    # ---- lookup

    def _scored(self, ids: list[str], base: float, type_: str | None, key: str = "") -> list[tuple[str, float]]:
        if len(ids) == 1 and not (key and key in self._ambiguous[ids[0]]):
            return [(ids[0], base * _type_factor(type_, self._entities[ids[0]].type))]
        typed = [i for i in ids if type_ and self._entities[i].type == type_]
        out = []
        for i in ids:
            b = base * (0.95 if len(typed) == 1 and i == typed[0] else AMBIGUOUS)
            out.append((i, b * _type_factor(type_, self._entities[i].type)))
        return out

    def _exact_hits(self, text: str, type_: str | None, factor: float = 1.0) -> list[tuple[str, float]]:
        key = match_key(text)
        if not key:
            return []
        if key in self._exact:
            return self._scored(self._exact[key], EXACT * factor, type_, key)
        skey = _sorted_key(text)
        if skey in self._ordered:
            return self._scored(self._ordered[skey], ORDER * factor, type_)
        trimmed = _trimmed(text)
        if trimmed != text:
            tkey, tskey = match_key(trimmed), _sorted_key(trimmed)
            if tkey in self._exact:
                return self._scored(self._exact[tkey], TRIMMED * factor, type_, tkey)
            if tskey in self._ordered:
                return self._scored(self._ordered[tskey], TRIMMED * factor, type_)
            key = tkey or key
        if key in self._surnames:
            return self._scored(self._surnames[key], SURNAME * factor, type_)
        words = token_keys(trimmed)
        if len(words) > 1 and words[-1] in self._surnames:
            # "Kassym Tokayev": a surname plus other words that all belong to that person's names
            ids = [i for i in self._surnames[words[-1]] if set(words) <= self._words[i]]
            if ids:
                return self._scored(ids, SURNAME * factor, type_)
        return []

    def _forms(self, text: str, lang: str | None) -> list[str]:
        """Case-form readings of ``text`` (each word's candidates, combined; at most 12)."""
        lang = (lang or "").lower()
        words = text.split()
        options = []
        for w in words:
            cands: list[str] = []
            if lang in ("", "kk", "kz"):
                cands += kazakh_stem_candidates(w)
            if lang in ("", "ru", "uk", "be", "kk", "kz"):
                cands += russian_lemma_candidates(w)
            options.append([w, *dict.fromkeys(cands)][:4])
        out = []
        combos: list[list[str]] = [[]]
        for opts in options:
            combos = [c + [o] for c in combos for o in opts][:64]
        for c in combos[1:]:
            out.append(" ".join(c))
            if len(out) >= 12:
                break
        return out

    def _fuzzy(self, text: str, type_: str | None, limit: int) -> list[tuple[str, float]]:
        key = match_key(text)
        if len(key) < FUZZY_MIN_LEN:
            return []
        cutoff = FUZZY_LONG if len(key) >= FUZZY_LONG_LEN else FUZZY_SHORT
        found = process.extract(_sorted_key(text), self._choice_keys, scorer=fuzz.ratio,
                                score_cutoff=cutoff * 100, limit=limit * 3)
        out = []
        for _choice, score, idx in found:
            entries = self._choice_ids[idx]
            ids = [eid for eid, _ in entries]
            base = max(b for _, b in entries)
            out.extend(self._scored(ids, base * score / 100, type_))
        return out

    def lookup(self, name: str, type: str | None = None, lang: str | None = None,
               limit: int = 5) -> list[tuple[Entity, float]]:
        """Candidate entities for a mention, as ``(entity, score)`` best first (scores in 0..1).

        ``type`` (PER/ORG/LOC/GROUP) prefers entities of that type; ``lang`` ("ru", "kk", "uk") says
        which case endings to try when the name does not match as written."""
        text = " ".join((name or "").split())
        if not text:
            return []
        type_ = type.upper() if type and type.upper() in TYPES else None
        memo_key = (text, type_, lang, limit)
        if memo_key in self._memo:
            return list(self._memo[memo_key])
        hits = self._exact_hits(text, type_)
        if not hits and any("\u0400" <= ch <= "\u04ff" for ch in text):
            for form in self._forms(text, lang):
                hits = self._exact_hits(form, type_, FORM)
                if hits:
                    break
        if not hits:
            hits = self._fuzzy(text, type_, limit)
        best: dict[str, float] = {}
        for eid, score in hits:
            if score > best.get(eid, 0.0):
                best[eid] = score
        result = [(self._entities[eid], round(score, 4)) for eid, score in
                  sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))][:limit]
        if len(self._memo) > 200_000:
            self._memo.clear()
        self._memo[memo_key] = result
        return list(result)

    def title_lookup(self, title_text: str, year: int | None = None) -> list[tuple[Entity, float]]:
        """Holders of a title ("President of Kazakhstan", "Президента России"), best first.

        With ``year``, only those who held it that year (score 1.0; in a year of handover both). Without,
        the current holders score 1.0 and former ones 0.5, most recent first."""
        text = " ".join((title_text or "").split())
        if not text:
            return []
        hits = self._titles.get(match_key(text))
        if not hits:
            # Russian case forms: the head word first ("Президента Казахстана"), then every word.
            words = text.split()
            tries = [" ".join([c, *words[1:]]) for c in russian_lemma_candidates(words[0])]
            tries.append(" ".join((russian_lemma_candidates(w) or [w])[0] for w in words))
            hits = next((self._titles[k] for k in map(match_key, tries) if k in self._titles), None)
        if not hits:
            return []
        scored: dict[str, tuple[float, int]] = {}
        for eid, t in hits:
            if year is not None:
                if not t.held_in(year):
                    continue
                score = 1.0
            else:
                score = 1.0 if t.end is None else 0.5
            recency = t.end if t.end is not None else 9999
            if (score, recency) > scored.get(eid, (0.0, -1)):
                scored[eid] = (score, recency)
        ordered = sorted(scored.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))
        return [(self._entities[eid], s) for eid, (s, _) in ordered]

