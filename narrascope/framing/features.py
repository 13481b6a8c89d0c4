"""Evidence features of one entity in one voice, beyond the words around its mentions: who the
entity is (its registry identity and the camp it belongs to), what the page is (a debunk of
propaganda, a piece that speaks its language, or neither), the cue rules' verdict (as features,
not as an override) and the predicates that govern its mentions (the entity accuses or suffers).

Every feature is a short string; :mod:`.model` hashes them beside the context words.

    >>> entity_features("ru", "LOC", "author", "debunk")[:3]
    ['id:ru', 'camp:RU', 'camp:RU|v:author']
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Callable

# Whose side an entity is on, from the registry's country; names the registry lacks by their words.
_CAMPS = {"RU": "RU", "BY": "RU", "KZ": "KZ", "UA": "UA", "US": "WEST", "GB": "WEST", "DE": "WEST", "FR": "WEST",
          "PL": "WEST", "EU": "WEST"}
_CAMP_WORDS = (("WEST", re.compile(r"\b(?:west|western|nato|european union|eu|europe|washington|pentagon|"
                                   r"запад\w*|захід\w*|заход\w*|батыс\w*|нато|евросоюз\w*|европ\w*|вашингтон\w*|пентагон\w*)\b", re.I)),
               ("RU", re.compile(r"\b(?:russia\w*|kremlin|moscow|росси\w*|кремл\w*|москв\w*)\b", re.I)),
               ("KZ", re.compile(r"\b(?:kazakh\w*|astana|казах\w*|астан\w*|қазақ\w*)\b", re.I)),
               ("UA", re.compile(r"\b(?:ukrain\w*|kyiv|kiev|украин\w*|киев\w*|україн\w*)\b", re.I)))
# Words of a page that analyses or refutes propaganda, and words of a page that speaks its language.
_DEBUNK = re.compile(r"\b(?:propagand\w*|disinform\w*|misinform\w*|fake\w*|debunk\w*|fact-?check\w*|manipulat\w*|"
                     r"narrative\w*|пропаганд\w*|дезинформ\w*|фейк\w*|манипул\w*|нарратив\w*|"
                     r"пропагуванд\w*|дезінформ\w*)", re.I)
_LOADED = re.compile(r"\b(?:russophob\w*|anglo-saxon\w*|neo-?nazi\w*|nationalis\w*|colou?r revolution\w*|"
                     r"русофоб\w*|англосакс\w*|неонацист\w*|националист\w*|цветн\w* революц\w*|"
                     r"бандеров\w*|нацист\w*)", re.I)
DEBUNK_MIN = 3       # mentions of propaganda/fakes a page needs before it counts as a debunk or analysis
# Predicates next to a mention: the entity does harm (agent) or suffers it (patient), or does good.
_PREDICATES = {
    "harm": re.compile(r"^(?:accus|attack|threat|invad|occup|kill|shell|bomb|blam|pressur|interfer|provok|lie|lied|"
                       r"spread|claim|impos|seiz|forc|demand|destroy|annex|обвин|напа|угрож|вторг|оккуп|убил|"
                       r"обстрел|бомб|давит|давил|вмеш|провоц|лж|лгал|распростран|навяз|захват|требу|уничтож|аннекс)",
                       re.I),
    "suffer": re.compile(r"^(?:suffer|victim|hit|kill|wound|persecut|harass|threaten|attack|target|pressur|"
                         r"пострада|жертв|убит|ранен|преследу|притесн|угрожа|атаков|давлен)", re.I),
    "good": re.compile(r"^(?:help|support|aid|defend|protect|rescue|save|saved|cooperat|partner|friend|"
                       r"помог|помощ|поддерж|защит|спас|сотруднич|партн|друж)", re.I),
}
_WORD = re.compile(r"\w+", re.UNICODE)
_PASSIVE = re.compile(r"^(?:was|were|is|are|been|being|got|был|была|были|было)$", re.I)


def camp_of(country: str | None, name: str) -> str:
    """The camp of an entity: RU, KZ, UA, WEST or OTHER ("Запад" and "the West" are WEST)."""
    if country and country in _CAMPS:
        return _CAMPS[country]
    if country:
        return "OTHER"
    return next((camp for camp, words in _CAMP_WORDS if words.search(name or "")), "OTHER")


def page_frame(text: str) -> str:
    """"debunk" when the page talks about propaganda and fakes more than it uses the propaganda's
    loaded words, "loaded" when the reverse, else "plain"."""
    debunk, loaded = len(_DEBUNK.findall(text)), len(_LOADED.findall(text))
    if debunk >= DEBUNK_MIN and debunk > loaded:
        return "debunk"
    return "loaded" if loaded >= 2 else "plain"


def entity_features(key: str | None, camp: str, voice: str | None, frame: str, etype: str | None = None) -> list[str]:
    """Who the entity is, crossed with the voice and the page's frame."""
    kind = "author" if voice in (None, "author") else "quoted"
    out = [f"id:{key}"] if key else []
    out += [f"camp:{camp}", f"camp:{camp}|v:{kind}", f"camp:{camp}|f:{frame}", f"camp:{camp}|v:{kind}|f:{frame}",
            f"frame:{frame}|v:{kind}", f"type:{etype or '?'}|v:{kind}"]
    if key:
        out.append(f"id:{key}|v:{kind}")
    return out


def rule_features(rec: dict[str, Any] | None) -> list[str]:
    """The cue rules' verdict on the entity in this voice as features (main, kind, fine roles, strength)."""
    if not rec or rec.get("evidence_kind") == "prior":
        return ["rule:none"]
    kind, main = rec["evidence_kind"], rec["main"]
    strength = "strong" if rec.get("score", 0.0) >= 0.5 else "weak"
    return [f"rule:{main}", f"rule:{main}|{kind}", f"rule:{main}|{strength}",
            *(f"rule:fine:{f}" for f in rec.get("fine_roles", []))]


def predicate_features(text: str, places: list[tuple[int, int]], words: int = 3) -> list[str]:
    """"pred:<harm|suffer|good>:<agent|patient>" for predicates a few words from the mentions: a
    harm verb right after the entity makes it the agent ("Russia attacked"), one before it or after
    a passive auxiliary the patient ("attacked Ukraine", "Ukraine was attacked")."""
    out = set()
    for start, end in places:
        right = _WORD.findall(text[end:end + 60])[:words]
        left = _WORD.findall(text[max(0, start - 60):start])[-words:]
        passive = bool(right) and bool(_PASSIVE.match(right[0]))
        for kind, pattern in _PREDICATES.items():
            if any(pattern.match(w) for w in right):
                out.add(f"pred:{kind}:{'patient' if passive else 'agent'}")
            if any(pattern.match(w) for w in left):
                out.add(f"pred:{kind}:patient")
    return sorted(out)


# The registry lives on the floor above: narrascope/__init__.py hands in a loader of the lookup.
_IDENTITY_LOADERS: list[Callable[[], Callable[[str, str | None], tuple[str, str | None] | None]]] = []


def resolve_identities_with(loader: Callable[[], Callable[[str, str | None], tuple[str, str | None] | None]]) -> None:
    """Register ``loader() -> lookup(name, type) -> (registry id, country) or None``, loaded on first use."""
    _IDENTITY_LOADERS.append(loader)
    _lookup.cache_clear()
    identity.cache_clear()


@lru_cache(maxsize=1)
def _lookup() -> Callable[[str, str | None], tuple[str, str | None] | None] | None:
    return _IDENTITY_LOADERS[-1]() if _IDENTITY_LOADERS else None


def name_key(name: str) -> str:
    """A spelling-independent key of a name without a registry entry ("The West" -> "west")."""
    words = [w for w in _WORD.findall(name.casefold()) if w not in ("the",)]
    return "_".join(words)


@lru_cache(maxsize=4096)
def identity(name: str, etype: str | None = None) -> tuple[str | None, str]:
    """(registry id, or else a key of the name; camp) of an entity's canonical name.

        >>> identity("the West")[1]
        'WEST'
    """
    lookup = _lookup()
    found = lookup(name, etype) if lookup and name else None
    if found:
        return found[0], camp_of(found[1], name)
    return (name_key(name) or None), camp_of(None, name)


def evidence(text: str, places: list[tuple[int, int]], voice: str | None, etype: str | None, name: str | None,
             rule: dict[str, Any] | None, frame: str | None = None) -> list[str]:
    """Every evidence feature of one entity (canonical ``name``) in one voice: identity, the page's
    frame, the cue rules' record for it (``rule``, from :func:`.rules.frame_entities`) and predicates."""
    key, camp = identity(name or "", etype)
    return [*entity_features(key, camp, voice, frame or page_frame(text), etype), *rule_features(rule),
            *predicate_features(text, places)]


def page_rules(text: str, lang: str | None, groups: list[tuple[str, list[tuple[int, int]]]],
               voices: list[tuple[int, int, str]]) -> dict[tuple[str, str], dict[str, Any]]:
    """The cue rules' records of a page outside a pipeline (training, evaluation): ``groups`` are
    (entity id, mentions); sentences from the pipeline's splitter, paragraphs from line breaks."""
    from ..text.sentences import split_sentences
    from .rules import frame_entities

    paragraphs, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            paragraphs.append((pos, pos + len(line)))
        pos += len(line) + 1
    mentions = sorted((s, e, eid) for eid, places in groups for s, e in places)
    return {(r["entity"], r["voice"]): r for r in
            frame_entities(text, lang, mentions, voices, split_sentences(text), None, paragraphs)}
