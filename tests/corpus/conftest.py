"""The analysed sample store (``sample_db``, tests/conftest.py) opened for reading, or copied for tests
that write, so the shared one stays as analysed."""
from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture()
def store_copy(sample_db: Path, tmp_path: Path):
    from narrascope import open_store

    path = tmp_path / "copy.db"
    with open_store(sample_db) as src, open_store(path) as dst:  # sqlite's backup: WAL contents included
        src.db.backup(dst.db)
    with open_store(path) as store:
        yield store


@pytest.fixture()
def sample_store(sample_db: Path):
    from narrascope import open_store

    with open_store(sample_db, create=False) as store:
        yield store
