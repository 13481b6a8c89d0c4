"""Quotes and speakers on the real seeds and on written Russian, with the voices partition."""
from pathlib import Path

import pytest

from narrascope.article import Article
from narrascope.ingest import read_inputs
from narrascope.pipeline import Pipeline
from narrascope.quotes.marks import find_quoted

FULL = ["clean", "langid", "sentences", "entities", "quotes"]


@pytest.fixture(scope="module")
def seeds(seeds_dir):
    return {Path(a.source).name[:3]: a for a in Pipeline(FULL).pipe(read_inputs([str(seeds_dir)]))}


def _quotes(a):
    return [(q.label, q.attrs["speaker"], q.attrs["speaker_name"], a.text[q.start:q.end]) for q in a.layers["quotes"]]


def _by_speaker(a, surname):
    return [q for q in _quotes(a) if q[2] and surname in q[2]]


def test_seed_000_speakers(seeds):
    a = seeds["000"]
    assert any(q[0] == "direct" and q[3].startswith("It sounds nice") for q in _by_speaker(a, "Mironov"))
    assert any("sit on two chairs" in q[3] for q in _by_speaker(a, "Dzharalla"))
    assert any(q[3].startswith("Moscow should start immediate relocation") for q in _by_speaker(a, "Shirin"))
    assert any(q[3].startswith("Astana will soon fall") for q in _by_speaker(a, "Shirin"))
    anonymous = [q for q in _quotes(a) if q[1] == "anonymous"]
    assert any(q[2] == "observers" for q in anonymous)
    # Nobody is invented: every named speaker is an entity of the article.
    names = {e["name"] for e in a.meta["entities"].values()}
    assert all(q[2] in names for q in _quotes(a) if q[1].startswith("E"))


def test_seed_002_speakers(seeds):
    a = seeds["002"]
    assert any(q[0] == "direct" and q[3].startswith("This is the right decision") for q in _by_speaker(a, "Shibutov"))
    assert any(q[0] == "direct" and q[3].startswith("To strengthen the transit") for q in _by_speaker(a, "Uskenbaev"))
    described = [q for q in _quotes(a) if q[1] == "described"]
    assert any(q[2] == "the city police" for q in described)
    assert any(q[1] == "anonymous" and q[3].startswith("the issue of choosing a nuclear") for q in _quotes(a))
    assert any("Ministry of Foreign Affairs" in (q[2] or "") for q in _quotes(a))


def test_voices_partition_the_text(seeds):
    for a in seeds.values():
        voices = a.layers["voices"].spans
        assert voices[0].start == 0 and voices[-1].end == len(a.text)
        assert all(x.end == y.start for x, y in zip(voices, voices[1:]))
        quoted = {(q.start, q.end) for q in a.layers["quotes"]}
        assert {(v.start, v.end) for v in voices if v.label != "author"} <= quoted
        nested = [q for q in a.layers["quotes"] if q.attrs.get("nested_in")]
        assert all(any(v.start <= q.start and q.end <= v.end and v.label == q.attrs["speaker"] for v in voices)
                   for q in nested)


RU = """Министр иностранных дел Казахстана Мурат Нуртлеу провёл переговоры в Москве.
«Мы рассчитываем на дальнейшее развитие партнёрства и открытый диалог по всем вопросам», — заявил Нуртлеу журналистам после встречи.
По словам политолога Ивана Петрова, визит показал, что Астана сохраняет многовекторный курс.
Как отмечают наблюдатели, переговоры прошли в спокойной атмосфере.
Он также считает, что Москва не будет давить на Казахстан в вопросе санкций."""


def test_russian_quotes_and_speakers():
    a = next(Pipeline(["plain", "langid", "sentences", "entities", "quotes"]).pipe([Article.from_text(RU, source="ru.txt")]))
    got = [(q[0], q[1] if not q[1].startswith("E") else q[2]) for q in _quotes(a)]
    assert [kind for kind, _ in got] == ["direct", "indirect", "indirect", "indirect"]
    # The minister's canonical name comes from the registry (English) or the text (Russian).
    assert got[0][1] in ("Murat Nurtleu", "Мурат Нуртлеу")
    assert got[1][1] == got[3][1] == "Иван Петров" and got[2][1] == "anonymous"


def test_quote_marks_in_every_style():
    text = "Он сказал: «Это „так“ и никак». She wrote “the plan is fine” and ‘we agree’. Kazakhstan’s view."
    got = [text[q.start:q.end] for q in find_quoted(text, [(0, len(text))])]
    assert got == ["Это „так“ и никак", "the plan is fine", "we agree"]


def test_multi_paragraph_quote():
    text = "“The first paragraph of a long statement goes on here.\n“And the second paragraph ends it,” he said."
    paras = [(0, text.index("\n")), (text.index("\n") + 1, len(text))]
    quotes = find_quoted(text, paras)
    assert len(quotes) == 1 and quotes[0].closed
    assert text[quotes[0].start:quotes[0].end].endswith("ends it,")
