"""The cleaner on real seeds and on written junk in several languages."""
from narrascope.components.clean import clean_text


def test_seed_002_fields_and_body(seeds_analysed):
    a = seeds_analysed["002"]
    assert a.title == "Kazakhstan under Tokayev: Increased pressure on Russian supporters"
    assert a.author == "Ainur Kurmanov"
    assert a.published == "2022-03-06T02:45+03:00"
    assert a.language == "en"
    assert a.meta["views"] == 5753


def test_seed_002_junk_gone(seeds_analysed):
    text = seeds_analysed["002"].text
    for junk in ("Roskomnadzor", "Ctrl + Enter", "Subscribe to", "Tags:", "Mon Tues", "6789101112",
                 "Site Administration", "Thank you!", "Views:", "Moscow time", "want to raise their..."):
        assert junk not in text, junk


def test_seed_002_body_intact(seeds_analysed):
    a = seeds_analysed["002"]
    text = a.text
    assert text.startswith("Kazakh police officers, who fled during the January events")
    assert text.rstrip().endswith("questions the allied role of the Kazakh leadership.")
    # Every body paragraph of the source between the lead and the end survives.
    for probe in ("the letter Z on the windows", "Marat Shibutov posted a post", "Kairbek Uskenbaev",
                  "Katie Leach", "“This is the right decision"):
        assert probe in text, probe
    assert len(a.layers["paragraphs"]) >= 20


def test_offsets_map_back_to_raw(seeds_analysed):
    for a in seeds_analysed.values():
        for p in a.layers["paragraphs"]:
            rs, re_ = a.offset_map.to_raw_span(p.start, p.end)
            clean = a.text[p.start:p.end]
            raw = a.raw_text[rs:re_]
            # Identical where the paragraph is one verbatim piece; same words where pieces were joined.
            assert clean.split() == raw.split() or set(clean.split()) <= set(raw.split())


def test_seed_004_run_in_header_and_paragraphs(seeds_analysed):
    a = seeds_analysed["004"]
    assert a.author == "Alan Pukhaev"
    assert a.title.startswith("Anti-Russian Elements in Kazakhstan")
    assert a.meta["caption"] == "Flag of the Republic of Kazakhstan."
    assert a.text.startswith("The official Kazakhstan and real Kazakhstan")
    assert "Original Source" not in a.text and "Disclaimer" not in a.text and "thumbs up" not in a.text
    assert "Photo: Social Networks" not in a.text
    assert "Despite this, she received a state award." in a.text  # the sentence after the credit stays
    subheads = [a.text[p.start:p.end] for p in a.layers["paragraphs"] if p.label == "subheading"]
    assert subheads == ["Contradictions in Domestic Policies", "Sixth Chamber", "Ukraine Model"]
    assert len(a.layers["paragraphs"]) >= 10


def test_seed_000_repeated_headline_removed(seeds_analysed):
    a = seeds_analysed["000"]
    assert "Kazakhstan steps up anti-Russian rhetoric" not in a.text
    assert a.text.startswith("The referendums held by the liberated")
    assert a.text.rstrip().endswith("potential repatriates.")


RU_PAGE = """Главная
Новости
Политика
Экономика
В Астане обсудили новые правила для иностранных телеканалов

Правительство Казахстана представило в понедельник проект поправок, которые изменят порядок вещания иностранных телеканалов в кабельных сетях страны.
По словам представителя министерства информации, операторы получат полгода, чтобы привести свои пакеты в соответствие с новыми требованиями.
Эксперты, опрошенные нашей редакцией, считают, что поправки затронут прежде всего развлекательные каналы, а новостное вещание изменится мало.
Подписывайтесь на наш канал в Telegram, чтобы первыми узнавать новости!
Нашли ошибку? Выделите текст и нажмите Ctrl+Enter
Теги: Казахстан, телевидение, закон
Поделиться"""


def test_russian_junk_by_general_signals():
    result = clean_text(RU_PAGE, title="В Астане обсудили новые правила для иностранных телеканалов")
    assert result.text.startswith("Правительство Казахстана представило")
    assert result.text.endswith("новостное вещание изменится мало.")
    assert "Telegram" not in result.text and "Ctrl" not in result.text and "Главная" not in result.text
    assert len(result.paragraphs) == 3
    reasons = {r[2] for r in result.removed}
    assert "repeated headline" in reasons


def test_removed_ranges_and_kept_ranges_partition_the_text():
    result = clean_text(RU_PAGE)
    kept = result.offset_map.raw_ranges()
    spans = sorted([(s, e) for s, e in kept] + [(r[0], r[1]) for r in result.removed])
    for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
        assert e1 <= s2, "kept and removed ranges overlap"
    covered = sum(e - s for s, e in spans)
    assert covered >= len(RU_PAGE.replace("\n", "")) * 0.95


def test_body_that_mentions_subscriptions_stays():
    body = ("The number of subscribers to Russian cable packages in northern Kazakhstan fell by a third last year, "
            "according to figures the regulator published on Tuesday, and operators say viewers moved online.")
    text = "Cable market shrinks\n\n" + body + "\n\n" + body.replace("third", "quarter")
    result = clean_text(text, title="Cable market shrinks")
    assert body in result.text


def test_empty_and_junk_only_texts():
    assert clean_text("").text == ""
    result = clean_text("Home\nNews\nShare\nSubscribe to our newsletter")
    assert result.text == ""
    assert len(result.removed) == 4


WRAPPED = """Exporters in Kostanay say the new rules slow down every
shipment that crosses the border, because each wagon of grain now needs
a second certificate from the regional inspectorate.

The inspectorate said on Friday that the checks would become faster
once its new laboratory opens in the spring.
"""


def test_hard_wrapped_paragraphs_are_joined_and_kept():
    result = clean_text(WRAPPED)
    assert [result.text[p.start:p.end].split()[0] for p in result.paragraphs] == ["Exporters", "The"]
    assert "regional inspectorate." in result.text and "in the spring." in result.text
    from narrascope.text import split_sentences
    first = result.paragraphs[0]
    assert len(split_sentences(result.text, first.start, first.end)) == 1  # one sentence over three lines


def test_soft_wrap_rule():
    from narrascope.text.sentences import soft_wrap

    assert soft_wrap("Exporters in Kostanay say the new rules slow down every", "shipment that crosses")
    assert soft_wrap("The ministry said the decision would be announced by the", "Prime Minister on Monday")
    assert not soft_wrap("Kazakhstan and Russia sign a new grain transit agreement", "The agreement was signed")
    assert not soft_wrap("The agreement was signed in Astana on Monday morning.", "it was")
    assert not soft_wrap("Short line", "continues here")
