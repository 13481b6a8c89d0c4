"""narrascope: shows analysts the narratives inside news.

Public API:

    >>> import narrascope
    >>> store = narrascope.open_store("corpus.db")                       # doctest: +SKIP
    >>> summary = narrascope.analyze(["articles/"], store)               # doctest: +SKIP
    >>> article = store.get(store.rows()[0]["id"])                       # doctest: +SKIP
"""
from . import pipeline as _pipeline, train as _train
from .framing import features as _framing_features
from .api import Summary, analyze, ingest
from .article import Article, Layer, OffsetMap, Span
from .errors import ErrorRecord, NarrascopeError
from .pipeline import Component, Pipeline, component, registered
from .settings import Settings
from .store import Store, open_store

__version__ = "0.1.0"


# The registries (floor 5) know none of their built-ins; this package (floor 9), which Python imports before
# any narrascope.X, hands them in. Loaded on first use, not here: importing them takes ~1.2 s.
def _builtin_components() -> None:
    from . import components  # noqa: F401  (registers clean, langid, sentences, ... with pipeline.component)


def _builtin_trainers() -> None:
    from .framing import train as _framing  # noqa: F401  (each registers its trainer with train.register_trainer)
    from .narratives import train as _narratives  # noqa: F401
    from .techniques import train as _techniques  # noqa: F401


def _registry_identity():
    """The framing features' identity lookup: a canonical name -> (registry id, country), or None."""
    from .entities.registry import Registry

    registry = Registry.load()

    def lookup(name: str, etype: str | None) -> tuple[str, str | None] | None:
        found = registry.lookup(name, type=etype if etype in ("PER", "ORG", "LOC", "GROUP") else None)
        return (found[0][0].id, found[0][0].country) if found and found[0][1] >= 0.9 else None
    return lookup


_pipeline.load_builtins_with(_builtin_components)
_train.load_builtins_with(_builtin_trainers)
_framing_features.resolve_identities_with(_registry_identity)

__all__ = ["Article", "Component", "ErrorRecord", "Layer", "NarrascopeError", "OffsetMap", "Pipeline",
           "Settings", "Span", "Store", "Summary", "analyze", "component", "ingest", "open_store",
           "registered", "__version__"]
