"""Who speaks: the speaker of an attribution phrase, and the antecedent of a pronoun or descriptor.

A speaker is, in order of preference: a named entity that is the subject of the attribution
phrase (not one inside a prepositional phrase: "sitting next to [Putin]"); an entity named
earlier that a pronoun or descriptor refers back to ("he", "the analyst", "отметила дипломат"),
found sentence by sentence back through the paragraph and the one before it; an unnamed group
or description ("experts", "the city police": *anonymous*); or *unknown*. Each answer says how
it was reached and carries a score that reflects that.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .cues import ANONYMOUS, DESCRIPTOR, ORG_DESCRIPTOR


@dataclass
class EntityRef:
    start: int
    end: int
    type: str
    entity: str   # the article-local entity id
    name: str     # canonical name
    country: str | None = None  # ISO code from the entity registry, when known


@dataclass
class Context:
    """The article as the speaker finder reads it: text, paragraphs, sentences, entity mentions
    (sorted) and the quoted ranges whose mentions belong to a quoted speaker, not the narrative."""

    text: str
    paragraphs: list[tuple[int, int]]
    sentences: list[tuple[int, int]]
    entities: list[EntityRef]
    quoted: list[tuple[int, int]]

    def paragraph_index(self, pos: int) -> int | None:
        return next((i for i, (s, e) in enumerate(self.paragraphs) if s <= pos < e), None)

    def sentence_of(self, pos: int) -> tuple[int, int] | None:
        return next(((s, e) for s, e in self.sentences if s <= pos < e), None)

    def in_quote(self, start: int, end: int) -> bool:
        return any(qs <= start and end <= qe for qs, qe in self.quoted)


Speaker = tuple[str, "str | None", str, float]  # (speaker, name, resolution, score)
UNKNOWN: Speaker = ("unknown", None, "no speaker in the text", 0.3)

_FEMALE = re.compile(r"(?:ova|eva|yova|iyeva|ina|aya|skaya|ová|ова|ева|ина|ая|ская|qyzy|кызы|қызы)$", re.I)
_MALE = re.compile(r"(?:ov|ev|yev|in|sky|skiy|ский|ов|ев|ин|uly|ұлы|uulu|уулу)$", re.I)
_PREP = re.compile(r"(?:in|at|to|with|from|for|on|by|of|about|against|into|towards?|between|among|like|than|under|"
                   r"over|after|before|during|via|near|behind|beside|across|through|"
                   r"в|во|на|с|со|к|ко|у|о|об|от|для|при|по|за|из|до|про|через|между|перед|после|против|над|под)",
                   re.I)
_PRONOUN = re.compile(r"\b(he|she|his|her|он|она|его|её|ее|him|ей|ему|него|нее|неё)\b", re.I)
_GENDER = {"he": "m", "his": "m", "him": "m", "он": "m", "его": "m", "ему": "m", "него": "m",
           "she": "f", "her": "f", "она": "f", "её": "f", "ее": "f", "ей": "f", "нее": "f", "неё": "f"}
# Feminine past-tense speech verbs name the speaker's gender in Russian ("отметила дипломат").
_RU_FEM_VERB = re.compile(r"(?:ла|лась)$")


# Interviewers and hosts: one of them refers back only to a person the text calls so.
_ASKER = re.compile(r"journalist|reporter|interviewer|host|presenter|correspondent|журналист|корреспондент|ведущ|интервьюер",
                    re.I)


def grammatical_gender(name: str) -> str | None:
    """'f' or 'm' from a Slavic or Kazakh surname ending, else None (never guessed otherwise)."""
    last = name.split()[-1] if name.split() else ""
    return "f" if _FEMALE.search(last) else "m" if _MALE.search(last) else None


_BOUNDARY = re.compile(r"[,;:()—–]|\s[-–—]\s")
_CHUNK_START = re.compile(rf"^\W*(?:{_PREP.pattern}|(?:while |when |after |before )?[a-z]+ing|[а-яё]+(?:[ая]я|уя|ив|ав|ев|ув|вшись))\b", re.I)
# A nationality before a descriptor narrows whom it can mean ("the Russian leader").
_NATIONALITY = {"RU": r"russian|российск|русск", "KZ": r"kazakh|казахстанск|казахск", "UA": r"ukrainian|украинск",
                "US": r"american|u\.?s\.?|американск", "CN": r"chinese|китайск", "BY": r"belarus\w*|белорусск",
                "UZ": r"uzbek|узбекск", "KG": r"kyrgyz|киргизск|кыргызск", "GB": r"british|британск"}


_GOVERNMENT = re.compile(r"\b(?P<nat>[A-Za-zА-Яа-яЁё]+)\s+(?:government|authorities|власти|правительство)\b")
# The country entity itself, not a city of it: the registry's canonical names.
_COUNTRY_NAMES = {"RU": ("russia",), "KZ": ("kazakhstan",), "UA": ("ukraine",), "US": ("united states",),
                  "CN": ("china",), "BY": ("belarus",), "UZ": ("uzbekistan",), "KG": ("kyrgyzstan",),
                  "GB": ("united kingdom",)}


@lru_cache(maxsize=1)
def _morph():
    try:
        import pymorphy3
        return pymorphy3.MorphAnalyzer()
    except Exception:  # optional: without it, Russian case is not checked
        return None


def _can_be_nominative(surface: str) -> bool:
    """A Russian name in a case other than the nominative ("Казахстана", "Путину") is not a subject."""
    last = surface.split()[-1] if surface.split() else ""
    morph = _morph()
    if morph is None or not re.search(r"[а-яё]", last, re.I):
        return True
    return any("nomn" in p.tag or "Fixd" in p.tag for p in morph.parse(last))


def _word_before(text: str, pos: int) -> str:
    m = re.search(r"([\w\-]+)\W*$", text[max(0, pos - 40):pos])
    return m.group(1) if m else ""


def subject_like(ctx: Context, ents: list[EntityRef]) -> list[EntityRef]:
    """The mentions that can be a clause subject: not governed by a preposition ("next to Putin",
    "в Москве"), nor joined by "and" to one that is ("in Nur-Sultan and Moscow")."""
    out, prev_ok, prev_end = [], True, -100
    for e in ents:
        before = _word_before(ctx.text, e.start)
        chunk = ctx.text[max(0, e.start - 120):e.start]
        bounds = list(_BOUNDARY.finditer(chunk))
        chunk = chunk[bounds[-1].end():] if bounds else ""
        if _PREP.fullmatch(before) or (chunk.strip() and _CHUNK_START.match(chunk)):
            ok = False  # "in the presence of [Putin]", "sitting next to Russian President [Putin]"
        elif not _can_be_nominative(ctx.text[e.start:e.end]):
            ok = False
        elif before.lower() in ("and", "or", "и", "или") and e.start - prev_end < 8:
            ok = prev_ok
        elif before.lower() in ("and", "or", "и", "или") and (prev := _joined_to(ctx, e)) is not None:
            ok = not _PREP.fullmatch(_word_before(ctx.text, prev.start))  # "experts in Nur-Sultan and [Moscow]"
        else:
            ok = True
        if ok:
            out.append(e)
        prev_ok, prev_end = ok, e.end
    return out


def _joined_to(ctx: Context, e: EntityRef) -> EntityRef | None:
    """The mention that "and"/"и" joins ``e`` to, when the phrase given to :func:`subject_like` began after it."""
    prior = [x for x in ctx.entities if x.end <= e.start and e.start - x.end < 8]
    return prior[-1] if prior else None


def _pick(ents: list[EntityRef], types: tuple[str, ...] = ("PER", "ORG", "GROUP", "LOC")) -> EntityRef | None:
    for t in types:
        hit = [e for e in ents if e.type == t]
        if hit:
            return hit[0]
    return None


def entities_in(ctx: Context, start: int, end: int, types=("PER", "ORG", "GROUP", "LOC"),
                outside_quotes: bool = True) -> list[EntityRef]:
    return [e for e in ctx.entities if e.start >= start and e.end <= end and e.type in types
            and not (outside_quotes and ctx.in_quote(e.start, e.end))]


def antecedent(ctx: Context, pos: int, types: tuple[str, ...] = ("PER",), gender: str | None = None,
               paragraphs_back: int = 1, country: str | None = None) -> EntityRef | None:
    """The entity a pronoun or descriptor at ``pos`` refers back to: sentence by sentence back
    from ``pos`` through its paragraph and ``paragraphs_back`` before it, the subject of the
    nearest sentence that names a compatible entity outside quotes (else its last such mention)."""
    pi = ctx.paragraph_index(pos)
    floor = ctx.paragraphs[max(0, pi - paragraphs_back)][0] if pi is not None else 0
    sents = [(s, min(e, pos)) for s, e in ctx.sentences if s < pos and e > floor]
    for s, e in reversed(sents):
        cands = [x for x in entities_in(ctx, max(s, floor), e, types)
                 if not (gender and grammatical_gender(x.name) not in (gender, None))
                 and not (country and x.country and x.country != country)]
        if cands:
            subj = subject_like(ctx, cands)
            return subj[0] if subj else cands[-1]
    return None


def following(ctx: Context, pos: int, gender: str | None = None, country: str | None = None) -> EntityRef | None:
    """The first person named after ``pos`` in its paragraph or the next two, outside quotes, when the text
    named nobody before: the referent of a descriptor that precedes the name."""
    pi = ctx.paragraph_index(pos)
    end = ctx.paragraphs[min(len(ctx.paragraphs) - 1, pi + 2)][1] if pi is not None else len(ctx.text)
    if any(x.type == "PER" and x.end <= pos for x in ctx.entities):
        return None
    for x in entities_in(ctx, pos, end, ("PER",)):
        if not (gender and grammatical_gender(x.name) not in (gender, None)) and not (country and x.country and x.country != country):
            return x
    return None


def resolve_phrase(ctx: Context, phrase: tuple[int, int], cue: str = "", governed: bool = False) -> Speaker:
    """(speaker, name, resolution, score) for an attribution phrase ``text[phrase]``: its subject
    entity, else what its pronoun or descriptor refers back to, else an unnamed group.
    ``governed``: the phrase is the object of a cue ("according to X"), so its first entity counts."""
    s, e = phrase
    if e <= s:
        return UNKNOWN
    text, chunk = ctx.text, ctx.text[s:e]
    inside = entities_in(ctx, s, e)
    subj = inside if governed else subject_like(ctx, inside)
    desc = DESCRIPTOR.search(chunk)
    people = [x for x in subj if x.type == "PER"]
    # "глава МИД", "the leader of the party": a person described through an organisation.
    holder = desc and not people and any(x.start - (s + desc.end()) in range(0, 16) for x in inside if x.type != "PER")
    who = None if holder else (_pick([x for x in subj if x.type != "LOC"]) or
                               (_pick(subj) if subj and _word_count(chunk) <= 6 else None))
    anon = ANONYMOUS.search(chunk)
    if who and anon and not governed and s + anon.start() > who.end and re.search(r"[a-z]", chunk) \
            and "," not in text[who.end:s + anon.start()] \
            and not re.search(r"\b(?:of|among|from|with)\s+(?:the\s+)?\w*\s*$", chunk[:anon.start()]):
        who = None  # "... a constitution that political observers believe": the group nearest the verb speaks
    if who:  # a country speaks through its government only in a short phrase: "Russia says that ..."
        return who.entity, who.name, "named", 0.9
    if anon and (not desc or anon.start() <= desc.start()):  # "эксперты" is both: the plural is a group
        return "anonymous", anon.group(0), "unnamed group", 0.8
    role = _ASKER.search(desc.group(0)) if desc else None
    if role and not any(re.search(rf"\b{role.group(0)[:6]}", text[max(0, x.start - 40):x.end + 12], re.I)
                        for x in ctx.entities if x.type == "PER" and x.end <= s):
        return "anonymous", desc.group(0), "description", 0.5  # "— спросил журналист": an interviewer nobody named
    if desc:
        pronoun = _PRONOUN.search(chunk)
        gender = _GENDER.get(pronoun.group(1).lower()) if pronoun else None
        if gender is None and re.search(r"[а-яё]", cue) and _RU_FEM_VERB.search(cue):
            gender = "f"
        country = next((c for c, pat in _NATIONALITY.items()
                        if re.search(rf"\b(?:{pat})\w*\s+{re.escape(desc.group(0).split()[-1])}", chunk, re.I)), None)
        prev = antecedent(ctx, s, ("PER",), gender, country=country)
        if prev:
            return prev.entity, prev.name, "pronoun" if pronoun else "descriptor", 0.65
        prev = antecedent(ctx, s, ("PER",), gender, paragraphs_back=4, country=country)
        if prev:
            return prev.entity, prev.name, "pronoun, far back" if pronoun else "descriptor, far back", 0.4
        nxt = None if governed else following(ctx, e, gender, country)
        if nxt:  # a short piece that names its "diplomat" only at the end: "..., - сказала Мария Захарова."
            return nxt.entity, nxt.name, "pronoun, named later" if pronoun else "descriptor, named later", 0.35
    if holder or inside:
        who = _pick([x for x in inside if x.type != "LOC"]) if holder else _pick(inside, ("PER",))
        if who:
            return who.entity, who.name, "named, not the subject", 0.5
    gov = _GOVERNMENT.search(chunk)
    if gov:  # "the Kazakh government said": the country as the guideline names it
        code = next((c for c, pat in _NATIONALITY.items() if re.match(rf"(?:{pat})", gov.group("nat"), re.I)), None)
        land = next((x for x in ctx.entities if x.type == "LOC" and code and x.country == code
                     and x.name.casefold() in _COUNTRY_NAMES.get(code, ())), None)
        if land:
            return land.entity, land.name, "government of", 0.6
    if ORG_DESCRIPTOR.search(chunk):
        prev = antecedent(ctx, s, ("ORG",), paragraphs_back=2)
        if prev:
            return prev.entity, prev.name, "descriptor", 0.55
        return "anonymous", chunk.strip(" ,.:;—–-"), "description", 0.5
    if re.match(r"\s*(?:[Tt]he|[Aa]n?|[Oo]ne of the|[Ss]ome)\s+[a-z]", chunk):
        # "The owner of the shop told ...": a speaker the text does not name
        return "anonymous", chunk.strip(" ,.:;—–-"), "description", 0.45
    return UNKNOWN


def sentence_subject(ctx: Context, start: int, end: int) -> Speaker:
    """The subject of ``text[start:end]`` when no cue names one: its first subject-like entity,
    people first ("Tokayev, a former diplomat, began with the words: ...")."""
    ents = entities_in(ctx, start, end)
    who = _pick(subject_like(ctx, ents), ("PER", "ORG", "GROUP"))
    if who:
        return who.entity, who.name, "sentence subject", 0.6
    return resolve_phrase(ctx, (start, end))


def _word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))
