"""Helpers shared by the shared-task tests."""
from narrascope.article import Article


def technique_article(doc, source: str, spans=None) -> Article:
    """An article over a benchmark document, with a ``techniques`` layer when spans are given."""
    art = Article.from_text(doc.text, source=f"{source}/{doc.doc_id}")
    art.text = art.raw_text
    if spans is not None:
        art.add_layer("techniques", spans, "test", "0")
    return art
