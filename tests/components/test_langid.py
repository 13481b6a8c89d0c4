import collections

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
