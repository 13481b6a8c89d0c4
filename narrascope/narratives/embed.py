"""The narratives' view of :mod:`narrascope.text.embed` (one loaded encoder for every analyser).

Callers use ``embed.embed`` / ``embed.available`` through this module, so a test can replace them here.
"""
from ..text.embed import available, embed, version

__all__ = ["available", "embed", "version"]
