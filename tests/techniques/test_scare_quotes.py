from narrascope.techniques.combine import find_techniques
from narrascope.techniques.lexicon import Lexicon
from narrascope.techniques.scare_quotes import scare_quote_spans
from narrascope.techniques.tokens import sentence_bounds


def test_short_lower_case_quotes_are_scare_quotes_titles_and_speech_are_not():
    text = ('The Kremlin calls its close "friend" a partner. Они ругают «многовекторность» соседа. '
            'Read it in "Lenta.ru". He said: "we will never give up this fight for our land."')
    marked = [text[s:e] for s, e in scare_quote_spans(text)]
    assert marked == ['"friend"', "«многовекторность»"]


def test_articles_get_scare_quote_loaded_language_posts_do_not():
    text = 'The Kremlin calls its close "friend" a partner again.'
    found = find_techniques(text, "en", sentence_bounds(text), [], Lexicon.load(), None, "article")
    assert [(text[f.start:f.end], f.source) for f in found if f.label == "Loaded_Language"] == [('"friend"', "scare_quotes")]
    post = find_techniques(text, "en", sentence_bounds(text), [], Lexicon.load(), None, "post")
    assert not any(f.source == "scare_quotes" for f in post)


def test_computed_repetition_is_off_unless_asked_for():
    text = "The rabid regime lies again. Its rabid supporters cheer. The rabid crowd shouts."
    lex, bounds = Lexicon.load(), sentence_bounds(text)
    assert not any(f.label == "Repetition" for f in find_techniques(text, "en", bounds, [], lex, None))
    assert any(f.label == "Repetition" for f in find_techniques(text, "en", bounds, [], lex, None, repetition=True))


def test_new_name_calling_cues_cover_common_labels():
    lex = Lexicon.load()
    found = {(m.label, m.cue) for m in lex.find("The dictator and his propagandists lied.", "en")}
    assert ("Name_Calling-Labeling", "dictator") in found and ("Name_Calling-Labeling", "propagandists") in found
    ru = {m.label for m in lex.find("Кремлёвские пропагандисты и диктатор снова лгут.", "ru")}
    assert "Name_Calling-Labeling" in ru
