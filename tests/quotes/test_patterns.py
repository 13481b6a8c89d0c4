"""Attribution patterns of Russian and English news, one example each, written for the project and never
copied from ../shared (the dev pages and seeds are tested in test_attribute.py and test_dev_pages.py)."""
import pytest

from narrascope.article import Article
from narrascope.pipeline import Pipeline

STEPS = ["plain", "langid", "sentences", "entities", "quotes"]


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline(STEPS)


def quotes(pipeline, text):
    a = next(pipeline.pipe([Article.from_text(text, source="t")]))
    return [(q.label, q.attrs["speaker"], q.attrs["speaker_name"], a.text[q.start:q.end]) for q in a.layers["quotes"]]


def speaker_of(found, start):
    hits = [q for q in found if q[3].startswith(start)]
    assert hits, f"no quote starts with {start!r} in {found}"
    return hits[0][1], hits[0][2]


def test_next_sentence_after_an_abbreviation(pipeline):
    text = ("Tigran Keosayan, a Russian TV host, angered Kazakhstan.\n\n"
            "“Friends, neighbours, where is the gratitude now?” Mr. Keosayan said to his YouTube audience.")
    assert speaker_of(quotes(pipeline, text), "Friends, neighbours")[1] == "Tigran Keosayan"


def test_experts_in_places_are_anonymous(pipeline):
    text = ("Street signs are changing fast. Several experts in Nur-Sultan and Moscow do not doubt that all these "
            "campaigns of the activists enjoy support from the top.")
    assert speaker_of(quotes(pipeline, text), "all these campaigns")[0] == "anonymous"


def test_dash_attribution_and_possessive_opinion_ru(pipeline):
    text = ("В Казахстане усиливаются антироссийские настроения.\n\n"
            "Казахстанские власти сознательно дистанцируются от Москвы, — утверждает политолог, доцент кафедры "
            "в МГУ Олег Мамонтов. По его мнению, это опасная тенденция для всего региона.")
    found = quotes(pipeline, text)
    assert "Мамонтов" in speaker_of(found, "Казахстанские власти")[1]
    assert "Мамонтов" in speaker_of(found, "это опасная тенденция")[1]


def test_a_city_speaks_only_for_its_government(pipeline):
    text = "Astana said on Monday that it would not recognise the referendums. Kiev welcomed the decision."
    a = next(pipeline.pipe([Article.from_text(text, source="t")]))
    types = {a.text[s.start:s.end]: s.label for s in a.layers["entities"]}
    assert types["Astana"] == "LOC" and types["Kiev"] == "LOC"  # never PER
    assert speaker_of(quotes(pipeline, text), "it would not recognise")[1] == "Astana"


def test_the_cited_person_speaks_not_the_outlet(pipeline):
    en = ("Russia's Security Council met in Moscow on Tuesday.\n\n“Washington and its partners want to drive a "
          "wedge between our nations,” TASS quoted Patrushev’s deputy, Alexander Shevtsov, as saying.")
    assert speaker_of(quotes(pipeline, en), "Washington and its partners")[1] == "Alexander Shevtsov"
    ru = ("Посол Казахстана в России Ермек Кошербаев дал интервью.\n\n«Русский язык в республике никто не "
          "притесняет», — приводит РИА Новости заявление посла Кошербаева.")
    assert speaker_of(quotes(pipeline, ru), "Русский язык в республике")[1] == "Yermek Kosherbayev"


def test_a_descriptor_named_only_later(pipeline):
    text = ("«Что касается Казахстана, мы поддерживаем постоянный диалог с партнерами», - сказала "
            "дипломат, отвечая на вопрос журналиста.\nОна напомнила, что этот вопрос обсуждался не раз.\n"
            "«Все заявления размещены на сайте, а русский язык мы поддерживаем», - сказала Мария Захарова.")
    found = quotes(pipeline, text)
    assert speaker_of(found, "Что касается")[1] == "Maria Zakharova"
    assert speaker_of(found, "Все заявления")[1] == "Maria Zakharova"
    assert speaker_of(found, "этот вопрос")[1] == "Maria Zakharova"  # "Она напомнила, что ..." before her name


def test_scare_quotes_and_acronyms_are_terms(pipeline):
    text = ("That year, the so-called “language patrols” filmed shop assistants in Almaty. Tokayev spoke about the "
            "“DPR” and “LPR” in his speech. В Алма-Ате появились так называемые «языковые патрули».")
    found = quotes(pipeline, text)
    assert not [q for q in found if q[3] in ("language patrols", "DPR", "LPR", "языковые патрули")]


def test_experts_say_is_anonymous_ru(pipeline):
    text = ("Соседняя республика меняется быстро. Поэтому самые вдумчивые эксперты говорят, что события в "
            "Казахстане идут по знакомому сценарию.")
    assert speaker_of(quotes(pipeline, text), "события в Казахстане")[0] == "anonymous"


def test_told_an_outlet_then_the_content(pipeline):
    text = "Energy analyst Mikhail Krutikhin explained to The Insider, the halt of the pipeline may have political motives."
    assert speaker_of(quotes(pipeline, text), "the halt of the pipeline")[1] == "Mikhail Krutikhin"


def test_menus_and_bullets_are_not_quotes_but_dialogue_is(pipeline):
    menu = ("Read more on our site:\n\n- Kazakhstan and Russia sign deal\n- Prices rise in Almaty\n"
            "- Tokayev meets Putin\n- Weather\n\nMain news of the day.")
    assert quotes(pipeline, menu) == []
    dialogue = ("Блогер Диас Кузаиров зашел в магазин.\n\n— Вы обязаны говорить со мной на государственном "
                "языке, разве нет?\n\n— Нет, не обязан, у нас многонациональная страна.")
    assert [q[0] for q in quotes(pipeline, dialogue)] == ["direct", "direct"]


@pytest.mark.parametrize("text,start,speaker", [
    ("В Казахстане растут антироссийские настроения.\n\n«Казахстанские власти сознательно дистанцируются от Москвы, "
     "и это видно по всем решениям последних лет», — утверждает директор Центра анализа и прогнозирования, политолог "
     "Олег Мамонтов.", "Казахстанские власти", "Мамонтов"),
    ("Как отметил глава МИД Казахстана Мурат Нуртлеу, страна не будет участвовать в санкциях.", "страна не будет",
     "Nurtleu"),
    ("As Dosym Satpayev told Radio Azattyq, the government is afraid of the protests.", "the government", "Satpayev"),
    ("Dosym Satpayev, a political analyst, said the government was afraid of the protests.", "the government", "Satpayev"),
    ("Tsargrad writes that Kazakhstan is drifting to the West.", "Kazakhstan is drifting", "Tsargrad"),
    ("МИД России заявил, что Казахстан остается союзником.", "Казахстан остается", "МИД"),
])
def test_named_speakers(pipeline, text, start, speaker):
    assert speaker in speaker_of(quotes(pipeline, text), start)[1]


def test_a_quote_over_paragraphs_after_said_colon_is_one_quote(pipeline):
    text = ("Political analyst Dosym Satpayev said:\n\n“The government is afraid of the protests. It will do "
            "everything to avoid them.\n\n“And the Kremlin knows this very well.”")
    found = quotes(pipeline, text)
    assert len(found) == 1 and found[0][2] == "Dosym Satpayev" and found[0][3].endswith("very well.")


def test_nobody_is_guessed(pipeline):
    found = quotes(pipeline, "Sources told the newspaper that the deal was signed. The word “Russophobia” is everywhere.")
    assert speaker_of(found, "the deal was signed")[0] == "anonymous"
    assert not [q for q in found if q[3] == "Russophobia"]


def test_an_apposition_after_the_name_does_not_speak(pipeline):
    text = ("Russian TV presenter Tina Kandelaki, a prominent face supporting the war, claimed on her Telegram "
            "channel that renaming streets is a worrying sign.")
    assert speaker_of(quotes(pipeline, text), "renaming streets")[1] == "Tina Kandelaki"


def test_dash_attribution_inside_a_dialogue_line(pipeline):
    text = ("Власти Казахстана продолжают курс на дерусификацию.\n\n— Это системная политика, а не отдельные эпизоды, "
            "— считает политолог Олег Мамонтов. — И Москве пора это признать.\n\n— Вы так думаете? — спросил журналист.")
    found = quotes(pipeline, text)
    assert speaker_of(found, "Это системная политика")[1] == "Олег Мамонтов"
    assert speaker_of(found, "И Москве пора")[1] == "Олег Мамонтов"
    assert found[0][3] == "Это системная политика, а не отдельные эпизоды"  # the attribution is not quoted
    # The interviewer is nobody the text names: anonymous, never the politologist named before.
    assert speaker_of(found, "Вы так думаете")[0] == "anonymous"


def test_quoted_speech_then_told_an_outlet(pipeline):
    text = ('Astana has not reacted yet.\n\n"This is a systematic policy, not isolated episodes," political scientist '
            'Oleg Mamontov told Vostok Segodnya. "Moscow must admit it."')
    found = quotes(pipeline, text)
    assert speaker_of(found, "This is a systematic")[1] == speaker_of(found, "Moscow must")[1] == "Oleg Mamontov"


def test_quoted_titles_and_acts_are_not_speech(pipeline):
    text = ("Лидер партии Ермухамет Ертысбаев в интервью «31 каналу» рассказал о выборах. Такое мнение высказали "
            "участники круглого стола «Выборы и общество: итоги года». Kassym-Jomart Tokayev has often "
            "spoken about Russia’s war against Ukraine.")
    found = quotes(pipeline, text)
    assert not [q for q in found if q[3].startswith(("31 каналу", "Выборы и общество", "Russia’s war"))]


def test_об_этом_заявил_names_the_speaker_not_the_content(pipeline):
    text = ("Ложные новости быстро расходятся в мессенджерах. Как передает агентство, об этом заявил заместитель "
            "председателя правления агентства Даулетхан Жиенкулов на конференции в Астане.")
    found = quotes(pipeline, text)
    assert not [q for q in found if q[3].startswith("заместитель председателя")]


@pytest.mark.parametrize("text,start,speaker", [
    ("In 1995, voters approved a basic law that political observers believe concentrated power in one "
     "office.", "concentrated power", "anonymous"),
    ("Mykhailo Podolyak, while speaking at a forum in Kyiv on Friday, claimed that Russia has plans for "
     "northern Kazakhstan.", "Russia has plans", "Mykhailo Podolyak"),
])
def test_the_speaker_nearest_the_verb(pipeline, text, start, speaker):
    spk, name = speaker_of(quotes(pipeline, text), start)
    assert speaker in (spk, name)


def test_a_direct_quote_is_not_reported_twice(pipeline):
    text = ("Taxis are empty in Moscow.\n\n“Work has never been this hard to find here,” Muboris, a Moscow-based "
            "cook from northern Tajikistan, told us over a messaging app.")
    found = quotes(pipeline, text)
    assert [(q[0], q[2]) for q in found] == [("direct", "Muboris")]


def test_the_descriptor_right_after_a_quote(pipeline):
    text = ("Vladimir Putin addressed the nation early on Thursday.\n\n“We have decided to act to protect our "
            "people” The Russian President informed, Thursday, on a television channel.")
    found = quotes(pipeline, text)
    assert [(q[0], q[2]) for q in found] == [("direct", "Vladimir Putin")]


def test_a_dialogue_line_that_quotes_a_word_is_still_dialogue(pipeline):
    text = ("Блогер Диас Кузаиров зашел в магазин.\n\n— У нас многонациональная страна.\n\n— Пусть хоть "
            "«стонациональная», какой язык у нас государственный? Меня тут не уважают.")
    found = quotes(pipeline, text)
    assert [q[3][:10] for q in found] == ["У нас мног", "Пусть хоть"]


@pytest.mark.parametrize("text,start,speaker", [
    ("The strike on the market was prepared well ahead, and the targets were chosen on purpose, "
     "the Russian Foreign Ministry said on Thursday.", "The strike on the market", "Ministry of Foreign Affairs of Russia"),
    ("An agency spokesperson said the tender's wording was changed last year, weeks after the audit began.",
     "the tender's wording", "anonymous"),
    ("Diplomats met on Monday. Mukhtar Tleuberdi said on Tuesday the remarks harmed relations between "
     "neighbours.", "the remarks harmed", "Mukhtar Tleuberdi"),
    ("Moscow has done little against forced labour at home, according to a report by the "
     "U.S. State Department.", "Moscow has done little", "US Department of State"),
])
def test_attributions_after_the_content_or_a_time(pipeline, text, start, speaker):
    spk, name = speaker_of(quotes(pipeline, text), start)
    assert speaker in (spk, name)


def test_a_government_speaks_as_its_country_and_a_message_as_its_issuer(pipeline):
    text = ("Kazakhstan has kept quiet about the summit. This month, the Kazakh government said President "
            "Kassym-Jomart Tokayev would skip the event.")
    assert speaker_of(quotes(pipeline, text), "President Kassym-Jomart")[1] == "Kazakhstan"
    text = ("Reuters reported on the court decision on Monday. The message states that the court suspended the "
            "pipeline's work for thirty days.")
    assert speaker_of(quotes(pipeline, text), "the court suspended")[1] == "Reuters"
