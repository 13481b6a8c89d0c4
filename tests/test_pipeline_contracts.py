"""Every ``article.meta`` key and layer a component reads or writes is declared in its requires/assigns.

The default pipeline runs on the seeds with a recording ``meta`` and ``layers`` (dicts that log each
access while a component runs); a component that reads a key it did not require (nor write itself),
or writes one it did not assign, fails the test.
"""
from __future__ import annotations

import pytest

from narrascope.errors import ConfigError
from narrascope.ingest import read_inputs
from narrascope.pipeline import INGEST_META, Pipeline, check_order, registered, with_dependencies
from narrascope.settings import Settings

ALL_KEYS = "*"  # logged ("meta.*", "layers.*") when a component walks the whole dict


class RecordingDict(dict):
    """``meta`` or ``layers`` that logs ``(component, "read" | "write", "meta.key")`` while ``current[0]`` is set."""

    def __init__(self, data, log: list, current: list, prefix: str):
        super().__init__(data)
        self._log, self._current, self._prefix = log, current, prefix

    def _note(self, kind: str, key) -> None:
        if self._current[0] is not None:
            self._log.append((self._current[0], kind, f"{self._prefix}.{key}"))

    def __getitem__(self, key):
        self._note("read", key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._note("read", key)
        return super().get(key, default)

    def __contains__(self, key):
        self._note("read", key)
        return super().__contains__(key)

    def __setitem__(self, key, value):
        self._note("write", key)
        super().__setitem__(key, value)

    def __delitem__(self, key):
        self._note("write", key)
        super().__delitem__(key)

    def pop(self, key, *default):
        self._note("write", key)
        return super().pop(key, *default)

    def setdefault(self, key, default=None):
        self._note("read", key)
        self._note("write", key)
        return super().setdefault(key, default)

    def update(self, *args, **kwargs):
        for key in dict(*args, **kwargs):
            self._note("write", key)
        super().update(*args, **kwargs)

    def __iter__(self):
        self._note("read", ALL_KEYS)
        return super().__iter__()

    def keys(self):
        self._note("read", ALL_KEYS)
        return super().keys()

    def items(self):
        self._note("read", ALL_KEYS)
        return super().items()

    def values(self):
        self._note("read", ALL_KEYS)
        return super().values()


def _record(monkeypatch, articles) -> list[tuple[str, str, str]]:
    """Run the default pipeline over ``articles``; the meta and layer accesses of each component."""
    log: list = []
    current: list = [None]
    nlp = Pipeline(settings=Settings())
    for comp in nlp.components:
        cls = type(comp)
        for attr in ("__call__", "prepare"):
            original = getattr(cls, attr)

            def wrapped(self, *args, _original=original, _name=cls.name, **kwargs):
                outer, current[0] = current[0], _name  # accesses from here on belong to this component
                try:
                    return _original(self, *args, **kwargs)
                finally:
                    current[0] = outer  # a component may call its own prepare from __call__

            monkeypatch.setattr(cls, attr, wrapped)
    for a in articles:
        a.meta = RecordingDict(a.meta, log, current, "meta")
        a.layers = RecordingDict(a.layers, log, current, "layers")
    done = list(nlp.pipe(articles))
    assert len(done) == len(articles) and not any(a.failed for a in done)
    return log


def _undeclared(log) -> list[str]:
    registry = registered()
    problems = []
    for name, kind, key in sorted(set(log)):
        cls = registry[name]
        allowed = set(cls.assigns) | set(cls.requires) if kind == "read" else set(cls.assigns)
        if key not in allowed:
            where = "requires" if kind == "read" else "assigns"
            problems.append(f"{name} {kind}s {key} but does not declare '{key}' in {where}")
    return problems


def test_components_touch_only_the_meta_keys_and_layers_they_declare(monkeypatch, seeds_dir):
    articles = list(read_inputs([str(seeds_dir)]))
    assert len(articles) >= 3
    log = _record(monkeypatch, articles)
    assert _undeclared(log) == []
    # The exchange the contract is about: entities writes meta["entities"], framing reads it.
    assert ("entities", "write", "meta.entities") in log and ("framing", "read", "meta.entities") in log
    assert ("framing", "read", "layers.paragraphs") in log and ("quotes", "write", "layers.voices") in log


def test_benchmark_meta_is_read_only_where_declared(monkeypatch, seeds_dir):
    """The keys a benchmark reader gives (given mentions, genre) take their own code paths."""
    articles = list(read_inputs([str(seeds_dir)]))[:1]
    art = articles[0]
    art.meta.update(given_mentions=[[0, 5]], genre="post")
    log = _record(monkeypatch, articles)
    assert _undeclared(log) == []
    assert ("entities", "read", "meta.given_mentions") in log and ("techniques", "read", "meta.genre") in log


def test_every_required_meta_key_has_a_writer():
    registry = registered()
    written = {m for cls in registry.values() for m in cls.assigns if m.startswith("meta.")} | INGEST_META
    needed = {(name, m) for name, cls in registry.items() for m in cls.requires if m.startswith("meta.")}
    assert needed and all(m in written for _, m in needed), sorted(needed)


def test_order_check_names_a_missing_meta_key():
    with pytest.raises(ConfigError) as err:
        check_order(["plain", "langid", "sentences", "framing"])
    assert err.value.code == "E002" and "meta.entities" in str(err.value) and "'framing'" in str(err.value)
    # with_dependencies puts the writer of meta["entities"] before its reader
    order = with_dependencies(["plain", "langid", "sentences", "framing"])
    assert order.index("entities") < order.index("framing")
    check_order(order)
