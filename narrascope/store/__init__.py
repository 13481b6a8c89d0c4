"""Storage. SQLite by default; every write is an idempotent upsert keyed on the article id."""
from .sqlite import Store, open_store

__all__ = ["Store", "open_store"]
