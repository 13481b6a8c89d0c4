"""Attribution patterns of Russian and English news, one written example each (the dev pages and seeds are
tested in test_attribute.py and test_dev_pages.py)."""
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
            "“Kazakhs, brothers, what kind of ingratitude is this?” Mr. Keosayan said to his YouTube audience.")
    assert speaker_of(quotes(pipeline, text), "Kazakhs, brothers")[1] == "Tigran Keosayan"


def test_experts_in_places_are_anonymous(pipeline):
    text = ("The Kazakh language is spreading. Many experts in Nur-Sultan and Moscow do not doubt that all "
            "actions of the national patriots are supported at the highest level.")
    assert speaker_of(quotes(pipeline, text), "all actions")[0] == "anonymous"


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
    en = ("Russia's Security Council met in Moscow on Tuesday.\n\n“The United States and their allies are trying to "
          "split our countries,” TASS quoted Patrushev’s deputy, Alexander Shevtsov, as saying.")
    assert speaker_of(quotes(pipeline, en), "The United States")[1] == "Alexander Shevtsov"
    ru = ("Посол Казахстана в России Ермек Кошербаев дал интервью.\n\n«Казахские власти к русскому языку относятся "
          "бережно», — приводит РИА Новости заявление посла Кошербаева.")
    assert speaker_of(quotes(pipeline, ru), "Казахские власти")[1] == "Yermek Kosherbayev"


def test_a_descriptor_named_only_later(pipeline):
    text = ("«Если говорить непосредственно о Казахстане, то мы находимся в тесном контакте с властями», - сказала "
            "дипломат, отвечая на соответствующий вопрос.\nОна напомнила, что эта тема неоднократно поднималась.\n"
            "«Материалы опубликованы, мы занимаемся поддержкой русского языка», - сказала Мария Захарова.")
    found = quotes(pipeline, text)
    assert speaker_of(found, "Если говорить")[1] == "Maria Zakharova"
    assert speaker_of(found, "Материалы опубликованы")[1] == "Maria Zakharova"
    assert speaker_of(found, "эта тема")[1] == "Maria Zakharova"  # "Она напомнила, что ..." before her name


def test_scare_quotes_and_acronyms_are_terms(pipeline):
    text = ("In the summer of 2021, the so-called “language patrols” appeared in Almaty. Tokayev spoke about the "
            "“DPR” and “LPR” in his speech. В Алма-Ате появились так называемые «языковые патрули».")
    found = quotes(pipeline, text)
    assert not [q for q in found if q[3] in ("language patrols", "DPR", "LPR", "языковые патрули")]


def test_experts_say_is_anonymous_ru(pipeline):
    text = ("Казахстан далек от нашей родины. Поэтому наиболее глубоко мыслящие эксперты говорят, что события в "
            "Казахстане развиваются по украинскому сценарию.")
    assert speaker_of(quotes(pipeline, text), "события в Казахстане")[0] == "anonymous"


def test_told_an_outlet_then_the_content(pipeline):
    text = "Oil market specialist Mikhail Krutikhin explained to The Insider, the suspension of CPC activities may be political."
    assert speaker_of(quotes(pipeline, text), "the suspension of CPC")[1] == "Mikhail Krutikhin"


def test_menus_and_bullets_are_not_quotes_but_dialogue_is(pipeline):
    menu = ("Read more on our site:\n\n- Kazakhstan and Russia sign deal\n- Prices rise in Almaty\n"
            "- Tokayev meets Putin\n- Weather\n\nMain news of the day.")
    assert quotes(pipeline, menu) == []
    dialogue = ("Блогер Диас Кузаиров зашел в магазин.\n\n— Вы нарушаете закон республики Казахстан, вы не можете "
                "меня обслужить на национальном языке?\n\n— Нет, не нарушаю, у нас многонациональная страна.")
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
            "channel that changing the spelling of names is a dangerous trend.")
    assert speaker_of(quotes(pipeline, text), "changing the spelling")[1] == "Tina Kandelaki"


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
            "участники круглого стола «Протесты в мире: требования, ход, итоги». Kassym-Jomart Tokayev has repeatedly "
            "criticized Russia’s war against Ukraine in the past.")
    found = quotes(pipeline, text)
    assert not [q for q in found if q[3].startswith(("31 каналу", "Протесты в мире", "Russia’s war"))]


def test_об_этом_заявил_names_the_speaker_not_the_content(pipeline):
    text = ("Фейки в соцсетях влияют на общественное мнение. Как передает агентство, об этом заявил заместитель "
            "председателя правления агентства Даулетхан Жиенкулов на медиафоруме в Баку.")
    found = quotes(pipeline, text)
    assert not [q for q in found if q[3].startswith("заместитель председателя")]


@pytest.mark.parametrize("text,start,speaker", [
    ("In 1995, Kazakhstanis voted to adopt a constitution that political observers believe laid the foundations "
     "for authoritarianism.", "laid the foundations", "anonymous"),
    ("Mykhailo Podolyak, while addressing the UN General Assembly on September 19, claimed that Russia intends to "
     "annex Kazakhstan.", "Russia intends", "Mykhailo Podolyak"),
])
def test_the_speaker_nearest_the_verb(pipeline, text, start, speaker):
    spk, name = speaker_of(quotes(pipeline, text), start)
    assert speaker in (spk, name)


def test_a_direct_quote_is_not_reported_twice(pipeline):
    text = ("Taxis are empty in Moscow.\n\n“This is the worst life in Russia has ever been,” Muboris, a Moscow-based "
            "cook from northern Tajikistan, told us over the Telegram messaging app.")
    found = quotes(pipeline, text)
    assert [(q[0], q[2]) for q in found] == [("direct", "Muboris")]


def test_the_descriptor_right_after_a_quote(pipeline):
    text = ("Vladimir Putin addressed the nation early on Thursday.\n\n“We have taken the decision to launch a special "
            "military operation” The Russian President informed, Thursday, on a television channel.")
    found = quotes(pipeline, text)
    assert [(q[0], q[2]) for q in found] == [("direct", "Vladimir Putin")]


def test_a_dialogue_line_that_quotes_a_word_is_still_dialogue(pipeline):
    text = ("Блогер Диас Кузаиров зашел в магазин.\n\n— У нас многонациональная страна.\n\n— Да хоть "
            "«тысяченациональная», у нас какой язык государственный в стране? Вы меня дискриминируете.")
    found = quotes(pipeline, text)
    assert [q[3][:10] for q in found] == ["У нас мног", "Да хоть «т"]


@pytest.mark.parametrize("text,start,speaker", [
    ("The Ukrainian attack in the Kherson Region was planned in advance, the drones deliberately hit civilians, "
     "the Russian Foreign Ministry said on Thursday.", "The Ukrainian attack", "Ministry of Foreign Affairs of Russia"),
    ("An agency spokesperson said the contract's description was modified in 2020, months after the virus emerged.",
     "the contract's description", "anonymous"),
    ("Kazakh officials met on Monday. Mukhtar Tleuberdi said on Tuesday the statements were like poison for good "
     "neighbourliness.", "the statements were", "Mukhtar Tleuberdi"),
    ("Russia itself is failing to deal with human trafficking within its own borders, according to a report by the "
     "U.S. State Department.", "Russia itself", "US Department of State"),
])
def test_attributions_after_the_content_or_a_time(pipeline, text, start, speaker):
    spk, name = speaker_of(quotes(pipeline, text), start)
    assert speaker in (spk, name)


def test_a_government_speaks_as_its_country_and_a_message_as_its_issuer(pipeline):
    text = ("Kazakhstan will not send Tokayev to St Petersburg. This month, the Kazakh government said President "
            "Kassym-Jomart Tokayev would not attend the forum.")
    assert speaker_of(quotes(pipeline, text), "President Kassym-Jomart")[1] == "Kazakhstan"
    text = ("Reuters reported on the court decision on Monday. The message states that the court suspended the "
            "pipeline's work for thirty days.")
    assert speaker_of(quotes(pipeline, text), "the court suspended")[1] == "Reuters"
