"""Fixtures for the fuzz slice: analyse one generated file and check it is accounted for."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from narrascope.api import analyze
from narrascope.settings import Settings
from narrascope.store import open_store

from .families import check

LIGHT = Settings().with_options(pipeline=("clean", "langid", "sentences"))


def analyse_bytes(name: str, data: bytes, settings: Settings = LIGHT):
    """Write ``data`` as ``name`` in a fresh temp folder, analyse it into a fresh store; return
    (path, summary) after asserting no exception escaped and the input is accounted for."""
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        store = open_store(":memory:")
        try:
            summary = analyze([str(path)], store, settings)
        finally:
            store.close()
        problems = check(str(path), summary)
        assert not problems, (problems, data[:200])
        return str(path), summary


@pytest.fixture(scope="session")
def analyse():
    return analyse_bytes
