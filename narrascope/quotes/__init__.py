"""Quotes, speakers and voices: who said what, apart from the author's own voice."""
from .marks import QuoteMark, find_quoted
from .attribute import Quote, find_quotes

__all__ = ["QuoteMark", "find_quoted", "Quote", "find_quotes"]
