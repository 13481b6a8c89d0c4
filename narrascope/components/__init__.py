"""Built-in components; importing this module registers them."""
from . import clean, langid, plain, sentences  # noqa: F401
