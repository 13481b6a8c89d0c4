"""The built-in export writers: JSON Lines, the tidy CSV and Parquet tables, technique counts per outlet.

Each writer takes the store, the output (None or "-" = standard output, a file, or a folder) and its
options, and returns an :class:`Exported`. Every CSV goes through :func:`narrascope.safecsv.safe_writer`.
"""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, TextIO

from ..errors import ConfigError
from ..safecsv import safe_writer
from ..store import Store
from .tables import TABLES, table_rows


@dataclass
class Exported:
    """What an export wrote: a one-line ``message`` for the user; ``ok`` is False when nothing could be."""

    message: str
    count: int = 0
    ok: bool = True
    paths: tuple[str, ...] = ()


def to_stdout(output: str | Path | None) -> bool:
    return output is None or str(output) == "-"


@contextmanager
def open_text(output: str | Path | None) -> Iterator[TextIO]:
    """Standard output for None or "-", else the file (UTF-8, newlines as written); E022 if it cannot be."""
    if to_stdout(output):
        yield sys.stdout
        return
    try:
        fh = open(output, "w", encoding="utf-8", newline="")
    except OSError as err:
        raise ConfigError("E022", path=str(output), detail=err.strerror or type(err).__name__) from None
    with fh:
        yield fh


def _folder(output: str | Path) -> Path:
    folder = Path(output)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ConfigError("E022", path=str(output), detail=err.strerror or type(err).__name__) from None
    return folder


def _tables(option: str | None) -> list[str]:
    if option is None:
        return list(TABLES)
    if option not in TABLES:
        raise ConfigError("E021", option=f"--table {option}", fmt="csv/parquet", detail=f"tables: {', '.join(TABLES)}")
    return [option]


def write_jsonl(store: Store, output: str | Path | None, **_: Any) -> Exported:
    n = 0
    with open_text(output) as out:
        for a in store.articles():
            out.write(json.dumps(a.to_dict(), ensure_ascii=False) + "\n")
            n += 1
    return Exported(f"exported {n} article(s) as jsonl", n)


def _write_csv_table(store: Store, name: str, out: TextIO) -> int:
    columns = [c for c, _ in TABLES[name][0]]
    writer = safe_writer(out, quote_text=True)
    writer.writerow(columns)
    n = 0
    for a in store.articles():
        for row in table_rows(name, a):
            writer.writerow(row.values())
            n += 1
    return n


def write_csv(store: Store, output: str | Path | None, table: str | None = None, **_: Any) -> Exported:
    """Standard output or ``FILE.csv``: one table (articles unless ``table``); a folder: every table."""
    names = _tables(table)
    if to_stdout(output) or str(output).lower().endswith(".csv"):
        name = table or "articles"
        with open_text(output) as out:
            n = _write_csv_table(store, name, out)
        return Exported(f"exported {n} row(s) of the {name} table as csv", n)
    folder, counts, paths = _folder(output), {}, []
    for name in names:
        path = folder / f"{name}.csv"
        with open_text(path) as out:
            counts[name] = _write_csv_table(store, name, out)
        paths.append(str(path))
    return Exported(f"exported csv tables to {folder}: " + ", ".join(f"{k} {v}" for k, v in counts.items()),
                    counts["articles"] if "articles" in counts else sum(counts.values()), paths=tuple(paths))


def arrow_schema(name: str):
    """The Parquet schema of table ``name``: its declared columns with explicit types."""
    import pyarrow as pa

    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
    return pa.schema([(c, types[t]) for c, t in TABLES[name][0]])


def write_parquet(store: Store, output: str | Path | None, table: str | None = None, **_: Any) -> Exported:
    """A folder of ``<table>.parquet`` files (or ``FILE.parquet``: one table, articles unless ``table``)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ConfigError("E011", what="--format parquet", package="pyarrow") from None
    if to_stdout(output):
        raise ConfigError("E022", path="standard output", detail="Parquet is binary; pass -o DIR")
    single = str(output).lower().endswith(".parquet")
    names = [table or "articles"] if single else _tables(table)
    if not single:
        _folder(output)
    counts, paths = {}, []
    for name in names:
        schema = arrow_schema(name)
        rows = [row for a in store.articles() for row in table_rows(name, a)]
        data = pa.Table.from_pylist(rows, schema=schema)
        path = Path(output) if single else Path(output) / f"{name}.parquet"
        try:
            pq.write_table(data, path)
        except OSError as err:
            raise ConfigError("E022", path=str(path), detail=str(err)) from None
        counts[name] = len(rows)
        paths.append(str(path))
    where = output if single else f"{output}/"
    return Exported(f"exported parquet to {where}: " + ", ".join(f"{k} {v}" for k, v in counts.items()),
                    sum(counts.values()), paths=tuple(paths))


def write_outlet_techniques(store: Store, output: str | Path | None, **_: Any) -> Exported:
    """Technique counts per outlet and voice kind (author / quoted): one CSV row each."""
    counts: dict[tuple[str, str, str], int] = {}
    articles: dict[str, int] = {}
    for a in store.articles():
        outlet = a.outlet or "(unknown)"
        articles[outlet] = articles.get(outlet, 0) + 1
        for s in a.layers.get("techniques", []):
            voice = "author" if (s.attrs.get("voice") or "author") == "author" else "quoted"
            key = (outlet, s.label, voice)
            counts[key] = counts.get(key, 0) + 1
    with open_text(output) as out:
        writer = safe_writer(out, quote_text=True)
        writer.writerow(["outlet", "articles", "technique", "voice", "spans", "spans_per_article"])
        for (outlet, technique, voice), n in sorted(counts.items()):
            writer.writerow([outlet, articles[outlet], technique, voice, n, round(n / articles[outlet], 3)])
    return Exported(f"exported technique counts for {len(articles)} outlet(s)", len(articles))
