"""Built-in components; importing this module registers them."""
from . import clean, langid, sentences  # noqa: F401
