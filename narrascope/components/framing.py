"""The ``framing`` component: for each entity in each voice that mentions it, a main role, fine
roles, a score and evidence. Layer ``framing``: one span per (entity, voice) at the entity's first
mention in that voice, or, when mentions are given (SemEval-2025 subtask 1 input mode,
``meta["given_mentions"]``), one span per given mention, every one of them; ``label`` = main role;
attrs {"entity", "name", "voice", "fine_roles", "cues", "evidence" (sentence or paragraph spans),
"evidence_kind" ("cue", "context", "model" or "prior")}. A model's role is "model" only when its
calibrated probability beats the prior's (or names another role than the prior's): otherwise "prior".

The role prior (majority main role, per language, from the model's training data or else our
train-split annotations) is the fallback: a rule or model result replaces it only when its score
beats the prior's probability, so the framer is never worse than "always <majority>" by design.
A prior is marked ``evidence_kind = "prior"``: a default, not a finding.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..article import Article, Span
from ..framing.features import evidence, page_frame
from ..framing.model import FramingModel
from ..framing.prior import default_prior
from ..framing.rules import frame_entities, load_roles
from ..modeldir import load_model
from ..pipeline import Component, component
from ..settings import Settings

DEFAULT_MODEL = Path(__file__).resolve().parents[1] / "resources" / "models" / "framing"


def prior_fallback(rec: dict[str, Any], prior: dict[str, Any], fines: list[str] | None = None
                   ) -> tuple[str, list[str], float, str]:
    """(main, fine roles, score, evidence kind) of a rule record judged against the prior
    (``fines``: the prior's fine roles for this entity, default ``prior["fine"]``).

        >>> prior_fallback({"main": "Innocent", "fine_roles": ["Victim"], "score": 0.3, "evidence_kind": "cue"},
        ...                {"main": "Antagonist", "p": 0.51, "fine": ["Deceiver"]})
        ('Antagonist', ['Deceiver'], 0.51, 'prior')
    """
    if rec["evidence_kind"] == "prior" or (rec["main"] != prior["main"] and rec["score"] <= prior["p"]):
        return prior["main"], list(prior["fine"] if fines is None else fines), round(prior["p"], 3), "prior"
    return rec["main"], list(rec["fine_roles"]), rec["score"], rec["evidence_kind"]


def _voice_at(voices: list[tuple[int, int, str]], pos: int) -> str:
    return next((v for s, e, v in voices if s <= pos < e), "author")


def _given(article: Article) -> list[tuple[int, int]]:
    return [(int(s), int(e)) for s, e in article.meta.get("given_mentions") or []]


def _model_spans(article: Article, model: FramingModel, entity_spans: list[Span], voices, entities) -> list[Span]:
    """Roles from a trained model: per given mention (ST1), else per (entity, voice) from the
    contexts of all the entity's mentions in that voice. A model trained with evidence features also
    reads who the entity is, the page's frame and the cue rules' record (whose cues become its evidence)."""
    given = _given(article)
    by_place = {(s.start, s.end): s for s in entity_spans}
    groups: dict[tuple, list[tuple[int, int]]] = {}
    if given:
        for place in given:
            eid = by_place[place].attrs["entity"] if place in by_place else None
            groups[(eid, _voice_at(voices, place[0]), place)] = [place]
    else:
        for s in entity_spans:
            groups.setdefault((s.attrs["entity"], _voice_at(voices, s.start), None), []).append((s.start, s.end))
    rules = _rule_records(article, entity_spans, voices, entities) if model.evidence else {}
    frame = page_frame(article.text) if model.evidence else None
    spans = []
    for (eid, voice, _), places in groups.items():
        etype = by_place[places[0]].label if places[0] in by_place else None
        rec = rules.get((eid, voice))
        ev = evidence(article.text, places, voice, etype, entities.get(eid, {}).get("name"), rec, frame) \
            if model.evidence else None
        main, fines, score, kind = model.predict(model.vector(article.text, places, article.language, voice, etype, ev),
                                                 article.language, etype)
        cues = [c for c in (rec or {}).get("cues", []) if load_roles().main_of.get(c[2]) == main]
        spans.append(Span(places[0][0], places[0][1], main, round(score, 3), {
            "entity": eid, "name": entities.get(eid, {}).get("name"), "voice": voice, "fine_roles": fines,
            "cues": cues if kind != "prior" else [],
            "evidence": [list(e) for e in (rec or {}).get("evidence", [])] if cues and kind != "prior" else [],
            "evidence_kind": kind, "model": model.manifest.get("version")}))
    return spans


def _rule_records(article: Article, entity_spans: list[Span], voices, entities) -> dict[tuple, dict[str, Any]]:
    mentions = [(s.start, s.end, s.attrs["entity"]) for s in entity_spans]
    sentences = [(s.start, s.end) for s in article.layers["sentences"]]
    names = {eid: ent.get("name") or "" for eid, ent in entities.items()}
    paragraphs = [(p.start, p.end) for p in article.layers["paragraphs"]] if "paragraphs" in article.layers else None
    return {(r["entity"], r["voice"]): r for r in
            frame_entities(article.text, article.language, mentions, voices, sentences, names, paragraphs)}


def _rule_spans(article: Article, entity_spans: list[Span], voices, entities) -> list[Span]:
    mentions = [(s.start, s.end, s.attrs["entity"]) for s in entity_spans]
    learnt = default_prior()
    prior = learnt.get(article.language)
    type_at = {(s.start, s.end): s.label for s in entity_spans}
    roles = _rule_records(article, entity_spans, voices, entities)
    given = _given(article)
    eid_at = {(s, e): eid for s, e, eid in mentions}
    # One span per (entity, voice); with given mentions (ST1 input mode), one per given mention.
    places = [(s, e, eid_at.get((s, e))) for s, e in given] if given else \
        [(*rec["first"], eid) for (eid, _), rec in roles.items()]
    spans = []
    for start, end, eid in places:
        voice = _voice_at(voices, start)
        rec = roles.get((eid, voice)) or {"entity": eid, "voice": voice, "main": prior["main"], "fine_roles": [],
                                          "score": 0.0, "cues": [], "evidence": [], "evidence_kind": "prior"}
        main, fines, score, kind = prior_fallback(rec, prior, learnt.fines(article.language, prior["main"],
                                                                          type_at.get((start, end))))
        spans.append(Span(start, end, main, score, {
            "entity": eid, "name": entities.get(eid, {}).get("name"), "voice": voice, "fine_roles": fines,
            "cues": rec["cues"], "evidence": [list(e) for e in rec["evidence"]], "evidence_kind": kind}))
    return spans


@component("framing", requires=("text", "language", "layers.paragraphs", "layers.sentences", "layers.entities",
                                 "layers.voices", "meta.entities", "meta.given_mentions"),
           assigns=("layers.framing", "meta.framing_model"), version="0.4.0")
class Framer(Component):
    def __init__(self, settings: Settings | None = None):
        super().__init__(settings)
        # The given model, else the shipped default when there is one, else the rules; loaded once, here.
        self.model: FramingModel | None = load_model("framing", self.settings, FramingModel.from_dir,
                                                     default=DEFAULT_MODEL)

    def __call__(self, article: Article) -> Article:
        entities = article.meta.get("entities") or {}
        entity_spans = list(article.layers["entities"])
        voices = [(v.start, v.end, v.label) for v in article.layers["voices"]]
        if self.model is not None:
            spans = _model_spans(article, self.model, entity_spans, voices, entities)
            article.meta["framing_model"] = self.model.manifest.get("version")
        else:
            spans = _rule_spans(article, entity_spans, voices, entities)
        article.add_layer("framing", spans, self.name, self.version)
        return article
