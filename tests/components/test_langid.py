import collections

import pytest

from narrascope.article import Article
from narrascope.pipeline import Pipeline


def test_dev_corpus_languages(dev_rows):
    """Article language against the corpus's language field, on every dev page."""
    articles = [Article.from_text(r["text"], source=r["id"]) for r in dev_rows]
    out = list(Pipeline().pipe(articles))
    wrong = collections.Counter()
    for r, a in zip(dev_rows, out):
        wrong[r["language"]] += a.language != r["language"]
    total = sum(wrong.values())
    assert total <= 1, dict(wrong)
    assert wrong["en"] == 0 and wrong["ru"] <= 1


def test_paragraph_languages_in_a_mixed_article():
    text = ("Kazakhstan's parliament approved the amendments on Wednesday after a short debate in the lower house.\n\n"
            "Депутаты мажилиса одобрили поправки в среду после короткого обсуждения в нижней палате парламента.\n\n"
            "Мәжіліс депутаттары түзетулерді сәрсенбі күні қысқа талқылаудан кейін мақұлдады.")
    a = next(Pipeline().pipe([Article.from_text(text, source="mixed.txt")]))
    langs = [p.attrs["lang"] for p in a.layers["paragraphs"]]
    assert langs == ["en", "ru", "kk"]
    assert all(0 < p.attrs["lang_score"] <= 1 for p in a.layers["paragraphs"])


def test_kazakh_in_latin_script_is_kazakh():
    from narrascope.components.langid import kazakh_latin_score

    latin_2021 = ("Qazaqstan ükımetı jaŋa zaŋ jobasyn maquldady. Būl qūjat eŋbek naryǧyndaǧy özgerıster turaly "
                  "jäne ony parlament kelesı aptada qaraidy.")
    informal = ("Qazaqstan Respublikasy Ukimeti jana zan jobasyn maquldady. Bul qujat engbek naryghyndaghy "
                "ozgerister turaly jane ony parlament kelesi aptada qaraidy dep habarlaidy tilshi.")
    for text in (latin_2021, informal):
        a = next(Pipeline().pipe([Article.from_text(text, source="kk-latin.txt")]))
        assert a.language == "kk", text
    for other in ("The government of Kazakhstan said on Monday that the rules apply. Qatar and Iraq agreed too.",
                  "Überall in Deutschland gibt es schöne Städte und große Flüsse.",
                  "Уряд Казахстану схвалив законопроєкт, повідомляє Qazinform та Kursiv Media."):
        assert kazakh_latin_score(other) < 0.2, other


def _langid(text: str) -> Article:
    from narrascope.article import Span
    from narrascope.components.langid import LanguageIdentifier

    a = Article.from_text(text, source="t.txt")
    a.text = text
    a.add_layer("paragraphs", [Span(0, len(text), "paragraph")], "clean", "test")
    return LanguageIdentifier()(a)


@pytest.mark.parametrize("text", [
    # Hindi (Devanagari), which no configured language covers: lingua scores every language 0.
    "भारत सरकार ने आज घोषणा की कि देश की अर्थव्यवस्था इस वर्ष सात प्रतिशत की दर से बढ़ेगी। "
    "प्रधानमंत्री ने कहा कि यह सभी नागरिकों के लिए अच्छी खबर है और सरकार आगे भी सुधार जारी रखेगी।",
    "2023 1991 300 000 12.5 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30",
    "😀 😃 😄 😁 😆 😅 😂 🤣 😊 😇 🙂 🙃 😉 😌 😍 🥰 😘 😗 😙 😚 😋 😛 😝 😜 🤪 🤨 🧐 🤓 😎 🔥 🚀",
], ids=["hindi", "digits", "emoji"])
def test_text_no_language_scores_gets_no_language_instead_of_a_crash(text):
    a = _langid(text)
    assert a.language is None and a.meta["language_confidence"] == 0.0
    assert [p.attrs["lang"] for p in a.layers["paragraphs"]] == [None]


def test_hindi_article_through_the_pipeline_has_no_error():
    text = ("समाचार\n\nभारत सरकार ने आज घोषणा की कि देश की अर्थव्यवस्था इस वर्ष सात प्रतिशत की दर से बढ़ेगी। "
            "प्रधानमंत्री ने कहा कि यह सभी नागरिकों के लिए अच्छी खबर है और सरकार आगे भी सुधार जारी रखेगी।")
    from narrascope.ingest import article_from_text
    from narrascope.settings import Settings
    pipeline = Pipeline(settings=Settings().with_options(pipeline=("clean", "langid", "sentences")))
    a = pipeline(article_from_text(text, "hindi.txt"))
    assert a.errors == [] and a.language is None and a.layers["sentences"].spans
