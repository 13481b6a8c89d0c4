"""The ``langid`` component: language per article and per paragraph, with lingua."""
from __future__ import annotations

from functools import lru_cache

from ..article import Article, Span
from ..errors import ConfigError
from ..pipeline import Component, component


@lru_cache(maxsize=4)
def _detector(codes: tuple[str, ...]):
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = []
    for code in codes:
        try:
            languages.append(Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())))
        except AttributeError as exc:
            raise ConfigError("E003", name=f"language '{code}'", known="ISO 639-1 codes lingua supports") from exc
    if len(languages) < 2:
        raise ConfigError("E003", name="languages (need at least two)", known="ISO 639-1 codes")
    return LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()


def detect(text: str, codes: tuple[str, ...]) -> tuple[str | None, float]:
    """(ISO 639-1 code or None, confidence)."""
    detector = _detector(codes)
    values = detector.compute_language_confidence_values(text)
    if not values:
        return None, 0.0
    top = values[0]
    return top.language.iso_code_639_1.name.lower(), round(top.value, 4)


@component("langid", requires=("text", "layers.paragraphs"), assigns=("language", "layers.paragraphs"),
           version="1.0.0")
class LanguageIdentifier(Component):
    """Article language from the clean text; each paragraph gets its own ``lang`` attribute."""

    def __call__(self, article: Article) -> Article:
        codes = tuple(self.settings.languages)
        text = article.text or article.raw_text
        lang, conf = detect(text[:20_000], codes) if text.strip() else (None, 0.0)
        if article.language and article.meta.get("language_given") is None:
            article.meta["language_given"] = article.language
        article.language = lang
        article.meta["language_confidence"] = conf
        layer = article.layers["paragraphs"]
        spans = []
        for p in layer.spans:
            attrs = dict(p.attrs)
            if p.end - p.start >= self.settings.min_paragraph_lang_chars:
                attrs["lang"], attrs["lang_score"] = detect(article.text[p.start:p.end], codes)
            else:
                attrs["lang"], attrs["lang_score"] = lang, None
            spans.append(Span(p.start, p.end, p.label, p.score, attrs))
        article.add_layer("paragraphs", spans, layer.component, layer.version)
        article.layers["paragraphs"].attrs_by = {"lang": f"{self.name}@{self.version}"}  # type: ignore[attr-defined]
        return article
