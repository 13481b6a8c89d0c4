"""Indirect quotes: reported speech found from attribution cues ("X said that ...", "according to
X, ...", "..., said X", "X called for ...", "Об этом заявил X" after the reported sentence).
The span is the reported content, never the cue."""
from __future__ import annotations

import re

from .cues import AS_SAID, CALL, NEXT_CUE, POSSESSIVE_OPINION, PREPOSITION, PREVIOUS_EN, PREVIOUS_EN_AFTER, PREVIOUS_RU, VERB
from .speakers import Context, Speaker, resolve_phrase

# Verbs that introduce reported speech only with "that" ("wrote that ..."), else they are acts.
WEAK_VERB = re.compile(r"posted|wrote|writes|cites|cited|announced|announces|reported|reports|feared|fears|"
                       r"suggest(?:s|ed)?|interpreted|ascertained|hailed|hails|touted|touting|expressed|asked|asks|"
                       r"concluded|mentioned|informed|complained|alleged|alleges|threatened|threatening|warning|called|calling|"
                       r"described|praised|welcomed|condemned|critici[sz]ed|denied|dismissed|accused|urged|promised|vowed|pledged|"
                       r"reassured|assured|assures|stating|explaining|arguing|insisting|doubt|"
                       r"написал\w*|пишет|пишут|объявил\w*|сообща\w+|выдвину\w*|требова\w+|назва\w+|призва\w+|"
                       r"обвини\w+|пообеща\w+|осуди\w+|раскритикова\w+|похвали\w+|выразил\w*|ответил\w*|спросил\w*",
                       re.I)
_OPINION = r"(?:(?:the|his|her|their|its) )?(?:opinion|view|hope|confidence|belief|concern|assumption|idea)\s+"
_THAT = re.compile(rf"\s*,?\s*(?:{_OPINION})?(?:that|что|чтобы|що|будто|как|о том,? что|об? (?=\w))", re.I)
_AFTER_PREP = r"\s*,?\s*(?:to|in|on|at|during|after|before|with|from|for|by|when|while|[a-z]+ing)\b"
# "said on Tuesday it had ...", "said last week the talks ...": a time, then the reported clause.
_WHEN = re.compile(r"\s+(?:on|last|this|earlier|late|early)\s+(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
                   r"week|month|year|night|morning|evening)\b|[A-Z][a-z]+ \d{1,2}\b)(?:\s+(?:night|morning|evening))?,?"
                   r"(?=\s+(?:it|he|she|they|we|the|a|an|[A-Z]\w*)\s+\w)")
# "claims that", "заявил, что": the content is reported speech whoever the subject is.
_EXPLICIT_THAT = re.compile(r"\s*,?\s*(?:that|что|що)\b", re.I)
_CLAUSE_START = re.compile(r"[,;:—–]\s*|\b(?:and|but|while|и|а|но)\s+")
_RELATIVE = re.compile(r"\s*(?:who|which|which is|который|которая|которые|що|кто)\s*", re.I)


def words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def phrase_before(text: str, sent_start: int, cue_start: int) -> tuple[int, int]:
    """The subject phrase before a cue verb: back to the last clause boundary (or 10 words)."""
    seg = text[sent_start:cue_start]
    cut = 0
    for m in _CLAUSE_START.finditer(seg):
        if m.end() < len(seg) - 1:
            cut = m.end()
    found = list(re.finditer(r"\S+", seg[cut:]))
    if len(found) > 10:
        cut += found[-10].start()
    return sent_start + cut, cue_start


def phrase_after(text: str, cue_end: int, sent_end: int) -> tuple[int, int]:
    """The speaker phrase after a cue (inverted: '..., said Kairbek Uskenbaev, Minister of ...')."""
    m = re.search(r"[.;:!?]|,(?=\s*(?:who|which|the|a|on|in|at|который|которая)\b)", text[cue_end:sent_end])
    return cue_end, cue_end + (m.start() if m else sent_end - cue_end)


def content_after(text: str, start: int, sent_end: int) -> tuple[int, int]:
    """The reported clause from ``start``: without a leading "that"/"что"/"о том, что", nor the full stop."""
    m = re.match(r"\s*(?:(?:earlier|previously|later|also|then|today|ранее|также|сегодня)\s*)?,?\s*"
                 rf"(?:{_OPINION})?(?:that|что|чтобы|що|будто|о том,?\s*(?:что|чтобы)?|об?(?=\s))?\s*,?\s*",
                 text[start:sent_end], re.I)
    s = start + (m.end() if m else 0)
    e = sent_end
    while e > s and text[e - 1] in " .!?…\n":
        e -= 1
    return s, e


def _candidates(text: str, s: int, e: int) -> list[tuple[int, str, re.Match]]:
    sent = text[s:e]
    cands = [(m.start(), "prep", m) for m in PREPOSITION.finditer(sent)]
    cands += [(m.start(), "poss", m) for m in POSSESSIVE_OPINION.finditer(sent)]
    cands += [(m.start(), "call", m) for m in CALL.finditer(sent)]
    cands += [(m.start(), "as", m) for m in AS_SAID.finditer(sent)]
    taken = {c[0] for c in cands}
    cands += [(m.start(), "verb", m) for m in VERB.finditer(sent) if m.start() not in taken and not _is_noun(sent, m)]
    return sorted(cands, key=lambda c: c[0])


_NOUN_BEFORE = re.compile(r"(?:\b(?:the|member|nuclear|neighbou?ring|these|those|other|all|some|many|two|three|several|"
                          r"[Bb]altic|[Gg]ulf|[Uu]nited|[Aa]rab|[Aa]sian|[Ee]uropean|[Aa]frican|[Mm]ember|[Ww]estern|[Ee]astern|[Ss]oviet|"
                          r"[Ii]sland|small|[Cc]aspian|[Nn]ordic|[Bb]alkan|[Tt]urkic))\s+$")


def _is_noun(sent: str, m: re.Match) -> bool:
    """"the Baltic states", "United States": a plural noun, not the verb."""
    return m.group(0) in ("states", "state", "reports", "claims", "says") and bool(_NOUN_BEFORE.search(sent[:m.start()]))


def _appositive_subject(ctx: Context, s: int, cue: int) -> bool:
    """The sentence opens with a name and an apposition before the cue: "X, a political analyst, said"."""
    first = next((x for x in ctx.entities if s <= x.start < cue and x.type in ("PER", "ORG", "GROUP")), None)
    lead = ctx.text[s:first.start] if first else ""
    return bool(first and "," not in lead and words(lead) <= 6  # "Russian TV presenter [Tina Kandelaki], a ..., claimed"
                and re.fullmatch(r",\s+[^,.;:!?]{2,120},\s*", ctx.text[first.end:cue]))


def indirect_in_sentence(ctx: Context, s: int, e: int) -> list[tuple[tuple[int, int], tuple[int, int], Speaker]]:
    """(content span, cue span, speaker) of each attribution in the sentence that names, describes
    or points back to a speaker ("X said that A, adding that B": two)."""
    text = ctx.text
    sent = text[s:e]
    found: list[tuple[tuple[int, int], tuple[int, int], Speaker]] = []
    for _, kind, m in _candidates(text, s, e):
        cue = (s + m.start(), s + m.end())
        if any(fs <= cue[0] < fe or cue[0] < fs <= cue[1] for (fs, fe), _, _ in found):
            continue  # a cue inside reported content is part of that content
        governed = explicit = inverted = False
        if kind == "prep":  # "according to X, CONTENT" / "по словам X, CONTENT"
            comma = sent.find(",", m.end())
            back = sent.rfind(",", 0, m.start())
            if comma == -1 and back > 0 and not sent[back + 1:m.start()].strip():
                # "CONTENT, according to a report by the U.S. State Department."
                spk = resolve_phrase(ctx, (s + m.end(), e), m.group(0), True)
                cs, ce = content_after(text, s, s + back)
                if spk[0] != "unknown" and words(text[cs:ce]) >= 3:
                    found.append(((cs, ce), cue, spk))
                continue
            if comma == -1:
                continue
            phrase, governed = (s + m.end(), s + comma), True
            if re.search(r"\b(?:его|её|ее|их)\b", m.group(0), re.I):  # "По его мнению, ...": the pronoun speaks
                phrase, governed = (s + m.start(), s + m.end()), False
            cs, ce = content_after(text, s + comma + 1, e)
        elif kind == "poss":  # "in the analyst's opinion, CONTENT"
            phrase, governed = (s + m.start("who"), s + m.end("who")), True
            after = sent.find(",", m.end())
            cs, ce = content_after(text, s + (after + 1 if after != -1 else m.end()), e)
        elif kind == "as":  # "As X explained to Y, CONTENT"
            phrase = (s + m.start("who"), s + m.end("who"))
            cs, ce = content_after(text, s + m.end(), e)
        elif kind == "call":  # "X called for CONTENT" / "X called on the army to CONTENT"
            phrase = phrase_before(text, s, cue[0])
            if words(text[phrase[0]:phrase[1]]) == 0 or _RELATIVE.fullmatch(text[phrase[0]:phrase[1]]):
                phrase = (s, cue[0])
            start = cue[1]
            if m.group(0).lower().endswith(" on"):
                to = re.search(r"\bto\b", sent[m.end():])
                if not to:
                    continue
                start = s + m.end() + to.start()
            cs, ce = content_after(text, start, e)
        else:
            before = phrase_before(text, s, cue[0])
            after = sent[m.end():]
            that = bool(_THAT.match(after))
            explicit = not WEAK_VERB.fullmatch(m.group(0)) and bool(_EXPLICIT_THAT.match(after))
            goes_on = that or words(after) > 12
            gerund = bool(re.fullmatch(r"[a-z]+ing|[а-яё]+(?:в|я)", m.group(0)))  # ", saying ...": never inverted
            inverted = not goes_on and not gerund and (sent[:m.start()].rstrip().endswith(",") or words(text[before[0]:before[1]]) == 0
                                        or words(after) == 0)
            if not goes_on and not gerund and re.fullmatch(r"\s*(?:on|last|this|earlier|late|in|at|yesterday|today)\b[^,;]{0,30}", after) \
                    and text[s:before[0]].rstrip().endswith(","):
                inverted = True  # "CONTENT, the Russian Foreign Ministry said on Thursday."
            if words(after) >= 2 and _appositive_subject(ctx, s, cue[0]):
                inverted, goes_on = False, True  # "Dosym Satpayev, a political analyst, said the government ..."
                before = (s, cue[0])
            if goes_on and (words(text[before[0]:before[1]]) == 0 or _RELATIVE.fullmatch(text[before[0]:before[1]])):
                before = (s, cue[0])  # "Tokayev, the president of Kazakhstan, stated that ...": the whole subject
            if inverted:  # "CONTENT, said X." / "CONTENT, X said."
                comma = sent.rfind(",", 0, m.start())
                if comma <= 0:
                    continue
                subject = (s + comma + 1, cue[0])
                phrase = subject if words(text[subject[0]:subject[1]]) else phrase_after(text, cue[1], e)
                cs, ce = s, s + comma
                lead = PREPOSITION.match(text, cs)
                if lead:  # "According to this article, CONTENT, the police clarified."
                    lead_comma = text.find(",", lead.end(), ce)
                    cs = lead_comma + 1 if lead_comma != -1 else cs
                cs, ce = content_after(text, cs, ce)
            else:
                phrase = before
                if re.search(r"\b(?:об этом|о том|about (?:it|this))\s*$", sent[:m.start()], re.I):
                    continue  # "..., об этом заявил X": the content is before; the words after name the speaker
                if WEAK_VERB.fullmatch(m.group(0)) and not that:
                    continue  # "he posted a song": an act, not reported speech
                if not that and re.search(r"[”»\"“]\s*[,.]?\s*[-–—]?\s*$", sent[:m.start()]):
                    continue  # '“...,” said X, Minister of ...': the attribution of the quote before it, no content
                start = cue[1]
                addressee = None if that else re.match(r"\s*(?:[\w\-’'.]+\s+){1,5}?(?=(?:that|что)\b)", after)
                told = None if that or addressee else re.match(r"\s+(?:to|in an interview with)\s+(?:the\s+|The\s+)?"
                                                               r"[A-ZА-ЯЁ][\w\-’'.]*(?:\s+[A-ZА-ЯЁ][\w\-’'.]*){0,3},\s+", after)
                if addressee:  # "told Tokayev that ...", "claimed on her channel that ..."
                    start, that = cue[1] + addressee.end(), True
                elif told and not WEAK_VERB.fullmatch(m.group(0)):  # "X explained to The Insider, CONTENT"
                    start, that = cue[1] + told.end(), True
                elif not that and (when := _WHEN.match(after)):
                    start = cue[1] + when.end()
                elif not that and re.match(_AFTER_PREP, after):
                    later = re.match(_AFTER_PREP + r"[^.;:]{0,80}?(?=\b(?:that|что)\b)", after)
                    if not later:
                        continue  # "Keosayan said to his audience.": no content
                    start = cue[1] + later.end()  # "claimed on her Telegram channel that ..."
                cs, ce = content_after(text, start, e)
        stop = NEXT_CUE.search(text, cs, ce)
        if stop and stop.start() > cs:
            ce = stop.start()
        if words(text[cs:ce]) < (2 if kind != "verb" else 3):
            continue
        if kind == "verb" and re.search(r"\b(?:those|anyone|people|тех|те|тем|теми)\b[^.]{0,30}?,?\s*(?:who|кто)\s*$",
                              text[s:cue[0]], re.I):
            spk: Speaker = ("anonymous", None, "unnamed group", 0.6)  # "those in Russia who claim ..."
        else:
            spk = resolve_phrase(ctx, phrase, m.group(0), governed)
            if spk[0] == "unknown" or spk[2] == "named, not the subject" and kind not in ("prep", "as"):
                whole = resolve_phrase(ctx, (s, cue[0]), m.group(0))
                spk = whole if whole[0] != "unknown" else spk
        if spk[0] == "unknown" and not (explicit and not inverted and words(text[cs:ce]) >= 4):
            continue  # a clause after "said that" is reported speech even when nobody is named: the speaker model decides
        found.append(((cs, ce), cue, spk))
    return found


def previous_sentence_quote(ctx: Context, s: int, e: int, prev: tuple[int, int] | None
                            ) -> tuple[tuple[int, int], tuple[int, int], Speaker] | None:
    """'CONTENT. This was stated by X.' / 'CONTENT. Об этом заявил X.': the previous sentence is X's."""
    if prev is None:
        return None
    text = ctx.text
    sent = text[s:e]
    m = PREVIOUS_EN.match(sent) or PREVIOUS_RU.match(sent)
    if m:
        lead = re.match(r"\W*\w+(?:\s+\w+)?", sent)  # "Об этом глава МИД заявил": the subject may precede the verb
        phrase = (s + m.end(), e) if PREVIOUS_EN.match(sent) else (s + lead.end(), e)
        cue = (s + m.start(), s + m.end())
    else:
        m = PREVIOUS_EN_AFTER.search(sent.rstrip())
        if not m:
            return None
        phrase, cue = (s, s + m.start()), (s + m.start(), s + m.end())
    spk = resolve_phrase(ctx, phrase, m.group(0))
    if spk[0] == "unknown":
        return None
    cs, ce = content_after(text, prev[0], prev[1])
    if words(text[cs:ce]) < 3:
        return None
    return (cs, ce), cue, spk
