"""The annotated development corpora: our gold annotations point into their pages by id.

``dev.jsonl`` (123 pages) and ``dev2.jsonl`` (102 pages) lie side by side in
``<shared_dir>/data/corpora``; every annotation file may hold ids of either, so readers look a page
up in all of them. A corpus that is missing (a checkout without ``../shared``) is skipped here;
callers that need the pages say so with their own error.

    >>> pages = annotated_pages(Path("../shared/data/corpora/dev.jsonl"))   # doctest: +SKIP
    >>> sorted(pages)[0], sorted(pages)[-1]                                  # doctest: +SKIP
    ('dev-0001', 'dev2-0102')
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

ANNOTATED_CORPORA = ("dev.jsonl", "dev2.jsonl")


def corpus_files(corpus: str | Path) -> list[Path]:
    """``corpus`` first, then the other annotated corpora in its folder that exist."""
    corpus = Path(corpus)
    siblings = [corpus.parent / name for name in ANNOTATED_CORPORA if name != corpus.name]
    return [corpus, *(p for p in siblings if p.is_file())]


def annotated_pages(corpus: str | Path) -> dict[str, dict[str, Any]]:
    """Page rows by id from ``corpus`` and the annotated corpora beside it (a fresh dict each call)."""
    out: dict[str, dict[str, Any]] = {}
    for path in corpus_files(corpus):
        if path.is_file():
            stat = path.stat()
            out.update(_read(str(path.resolve()), stat.st_mtime_ns, stat.st_size))
    return {pid: dict(row) for pid, row in out.items()}  # copies: callers may edit their rows


@lru_cache(maxsize=8)
def _read(path: str, mtime_ns: int, size: int) -> dict[str, dict[str, Any]]:  # noqa: ARG001 - cache key
    rows = (json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip())
    return {row["id"]: row for row in rows}


def page_splits() -> dict[str, str]:
    """Every annotated page's fixed side, "train" or "test" (``resources/splits/<corpus>_split.json``)."""
    folder = Path(__file__).resolve().parents[1] / "resources" / "splits"
    out: dict[str, str] = {}
    for name in ANNOTATED_CORPORA:
        path = folder / f"{Path(name).stem}_split.json"
        if path.is_file():
            split = json.loads(path.read_text(encoding="utf-8"))
            out.update({i: "train" for i in split["train"]} | {i: "test" for i in split["test"]})
    return out
