"""The ``langid`` component: language per paragraph and per article, with lingua.

Paragraphs of a whole batch go to lingua in one parallel call. The article language is the
language with the most paragraph text behind it (confidence-weighted), so no second pass
over the full text is needed.
"""
from __future__ import annotations

import collections
import re
from functools import lru_cache

from ..article import Article, Span
from ..errors import ConfigError
from ..pipeline import Component, component

MAX_CHARS = 3000  # a paragraph's language is clear long before this

# lingua knows Kazakh only in Cyrillic. Kazakh written in the Latin alphabets (2017, 2018 and
# 2021 versions, and informal transliteration) is recognised by its letters and function words.
# Letters almost only Kazakh Latin uses (ŋ ǧ ū, a Latin-text schwa), and "q" not followed by "u".
_KK_LATIN_MARKS = re.compile(r"[ŋǧūә]|q(?!u)")
_KK_LATIN_WORDS = frozenset("""jäne jane zhane men bul būl osy dep degen turaly üşın ushin ushyn úshin sonymen birge
bırge bolyp bolady boldy eken emes jyly jyl resei reseidıŋ respublikasy mälımdedı habarlaidy tılşısı
aituynsha aitularynşa basshysy arqyly kezinde""".split())


def kazakh_latin_score(text: str) -> float:
    """Share of Latin-script words that carry Kazakh marks or are Kazakh function words."""
    all_words = re.findall(r"[^\W\d_]+", text.lower())
    words = [w for w in all_words if any("a" <= ch <= "z" for ch in w)]
    if not words or len(words) * 2 < len(all_words):  # mostly Cyrillic: lingua's call stands
        return 0.0
    return sum(1 for w in words if w in _KK_LATIN_WORDS or _KK_LATIN_MARKS.search(w)) / len(words)


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


def _top(values) -> tuple[str | None, float]:
    # lingua gives every language 0.0 for text with no letters it knows (digits, emoji,
    # Devanagari): that is no language, not the first one in the list.
    if not values or values[0].value <= 0:
        return None, 0.0
    return values[0].language.iso_code_639_1.name.lower(), round(values[0].value, 4)


def detect(text: str, codes: tuple[str, ...]) -> tuple[str | None, float]:
    """(ISO 639-1 code or None, confidence) for one text."""
    return detect_many([text], codes)[0]


def detect_many(texts: list[str], codes: tuple[str, ...]) -> list[tuple[str | None, float]]:
    if not texts:
        return []
    values = _detector(codes).compute_language_confidence_values_in_parallel([t[:MAX_CHARS] for t in texts])
    results = [_top(v) for v in values]
    if "kk" in codes:
        for i, (lang, _) in enumerate(results):
            if lang != "kk" and (score := kazakh_latin_score(texts[i][:MAX_CHARS])) >= 0.2:
                results[i] = ("kk", round(min(1.0, score * 3), 4))
    return results


@component("langid", requires=("text", "layers.paragraphs"),
           assigns=("language", "layers.paragraphs", "meta.language_given", "meta.language_confidence"),
           version="1.2.0")
class LanguageIdentifier(Component):
    """Each paragraph gets ``lang`` and ``lang_score`` attributes; the article its ``language``."""

    def prepare(self, articles: list[Article]) -> None:
        codes = tuple(self.settings.languages)
        keys, texts = [], []
        for a in articles:
            layer = a.layers.get("paragraphs")
            paragraphs = layer.spans if layer else []
            long_enough = [p for p in paragraphs if p.end - p.start >= self.settings.min_paragraph_lang_chars]
            # Short texts and texts of only short paragraphs are judged whole.
            targets = long_enough or ([Span(0, len(a.text))] if a.text.strip() else [])
            for p in targets:
                keys.append((a.id, p.start, p.end))
                texts.append(a.text[p.start:p.end])
        self._results: dict[str, dict[tuple[int, int], tuple[str | None, float]]] = {a.id: {} for a in articles}
        for (aid, start, end), result in zip(keys, detect_many(texts, codes)):
            self._results[aid][(start, end)] = result

    def __call__(self, article: Article) -> Article:
        if article.id not in getattr(self, "_results", {}):
            self.prepare([article])  # called outside a batch
        results = self._results[article.id]
        weight: collections.Counter = collections.Counter()
        for (start, end), (lang, conf) in results.items():
            if lang:
                weight[lang] += (end - start) * conf
        total = sum(weight.values())
        lang = weight.most_common(1)[0][0] if total > 0 else None
        if article.language:
            article.meta["language_given"] = article.language
        article.language = lang
        article.meta["language_confidence"] = round(weight[lang] / total, 4) if lang else 0.0
        layer = article.layers["paragraphs"]
        spans = []
        for p in layer.spans:
            plang, pconf = results.get((p.start, p.end), (lang, None))
            spans.append(Span(p.start, p.end, p.label, p.score, {**p.attrs, "lang": plang, "lang_score": pconf}))
        article.add_layer("paragraphs", spans, layer.component, layer.version)
        return article
