"""Language-aware text utilities shared by components: sentence splitting, word features."""
from .sentences import split_sentences
from .words import STOPWORDS, word_tokens

__all__ = ["split_sentences", "STOPWORDS", "word_tokens"]
