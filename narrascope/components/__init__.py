"""Built-in components; importing this module registers them."""
from . import clean, entities, framing, langid, plain, quotes, sentences  # noqa: F401
