"""The ``plain`` component: for texts that are already clean (benchmark files).

The text is kept verbatim, so offsets are the input's own; every non-blank line is a
paragraph. Use it in place of ``clean``: ``Pipeline(["plain", "langid", "sentences"])``.
"""
from __future__ import annotations

from ..article import Article, OffsetMap, Span
from ..pipeline import Component, component


@component("plain", requires=("raw_text",), assigns=("text", "layers.paragraphs", "offset_map"), version="1.0.0")
class Plain(Component):
    def __call__(self, article: Article) -> Article:
        article.text = article.raw_text
        article.offset_map = OffsetMap.identity(len(article.raw_text))
        spans, pos = [], 0
        for line in article.raw_text.split("\n"):
            start = pos + len(line) - len(line.lstrip())
            end = pos + len(line.rstrip())
            if end > start:
                spans.append(Span(start, end, "paragraph"))
            pos += len(line) + 1
        article.add_layer("paragraphs", spans, self.name, self.version)
        return article
