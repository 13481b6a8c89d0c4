"""The ``framing`` component: for each entity in each voice that mentions it, a main role, fine
roles, a score and evidence. Layer ``framing``: one span per (entity, voice) at the entity's first
mention in that voice; ``label`` = main role; attrs {"entity", "name", "voice", "fine_roles", "cues",
"evidence" (sentence or paragraph spans), "evidence_kind" ("cue", "context" or "prior": a prior
is a default with a low score, not a finding)}."""
from __future__ import annotations

import numpy as np

from ..article import Article, Span
from ..framing.model import FramingModel, features
from ..modeldir import load_model
from ..settings import Settings
from ..framing.rules import frame_entities
from ..pipeline import Component, component


def _model_spans(article: Article, model: FramingModel, mentions, voices, entities) -> list[Span]:
    """Roles from a trained model: per mention when mentions are given (ST1), else per (entity, voice)
    from the mean features of the entity's mentions in that voice."""
    given = bool(article.meta.get("given_mentions"))
    groups: dict[tuple, list[tuple[int, int]]] = {}
    for ms, me, eid in mentions:
        key = (eid, _voice_at(voices, ms), (ms, me) if given else None)
        groups.setdefault(key, []).append((ms, me))
    spans = []
    for (eid, voice, _), places in groups.items():
        x = np.mean([features(article.text, s, e, article.language) for s, e in places], axis=0)
        main, fines, score = model.predict(x)
        spans.append(Span(places[0][0], places[0][1], main, round(score, 3), {
            "entity": eid, "name": entities.get(eid, {}).get("name"), "voice": voice, "fine_roles": fines,
            "cues": [], "evidence": [], "model": model.manifest.get("version")}))
    return spans


def _voice_at(voices: list[tuple[int, int, str]], pos: int) -> str | None:
    return next((v for s, e, v in voices if s <= pos < e), None)


@component("framing", requires=("text", "layers.paragraphs", "layers.sentences", "layers.entities", "layers.voices",
                                 "meta.entities", "meta.given_mentions"),
           assigns=("layers.framing", "meta.framing_model"), version="0.2.0")
class Framer(Component):
    def __init__(self, settings: Settings | None = None):
        super().__init__(settings)
        # A trained model only when one is given (else the rules); checked and loaded once, here.
        self.model: FramingModel | None = load_model("framing", self.settings, FramingModel.from_dir)

    def __call__(self, article: Article) -> Article:
        entities = article.meta.get("entities") or {}
        mentions = [(s.start, s.end, s.attrs["entity"]) for s in article.layers["entities"]]
        voices = [(v.start, v.end, v.label) for v in article.layers["voices"]]
        sentences = [(s.start, s.end) for s in article.layers["sentences"]]
        if self.model is not None:
            article.add_layer("framing", _model_spans(article, self.model, mentions, voices, entities),
                              self.name, self.version)
            article.meta["framing_model"] = self.model.manifest.get("version")
            return article
        spans = []
        names = {eid: ent.get("name") or "" for eid, ent in entities.items()}
        paragraphs = [(p.start, p.end) for p in article.layers["paragraphs"]] if "paragraphs" in article.layers else None
        roles = frame_entities(article.text, article.language, mentions, voices, sentences, names, paragraphs)
        given = bool(article.meta.get("given_mentions"))
        for rec in roles:
            # One span per (entity, voice); with given mentions (ST1 input mode), one per mention.
            places = [(ms, me) for ms, me, eid in mentions if eid == rec["entity"]
                      and _voice_at(voices, ms) == rec["voice"]] if given else [rec["first"]]
            for start, end in places:
                spans.append(Span(start, end, rec["main"], rec["score"], {
                    "entity": rec["entity"], "name": entities.get(rec["entity"], {}).get("name"), "voice": rec["voice"],
                    "fine_roles": rec["fine_roles"], "cues": rec["cues"], "evidence": [list(e) for e in rec["evidence"]],
                    "evidence_kind": rec["evidence_kind"]}))
        article.add_layer("framing", spans, self.name, self.version)
        return article
