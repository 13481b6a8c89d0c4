"""Entity registry files: reading and validating them (YAML and CSV), merging user files into the
shipped one, and writing a registry back as YAML. Lookup over the entities lives in :mod:`.registry`.

``read_entities(paths)`` reads the shipped ``resources/entities/registry.yaml`` and then each user file
(YAML with the same schema, or CSV with the columns ``id,name,type,country,aliases,ambiguous,note``,
lists ``;``-separated). A user entry whose id is already known extends it: its name, type, country and
note replace the old ones (the old name stays as an alias), its aliases, titles and ambiguous aliases
are added. ``replace: true`` in YAML replaces the entry instead. A malformed file is ConfigError E012,
naming the file, the entry and the fix.

    >>> from narrascope.entities.registry_files import read_entities
    >>> [e.id for e in read_entities() if e.id == "kz-tokayev"]
    ['kz-tokayev']
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable

import yaml

from ..errors import ConfigError, InputError
from .translit import match_key

__all__ = ["CSV_FIELDS", "DEFAULT_PATH", "Entity", "FIELDS", "TITLE_FIELDS", "TYPES", "Title", "malformed",
           "read_entities", "registry_yaml"]

TYPES = ("PER", "ORG", "LOC", "GROUP")
DEFAULT_PATH = Path(__file__).resolve().parents[1] / "resources" / "entities" / "registry.yaml"
FIELDS = ("id", "name", "type", "country", "aliases", "titles", "ambiguous", "note", "replace")
CSV_FIELDS = ("id", "name", "type", "country", "aliases", "ambiguous", "note")
TITLE_FIELDS = ("title", "variants", "from", "to")
_KNOWN = ("entity fields " + ", ".join(FIELDS) + f"; types {', '.join(TYPES)}; title fields "
          + ", ".join(TITLE_FIELDS) + "; CSV columns " + ",".join(CSV_FIELDS) + " (lists ';'-separated)")
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ten times faster


def malformed(where: str, detail: str) -> ConfigError:
    """E012 for a registry file or entry (``where``), listing the schema."""
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


# ------------------------------------------------------------------------------------------ reading

def _as_list(value: Any, where: str, what: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise malformed(where, f"'{what}' must be a list of strings, not {type(value).__name__}")
    out = []
    for item in value:
        if not isinstance(item, str):
            hint = " (quote it: YAML reads yes/no/on/off and numbers as other types)" if isinstance(
                item, (bool, int, float)) else ""
            raise malformed(where, f"'{what}' holds {item!r}, which is not a string{hint}")
        item = " ".join(item.split())
        if not item:
            raise malformed(where, f"'{what}' holds an empty string")
        out.append(item)
    return list(dict.fromkeys(out))


def _year(value: Any, where: str, what: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise malformed(where, f"title '{what}' must be a year, not {value!r}")
    try:
        year = int(str(value)[:4])
    except ValueError:
        raise malformed(where, f"title '{what}' must be a year, not {value!r}") from None
    if not 1700 <= year <= 2200:
        raise malformed(where, f"title '{what}' year {year} is out of range")
    return year


def _titles(value: Any, where: str) -> list[Title]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise malformed(where, "'titles' must be a list of {title, variants, from, to} mappings")
    out = []
    for item in value:
        if isinstance(item, str):
            item = {"title": item}
        if not isinstance(item, dict):
            raise malformed(where, f"title {item!r} must be a mapping with 'title', 'from', 'to'")
        unknown = sorted(set(item) - set(TITLE_FIELDS))
        if unknown:
            raise malformed(where, f"unknown title field(s) {', '.join(map(str, unknown))}")
        text = item.get("title")
        if not isinstance(text, str) or not text.strip():
            raise malformed(where, f"title {item!r} has no 'title' text")
        start, end = _year(item.get("from"), where, "from"), _year(item.get("to"), where, "to")
        if start is not None and end is not None and start > end:
            raise malformed(where, f"title '{text}' runs from {start} to {end}")
        out.append(Title(" ".join(text.split()), start, end, tuple(_as_list(item.get("variants"), where,
                                                                               "variants"))))
    return out


def _entry(row: dict[str, Any], where: str) -> dict[str, Any]:
    """Validate one raw row; return only the fields it sets (a later file may set the rest)."""
    if not isinstance(row, dict):
        raise malformed(where, f"an entity must be a mapping, not {type(row).__name__}")
    unknown = sorted(str(k) for k in row if k not in FIELDS)
    if unknown:
        raise malformed(where, f"unknown field(s) {', '.join(unknown)}")
    eid = row.get("id")
    if not isinstance(eid, str) or not _ID.match(eid.strip()):
        raise malformed(where, f"id {eid!r} must be a lowercase slug such as 'kz-tokayev'")
    eid = eid.strip()
    where = f"{where} (id '{eid}')"
    out: dict[str, Any] = {"id": eid}
    if "name" in row:
        name = row["name"]
        if not isinstance(name, str) or not name.strip():
            raise malformed(where, "the name is empty")
        out["name"] = " ".join(name.split())
    if "type" in row:
        typ = row["type"]
        if not isinstance(typ, str) or typ.strip().upper() not in TYPES:
            raise malformed(where, f"unknown type {typ!r} (use one of {', '.join(TYPES)})")
        out["type"] = typ.strip().upper()
    if "country" in row:
        country = row["country"]
        if country is False:
            raise malformed(where, "country is false: YAML reads an unquoted NO as false; write 'NO'")
        if country not in (None, ""):
            if not isinstance(country, str) or not _COUNTRY.match(country.strip().upper()):
                raise malformed(where, f"country {country!r} must be an ISO 3166 alpha-2 code or null")
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
            raise malformed(where, "the note must be text")
        out["note"] = note.strip() if note else None
    if "replace" in row:
        if not isinstance(row["replace"], bool):
            raise malformed(where, "'replace' must be true or false")
        out["replace"] = row["replace"]
    out["where"] = where
    return out


def _title_table(value: Any, where: str) -> dict[str, list[str]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise malformed(where, "'titles:' must map each title to a list of its variants")
    table: dict[str, list[str]] = {}
    for title, variants in value.items():
        if not isinstance(title, str) or not title.strip():
            raise malformed(where, f"title {title!r} in 'titles:' is empty or not text")
        table[" ".join(title.split())] = _as_list(variants, f"{where} title '{title}'", "variants")
    return table


def _read_yaml(path: Path) -> tuple[list[tuple[str, dict[str, Any]]], dict[str, list[str]]]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_Loader)
    except yaml.YAMLError as exc:
        raise malformed(str(path), f"not valid YAML ({exc})") from None
    except UnicodeDecodeError as exc:
        raise malformed(str(path), f"not UTF-8 ({exc.reason})") from None
    if data is None:
        return [], {}
    table: dict[str, list[str]] = {}
    if isinstance(data, dict):
        unknown = sorted(str(k) for k in data if k not in ("version", "titles", "entities"))
        if unknown:
            raise malformed(path.name, f"unknown top-level key(s) {', '.join(unknown)} "
                                        "(use version, titles, entities)")
        table = _title_table(data.get("titles"), path.name)
        data = data.get("entities") or []
    if not isinstance(data, list):
        raise malformed(path.name, "must be a list of entities (or a mapping with 'entities:')")
    return [(f"{path.name} entry {i}", row) for i, row in enumerate(data, 1)], table


def _read_csv(path: Path) -> list[tuple[str, dict[str, Any]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise malformed(str(path), f"not UTF-8 ({exc.reason})") from None
    reader = csv.DictReader(text.splitlines())
    columns = [c.strip() for c in (reader.fieldnames or [])]
    missing = [c for c in ("id",) if c not in columns]
    unknown = [c for c in columns if c not in CSV_FIELDS]
    if missing or unknown:
        raise malformed(path.name, f"CSV columns must come from {','.join(CSV_FIELDS)} and include id"
                         + (f"; unknown: {', '.join(unknown)}" if unknown else ""))
    rows = []
    for line_no, raw in enumerate(reader, 2):
        row: dict[str, Any] = {}
        for col, value in raw.items():
            if col is None:
                raise malformed(f"{path.name} line {line_no}", "more cells than columns (quote cells with commas)")
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
            raise malformed(where, f"'{key}' is missing")
    names = [entry["name"], *entry.get("aliases", [])]
    aliases = tuple(a for a in dict.fromkeys(names) if a != entry["name"])
    name_keys = {match_key(n) for n in names}
    for a in entry.get("ambiguous", []):
        if match_key(a) not in name_keys:
            raise malformed(where, f"ambiguous alias '{a}' is not one of its names or aliases")
    for n in names:
        if not match_key(n):
            raise malformed(where, f"name or alias '{n}' has no letters or digits")
    return Entity(entry["id"], entry["name"], entry["type"], entry.get("country"), aliases,
                  tuple(entry.get("titles", [])), tuple(entry.get("ambiguous", [])), entry.get("note"))


def read_entities(paths: str | Path | Iterable[str | Path] | None = None, *, default: bool = True) -> list[Entity]:
    """The entities of the shipped registry (unless ``default=False``) extended by each YAML/CSV file or
    directory in ``paths``, in order; title variants from the files' ``titles:`` tables are added to
    the titles they name."""
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
                raise malformed(entry["where"], f"duplicate id (already defined earlier in {path.name})")
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
    return entities


def registry_yaml(entities: Iterable[Entity], header: str | None = None) -> str:
    """``entities`` as YAML in the shipped file's layout: title variants once, in a top-level ``titles:``
    table, and each entity's aliases one per line; ``header`` becomes leading comment lines."""
    entities = list(entities)
    table: dict[str, list[str]] = {}
    for e in entities:
        for t in e.titles:
            table[t.title] = list(dict.fromkeys([*table.get(t.title, []), *t.variants]))
    rows = []
    for e in entities:
        d = e.to_dict()
        if e.titles:
            d["titles"] = [_FlowDict({"title": t.title, "from": t.start, "to": t.end}) for t in e.titles]
        if "ambiguous" in d:
            d["ambiguous"] = _FlowList(d["ambiguous"])
        rows.append(d)
    data = {"version": 1, "titles": {t: _FlowList(v) for t, v in table.items()}, "entities": rows}
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100_000,
                     default_flow_style=False)
    return "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines()) + body if header else body


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
