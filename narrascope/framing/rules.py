"""A transparent rule-based framer: for every entity in every voice that mentions it, a main role
from evidence, with the cue words and sentences that produced it.

Evidence, strongest first:

1. Role cues from ``resources/roles.yaml`` in a sentence that mentions the entity, given to the
   mention they describe: the nearest one on the right side (a patient-side role such as Victim
   only in a patient context: "persecution *of* supporters", "supporters *were* persecuted").
   A cue that names its own target ("Russophobia", "anti-Russian", "против России") makes that
   target the victim, and only another entity the bigot or adversary.
2. The voice's polarity toward the entity: role cues in the sentences around its mentions
   (the paragraph), at a lower weight, when no cue in its own sentences settles the role.
3. A prior (the most common main role in annotated news) when the voice gives no evidence at
   all: marked ``evidence_kind = "prior"`` with a low score, never presented as a finding.
"""
from __future__ import annotations

import collections
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

WINDOW = 90          # characters either side of a mention for a sentence cue
PRIOR_MAIN, PRIOR_FINE, PRIOR_SCORE = "Antagonist", "Foreign Adversary", 0.2
_PATIENT_BEFORE = re.compile(r"^\W*(?:[\w\-’']+\W+){0,3}?(?:of|against|on|over|towards|toward|at|"
                             r"над|против|в отношении|в адрес|по)\b", re.I)
_AGAINST = re.compile(r"^\W*(?:[\w\-’']+\W+){0,2}?(?:against|on|upon|против|на|над|в отношении)\s+(?:[\w\-’']+\s+){0,2}?$", re.I)
_PASSIVE = re.compile(r"\b(?:was|were|is|are|been|being|got|get|был|была|были|было|стал\w*|подверг\w*)\b", re.I)
# Cue words that carry their own target: "Russophobia" is hatred OF Russia(ns), "anti-Kazakh" is against Kazakhs.
_TARGETED = re.compile(r"(?:anti-?|against |против |анти-?)(?P<t>[a-zа-яё]{4})|(?P<u>[a-zа-яё]{4})[a-zа-яё]*-?(?:phob|фоб)",
                       re.I)
_STEMS = {"russ": ("russia", "russian", "росси", "русск", "russians", "kremlin", "moscow", "кремл", "москв"),
          "росс": ("russia", "росси", "русск", "кремл", "москв"), "рус": ("russia", "росси", "русск"),
          "kaza": ("kazakh", "казах", "astana", "астан"), "каза": ("kazakh", "казах", "астан"),
          "ukra": ("ukrain", "украин", "kyiv", "киев"), "укра": ("ukrain", "украин", "киев"),
          "amer": ("america", "united states", "usa", "сша", "америк"), "амер": ("america", "сша", "америк"),
          "west": ("west", "nato", "eu", "запад"), "запа": ("west", "запад", "нато")}


@dataclass
class RoleLexicon:
    main_of: dict[str, str]                          # fine role -> main role
    side: dict[str, str]                             # fine role -> agent | patient
    definitions: dict[str, str]
    patterns: dict[str, dict[str, re.Pattern]] = field(default_factory=dict)  # lang -> fine -> regex


@lru_cache(maxsize=1)
def load_roles() -> RoleLexicon:
    data = yaml.safe_load(resources.files("narrascope.resources").joinpath("roles.yaml").read_text(encoding="utf-8"))
    lex = RoleLexicon({}, {}, {})
    for main, roles in data.items():
        for fine, spec in roles.items():
            lex.main_of[fine], lex.side[fine], lex.definitions[fine] = main, spec["side"], spec["definition"]
            for lang in ("en", "ru"):
                stems = sorted(spec.get(lang) or [], key=len, reverse=True)
                if stems:
                    alt = "|".join(re.escape(s) for s in stems)
                    lex.patterns.setdefault(lang, {})[fine] = re.compile(rf"(?<![\w-])(?:{alt})[\w\-]*", re.I)
    return lex


def _patient_context(text: str, m_start: int, m_end: int, c_start: int, c_end: int) -> bool:
    if c_end <= m_start:  # cue before the mention: "persecution of [supporters]"
        return bool(_PATIENT_BEFORE.match(text[c_end:m_start]))
    between = text[m_end:c_start]
    return len(between) <= 40 and bool(_PASSIVE.search(between))  # "[supporters] were persecuted"


def _names_target(cue: str, surface: str, name: str) -> bool:
    """Whether a cue word names this entity as its target ("Russophobic" -> Russia)."""
    m = _TARGETED.search(cue)
    if not m:
        return False
    stem = (m.group("t") or m.group("u")).lower()
    keys = _STEMS.get(stem, (stem,))
    hay = f"{surface} {name}".lower()
    return any(k in hay for k in keys)


def frame_entities(text: str, lang: str | None, mentions: list[tuple[int, int, str]],
                   voices: list[tuple[int, int, str]], sentences: list[tuple[int, int]],
                   names: dict[str, str] | None = None, paragraphs: list[tuple[int, int]] | None = None,
                   ) -> list[dict[str, Any]]:
    """Roles per (entity, voice), one record for every entity a voice mentions.

    ``mentions``: (start, end, entity id); ``voices``: (start, end, voice); ``names``: entity id ->
    canonical name (for cues that name their target). Records: entity, voice, main, fine_roles,
    score, cues [[start, end, fine]], evidence (sentence spans), evidence_kind (cue | context | prior).
    """
    lex = load_roles()
    names = names or {}
    patterns = lex.patterns.get(lang or "", lex.patterns["en"])
    voice_of = lambda pos: next((v for vs, ve, v in voices if vs <= pos < ve), None)  # noqa: E731
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for ms, me, eid in mentions:
        if (v := voice_of(ms)) is not None:
            found.setdefault((eid, v), {"entity": eid, "voice": v, "near": collections.Counter(),
                                        "context": collections.Counter(), "cues": [], "evidence": set(),
                                        "first": (ms, me)})
    for s, e in sentences:
        here = [(ms, me, eid) for ms, me, eid in mentions if s <= ms < e]
        if not here:
            continue
        for fine, pattern in patterns.items():
            for m in pattern.finditer(text, s, e):
                cs, ce = m.start(), m.end()
                voice = voice_of(cs)
                cands = [x for x in here if voice_of(x[0]) == voice and not (cs < x[1] and x[0] < ce)]
                if not cands:
                    continue
                targeted = [x for x in cands if _names_target(m.group(0), text[x[0]:x[1]], names.get(x[2], ""))]
                # The named target suffers ("Russophobia" makes Russia the victim, not the bigot).
                for ms, me, eid in {x[2]: x for x in targeted}.values():
                    _add(found[(eid, voice)], "near", "Victim", 1.0, (cs, ce), (s, e))
                others = [x for x in cands if x[2] not in {t[2] for t in targeted}]
                if lex.side[fine] == "agent" and targeted and lex.main_of[fine] == "Protagonist":
                    continue
                if lex.main_of[fine] == "Antagonist":  # "aggression against [Ukraine]": the object suffers it
                    for ms, me, eid in others:
                        if ms >= ce and _AGAINST.match(text[ce:ms]):
                            _add(found[(eid, voice)], "near", "Victim", 0.7, (cs, ce), (s, e))
                ok = [x for x in others if (lex.side[fine] == "patient") == _patient_context(text, x[0], x[1], cs, ce)]
                if not ok:
                    continue
                ms, me, eid = min(ok, key=lambda x: min(abs(cs - x[1]), abs(x[0] - ce)))
                dist = min(abs(cs - me), abs(ms - ce))
                if dist > WINDOW:
                    continue
                _add(found[(eid, voice)], "near", fine, 1.0 / (1.0 + dist / 60.0), (cs, ce), (s, e))
    if paragraphs:
        _paragraph_context(text, patterns, lex, mentions, voice_of, paragraphs, found)
    return [_decide(rec, lex) for rec in found.values()]


def _add(rec: dict[str, Any], where: str, fine: str, weight: float, cue: tuple[int, int], sent: tuple[int, int]) -> None:
    rec[where][fine] += weight
    rec["cues"].append([cue[0], cue[1], fine])
    rec["evidence"].add(sent)


def _paragraph_context(text, patterns, lex, mentions, voice_of, paragraphs, found) -> None:
    """The voice's stance around the entity: cues in the sentences of the same paragraph and
    voice that mention no other entity count, weakly, for the entity the paragraph mentions most
    in that voice ("He spread lies about ..." after a sentence naming him)."""
    for ps, pe in paragraphs:
        here = [(ms, me, eid) for ms, me, eid in mentions if ps <= ms < pe]
        for voice in {voice_of(x[0]) for x in here} - {None}:
            counts = collections.Counter(eid for ms, me, eid in here if voice_of(ms) == voice)
            (top, n), *rest = counts.most_common()
            if rest and rest[0][1] == n:
                continue  # no single topic
            for fine, pattern in patterns.items():
                for m in pattern.finditer(text, ps, pe):
                    if voice_of(m.start()) != voice:
                        continue
                    if any(abs(x[0] - m.start()) <= WINDOW for x in here):
                        continue  # a cue next to a mention was judged in its sentence, with its target
                    found[(top, voice)]["context"][fine] += 0.3
                    found[(top, voice)]["evidence"].add((ps, pe))


def _decide(rec: dict[str, Any], lex: RoleLexicon) -> dict[str, Any]:
    counts = rec["near"] if rec["near"] else rec["context"]
    kind = "cue" if rec["near"] else "context" if rec["context"] else "prior"
    out = {k: rec[k] for k in ("entity", "voice", "cues", "first")}
    out["evidence"] = sorted(rec["evidence"])
    if kind == "prior":
        out.update(main=PRIOR_MAIN, fine_roles=[PRIOR_FINE], score=PRIOR_SCORE, evidence_kind="prior")
        return out
    by_main: collections.Counter = collections.Counter()
    for fine, w in counts.items():
        by_main[lex.main_of[fine]] += w
    main, weight = by_main.most_common(1)[0]
    total = sum(by_main.values())
    fines = {f: w for f, w in counts.items() if lex.main_of[f] == main}
    top = max(fines.values())
    # Confidence grows with the amount of evidence and its agreement; context alone stays low.
    score = (1 - math.exp(-weight)) * (weight / total) * (1.0 if kind == "cue" else 0.6)
    out.update(main=main, fine_roles=sorted((f for f, w in fines.items() if w * 2 >= top), key=lambda f: -fines[f]),
               score=round(max(score, PRIOR_SCORE + 0.01), 3), evidence_kind=kind)
    return out
