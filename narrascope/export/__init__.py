"""Export a store: one registry of formats, used by ``narrascope export`` and the Python API alike.

    >>> from narrascope import open_store
    >>> from narrascope.export import export
    >>> with open_store("demo.db") as store:                                  # doctest: +SKIP
    ...     print(export(store, "csv", "tables/").message)
    exported csv tables to tables: articles 36, narratives 212, ...

Formats (:func:`formats`): ``jsonl``, ``csv`` and ``parquet`` (the tidy tables of
:mod:`.tables`), ``outlet-techniques``, and every shared task's official format (``semeval2025``,
``semeval2023``, ``ptc``, ``unlp2025``). A format declares the options it takes; any other option
is a ConfigError (E021), never silently ignored.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..errors import ConfigError
from ..store import Store
from .tables import TABLES, input_id
from .writers import Exported, write_csv, write_jsonl, write_outlet_techniques, write_parquet


@dataclass(frozen=True)
class Format:
    """An export format: ``write(store, output, **options) -> Exported`` and a one-line help."""

    name: str
    help: str
    write: Callable[..., Exported]
    options: tuple[str, ...] = ()
    table_suffix: str | None = None  # writes a folder of tables, or one table to a file with this suffix


_FORMATS: dict[str, Format] = {}


def register_format(fmt: Format) -> Format:
    _FORMATS[fmt.name] = fmt
    return fmt


register_format(Format("jsonl", "every stored article as one JSON object per line", write_jsonl))
register_format(Format("csv", "tidy tables (" + ", ".join(TABLES) + "): -o DIR writes DIR/<table>.csv; "
                       "standard output or -o FILE.csv gets the articles table (or --table)", write_csv, ("table",), ".csv"))
register_format(Format("parquet", "the csv tables as Parquet with typed columns: -o DIR (or -o FILE.parquet "
                       "for one table)", write_parquet, ("table",), ".parquet"))
register_format(Format("outlet-techniques", "technique counts per outlet and voice (author/quoted), CSV",
                       write_outlet_techniques))


def _task_formats() -> None:
    """Every shared task's official prediction format (registered on first use: the tasks load lazily)."""
    from .task_formats import export_task
    from ..tasks.registry import task_names

    for name in task_names():
        if name not in _FORMATS:
            def write(store: Store, output: Any, subtask: int | None = None, _task: str = name) -> Exported:
                return export_task(store, _task, subtask, output)

            register_format(Format(name, f"predictions in {name}'s official format (--subtask)", write, ("subtask",)))


def formats() -> dict[str, Format]:
    """Every export format by name."""
    _task_formats()
    return dict(_FORMATS)


def output_kind(fmt: str, output: str | Path) -> str:
    """"folder" if format ``fmt`` writes ``output`` as a folder of tables, else "file"."""
    suffix = formats()[fmt].table_suffix if fmt in formats() else None
    return "folder" if suffix and not str(output).lower().endswith(suffix) else "file"


def export(store: Store, fmt: str, output: str | Path | None = None, **options: Any) -> Exported:
    """Write the store in format ``fmt`` to ``output`` (None or "-" = standard output).

    Options that are None count as not given; an option the format does not take raises E021.
    """
    known = formats()
    if fmt not in known:
        raise ConfigError("E020", name=fmt, known=", ".join(sorted(known)))
    chosen = known[fmt]
    given = {k: v for k, v in options.items() if v is not None}
    for name in given:
        if name not in chosen.options:
            takes = ", ".join(f"--{o}" for o in chosen.options) or "no options"
            raise ConfigError("E021", option=f"--{name}", fmt=fmt, detail=f"it takes {takes}")
    return chosen.write(store, output, **given)


__all__ = ["Exported", "Format", "export", "formats", "input_id", "output_kind", "register_format"]
