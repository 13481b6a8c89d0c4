"""Shared-task plumbing: one name per benchmark, used by `eval`, `export --format` and `train`.

Each task module (semeval2025, semeval2023, ptc, unlp2025) registers a :class:`Task`. A task
knows how to read its documents and gold labels from a data folder, how to turn analysed
articles into predictions in its official format, how to write and read those predictions,
and how to score them with the official metric.

A subtask needs a component (``framing``, ``narratives``, ``techniques``). Until that
component exists, its predictions are :class:`NotAvailable`, and every report says so: never
zero, never a made-up number.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..article import Article
from ..errors import ConfigError


@dataclass
class TaskDocument:
    """One input document of a benchmark, with the benchmark's own id and raw text."""

    doc_id: str
    text: str
    lang: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. ST1 entity mentions, paragraph lines


@dataclass
class NotAvailable:
    """Predictions that cannot be made: the component a subtask needs is not installed."""

    component: str
    reason: str = ""

    def __str__(self) -> str:
        return f"not available (needs the '{self.component}' component{': ' + self.reason if self.reason else ''})"


@dataclass
class Task:
    """A benchmark. All callables take plain paths and plain data; none touch the network.

    - ``read_documents(data_dir, lang, subtask) -> list[TaskDocument]``
    - ``read_gold(data_dir, lang, subtask) -> gold | None`` (None when the folder has no gold)
    - ``predict(articles_by_doc_id, documents, subtask) -> predictions | NotAvailable``
    - ``write_predictions(predictions, path, subtask)`` / ``read_predictions(path, subtask)``
    - ``score(gold, predictions, subtask) -> dict`` of metric name -> number (or nested dicts)
    """

    name: str
    subtasks: tuple[int, ...]
    default_subtask: int
    needs: dict[int, str]  # subtask -> component name
    read_documents: Callable[..., list[TaskDocument]]
    read_gold: Callable[..., Any]
    predict: Callable[..., Any]
    write_predictions: Callable[..., None]
    read_predictions: Callable[..., Any]
    score: Callable[..., dict[str, Any]]
    prediction_file: Callable[[int], str] = lambda subtask: f"predictions-subtask-{subtask}.txt"
    languages: tuple[str, ...] = ()
    genre: str = "article"  # "post" for social-media benchmarks; given to the articles as meta["genre"]


_TASKS: dict[str, Task] = {}


def register_task(task: Task) -> Task:
    _TASKS[task.name] = task
    return task


def get_task(name: str) -> Task:
    _load_builtin_tasks()
    if name not in _TASKS:
        raise ConfigError("E005", name=name, known=", ".join(sorted(_TASKS)))
    return _TASKS[name]


def task_names() -> list[str]:
    _load_builtin_tasks()
    return sorted(_TASKS)


def _load_builtin_tasks() -> None:
    from . import ptc, semeval2023, semeval2025, unlp2025  # noqa: F401  (each registers itself)


def articles_for(documents: list[TaskDocument], source: str) -> list[Article]:
    """Articles whose raw text is the document text, with the benchmark id in ``meta['task_id']``.

    Benchmark files are already clean, so they go through the ``plain`` component (text kept
    verbatim, lines as paragraphs) and offsets stay the benchmark's own.
    """
    out = []
    for doc in documents:
        art = Article.from_text(doc.text, source=f"{source}/{doc.doc_id}")
        art.meta["task_id"] = doc.doc_id
        if doc.lang:
            art.meta["language_given"] = doc.lang
        out.append(art)
    return out


def raw_spans(article: Article | None, layer: str) -> list[tuple[int, int, str, float | None]]:
    """(start, end, label, score) of a layer's spans, in raw-text offsets (the benchmark's own)."""
    found = article.layers.get(layer) if article is not None else None
    out = []
    for s in (found.spans if found else []):
        start, end = article.offset_map.to_raw_span(s.start, s.end)
        out.append((start, end, s.label, s.score))
    return out


def check_subtask(task: str, subtasks: tuple[int, ...], subtask: int) -> int:
    """``subtask`` if ``task`` has it, else ConfigError E006."""
    if subtask not in subtasks:
        raise ConfigError("E006", task=task, subtask=subtask, known=", ".join(map(str, subtasks)))
    return subtask


def task_root(data_dir: str | Path, lang: str | None) -> Path:
    """The data folder, or its language subfolder (any case) when one exists."""
    root = Path(data_dir)
    if not root.is_dir():
        raise ConfigError("E008", path=root, detail="no such folder")
    for name in ((lang, lang.lower(), lang.upper()) if lang else ()):
        if (root / name).is_dir():
            return root / name
    return root


def id_sort_key(doc_id: str) -> tuple[int, Any]:
    """Numeric ids in numeric order, then the rest alphabetically."""
    return (0, int(doc_id)) if doc_id.isdigit() else (1, doc_id)
