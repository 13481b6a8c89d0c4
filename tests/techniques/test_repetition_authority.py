from narrascope.article import Span
from narrascope.techniques.authority import authority_spans
from narrascope.techniques.lexicon import Lexicon
from narrascope.techniques.repetition import repetition_spans
from narrascope.techniques.tokens import sentence_bounds


def test_repeated_loaded_words_and_phrases_are_marked_after_the_first():
    text = ("The rabid regime lies again. Its rabid supporters cheer. "
            "The criminal gang in Kyiv stole the aid. Everyone knows the criminal gang in Kyiv. "
            "Again the criminal gang in Kyiv is to blame.")
    cues = Lexicon.load().find(text, "en")
    spans = repetition_spans(text, sentence_bounds(text), cues)
    marked = [text[s:e] for s, e, _, _ in spans]
    assert marked.count("rabid") == 1 and text.index("rabid") not in [s for s, *_ in spans]
    assert sum("criminal gang" in m for m in marked) == 2  # the 2nd and 3rd occurrence
    assert text.index("criminal gang") not in [s for s, *_ in spans]


def test_a_repeated_title_or_function_phrase_is_not_repetition():
    text = "At the same time the talks went on.\nAt the same time the talks went on.\nAt the same time, prices rose."
    assert repetition_spans(text, sentence_bounds(text), []) == []


def test_anonymous_experts_and_described_experts_give_authority_spans():
    text = ("Experts remind us that the region will burn. The minister said the budget is fine. "
            "As political expert Ivan Petrov said, the country is lost.")
    q1 = Span(text.index("the region"), text.index(" will burn") + 10, "indirect", 0.8,
              {"speaker": "anonymous", "speaker_name": "experts", "cue": [8, 14]})
    q2 = Span(text.index("the budget"), text.index("fine") + 4, "indirect", 0.8,
              {"speaker": "E1", "speaker_name": "minister", "cue": [text.index("said"), text.index("said") + 4]})
    cue3 = text.index("said,")
    q3 = Span(text.index("the country"), len(text) - 1, "indirect", 0.8,
              {"speaker": "E2", "speaker_name": "Ivan Petrov", "cue": [cue3, cue3 + 4]})
    spans = authority_spans(text, [q1, q2, q3])
    assert len(spans) == 2
    (s1, e1, *_), (s3, e3, *_) = spans
    assert text[s1:e1].startswith("remind us that the region")
    assert "political expert" not in text[s3:e3] and text[s3:e3].startswith("said, the country")
