"""Storage. SQLite by default; every write is an idempotent upsert keyed on the article id."""
from .query import STANCES, list_articles
from .sqlite import Store, open_store

__all__ = ["STANCES", "Store", "list_articles", "open_store"]
