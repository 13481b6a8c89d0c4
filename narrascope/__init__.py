"""narrascope: shows analysts the narratives inside news.

Public API:

    >>> import narrascope
    >>> store = narrascope.open_store("corpus.db")                       # doctest: +SKIP
    >>> summary = narrascope.analyze(["articles/"], store)               # doctest: +SKIP
    >>> article = store.get(store.rows()[0]["id"])                       # doctest: +SKIP
"""
from .api import Summary, analyze, ingest
from .article import Article, Layer, OffsetMap, Span
from .errors import ErrorRecord, NarrascopeError
from .pipeline import Component, Pipeline, component, registered
from .settings import Settings
from .store import Store, open_store

__version__ = "0.1.0"

__all__ = ["Article", "Component", "ErrorRecord", "Layer", "NarrascopeError", "OffsetMap", "Pipeline",
           "Settings", "Span", "Store", "Summary", "analyze", "component", "ingest", "open_store",
           "registered", "__version__"]
