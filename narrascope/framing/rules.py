"""A transparent rule-based framer: cue stems from ``resources/roles.yaml`` near an entity's
mentions, read per voice, with a simple agent/patient test ("persecution *of* supporters",
"supporters *were* persecuted" make the supporters the patient). It is the baseline that a
trained model (``narrascope train framing``) replaces; every role it gives carries the cue
words and sentences that produced it.
"""
from __future__ import annotations

import collections
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

WINDOW = 90  # characters either side of a mention
_PATIENT_BEFORE = re.compile(r"^\W*(?:[\w\-’']+\W+){0,3}?(?:of|against|on|over|towards|toward|над|против|в отношении|в адрес)\b", re.I)
_PASSIVE = re.compile(r"\b(?:was|were|is|are|been|being|got|get|был|была|были|было|стал\w*|подверг\w*)\b", re.I)


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
                    lex.patterns.setdefault(lang, {})[fine] = re.compile(rf"(?<![\w-])(?:{alt})", re.I)
    return lex


def _patient_context(text: str, m_start: int, m_end: int, c_start: int, c_end: int) -> bool:
    if c_end <= m_start:  # cue before the mention: "persecution of [supporters]"
        return bool(_PATIENT_BEFORE.match(text[c_end:m_start]))
    between = text[m_end:c_start]
    return len(between) <= 40 and bool(_PASSIVE.search(between))  # "[supporters] were persecuted"


def frame_entities(text: str, lang: str | None, mentions: list[tuple[int, int, str]],
                   voices: list[tuple[int, int, str]], sentences: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """Roles per (entity, voice). ``mentions``: (start, end, entity id); ``voices``: (start, end, voice).

    Each cue in a sentence goes to the nearest mention of the same voice within ``WINDOW``
    characters, and counts for a patient-side role (Victim...) only in a patient context.
    """
    lex = load_roles()
    patterns = lex.patterns.get(lang or "", lex.patterns["en"])
    voice_of = lambda pos: next((v for vs, ve, v in voices if vs <= pos < ve), None)  # noqa: E731
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for ms, me, eid in mentions:
        if (v := voice_of(ms)) is not None:
            found.setdefault((eid, v), {"entity": eid, "voice": v, "counts": collections.Counter(),
                                        "cues": [], "evidence": set(), "first": (ms, me)})
    for s, e in sentences:
        here = [(ms, me, eid) for ms, me, eid in mentions if s <= ms < e]
        if not here:
            continue
        sentence = text[s:e]
        for fine, pattern in patterns.items():
            for m in pattern.finditer(sentence):
                cs, ce = s + m.start(), s + m.end()
                voice = voice_of(cs)
                cands = [x for x in here if voice_of(x[0]) == voice and not (cs < x[1] and x[0] < ce)]
                if not cands:
                    continue
                ms, me, eid = min(cands, key=lambda x: min(abs(cs - x[1]), abs(x[0] - ce)))
                if min(abs(cs - me), abs(ms - ce)) > WINDOW:
                    continue
                if (lex.side[fine] == "patient") != _patient_context(text, ms, me, cs, ce):
                    continue
                rec = found[(eid, voice)]
                rec["counts"][fine] += 1
                rec["cues"].append([cs, ce, fine])
                rec["evidence"].add((s, e))
    out = []
    for rec in found.values():
        if not rec["counts"]:
            continue
        by_main = collections.Counter()
        for fine, n in rec["counts"].items():
            by_main[lex.main_of[fine]] += n
        main, total = by_main.most_common(1)[0]
        fines = {f: n for f, n in rec["counts"].items() if lex.main_of[f] == main}
        top = max(fines.values())
        rec.update(main=main, fine_roles=sorted((f for f, n in fines.items() if n * 2 >= top), key=lambda f: -fines[f]),
                   score=round(total / (total + 1) * (total / sum(by_main.values())), 3),
                   evidence=sorted(rec["evidence"]))
        out.append(rec)
    return out
