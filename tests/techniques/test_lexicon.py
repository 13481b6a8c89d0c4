from narrascope.techniques.lexicon import Lexicon
from narrascope.tasks.semeval2023 import TECHNIQUES


def found(text, lang):
    return {(m.label, text[m.start:m.end]) for m in Lexicon.load().find(text, lang)}


def test_the_yaml_defines_all_23_techniques_with_a_category_and_definition():
    lex = Lexicon.load()
    assert set(lex.techniques) == set(TECHNIQUES)
    for tech in lex.techniques.values():
        assert tech.category and len(tech.definition) > 40
    assert lex.category("Whataboutism") == "Distraction"
    assert lex.techniques["Loaded_Language"].cues["uk"]


def test_english_cues_exact_words_and_star_prefixes():
    text = "Pro-Western media launched another round of hysteria against the Kyiv junta. What about Iraq?"
    hits = found(text, "en")
    assert ("Loaded_Language", "hysteria") in hits
    assert ("Name_Calling-Labeling", "Kyiv junta") in hits
    assert ("Whataboutism", "What about") in hits
    # "war" is no cue, and a Latin cue does not match inside a longer word
    assert not any(label == "Name_Calling-Labeling" and span == "junta" for label, span in hits)


def test_russian_cues_are_stems_and_commas_inside_phrases_work():
    text = "Киевская хунта устроила истерию. Очевидно, что они либо врут, либо глупы. А как же Ирак?"
    hits = found(text, "ru")
    assert ("Name_Calling-Labeling", "хунта") in hits
    assert ("Loaded_Language", "истерию") in hits
    assert ("Conversation_Killer", "Очевидно, что") in hits
    assert ("False_Dilemma-No_Choice", "либо врут, либо") in hits
    assert ("Whataboutism", "А как же") in hits


def test_stems_do_not_fire_on_neutral_lookalikes():
    hits = found("Оркестр сыграл в средствах массовой информации, война закончилась.", "ru")
    assert not any(label in ("Name_Calling-Labeling", "Loaded_Language") for label, _ in hits)


def test_ukrainian_cues():
    hits = found("Рашисти знову обстріляли місто. Слава Україні!", "uk")
    assert ("Name_Calling-Labeling", "Рашисти") in hits
    assert ("Slogans", "Слава Україні") in hits
