"""One dated row per benchmark run, inserted at the end of that benchmark's own table in BENCHMARKS.md
(several benchmarks keep history tables there; appending at the end of the file would mix them)."""
from __future__ import annotations

from pathlib import Path


def add_row(path: Path, title: str, intro: str, head: str, row: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if title not in text:
        text = text.rstrip("\n") + f"\n\n{title}\n\n{intro}\n\n{head}"
    lines = text.split("\n")
    at = lines.index(title) + 1
    while at < len(lines) and not lines[at].startswith("|"):
        at += 1
    while at < len(lines) and lines[at].startswith("|"):
        at += 1
    lines.insert(at, row.rstrip("\n"))
    path.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")
