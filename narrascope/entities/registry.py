"""The entity registry: one identity per person, organisation, place or group, across spellings and scripts.

    >>> from narrascope.entities import Registry
    >>> reg = Registry.load()                                   # the shipped registry.yaml
    >>> reg.lookup("Токаеву")[0][0].id
    'kz-tokayev'
    >>> reg.title_lookup("President of Kazakhstan", year=2015)[0][0].id
    'kz-nazarbayev'

``Registry.load(paths)`` reads the shipped ``resources/entities/registry.yaml`` and then each user file
(YAML with the same schema, or CSV with the columns ``id,name,type,country,aliases,ambiguous,note``,
lists ``;``-separated). A user entry whose id is already known extends it: its name, type, country and
note replace the old ones (the old name stays as an alias), its aliases, titles and ambiguous aliases
are added. ``replace: true`` in YAML replaces the entry instead.

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

import csv
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml
from rapidfuzz import fuzz, process

from ..errors import ConfigError, InputError
from .translit import kazakh_stem_candidates, match_key, russian_lemma_candidates, token_keys

__all__ = ["DEFAULT_PATH", "Entity", "Registry", "Title", "TYPES"]

TYPES = ("PER", "ORG", "LOC", "GROUP")
DEFAULT_PATH = Path(__file__).resolve().parents[1] / "resources" / "entities" / "registry.yaml"
FIELDS = ("id", "name", "type", "country", "aliases", "titles", "ambiguous", "note", "replace")
CSV_FIELDS = ("id", "name", "type", "country", "aliases", "ambiguous", "note")
TITLE_FIELDS = ("title", "variants", "from", "to")
_KNOWN = ("entity fields " + ", ".join(FIELDS) + f"; types {', '.join(TYPES)}; title fields "
          + ", ".join(TITLE_FIELDS) + "; CSV columns " + ",".join(CSV_FIELDS) + " (lists ';'-separated)")
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_INITIALS = re.compile(r"(?<!\w)(?:[^\W\d_]\.\s*-?\s*)+(?!\w)")
_PATRONYMIC = re.compile(r"^(?:[\w-]+(?:ович|евич|овна|евна|ична|ьич|ұлы|улы|қызы|кызы|ovich|evich|ovna|evna"
                         r"|ovych|evych|ivna|uly|kyzy|qyzy))$", re.IGNORECASE)

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ten times faster
EXACT, ORDER, TRIMMED, SURNAME, AMBIGUOUS, FORM = 1.0, 0.98, 0.97, 0.95, 0.75, 0.95
FUZZY_LONG, FUZZY_SHORT, FUZZY_MIN_LEN, FUZZY_LONG_LEN = 0.88, 0.93, 6, 10


def _malformed(where: str, detail: str) -> ConfigError:
    return ConfigError("E012", where=where, detail=detail, known=_KNOWN)


@dataclass(frozen=True)
class Title:
    """A descriptive title that names one holder at a time ("President of Kazakhstan")."""

    title: str
    start: int | None = None
    end: int | None = None
    variants: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.title, *self.variants)

    def held_in(self, year: int) -> bool:
        return (self.start is None or self.start <= year) and (self.end is None or year <= self.end)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"title": self.title}
        if self.variants:
            out["variants"] = list(self.variants)
        out["from"] = self.start
        out["to"] = self.end
        return out


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    type: str
    country: str | None = None
    aliases: tuple[str, ...] = ()
    titles: tuple[Title, ...] = ()
    ambiguous: tuple[str, ...] = ()
    note: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name and every alias."""
        return (self.name, *self.aliases)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "name": self.name, "type": self.type, "country": self.country,
                               "aliases": list(self.aliases)}
        if self.titles:
            out["titles"] = [t.to_dict() for t in self.titles]
        if self.ambiguous:
            out["ambiguous"] = list(self.ambiguous)
        if self.note:
            out["note"] = self.note
        return out


@dataclass
class Collision:
    """One match key claimed by several entities; ``unmarked`` lists those that do not mark it ambiguous."""

    key: str
    ids: list[str]
    names: list[str]
    unmarked: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------------------ reading

def _as_list(value: Any, where: str, what: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise _malformed(where, f"'{what}' must be a list of strings, not {type(value).__name__}")
    out = []
    for item in value:
        if not isinstance(item, str):
            hint = " (quote it: YAML reads yes/no/on/off and numbers as other types)" if isinstance(
                item, (bool, int, float)) else ""
            raise _malformed(where, f"'{what}' holds {item!r}, which is not a string{hint}")
        item = " ".join(item.split())
        if not item:
            raise _malformed(where, f"'{what}' holds an empty string")
        out.append(item)
    return list(dict.fromkeys(out))


def _year(value: Any, where: str, what: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise _malformed(where, f"title '{what}' must be a year, not {value!r}")
    try:
        year = int(str(value)[:4])
    except ValueError:
        raise _malformed(where, f"title '{what}' must be a year, not {value!r}") from None
    if not 1700 <= year <= 2200:
        raise _malformed(where, f"title '{what}' year {year} is out of range")
    return year


def _titles(value: Any, where: str) -> list[Title]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _malformed(where, "'titles' must be a list of {title, variants, from, to} mappings")
    out = []
    for item in value:
        if isinstance(item, str):
            item = {"title": item}
        if not isinstance(item, dict):
            raise _malformed(where, f"title {item!r} must be a mapping with 'title', 'from', 'to'")
        unknown = sorted(set(item) - set(TITLE_FIELDS))
        if unknown:
            raise _malformed(where, f"unknown title field(s) {', '.join(map(str, unknown))}")
        text = item.get("title")
        if not isinstance(text, str) or not text.strip():
            raise _malformed(where, f"title {item!r} has no 'title' text")
        start, end = _year(item.get("from"), where, "from"), _year(item.get("to"), where, "to")
        if start is not None and end is not None and start > end:
            raise _malformed(where, f"title '{text}' runs from {start} to {end}")
        out.append(Title(" ".join(text.split()), start, end, tuple(_as_list(item.get("variants"), where,
                                                                               "variants"))))
    return out


def _entry(row: dict[str, Any], where: str) -> dict[str, Any]:
    """Validate one raw row; return only the fields it sets (a later file may set the rest)."""
    if not isinstance(row, dict):
        raise _malformed(where, f"an entity must be a mapping, not {type(row).__name__}")
    unknown = sorted(str(k) for k in row if k not in FIELDS)
    if unknown:
        raise _malformed(where, f"unknown field(s) {', '.join(unknown)}")
    eid = row.get("id")
    if not isinstance(eid, str) or not _ID.match(eid.strip()):
        raise _malformed(where, f"id {eid!r} must be a lowercase slug such as 'kz-tokayev'")
    eid = eid.strip()
    where = f"{where} (id '{eid}')"
    out: dict[str, Any] = {"id": eid}
    if "name" in row:
        name = row["name"]
        if not isinstance(name, str) or not name.strip():
            raise _malformed(where, "the name is empty")
        out["name"] = " ".join(name.split())
    if "type" in row:
        typ = row["type"]
        if not isinstance(typ, str) or typ.strip().upper() not in TYPES:
            raise _malformed(where, f"unknown type {typ!r} (use one of {', '.join(TYPES)})")
        out["type"] = typ.strip().upper()
    if "country" in row:
        country = row["country"]
        if country is False:
            raise _malformed(where, "country is false: YAML reads an unquoted NO as false; write 'NO'")
        if country not in (None, ""):
            if not isinstance(country, str) or not _COUNTRY.match(country.strip().upper()):
                raise _malformed(where, f"country {country!r} must be an ISO 3166 alpha-2 code or null")
            country = country.strip().upper()
        out["country"] = country or None
    for key in ("aliases", "ambiguous"):
        if key in row:
            out[key] = _as_list(row[key], where, key)
    if "titles" in row:
        out["titles"] = _titles(row["titles"], where)
    if "note" in row:
        note = row["note"]
        if note is not None and not isinstance(note, str):
            raise _malformed(where, "the note must be text")
        out["note"] = note.strip() if note else None
    if "replace" in row:
        if not isinstance(row["replace"], bool):
            raise _malformed(where, "'replace' must be true or false")
        out["replace"] = row["replace"]
    out["where"] = where
    return out


def _title_table(value: Any, where: str) -> dict[str, list[str]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _malformed(where, "'titles:' must map each title to a list of its variants")
    table: dict[str, list[str]] = {}
    for title, variants in value.items():
        if not isinstance(title, str) or not title.strip():
            raise _malformed(where, f"title {title!r} in 'titles:' is empty or not text")
        table[" ".join(title.split())] = _as_list(variants, f"{where} title '{title}'", "variants")
    return table


def _read_yaml(path: Path) -> tuple[list[tuple[str, dict[str, Any]]], dict[str, list[str]]]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_Loader)
    except yaml.YAMLError as exc:
        raise _malformed(str(path), f"not valid YAML ({exc})") from None
    except UnicodeDecodeError as exc:
        raise _malformed(str(path), f"not UTF-8 ({exc.reason})") from None
    if data is None:
        return [], {}
    table: dict[str, list[str]] = {}
    if isinstance(data, dict):
        unknown = sorted(str(k) for k in data if k not in ("version", "titles", "entities"))
        if unknown:
            raise _malformed(path.name, f"unknown top-level key(s) {', '.join(unknown)} "
                                        "(use version, titles, entities)")
        table = _title_table(data.get("titles"), path.name)
        data = data.get("entities") or []
    if not isinstance(data, list):
        raise _malformed(path.name, "must be a list of entities (or a mapping with 'entities:')")
    return [(f"{path.name} entry {i}", row) for i, row in enumerate(data, 1)], table


def _read_csv(path: Path) -> list[tuple[str, dict[str, Any]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _malformed(str(path), f"not UTF-8 ({exc.reason})") from None
    reader = csv.DictReader(text.splitlines())
    columns = [c.strip() for c in (reader.fieldnames or [])]
    missing = [c for c in ("id",) if c not in columns]
    unknown = [c for c in columns if c not in CSV_FIELDS]
    if missing or unknown:
        raise _malformed(path.name, f"CSV columns must come from {','.join(CSV_FIELDS)} and include id"
                         + (f"; unknown: {', '.join(unknown)}" if unknown else ""))
    rows = []
    for line_no, raw in enumerate(reader, 2):
        row: dict[str, Any] = {}
        for col, value in raw.items():
            if col is None:
                raise _malformed(f"{path.name} line {line_no}", "more cells than columns (quote cells with commas)")
            col, value = col.strip(), (value or "").strip()
            if not value:
                continue  # an empty cell keeps what an earlier file said
            row[col] = [v.strip() for v in value.split(";") if v.strip()] if col in ("aliases", "ambiguous") else value
        if not any(row.values()):
            continue
        row.setdefault("id", "")
        rows.append((f"{path.name} line {line_no}", row))
    return rows


def _files(paths: Any) -> list[Path]:
    if paths is None:
        return []
    if isinstance(paths, (str, Path)):
        paths = [paths]
    out = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(sorted(q for q in p.iterdir() if q.suffix.lower() in (".yaml", ".yml", ".csv")))
        elif p.exists():
            out.append(p)
        else:
            raise InputError("E110", source=str(p))
    return out


def _merge(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    merged = dict(old)
    if "name" in new and new["name"] != old.get("name") and old.get("name"):
        merged["aliases"] = [*old.get("aliases", []), old["name"]]
    for key in ("name", "type", "country", "note"):
        if key in new:
            merged[key] = new[key]
    for key in ("aliases", "ambiguous", "titles"):
        if key in new:
            merged[key] = list(dict.fromkeys([*merged.get(key, []), *new[key]]))
    merged["where"] = new["where"]
    return merged


def _entity(entry: dict[str, Any]) -> Entity:
    where = entry["where"]
    for key in ("name", "type"):
        if not entry.get(key):
            raise _malformed(where, f"'{key}' is missing")
    names = [entry["name"], *entry.get("aliases", [])]
    aliases = tuple(a for a in dict.fromkeys(names) if a != entry["name"])
    name_keys = {match_key(n) for n in names}
    for a in entry.get("ambiguous", []):
        if match_key(a) not in name_keys:
            raise _malformed(where, f"ambiguous alias '{a}' is not one of its names or aliases")
    for n in names:
        if not match_key(n):
            raise _malformed(where, f"name or alias '{n}' has no letters or digits")
    return Entity(entry["id"], entry["name"], entry["type"], entry.get("country"), aliases,
                  tuple(entry.get("titles", [])), tuple(entry.get("ambiguous", [])), entry.get("note"))


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
                raise _malformed(f"id '{e.id}'", "duplicate id")
            if e.type not in TYPES:
                raise _malformed(f"id '{e.id}'", f"unknown type {e.type!r} (use one of {', '.join(TYPES)})")
            if not e.name.strip():
                raise _malformed(f"id '{e.id}'", "the name is empty")
            self._entities[e.id] = e
        self._build()
        if strict:
            bad = [c for c in self.collisions() if c.unmarked]
            if bad:
                c = bad[0]
                more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
                raise _malformed(f"ids {', '.join(c.ids)}", f"the alias '{c.names[0]}' (key '{c.key}') names "
                                 f"{len(c.ids)} entities; list it under 'ambiguous' in each of them "
                                 f"({', '.join(c.unmarked)} do not) or remove it from all but one{more}")

    # ---- loading and saving

    @classmethod
    def load(cls, paths: str | Path | Iterable[str | Path] | None = None, *, default: bool = True,
             strict: bool = True) -> "Registry":
        """The shipped registry (unless ``default=False``) extended by each YAML/CSV file or directory in
        ``paths``, in order. ``strict=False`` accepts aliases shared by entities that do not mark them."""
        files = ([DEFAULT_PATH] if default else []) + _files(paths)
        merged: dict[str, dict[str, Any]] = {}
        table: dict[str, list[str]] = {}
        for path in files:
            if path.suffix.lower() == ".csv":
                rows = _read_csv(path)
            else:
                rows, more = _read_yaml(path)
                for title, variants in more.items():
                    table[title] = list(dict.fromkeys([*table.get(title, []), *variants]))
            seen: set[str] = set()
            for where, row in rows:
                entry = _entry(row, where)
                eid = entry["id"]
                if eid in seen:
                    raise _malformed(entry["where"], f"duplicate id (already defined earlier in {path.name})")
                seen.add(eid)
                if eid in merged and not entry.get("replace"):
                    merged[eid] = _merge(merged[eid], entry)
                else:
                    merged[eid] = entry
        by_key = {match_key(t): v for t, v in table.items()}
        entities = []
        for entry in merged.values():
            entity = _entity(entry)
            if entity.titles and by_key:
                titles = tuple(Title(t.title, t.start, t.end, tuple(dict.fromkeys(
                    [*t.variants, *by_key.get(match_key(t.title), [])]))) for t in entity.titles)
                entity = replace(entity, titles=titles)
            entities.append(entity)
        return cls(entities, strict=strict)

    def to_yaml(self, path: str | Path | None = None, header: str | None = None) -> str:
        """The registry as YAML in the shipped file's layout (written to ``path`` when given): title variants
        once, in a top-level ``titles:`` table, and each entity's aliases one per line."""
        table: dict[str, list[str]] = {}
        for e in self:
            for t in e.titles:
                table[t.title] = list(dict.fromkeys([*table.get(t.title, []), *t.variants]))
        entities = []
        for e in self:
            d = e.to_dict()
            if e.titles:
                d["titles"] = [_FlowDict({"title": t.title, "from": t.start, "to": t.end}) for t in e.titles]
            if "ambiguous" in d:
                d["ambiguous"] = _FlowList(d["ambiguous"])
            entities.append(d)
        data = {"version": 1, "titles": {t: _FlowList(v) for t, v in table.items()}, "entities": entities}
        body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100_000,
                         default_flow_style=False)
        text = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines()) + body if header else body
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


# ------------------------------------------------------------------------------------------- YAML out

class _FlowList(list):
    pass


class _FlowDict(dict):
    pass


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False):  # noqa: ARG002
        return super().increase_indent(flow, False)  # indent block lists under their key


_Dumper.add_representer(_FlowList, lambda d, data: d.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True))
_Dumper.add_representer(_FlowDict, lambda d, data: d.represent_mapping("tag:yaml.org,2002:map", data.items(),
                                                                       flow_style=True))
