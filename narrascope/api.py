"""The library functions the CLI, the REST API and the web UI call."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from .article import Article
from .corpus.facts import refresh as refresh_corpus
from .errors import ErrorRecord, StoreError
from .ingest import read_inputs
from .ingest.transport import Transport
from .pipeline import Pipeline
from .settings import Settings
from .store import Store


@dataclass
class Summary:
    """What happened to every input of a run. ``inputs`` = the sum of the other counts."""

    analysed: int = 0          # new articles stored
    updated: int = 0           # stored before by older component versions, or its input changed since; re-analysed
    unchanged: int = 0         # already in the store with this pipeline: nothing to do
    duplicate: int = 0         # the same article twice in this run (dedup note)
    error: int = 0             # inputs that gave no article, and articles a component failed on
    warnings: int = 0          # caveats on articles that were analysed (not counted as inputs)
    seconds: float = 0.0
    records: list[ErrorRecord] = field(default_factory=list)

    @property
    def inputs(self) -> int:
        return self.analysed + self.updated + self.unchanged + self.duplicate + self.error

    def to_dict(self) -> dict:
        return {"inputs": self.inputs, "analysed": self.analysed, "updated": self.updated,
                "unchanged": self.unchanged, "duplicate": self.duplicate, "error": self.error,
                "warnings": self.warnings, "seconds": round(self.seconds, 3),
                "records": [r.to_dict() for r in self.records]}


def ingest(inputs: Iterable[str], settings: Settings | None = None, transport: Transport | None = None,
           preset: str | None = None, overrides: dict[str, str] | None = None) -> Iterator[Article | ErrorRecord]:
    """Read inputs into Articles and error records, without analysing them."""
    return read_inputs(inputs, settings, transport, preset, overrides)


def analyze(inputs: Iterable[str], store: Store | None = None, settings: Settings | None = None,
            transport: Transport | None = None, preset: str | None = None,
            overrides: dict[str, str] | None = None, force: bool = False,
            on_item: Callable[[Article | ErrorRecord], None] | None = None,
            pipeline: Pipeline | None = None) -> Summary:
    """Ingest ``inputs``, run the pipeline, store the results; account for every input.

    ``pipeline`` defaults to ``Pipeline(settings=settings)``; pass one built earlier to check the
    models and taxonomies before anything else is touched, or to reuse its loaded models.

    Safe to interrupt (Ctrl-C, kill -9) and to run beside another ``analyze`` on the same store:
    saved articles stay, no article is half-written, and a re-run continues where it stopped
    with the same results as an uninterrupted run.

    Example:
        >>> from narrascope import analyze, open_store
        >>> summary = analyze(["samples/corpus"], open_store("demo.db"))   # doctest: +SKIP
    """
    settings = settings or (pipeline.settings if pipeline else Settings())
    pipeline = pipeline or Pipeline(settings=settings)
    versions = pipeline.versions
    summary = Summary()
    start = time.perf_counter()

    def record(item: ErrorRecord) -> None:
        summary.records.append(item)
        summary.warnings += item.level == "warning"
        summary.duplicate += item.level == "duplicate"
        summary.error += item.level == "error"
        if store is not None:
            store.save_error(item)
        if on_item and item.level != "warning":
            on_item(item)

    def read() -> Iterator[Article]:
        for item in read_inputs(inputs, settings, transport, preset, overrides):
            if isinstance(item, ErrorRecord):
                record(item)
            else:
                yield item

    def stored(article: Article) -> bool:
        """Already in the store with this pipeline: counted now, kept in its batch as context."""
        if store is None or force or store.pipeline_of(article.id) != versions or store.input_changed(article):
            return False  # an edited sidecar may change the outlet, which cleaning groups lines by: re-analyse
        summary.unchanged += 1
        if on_item:
            on_item(article)
        return True

    # Each article is saved in its own transaction as soon as its batch is done: an interruption
    # (Ctrl-C, kill -9) loses at most the batch in progress, never half an article, and a re-run
    # skips what was saved and cuts the same batches.
    for article in pipeline.pipe(read(), done=stored):
        try:
            status = store.save(article) if store is not None else "new"
        except StoreError as exc:
            if exc.code != "E406":
                raise  # the store itself is unusable (locked, corrupt): no later article would fare better
            record(ErrorRecord.from_error(article.source, exc, stage="store", article_id=article.id))
            continue
        # A failed article is stored too, with its error record: nothing is lost.
        summary.warnings += sum(1 for e in article.errors if e.level == "warning")
        if article.failed:
            summary.error += 1
            summary.records.extend(e for e in article.errors if e.level == "error")
        else:
            summary.analysed += status == "new"
            summary.updated += status == "updated"
            summary.unchanged += status == "unchanged"
        if on_item:
            on_item(article)
    if store is not None:
        refresh_corpus(store)  # the corpus views (timelines, outlets, search) see the new articles
    summary.seconds = time.perf_counter() - start
    return summary


def ingest_into(inputs: Iterable[str], store: Store, settings: Settings | None = None,
                transport: Transport | None = None, preset: str | None = None,
                overrides: dict[str, str] | None = None,
                on_item: Callable[[Article | ErrorRecord], None] | None = None) -> Summary:
    """Read ``inputs`` into ``store`` without analysing them; counted like :func:`analyze`.

    A new article counts as ``analysed`` (stored), one already in the store as ``unchanged``, one
    ingested before (not analysed) whose sidecar or ``--outlet`` now gives it other fields as ``updated``.

    Example:
        >>> summary = ingest_into(["export.csv"], open_store("corpus.db"), preset="mediacloud")  # doctest: +SKIP
    """
    summary = Summary()
    start = time.perf_counter()
    for item in read_inputs(inputs, settings or Settings(), transport, preset, overrides):
        if isinstance(item, ErrorRecord):
            summary.records.append(item)
            summary.warnings += item.level == "warning"
            summary.duplicate += item.level == "duplicate"
            summary.error += item.level == "error"
            store.save_error(item)
            if item.level == "warning":
                continue
        elif (stored := store.pipeline_of(item.id)) is None or (not stored and store.input_changed(item)):
            status = store.save(item)  # new, or ingested before (not analysed) and its sidecar changed since
            summary.analysed += status == "new"
            summary.updated += status == "updated"
            summary.unchanged += status == "unchanged"
        else:
            summary.unchanged += 1
        if on_item:
            on_item(item)
    refresh_corpus(store)  # ingested text is searchable before it is analysed
    summary.seconds = time.perf_counter() - start
    return summary
