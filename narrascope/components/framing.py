"""The ``framing`` component: for each entity in each voice, a main role, fine roles, a score
and evidence. Layer ``framing``: one span per (entity, voice) at the entity's first mention in
that voice; ``label`` = main role; attrs {"entity", "name", "voice", "fine_roles", "cues",
"evidence" (sentence spans)}."""
from __future__ import annotations

from ..article import Article, Span
from ..framing.rules import frame_entities
from ..pipeline import Component, component


def _voice_at(voices: list[tuple[int, int, str]], pos: int) -> str | None:
    return next((v for s, e, v in voices if s <= pos < e), None)


@component("framing", requires=("text", "layers.sentences", "layers.entities", "layers.voices"),
           assigns=("layers.framing",), version="0.1.0")
class Framer(Component):
    def __call__(self, article: Article) -> Article:
        entities = article.meta.get("entities") or {}
        mentions = [(s.start, s.end, s.attrs["entity"]) for s in article.layers["entities"]]
        voices = [(v.start, v.end, v.label) for v in article.layers["voices"]]
        sentences = [(s.start, s.end) for s in article.layers["sentences"]]
        spans = []
        roles = frame_entities(article.text, article.language, mentions, voices, sentences)
        given = bool(article.meta.get("given_mentions"))
        for rec in roles:
            # One span per (entity, voice); with given mentions (ST1 input mode), one per mention.
            places = [(ms, me) for ms, me, eid in mentions if eid == rec["entity"]
                      and _voice_at(voices, ms) == rec["voice"]] if given else [rec["first"]]
            for start, end in places:
                spans.append(Span(start, end, rec["main"], rec["score"], {
                    "entity": rec["entity"], "name": entities.get(rec["entity"], {}).get("name"), "voice": rec["voice"],
                    "fine_roles": rec["fine_roles"], "cues": rec["cues"], "evidence": [list(e) for e in rec["evidence"]]}))
        article.add_layer("framing", spans, self.name, self.version)
        return article
