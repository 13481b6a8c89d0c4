"""Shared fixtures. Real texts come from ../shared (beside the checkout); never copied here."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
DEV = SHARED / "data" / "corpora" / "dev.jsonl"
SAMPLES = ROOT / "samples" / "corpus"


@pytest.fixture(scope="session", autouse=True)
def _embedding_cache(tmp_path_factory):
    """Trainers cache sentence embeddings; in tests, in a temporary folder, never the user's home."""
    mp = pytest.MonkeyPatch()
    mp.setenv("NARRASCOPE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    yield
    mp.undo()


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not available (../shared must sit beside the checkout)")
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return _need(SEEDS)


@pytest.fixture(scope="session")
def seed_002(seeds_dir: Path) -> Path:
    return seeds_dir / "002_cc2461c9aba41f5a.txt"


@pytest.fixture(scope="session")
def dev_path() -> Path:
    return _need(DEV)


@pytest.fixture(scope="session")
def dev_rows(dev_path: Path) -> list[dict]:
    return [json.loads(line) for line in dev_path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def seeds_analysed(seeds_dir: Path):
    """The three seeds through the default pipeline (analysed once per session)."""
    from narrascope.ingest import read_inputs
    from narrascope.pipeline import Pipeline

    articles = [a for a in read_inputs([str(seeds_dir)])]
    return {Path(a.source).name[:3]: a for a in Pipeline().pipe(articles)}


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    """The sample corpus (our own synthetic articles) analysed once into a store, for the corpus tests."""
    from narrascope import analyze, open_store

    path = tmp_path_factory.mktemp("corpus") / "sample.db"
    with open_store(path) as store:
        analyze([str(ROOT / "samples" / "corpus")], store)
    return path
