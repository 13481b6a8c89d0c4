"""The ``sentences`` component: sentence spans inside each paragraph."""
from __future__ import annotations

from ..article import Article, Span
from ..pipeline import Component, component
from ..text.sentences import split_sentences


@component("sentences", requires=("text", "layers.paragraphs"), assigns=("layers.sentences",), version="1.0.0")
class SentenceSplitter(Component):
    def __call__(self, article: Article) -> Article:
        spans = [Span(s, e, "sentence") for p in article.layers["paragraphs"].spans
                 for s, e in split_sentences(article.text, p.start, p.end)]
        article.add_layer("sentences", spans, self.name, self.version)
        return article
