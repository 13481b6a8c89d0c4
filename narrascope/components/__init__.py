"""Built-in components; importing this module registers them."""
from . import clean, entities, framing, langid, narratives, plain, quotes, sentences, techniques  # noqa: F401
