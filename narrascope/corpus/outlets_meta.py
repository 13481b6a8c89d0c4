"""Outlet metadata: a user-editable file (country, group, type, other spellings), used as a facet.

YAML (a list under ``outlets:``) or CSV (columns ``name, aliases, country, group, type``; aliases
separated by ``;``). An alias maps another spelling or a domain to the outlet's canonical name, so
"Vostok Segodnya", "vostok-segodnya.example" and "Восток Сегодня" count as one outlet::

    outlets:
      - name: Восток Сегодня
        aliases: [Vostok Segodnya, vostok-segodnya.example]
        country: RU
        group: Eurasia Media Group
        type: online outlet

    >>> from narrascope.store import open_store
    >>> load_outlets(open_store("corpus.db"), "outlets.yaml")   # doctest: +SKIP
    12
"""
from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any, Callable

import yaml

from ..errors import ConfigError
from ..store.sqlite import Store
from .state import bump_version

FIELDS = ("country", "group", "type")


def fold(name: Any) -> str | None:
    """The one form names are stored and matched in: spaces collapsed, case folded in every script.

        >>> fold("  Восток   СЕГОДНЯ ")
        'восток сегодня'
    """
    return " ".join(str(name).split()).casefold() if name is not None else None


def read_outlets(path: str | Path) -> list[dict[str, Any]]:
    """The outlets of a YAML or CSV file, checked: each has a name; aliases are a list of strings."""
    path = Path(path)
    try:
        raw_text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError("E060", path=path, detail=f"cannot be read ({exc})") from None
    if path.suffix.lower() == ".csv":
        rows = list(csv.DictReader(raw_text.splitlines()))
        for row in rows:
            row["aliases"] = [a.strip() for a in (row.get("aliases") or "").split(";") if a.strip()]
    else:
        try:
            doc = yaml.safe_load(raw_text)
        except yaml.YAMLError as exc:
            raise ConfigError("E060", path=path, detail=f"is not valid YAML ({str(exc).splitlines()[0]})") from None
        rows = doc.get("outlets") if isinstance(doc, dict) else doc
        if not isinstance(rows, list):
            raise ConfigError("E060", path=path, detail="has no list of outlets (expected 'outlets:' and a list)")
    out = []
    for i, row in enumerate(rows, 1):
        if not isinstance(row, dict) or not str(row.get("name") or "").strip():
            raise ConfigError("E060", path=path, detail=f"entry {i} has no 'name'")
        aliases = row.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [aliases]
        if not isinstance(aliases, list) or not all(isinstance(a, (str, int)) for a in aliases):
            raise ConfigError("E060", path=path, detail=f"entry {i} ({row['name']}): 'aliases' must be a list of names")
        out.append({"name": " ".join(str(row["name"]).split()), "aliases": [str(a) for a in aliases],
                    **{f: (str(row[f]).strip() if row.get(f) not in (None, "") else None) for f in FIELDS}})
    return out


def outlet_resolver(store: Store) -> Callable[[str | None], str | None]:
    """A function from an ingested outlet name to its canonical name (unknown names stay as they are)."""
    table: dict[str, str] = {}
    for name, aliases in store.db.execute("SELECT outlet, aliases FROM outlets"):
        table[fold(name)] = name
        for alias in json.loads(aliases or "[]"):
            table.setdefault(fold(alias), name)

    def resolve(outlet: str | None) -> str | None:
        if outlet is None or not str(outlet).strip():
            return None
        return table.get(fold(outlet), " ".join(str(outlet).split()))
    return resolve


def load_outlets(store: Store, path: str | Path) -> int:
    """Replace the store's outlet metadata with the file's and re-resolve every article's outlet.
    Returns the number of outlets loaded."""
    outlets = read_outlets(path)
    with store.transaction() as db:
        db.execute("DELETE FROM outlets")
        db.executemany('INSERT OR REPLACE INTO outlets (outlet, country, "group", type, aliases) VALUES (?,?,?,?,?)',
                       [(o["name"], o["country"], o["group"], o["type"], json.dumps(o["aliases"], ensure_ascii=False))
                        for o in outlets])
    resolve = outlet_resolver(store)
    with store.transaction() as db:
        raws = [r[0] for r in db.execute("SELECT DISTINCT raw_outlet FROM corpus_articles")]
        db.executemany("UPDATE corpus_articles SET outlet = ?, outlet_key = ? WHERE raw_outlet IS ?",
                       [(resolve(r), fold(resolve(r)) if resolve(r) else None, r) for r in raws])
        bump_version(db)
    return len(outlets)
