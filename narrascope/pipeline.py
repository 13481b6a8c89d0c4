"""Component registry and the pipeline that runs components over articles.

A component is a class registered by name with :func:`component`. It declares what it
``requires`` and ``assigns`` (article attributes such as ``"text"`` or layers such as
``"layers.sentences"``), and a ``version`` recorded on everything it writes. The pipeline
refuses an order whose needs are unmet, and a component that fails on one article gives
that article an error record while the rest go on.

Example:
    >>> from narrascope.pipeline import Pipeline
    >>> nlp = Pipeline(["clean", "langid", "sentences"])
    >>> [a.language for a in nlp.pipe([article])]   # doctest: +SKIP
"""
from __future__ import annotations

import itertools
from typing import Callable, Iterable, Iterator

from .article import Article
from .errors import ComponentError, ConfigError, ErrorRecord
from .settings import Settings

# What ingest provides before any component runs.
INGEST_ASSIGNS = frozenset({"raw_text", "source", "id"})

_REGISTRY: dict[str, type["Component"]] = {}


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

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        batch = list(articles)
        live = [a for a in batch if not a.failed]
        try:
            self.prepare(live)
        except Exception as exc:  # a broken batch statistic must not lose the batch
            for a in live:
                a.errors.append(self._error(a, exc, level="warning"))
        for article in batch:
            if article.failed:
                yield article
                continue
            try:
                result = self(article)
                if result is None:
                    raise ComponentError("E301", component=self.name, article=article.id,
                                         detail="component returned None; did you forget to return the article?")
                result.analyses[self.name] = self.version
                yield result
            except Exception as exc:
                article.errors.append(self._error(article, exc))
                yield article

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
    _load_builtin_components()
    return dict(_REGISTRY)


def _load_builtin_components() -> None:
    from . import components  # noqa: F401  (registers the built-in components)


def check_order(names: Iterable[str]) -> list[type[Component]]:
    """Return the component classes for ``names``, or raise E001/E002."""
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
        self.components = [cls(self.settings) for cls in check_order(names)]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.components]

    @property
    def versions(self) -> dict[str, str]:
        return {c.name: c.version for c in self.components}

    def __call__(self, article: Article) -> Article:
        return next(iter(self.pipe([article])))

    def pipe(self, articles: Iterable[Article], batch_size: int | None = None) -> Iterator[Article]:
        size = batch_size or self.settings.batch_size
        it = iter(articles)
        while batch := list(itertools.islice(it, size)):
            stream: Iterable[Article] = batch
            for comp in self.components:
                stream = list(comp.pipe(stream))
            yield from stream
