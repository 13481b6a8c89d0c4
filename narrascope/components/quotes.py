"""The ``quotes`` component: direct and indirect quotes with speakers, and the ``voices`` layer.

``quotes`` spans: label "direct" or "indirect"; attrs {"speaker": entity id or "described" /
"anonymous" / "unknown", "speaker_name", "resolution", "cue": [start, end]}; with the trained speaker model
(``resources/models/quotes``, else the attribution rules alone) the score is the speaker's probability and
"rules_speaker" keeps the rules' verdict where the model overruled it. ``voices``
partitions the clean text: "author" spans and one span per quote, labelled with the voice
("E3", "anonymous", ...), so later components can label each voice separately.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..article import Article, Span
from ..modeldir import load_model
from ..pipeline import Component, component
from ..quotes.attribute import EntityRef, find_quotes
from ..quotes.speaker_model import SpeakerModel
from ..settings import Settings

DEFAULT_MODEL = Path(__file__).resolve().parents[1] / "resources" / "models" / "quotes"


@lru_cache(maxsize=1)
def _registry():
    try:
        from ..entities.registry import Registry
        return Registry.load()
    except Exception:  # the registry only adds countries for "the Russian leader"; quotes work without it
        return None


def _country(registry_id: str | None) -> str | None:
    reg = _registry() if registry_id else None
    ent = reg.get(registry_id) if reg else None
    return ent.country if ent else None


def entity_refs(article: Article) -> list[EntityRef]:
    """The article's entity mentions as the quote finder reads them (with their registry country)."""
    return [EntityRef(s.start, s.end, s.label, s.attrs["entity"], s.attrs["name"], _country(s.attrs.get("registry")))
            for s in article.layers["entities"]]


def speaker_model(settings: Settings) -> SpeakerModel | None:
    """The trained speaker model (``--model DIR`` for "quotes", else the shipped one), loaded once; None
    when there is none: the attribution rules decide alone then."""
    return load_model("quotes", settings, SpeakerModel.from_dir, default=DEFAULT_MODEL)


@component("quotes", requires=("text", "language", "layers.paragraphs", "layers.sentences", "layers.entities"),
           assigns=("layers.quotes", "layers.voices"), version="0.3.0")
class QuoteFinder(Component):
    def __init__(self, settings: Settings | None = None):
        super().__init__(settings)
        self.model = speaker_model(self.settings)  # checked and loaded here, once: a bad model stops the run now

    def __call__(self, article: Article) -> Article:
        quotes = find_quotes(article.text, [(p.start, p.end) for p in article.layers["paragraphs"]],
                             [(s.start, s.end) for s in article.layers["sentences"]], entity_refs(article),
                             self.model, article.language or "")
        spans = [Span(q.start, q.end, q.kind, q.score,
                      {"speaker": q.speaker, "speaker_name": q.speaker_name, "resolution": q.resolution,
                       "cue": list(q.cue) if q.cue else None, **q.attrs}) for q in quotes]
        article.add_layer("quotes", spans, self.name, self.version)
        article.add_layer("voices", voice_spans(len(article.text), spans), self.name, self.version)
        return article


def voice_spans(length: int, quotes: list[Span]) -> list[Span]:
    """Author spans between quotes, quote spans labelled with their speaker's voice."""
    out, pos = [], 0
    for q in sorted(quotes, key=lambda s: (s.start, -s.end)):
        if q.start < pos or q.attrs.get("nested_in"):
            continue  # a phrase nested in a longer quote shares that quote's voice
        if q.start > pos:
            out.append(Span(pos, q.start, "author"))
        out.append(Span(q.start, q.end, q.attrs["speaker"], None, {"speaker_name": q.attrs.get("speaker_name")}))
        pos = q.end
    if pos < length:
        out.append(Span(pos, length, "author"))
    return out
