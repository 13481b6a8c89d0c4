"""Component registry and the pipeline that runs components over articles.

A component is a class registered by name with :func:`component`. It declares what it
``requires`` and ``assigns`` (article attributes such as ``"text"``, layers such as
``"layers.sentences"`` and ``article.meta`` keys such as ``"meta.entities"``: every meta key it
reads or writes), and a ``version`` recorded on everything it writes. The pipeline
refuses an order whose needs are unmet, and a component that fails on one article gives
that article an error record while the rest go on. So does one that runs past the per-article
deadline (``Settings.article_timeout``, see :func:`deadline`).

Example:
    >>> from narrascope.pipeline import Pipeline
    >>> nlp = Pipeline(["clean", "langid", "sentences"])
    >>> [a.language for a in nlp.pipe([article])]   # doctest: +SKIP
"""
from __future__ import annotations

import itertools
import signal
import threading
import time
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator

from .article import Article
from .errors import ComponentError, ConfigError, ErrorRecord
from .modeldir import add_component_names, check_models
from .settings import Settings

# Meta keys a reader may give an article (a benchmark's mentions or genre); absent on most
# articles, so a component that requires one reads it with ``meta.get``.
INGEST_META = frozenset({"meta.given_mentions", "meta.genre", "meta.techniques_style", "meta.given_dominant",
                         "meta.given_spans"})
# What ingest provides before any component runs.
INGEST_ASSIGNS = frozenset({"raw_text", "source", "id"}) | INGEST_META

_REGISTRY: dict[str, type["Component"]] = {}
# Functions that register the built-in components, handed in from a higher floor (narrascope/__init__.py):
# the registry knows none of its plugins, and importing them costs ~1.2 s that `--help` should not pay.
_BUILTIN_LOADERS: list[Callable[[], object]] = []


class DeadlineExceeded(BaseException):
    """Raised inside a component call whose deadline passed. A BaseException, so that a
    component's own ``except Exception`` cannot swallow it and run on unbounded."""


def deadline_available() -> bool:
    """True where :func:`deadline` can interrupt work: POSIX, in the main thread."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise :class:`DeadlineExceeded` in the block once ``seconds`` have passed (0 = no deadline).

    Uses ``signal.setitimer(ITIMER_REAL)`` and a SIGALRM handler, so it interrupts pure-Python
    loops and catastrophic regular expressions (``re`` checks signals) but not a long call inside
    a C extension until it returns. Off Windows' and worker threads' reach: there (see
    :func:`deadline_available`) the block runs without a deadline. The previous SIGALRM handler
    and timer are restored afterwards (an outer timer resumes with the time it had left).

        >>> with deadline(5):
        ...     total = sum(range(1000))
    """
    if not seconds or seconds <= 0 or not deadline_available():
        yield
        return
    armed = [True]

    def on_alarm(signum, frame):  # noqa: ARG001
        if armed[0]:
            armed[0] = False
            raise DeadlineExceeded()

    old_handler = signal.signal(signal.SIGALRM, on_alarm)
    old_delay, old_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    try:
        yield
    finally:
        armed[0] = False  # an alarm landing from here on is ignored, never raised in the caller
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old_handler if old_handler is not None else signal.SIG_DFL)
        if old_delay > 0:
            left = max(old_delay - (time.monotonic() - started), 1e-3)
            signal.setitimer(signal.ITIMER_REAL, left, old_interval)


class Component:
    """Base class: override ``__call__``; override ``prepare`` for corpus-level statistics."""

    name: str = ""
    version: str = "0"
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings()

    def prepare(self, articles: list[Article]) -> None:
        """Called once per batch before the articles are processed one by one."""

    def __call__(self, article: Article) -> Article:  # pragma: no cover - abstract
        raise NotImplementedError

    def pipe(self, articles: Iterable[Article], context: Iterable[Article] = (),
             budget: dict[int, float] | None = None) -> Iterator[Article]:
        """Run over a batch. ``context``: articles of the same batch that are already analysed;
        they count in ``prepare``'s batch statistics (so a re-run cuts the same batches) but are
        not processed. ``budget``: seconds each article has left (keyed by ``id(article)``),
        spent and updated here; without it every call gets the whole ``article_timeout``."""
        batch = list(articles)
        live = [a for a in batch if not a.failed]
        limit = float(self.settings.article_timeout or 0)
        seen = live + list(context)
        try:
            # batch statistics get the budget of every article they cover, so they cannot hang forever
            with deadline(limit * len(seen) if seen else 0):
                self.prepare(seen)
        except DeadlineExceeded:
            for a in live:
                a.errors.append(self._error(a, ComponentError(
                    "E303", component=self.name, seconds=round(limit * len(seen), 3), articles=len(seen),
                    article=seen[0].id), level="warning"))
        except Exception as exc:  # a broken batch statistic must not lose the batch
            for a in live:
                a.errors.append(self._error(a, exc, level="warning"))
        for article in batch:
            if article.failed:
                yield article
                continue
            try:
                result = self._call(article, limit, budget)
                if result is None:
                    raise ComponentError("E301", component=self.name, article=article.id,
                                         detail="component returned None; did you forget to return the article?")
                result.analyses[self.name] = self.version
                yield result
            except DeadlineExceeded:
                article.errors.append(self._error(article, ComponentError(
                    "E302", component=self.name, seconds=limit, article=article.id, source=article.source)))
                yield article
            except Exception as exc:
                article.errors.append(self._error(article, exc))
                yield article

    def _call(self, article: Article, limit: float, budget: dict[int, float] | None) -> Article:
        """``self(article)`` within the time the article has left (all of ``limit`` without a budget)."""
        left = budget.get(id(article), limit) if budget is not None else limit
        started = time.monotonic()
        try:
            if limit and left <= 0:
                raise DeadlineExceeded()  # earlier components used up the article's time
            with deadline(left if limit else 0):
                return self(article)
        finally:
            if budget is not None:
                budget[id(article)] = left - (time.monotonic() - started)

    def _error(self, article: Article, exc: Exception, level: str = "error") -> ErrorRecord:
        detail = f"{type(exc).__name__}: {exc}"
        err = exc if isinstance(exc, ComponentError) else ComponentError(
            "E301", component=self.name, article=article.id, detail=detail)
        return ErrorRecord(source=article.source, code=err.code, reason=str(err), stage="analyze",
                           level=level, component=self.name, version=self.version,
                           article_id=article.id, detail={"exception": detail})


def component(name: str, *, requires: Iterable[str] = (), assigns: Iterable[str] = (),
              version: str = "0") -> Callable[[type[Component]], type[Component]]:
    """Class decorator that registers a component under ``name``."""

    def register(cls: type[Component]) -> type[Component]:
        cls.name, cls.version = name, version
        cls.requires, cls.assigns = tuple(requires), tuple(assigns)
        _REGISTRY[name] = cls
        return cls

    return register


def registered() -> dict[str, type[Component]]:
    """Every registered component by name, the built-ins included (their loaders run first)."""
    for load in _BUILTIN_LOADERS:
        load()  # an import: a dictionary lookup once done
    return dict(_REGISTRY)


def load_builtins_with(loader: Callable[[], object]) -> None:
    """Have :func:`registered` call ``loader`` (which imports modules that use :func:`component`)
    before it answers; a package on a higher floor hands its built-ins in this way.

        >>> load_builtins_with(lambda: importlib.import_module("narrascope.components"))  # doctest: +SKIP
    """
    if loader not in _BUILTIN_LOADERS:
        _BUILTIN_LOADERS.append(loader)


# check_models (a floor below) refuses a model for a component nobody registered: it asks here.
add_component_names(registered)


def check_order(names: Iterable[str]) -> list[type[Component]]:
    """Return the component classes for ``names``, or raise E001/E002 (E002 names the missing
    attribute, layer or meta key: ``framing`` without ``entities`` lacks ``meta.entities``)."""
    registry = registered()
    names = list(names)
    available = set(INGEST_ASSIGNS)
    classes = []
    for name in names:
        if name not in registry:
            raise ConfigError("E001", name=name, known=", ".join(sorted(registry)))
        cls = registry[name]
        missing = [r for r in cls.requires if r not in available]
        if missing:
            raise ConfigError("E002", name=name, missing=", ".join(missing), order=" -> ".join(names))
        available.update(cls.assigns)
        classes.append(cls)
    return classes


def with_dependencies(names: Iterable[str]) -> list[str]:
    """``names`` with the registered components their requirements need inserted before them
    (``["plain", "framing"]`` -> ``["plain", "entities", "quotes", "framing"]``)."""
    registry = registered()
    out: list[str] = []
    available = set(INGEST_ASSIGNS)

    def add(name: str, trail: tuple[str, ...] = ()) -> None:
        if name in out or name in trail:
            return
        cls = registry.get(name)
        if cls is None:
            raise ConfigError("E001", name=name, known=", ".join(sorted(registry)))
        for need in cls.requires:
            if need not in available:
                provider = next((n for n, c in registry.items() if need in c.assigns and n not in ("plain", "clean")), None)
                if provider:
                    add(provider, trail + (name,))
        out.append(name)
        available.update(cls.assigns)

    for name in names:
        add(name)
    return out


class Pipeline:
    """An ordered list of components, checked on construction."""

    def __init__(self, names: Iterable[str] | None = None, settings: Settings | None = None):
        self.settings = settings or Settings()
        names = list(names if names is not None else self.settings.pipeline)
        classes = check_order(names)
        # A bad --model is refused here, before any article, whichever components run.
        check_models(self.settings.models)
        self.components = [cls(self.settings) for cls in classes]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.components]

    @property
    def versions(self) -> dict[str, str]:
        return {c.name: c.version for c in self.components}

    def __call__(self, article: Article) -> Article:
        return next(iter(self.pipe([article])))

    def pipe(self, articles: Iterable[Article], batch_size: int | None = None,
             done: Callable[[Article], bool] | None = None) -> Iterator[Article]:
        """Analyse ``articles`` in batches of ``batch_size``; yields every article not ``done``.

        ``done(article)`` True means the article is analysed already (stored with this pipeline):
        it still takes its place in its batch, and components that need only what ingest gives
        (``clean``) see it in their batch statistics, so that a re-run after an interruption cuts
        the same batches and gives byte-identical results. It is not analysed again nor yielded.
        Each article has ``Settings.article_timeout`` seconds in all the components together.

            >>> [a.id for a in Pipeline(["clean"]).pipe(articles, batch_size=8)]   # doctest: +SKIP
        """
        size = batch_size or self.settings.batch_size
        it = iter(articles)
        while batch := list(itertools.islice(it, size)):
            context = [a for a in batch if done is not None and done(a)]
            skip = {id(a) for a in context}
            stream: Iterable[Article] = [a for a in batch if id(a) not in skip]
            budget: dict[int, float] = {}
            for comp in self.components:
                # Only raw ingest fields exist on an article that is not analysed again.
                shown = context if set(comp.requires) <= INGEST_ASSIGNS else []
                stream = list(comp.pipe(stream, context=shown, budget=budget))
            yield from stream
