"""Quotes and their speakers.

Direct quotes come from quotation marks (:mod:`.marks`); indirect ones from attribution cues
(:mod:`.cues`). A speaker is, in order of preference: a named entity in the attribution
phrase; an entity named earlier that a descriptor or pronoun in the phrase refers back to
("stated the leader of the parliamentary party" -> the last person named); a description
that names no entity ("the city police": *described*); an unnamed group ("experts",
"observers": *anonymous*); or *unknown*. Never a guess dressed as fact: each quote records
how its speaker was resolved.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .cues import ANONYMOUS, DESCRIPTOR, ORG_DESCRIPTOR, POSSESSIVE_OPINION, PREPOSITION, VERB
from .marks import find_quoted

MIN_DIRECT_WORDS = 4  # shorter quoted strings are names, titles or scare quotes
# Verbs that introduce reported speech only with "that" ("wrote that ..."), else they are acts.
WEAK_VERB = re.compile(r"posted|wrote|writes|cites|cited|announced|announces|reported|reports|"
                       r"написал\w*|пишет|пишут|объявил\w*|сообща\w+", re.I)


@dataclass
class EntityRef:
    start: int
    end: int
    type: str
    entity: str   # the article-local entity id
    name: str     # canonical name


@dataclass
class Quote:
    start: int
    end: int
    kind: str                      # "direct" or "indirect"
    speaker: str                   # entity id, or "described", "anonymous", "unknown"
    speaker_name: str | None = None
    resolution: str = ""           # named, descriptor, pronoun, previous paragraph, continuation, ...
    cue: tuple[int, int] | None = None
    score: float = 0.5
    attrs: dict[str, Any] = field(default_factory=dict)


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _sentence_of(sentences: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    for s, e in sentences:
        if s <= pos < e:
            return s, e
    return None


def _entities_in(entities: list[EntityRef], start: int, end: int, types=("PER", "ORG", "GROUP")) -> list[EntityRef]:
    return [e for e in entities if e.start >= start and e.end <= end and e.type in types]


_FEMALE = re.compile(r"(?:ova|eva|yova|iyeva|ina|aya|skaya|ová|ова|ева|ина|ая|ская|qyzy|кызы|қызы)$", re.I)
_MALE = re.compile(r"(?:ov|ev|yev|in|sky|skiy|ский|ов|ев|ин|uly|ұлы|uulu|уулу)$", re.I)


def grammatical_gender(name: str) -> str | None:
    """'f' or 'm' from a Slavic or Kazakh surname ending, else None (never guessed otherwise)."""
    last = name.split()[-1] if name.split() else ""
    return "f" if _FEMALE.search(last) else "m" if _MALE.search(last) else None


def _last_before(entities: list[EntityRef], pos: int, types: tuple[str, ...], floor: int,
                 gender: str | None = None) -> EntityRef | None:
    cands = [e for e in entities if e.end <= pos and e.start >= floor and e.type in types
             and not (gender and grammatical_gender(e.name) not in (gender, None))]
    return cands[-1] if cands else None


def resolve_speaker(text: str, phrase: tuple[int, int], entities: list[EntityRef], floor: int) -> tuple[str, str | None, str, float]:
    """(speaker, name, resolution, score) for an attribution phrase ``text[phrase]``."""
    s, e = phrase
    inside = _entities_in(entities, s, e)
    people = [x for x in inside if x.type == "PER"]
    if people or inside:
        who = (people or inside)[-1 if people else 0]
        return who.entity, who.name, "named", 0.9
    chunk = text[s:e]
    anon = ANONYMOUS.search(chunk)
    if anon and not DESCRIPTOR.search(chunk):
        return "anonymous", anon.group(0), "unnamed group", 0.8
    if DESCRIPTOR.search(chunk):
        pronoun = re.search(r"\b(he|she|his|her|он|она|его|её|ее)\b", chunk, re.I)
        gender = {"he": "m", "his": "m", "он": "m", "его": "m", "she": "f", "her": "f", "она": "f", "её": "f",
                  "ее": "f"}.get(pronoun.group(1).lower()) if pronoun else None
        prev = _last_before(entities, s, ("PER",), floor, gender)
        if prev:
            how = "pronoun" if pronoun else "descriptor"
            return prev.entity, prev.name, how, 0.6
    if ORG_DESCRIPTOR.search(chunk):
        org = _entities_in(entities, s, min(len(text), e + 80), ("ORG",))
        if org:
            return org[0].entity, org[0].name, "named", 0.7
        return "described", chunk.strip(" ,.:;—–-"), "description", 0.6
    return "unknown", None, "no speaker in the text", 0.3


_CLAUSE_START = re.compile(r"[,;:—–]\s*|\b(?:and|but|while|и|а|но)\s+")


def _phrase_before(text: str, sent_start: int, cue_start: int) -> tuple[int, int]:
    """The subject phrase before a cue verb: back to the last clause boundary (or 10 words)."""
    seg = text[sent_start:cue_start]
    cut = 0
    for m in _CLAUSE_START.finditer(seg):
        if m.end() < len(seg) - 1:
            cut = m.end()
    words = list(re.finditer(r"\S+", seg[cut:]))
    if len(words) > 10:
        cut += words[-10].start()
    return sent_start + cut, cue_start


def _phrase_after(text: str, cue_end: int, sent_end: int) -> tuple[int, int]:
    """The speaker phrase after a cue (inverted: '..., said Kairbek Uskenbaev, Minister of ...')."""
    m = re.search(r"[.;:!?]|,(?=\s*(?:who|which|the|a|on|in|at|который|которая)\b)", text[cue_end:sent_end])
    return cue_end, cue_end + (m.start() if m else sent_end - cue_end)


def _content_after(text: str, start: int, sent_end: int) -> tuple[int, int]:
    m = re.match(r"\s*(?:(?:earlier|previously|later|also|then|today|ранее|также|сегодня)\s*)?,?\s*(?:that|что|чтобы|що)?\s*,?\s*",
                 text[start:sent_end], re.I)
    s = start + (m.end() if m else 0)
    e = sent_end
    while e > s and text[e - 1] in " .!?…":
        e -= 1
    return s, e


def _candidates(text: str, s: int, e: int) -> list[tuple[int, str, re.Match]]:
    sent = text[s:e]
    cands = [(m.start(), "prep", m) for m in PREPOSITION.finditer(sent)]
    cands += [(m.start(), "poss", m) for m in POSSESSIVE_OPINION.finditer(sent)]
    cands += [(m.start(), "verb", m) for m in VERB.finditer(sent)]
    return sorted(cands, key=lambda c: c[0])


def _indirect_in_sentence(text: str, s: int, e: int, entities: list[EntityRef], floor: int) -> list[Quote]:
    """The first attribution in the sentence that names (or describes) a speaker."""
    sent = text[s:e]
    for _, kind, m in _candidates(text, s, e):
        cue = (s + m.start(), s + m.end())
        if kind == "prep":  # "according to X, CONTENT" / "по словам X, CONTENT"
            comma = sent.find(",", m.end())
            if comma == -1:
                continue
            phrase = (s + m.end(), s + comma)
            cs, ce = _content_after(text, s + comma + 1, e)
        elif kind == "poss":  # "in the analyst's opinion, CONTENT"
            phrase = (s + m.start("who"), s + m.end("who"))
            after = sent.find(",", m.end())
            cs, ce = _content_after(text, s + (after + 1 if after != -1 else m.end()), e)
        else:
            before = _phrase_before(text, s, cue[0])
            after = sent[m.end():]
            goes_on = bool(re.match(r"\s*(?:that|что|чтобы|що)\b", after, re.I)) or _words(after) > 12
            inverted = not goes_on and (sent[:m.start()].rstrip().endswith(",") or _words(text[before[0]:before[1]]) == 0
                                        or _words(after) == 0)
            if goes_on and _words(text[before[0]:before[1]]) == 0:
                before = (s, cue[0])  # "Tokayev, the president of Kazakhstan, stated that ...": the whole subject
            if inverted:  # "CONTENT, said X." / "CONTENT, X said."
                comma = sent.rfind(",", 0, m.start())
                if comma <= 0:
                    continue
                subject = (s + comma + 1, cue[0])
                phrase = subject if _words(text[subject[0]:subject[1]]) else _phrase_after(text, cue[1], e)
                cs, ce = s, s + comma
                lead = PREPOSITION.match(text, cs)
                if lead:  # "According to this article, CONTENT, the police clarified."
                    lead_comma = text.find(",", lead.end(), ce)
                    cs = lead_comma + 1 if lead_comma != -1 else cs
                cs, ce = _content_after(text, cs, ce)
            else:
                phrase = before
                if re.fullmatch(r"\s*(?:who|which|which is|который|которая|которые|що)\s*", text[phrase[0]:phrase[1]], re.I):
                    phrase = (s, cue[0])  # "its source, who said that": the antecedent speaks
                if WEAK_VERB.fullmatch(m.group(0)) and not re.match(r"\s*(?:that|что|що)\b", sent[m.end():], re.I):
                    continue  # "he posted a song": an act, not reported speech
                cs, ce = _content_after(text, cue[1], e)
        if _words(text[cs:ce]) < 3:
            continue
        spk, name, how, score = resolve_speaker(text, phrase, entities, floor)
        if spk == "unknown":
            continue
        return [Quote(cs, ce, "indirect", spk, name, how, cue, score)]
    return []


def find_quotes(text: str, paragraphs: list[tuple[int, int]], sentences: list[tuple[int, int]],
                entities: list[EntityRef]) -> list[Quote]:
    """Direct and indirect quotes with speakers, in text order, without overlaps."""
    entities = sorted(entities, key=lambda x: x.start)
    quotes: list[Quote] = []
    para_of = {i: p for i, p in enumerate(paragraphs)}
    marks = find_quoted(text, paragraphs)
    for mark in marks:
        n_words = _words(text[mark.start:mark.end])
        if _is_name(text[mark.start:mark.end]) or n_words < 2:
            continue
        if n_words < MIN_DIRECT_WORDS:
            # A short quoted phrase is a quote only when the sentence attributes it ("saying it was “...”").
            sent = _sentence_of(sentences, mark.start - 1)
            if not sent or not VERB.search(text, sent[0], mark.start):
                continue
        pi = next((i for i, (ps, pe) in para_of.items() if ps <= mark.start - 1 < pe), None)
        floor = paragraphs[max(0, pi - 4)][0] if pi is not None else 0
        quotes.append(_attribute_direct(text, mark, paragraphs, pi, sentences, entities, floor, quotes))
    quotes.extend(_dialogue_and_headline_quotes(text, paragraphs, entities, quotes))
    for pi, (ps, pe) in enumerate(paragraphs):
        floor = paragraphs[max(0, pi - 4)][0]
        for s, e in sentences:
            if not (ps <= s < pe):
                continue
            for q in _indirect_in_sentence(text, s, e, entities, floor):
                if q.speaker == "unknown" or text[q.start:q.end].rstrip().endswith(":"):
                    continue  # no one is reported (an aside), or it only introduces a quote
                inside = [d for d in quotes if d.kind == "direct" and q.start <= d.start and d.end <= q.end
                          and _words(text[d.start:d.end]) < 8]
                if any(q.start < d.end and d.start < q.end for d in quotes if d not in inside):
                    continue  # the quoted words are already a direct quote
                for d in inside:  # a phrase quoted inside reported speech belongs to that speech
                    quotes.remove(d)
                quotes.append(q)
    # Words quoted inside reported speech are that speaker's own words: nested direct quotes.
    for q in [q for q in quotes if q.kind == "indirect"]:
        for mark in marks:
            if q.start <= mark.start and mark.end <= q.end and _words(text[mark.start:mark.end]) >= 1 \
                    and not any(d.start == mark.start and d.end == mark.end for d in quotes):
                quotes.append(Quote(mark.start, mark.end, "direct", q.speaker, q.speaker_name, q.resolution, q.cue,
                                    q.score, {"nested_in": [q.start, q.end]}))
    return sorted(quotes, key=lambda q: (q.start, -q.end))


def _is_name(text: str) -> bool:
    """'Fair Russia – for the Truth', 'Бессмертный полк': a quoted name or title, not speech."""
    text = text.rstrip().rstrip(",")
    words = re.findall(r"\w+", text)
    if len(words) > 6 or re.search(r"[.!?…,;:]\s*$", text):
        return False
    caps = sum(1 for w in words if w[:1].isupper())
    return bool(words) and words[0][:1].isupper() and caps * 2 >= len(words)


_EMBEDDED = re.compile(r"[,.!?…]\s*[-–—]\s+(?P<verb>[a-zа-яё]\w+)(?P<who>[^-–—\n]{2,80}?)[.,]\s*[-–—]\s")
_DASH_LINE = re.compile(r"^\s*[—–-]\s+(?=\S)")
_SPEAKER_LABEL = re.compile(r"^\s*(?P<who>[^:.!?\n]{3,80}):\s*$")


def _dialogue_and_headline_quotes(text: str, paragraphs: list[tuple[int, int]], entities: list[EntityRef],
                                  taken: list[Quote]) -> list[Quote]:
    """Dialogue lines opened by a dash ("— Вы понимаете..."), the lines after a speaker label
    ("Алия Турусбекова, волонтёрка:"), and "Name: statement" lines (headlines, captions)."""
    out: list[Quote] = []
    label: tuple[str, str | None, str] | None = None
    for ps, pe in paragraphs:
        line = text[ps:pe]
        if any(q.start < pe and ps < q.end for q in taken):
            label = None
            continue
        lab = _SPEAKER_LABEL.match(line)
        if lab:
            who = _entities_in(entities, ps, ps + lab.end("who"), ("PER", "ORG", "GROUP"))
            label = (who[0].entity, who[0].name, "speaker label") if who else ("unknown", lab.group("who").strip(), "speaker label")
            continue
        dash = _DASH_LINE.match(line)
        if dash and _words(line) >= 3:
            spk, name, how = label if label else ("unknown", None, "dialogue line")
            out.append(Quote(ps + dash.end(), pe, "direct", spk, name, how, None, 0.5, {"dialogue": True}))
            continue
        head = re.match(r"^\s*([^:]{3,60}):\s+(?=\S)", line)
        if head:
            who = [e for e in _entities_in(entities, ps, ps + head.end(1), ("PER",)) if e.start - ps <= 2]
            if who and _words(line[head.end():]) >= 3:
                out.append(Quote(ps + head.end(), pe, "indirect", who[0].entity, who[0].name, "named", None, 0.6,
                                 {"headline_style": True}))
        label = label if label and not line.strip() else None
    return out


def _attribute_direct(text, mark, paragraphs, pi, sentences, entities, floor, previous) -> Quote:
    q = Quote(mark.start, mark.end, "direct", "unknown", None, "no speaker in the text", None, 0.3,
              {"closed": mark.closed, "mark": mark.open_char})
    ps, pe = paragraphs[pi] if pi is not None else (0, len(text))
    close = mark.end + (1 if mark.closed else 0)
    # 0. An attribution set inside the quote: '"We think ..., - отметила дипломат. - On the other hand..."'
    inner = _EMBEDDED.search(text, mark.start, mark.end)
    if inner and (v := VERB.match(text, inner.start("verb"))):
        phrase = (v.end(), inner.end("who"))
        spk, name, how, score = resolve_speaker(text, phrase, entities, floor)
        if spk != "unknown":
            return _set(q, spk, name, how, (v.start(), v.end()), score)
    # 1. After the closing mark, in the same sentence: ',” said X' / '», — заявил министр.'
    after_end = _sentence_end(text, close, pe)
    m = VERB.search(text, close, after_end)
    joined = re.match(r"\s*(?:[,–—-]|[a-zа-яё])", text[close:after_end]) or text[mark.start:mark.end].rstrip().endswith(",")
    if m and m.start() - close < 120 and joined:
        before = (close, m.start())
        phrase = before if _words(text[before[0]:before[1]]) else _phrase_after(text, m.end(), after_end)
        spk, name, how, score = resolve_speaker(text, phrase, entities, floor)
        return _set(q, spk, name, how, (m.start(), m.end()), score)
    # 2. Before the opening mark, in the same sentence: 'X said: “...”' / 'According to X, “...”'
    sent = _sentence_of(sentences, mark.start - 1) or (ps, mark.start)
    lead = (sent[0], mark.start - 1)
    if lead[1] > lead[0]:
        seg = text[lead[0]:lead[1]]
        verbs = list(VERB.finditer(seg))
        m = PREPOSITION.search(seg) or (verbs[-1] if verbs else None)
        if m:
            phrase = (lead[0] + m.end(), lead[1]) if PREPOSITION.match(m.group(0)) else _phrase_before(text, lead[0], lead[0] + m.start())
            if not PREPOSITION.match(m.group(0)) and _words(text[phrase[0]:phrase[1]]) == 0:
                phrase = (lead[0], lead[0] + m.start())  # "He called for X, saying “...”": the sentence's subject
            if re.fullmatch(r"\s*(?:who|which|который|которая|которые|що)\s*", text[phrase[0]:phrase[1]], re.I):
                phrase = (lead[0], lead[0] + m.start())
            spk, name, how, score = resolve_speaker(text, phrase, entities, floor)
            return _set(q, spk, name, how, (lead[0] + m.start(), lead[0] + m.end()), score)
    # 3. A whole-paragraph quote: the previous paragraph introduces it ('... posted in his channel:').
    if mark.paragraph_start and pi:
        qs, qe = paragraphs[pi - 1]
        for ls, le in reversed([sp for sp in sentences if qs <= sp[0] < qe]):
            m = list(PREPOSITION.finditer(text, ls, le)) or list(VERB.finditer(text, ls, le))
            if m:
                cue = m[-1]
                phrase = (cue.end(), le) if PREPOSITION.match(cue.group(0)) else _phrase_before(text, ls, cue.start())
                if not _entities_in(entities, *phrase) and not ANONYMOUS.search(text[phrase[0]:phrase[1]]):
                    phrase = (ls, le)
                spk, name, how, score = resolve_speaker(text, phrase, entities, floor)
                return _set(q, spk, name, "previous paragraph" if how == "named" else how, (cue.start(), cue.end()), score - 0.1)
    return q


def _set(q: Quote, spk, name, how, cue, score) -> Quote:
    q.speaker, q.speaker_name, q.resolution, q.cue, q.score = spk, name, how, cue, round(score, 2)
    return q


def _sentence_end(text: str, start: int, limit: int) -> int:
    m = re.search(r"[.!?…](?:\s|$)", text[start:limit])
    return start + m.end() if m else limit
