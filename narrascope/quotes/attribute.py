"""Quotes and their speakers.

Direct quotes come from quotation marks (:mod:`.marks`); indirect ones from attribution cues
(:mod:`.indirect`); speakers from :mod:`.speakers`. Words quoted inside reported speech ("he
believes Mr. X will “be included in the list”") are that speaker's own words, so they are kept
as a direct quote nested in the indirect one (``attrs["nested_in"]``), with the same speaker,
as the annotation guideline's gold does; the voices layer gives them the enclosing quote's voice.
Never a guess dressed as fact: each quote records how its speaker was resolved.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .citing import cited_speaker
from .cues import PREPOSITION, VERB
from .indirect import content_after, indirect_in_sentence, phrase_after, phrase_before, previous_sentence_quote, words
from .marks import QuoteMark, find_quoted
from .speaker_model import SpeakerModel, assign
from .speakers import UNKNOWN, Context, EntityRef, entities_in, grammatical_gender, resolve_phrase, sentence_subject

__all__ = ["EntityRef", "Quote", "find_quotes", "grammatical_gender"]

MIN_DIRECT_WORDS = 4  # shorter quoted strings are names, titles or scare quotes unless attributed


@dataclass
class Quote:
    start: int
    end: int
    kind: str                      # "direct" or "indirect"
    speaker: str                   # entity id, "anonymous" or "unknown"
    speaker_name: str | None = None
    resolution: str = ""           # named, descriptor, pronoun, previous paragraph, continuation, ...
    cue: tuple[int, int] | None = None
    score: float = 0.5
    attrs: dict[str, Any] = field(default_factory=dict)


def find_quotes(text: str, paragraphs: list[tuple[int, int]], sentences: list[tuple[int, int]],
                entities: list[EntityRef], speaker_model: SpeakerModel | None = None, language: str = "") -> list[Quote]:
    """Direct and indirect quotes with speakers, in text order. Quotes do not overlap, except a
    direct quote nested in the reported speech that contains it. With ``speaker_model`` the trained
    ranker (:mod:`.speaker_model`) re-decides each speaker; the rules' verdict stays among its candidates.

    >>> find_quotes("Experts say that the plan will fail.", [(0, 36)], [(0, 36)], [])[0].speaker
    'anonymous'
    """
    ctx, quotes = quotes_in_context(text, paragraphs, sentences, entities)
    if speaker_model is not None:
        assign(speaker_model, ctx, quotes, language)
    return quotes


def quotes_in_context(text: str, paragraphs: list[tuple[int, int]], sentences: list[tuple[int, int]],
                      entities: list[EntityRef]) -> tuple[Context, list[Quote]]:
    """The rules' quotes (:func:`find_quotes` without a model) and the context they were read in."""
    marks = _split_embedded(text, find_quoted(text, paragraphs))
    ctx = Context(text, paragraphs, sentences, sorted(entities, key=lambda x: x.start),
                  [(m.start, m.end) for m in marks if words(text[m.start:m.end]) >= 4])
    direct: list[Quote] = []
    for mark in marks:
        n_words = words(text[mark.start:mark.end])
        if _is_name(text[mark.start:mark.end]) or n_words < 1 or (n_words <= 3 and _SO_CALLED.search(text, max(0, mark.start - 40), mark.start)) \
                or (n_words <= 8 and _TITLED.search(text, max(0, mark.start - 40), mark.start)):
            continue
        q = _attribute_direct(ctx, mark, direct)
        q.attrs["short"] = n_words < MIN_DIRECT_WORDS
        direct.append(q)
    direct.extend(_dialogue_and_headline_quotes(ctx, direct))
    indirect = _indirect_quotes(ctx, direct)
    quotes: list[Quote] = []
    for d in direct:
        host = next((q for q in indirect if q.start <= d.start and d.end <= q.end), None)
        if host:  # words quoted inside reported speech are the reporter's speaker's own
            if d.speaker == "unknown" or d.resolution not in ("named", "embedded"):
                d.speaker, d.speaker_name, d.resolution, d.score = host.speaker, host.speaker_name, "nested", host.score
            d.attrs["nested_in"] = [host.start, host.end]
        elif d.attrs.get("short") and (d.speaker == "unknown" or d.cue is None):
            continue  # a short unattributed phrase in quotation marks: a scare quote or a title
        quotes.append(d)
    quotes.extend(indirect)
    for q in quotes:
        q.attrs.pop("short", None)
    return ctx, sorted(quotes, key=lambda q: (q.start, -q.end))


def _indirect_quotes(ctx: Context, direct: list[Quote]) -> list[Quote]:
    text, out = ctx.text, []
    for pi, (ps, pe) in enumerate(ctx.paragraphs):
        sents = [(s, e) for s, e in ctx.sentences if ps <= s < pe]
        for si, (s, e) in enumerate(sents):
            prev = sents[si - 1] if si else _last_sentence(ctx, pi - 1)
            before = previous_sentence_quote(ctx, s, e, prev)
            for (cs, ce), cue, (spk, name, how, score) in ([before] if before else indirect_in_sentence(ctx, s, e)):
                if text[cs:ce].rstrip().endswith(":") or any(q.start < ce and cs < q.end for q in out):
                    continue  # it only introduces a quote, or it is already reported
                # Reported content that is nothing but a direct quote is that quote.
                rest = [d for d in direct if d.start < ce and cs < d.end]
                if any(d.start <= cs + 2 and not d.attrs.get("short") for d in rest):
                    continue  # it opens with a direct quote, attributed as such: '“...,” Muboris told us
                if any(d.start < cs or d.end > ce for d in rest if not d.attrs.get("short")):
                    continue  # it cuts across a longer direct quote
                outside, pos = 0, cs
                for d in sorted(rest, key=lambda d: d.start):
                    outside += words(text[pos:max(pos, d.start)])
                    pos = max(pos, d.end)
                if rest and outside + words(text[pos:ce]) < 2:
                    continue
                out.append(Quote(cs, ce, "indirect", spk, name, how, cue, score))
    return out


def _last_sentence(ctx: Context, pi: int) -> tuple[int, int] | None:
    if pi < 0:
        return None
    ps, pe = ctx.paragraphs[pi]
    inside = [(s, e) for s, e in ctx.sentences if ps <= s < pe]
    return inside[-1] if inside else None


def _is_name(text: str) -> bool:
    """'Fair Russia – for the Truth', 'Бессмертный полк': a quoted name or title, not speech."""
    text = text.rstrip().rstrip(",")
    found = re.findall(r"\w+", text)
    if len(found) == 1 and (found[0].isupper() or found[0][:1].isdigit()):
        return True  # an acronym or a number: «ЛНР», "LPR"
    if len(found) > 6 or re.search(r"[.!?…,;:]\s*$", text):
        return False
    caps = sum(1 for w in found if w[:1].isupper())
    return bool(found) and found[0][:1].isupper() and caps * 2 >= len(found) and (len(found) > 1 or found[0].istitle())


# "the so-called “language patrols”": the author's term, never speech.
_SO_CALLED = re.compile(r"(?:\bso-called|\bso called|\bтак называем\w+|\bтак званого|\bтак звані\w*|\bдеген)\s*[«“\"„‘]$", re.I)
# The author's words inside a dialogue line: "— Quote, — считает политолог X. — More quote" (or at its end).
_DASH_SAID = re.compile(r"(?<=[,.!?…])\s*[-–—]\s+(?P<verb>[a-zа-яё]\w+)(?P<who>[^-–—\n\"«»“”]{2,100}?)"
                        r"(?:[.,:]\s*(?P<more>[-–—]\s)|[.!?…]?\s*$)")
# A quoted name or title after what it names: 'в интервью «31 каналу»', 'круглого стола «Протесты в мире»'.
_TITLED = re.compile(r"\b(?:интервью|телеканал\w*|канал[ау]?|газет[аеуы]|издани[юяе]|агентств[ауо]|портал[ау]?|сайт[ау]?|"
                     r"журнал[ауе]?|программ[аеуы]|передач[аеуи]|фильм[аеу]?|книг[аеиу]|стать[яеию]|круглого стола|"
                     r"конференци[ия]|форум[аеу]?|акци[ия]|проект[ау]?|newspaper|channel|magazine|programme|program|show|film|"
                     r"book|article|conference|round table|forum|campaign|project|interview with)\s*[«“\"„]$", re.I)
_EMBEDDED = re.compile(r"(?<=[,.!?…])\s*[-–—]\s+(?P<verb>[a-zа-яё]\w+)(?P<who>[^-–—\n\"«»“”]{2,80}?)[.,:]\s*[-–—]\s")


def _split_embedded(text: str, marks: list[QuoteMark]) -> list[QuoteMark]:
    """'"We think X, - отметила дипломат. - On the other hand Y"' is two quotes, X and Y."""
    out = []
    for mk in marks:
        inner = _EMBEDDED.search(text, mk.start, mk.end)
        if inner and VERB.match(text, inner.start("verb")):
            first = inner.start()
            while first > mk.start and text[first - 1] in " ,":
                first -= 1
            out.append(QuoteMark(mk.start, first, mk.open_char, True, mk.paragraph_start))
            out.append(QuoteMark(inner.end(), mk.end, mk.open_char, mk.closed, False))
        else:
            out.append(mk)
    return out


_DASH_LINE = re.compile(r"^\s*[—–-]\s+(?=\S)")
_SPEAKER_LABEL = re.compile(r"^\s*(?P<who>[^:.!?\n]{3,80}):\s*$")


def _dialogue_and_headline_quotes(ctx: Context, taken: list[Quote]) -> list[Quote]:
    """Dialogue lines opened by a dash ("— Вы понимаете..."), the lines after a speaker label
    ("Алия Турусбекова, волонтёрка:"), and "Name: statement" lines (headlines, captions)."""
    text, out = ctx.text, []
    label: tuple[str, str | None, str] | None = None
    for ps, pe in ctx.paragraphs:
        line = text[ps:pe]
        # A dialogue line may quote a word ("— Да хоть «тысяченациональная», ..."); a longer quote owns the line.
        if any(q.start < pe and ps < q.end and not q.attrs.get("short") for q in taken):
            label = None
            continue
        lab = _SPEAKER_LABEL.match(line)
        if lab:
            who = entities_in(ctx, ps, ps + lab.end("who"), ("PER", "ORG", "GROUP"), outside_quotes=False)
            label = (who[0].entity, who[0].name, "speaker label") if who else ("unknown", lab.group("who").strip(), "speaker label")
            continue
        dash = _DASH_LINE.match(line)
        if dash and words(line) >= 3 and _spoken_line(line) and not _in_list(text, ctx.paragraphs, ps):
            spk, name, how = label if label else ("unknown", None, "dialogue line")
            inner = _DASH_SAID.search(text, ps + dash.end(), pe)
            verb = VERB.match(text, inner.start("verb")) if inner else None
            said = resolve_phrase(ctx, (verb.end(), inner.end("who")), verb.group(0)) if verb else UNKNOWN
            if said[0] != "unknown":  # "— Это системная политика, — считает политолог X. — И ...": X speaks
                cue = (verb.start(), verb.end())
                first = inner.start()
                while first > ps + dash.end() and text[first - 1] in " ,":
                    first -= 1
                out.append(Quote(ps + dash.end(), first, "direct", *said[:3], cue, said[3], {"dialogue": True}))
                if inner.group("more") and words(text[inner.end():pe]) >= 1:
                    out.append(Quote(inner.end(), pe, "direct", *said[:3], cue, said[3] - 0.1, {"dialogue": True}))
            else:
                out.append(Quote(ps + dash.end(), pe, "direct", spk, name, how, None, 0.5, {"dialogue": True}))
            continue
        head = re.match(r"^\s*([^:]{3,60}):\s+(?=\S)", line)
        if head:
            who = [e for e in entities_in(ctx, ps, ps + head.end(1), ("PER",), outside_quotes=False) if e.start - ps <= 2]
            if who and words(line[head.end():]) >= 3:
                cs, ce = content_after(text, ps + head.end(), pe)
                out.append(Quote(cs, ce, "indirect", who[0].entity, who[0].name, "named", None, 0.6,
                                 {"headline_style": True}))
        label = label if label and not line.strip() else None
    return out


def _spoken_line(line: str) -> bool:
    """A dialogue line is a sentence: it ends like one ("— Нет, не нарушаю."), a menu item or bullet does not."""
    return (bool(re.search(r"[.!?…»”\"]\s*$", line)) and words(line) >= 4) or words(line) >= 10


def _in_list(text: str, paragraphs: list[tuple[int, int]], start: int) -> bool:
    """The paragraph is one of three or more dash or bullet lines in a row, most of them short: a list."""
    i = next(k for k, (s, _) in enumerate(paragraphs) if s == start)
    lo = hi = i
    item = lambda k: bool(re.match(r"\s*[—–\-•·*▪]\s+", text[paragraphs[k][0]:paragraphs[k][1]]))  # noqa: E731
    while lo > 0 and item(lo - 1):
        lo -= 1
    while hi + 1 < len(paragraphs) and item(hi + 1):
        hi += 1
    run = range(lo, hi + 1)
    short = sum(1 for k in run if words(text[paragraphs[k][0]:paragraphs[k][1]]) <= 8)
    return len(run) >= 3 and short * 2 > len(run)


def _attribute_direct(ctx: Context, mark: QuoteMark, previous: list[Quote]) -> Quote:
    text = ctx.text
    q = Quote(mark.start, mark.end, "direct", "unknown", None, "no speaker in the text", None, 0.3,
              {"closed": mark.closed, "mark": mark.open_char})
    pi = ctx.paragraph_index(max(0, mark.start - 1))
    ps, pe = ctx.paragraphs[pi] if pi is not None else (0, len(text))
    close = mark.end + (1 if mark.closed else 0)
    # 0. An attribution set inside the quote (split off by _split_embedded): '"X, - отметила дипломат. - Y"'
    inner = _EMBEDDED.search(text, mark.end - 1, min(len(text), mark.end + 100))
    if inner and inner.start() <= mark.end + 2 and (v := VERB.match(text, inner.start("verb"))):
        spk = resolve_phrase(ctx, (v.end(), inner.end("who")), v.group(0))
        if spk[0] != "unknown":
            return _set(q, *spk[:3], (v.start(), v.end()), spk[3])
    # 1. After the closing mark, in the same sentence: ',” said X' / '», — заявил министр.'
    after_end = _sentence_end(text, close, pe)
    cited = cited_speaker(ctx, close, after_end)
    if cited:  # '», — приводит РИА Новости слова посла': the ambassador speaks, the agency only cites
        return _set(q, *cited)
    m = VERB.search(text, close, after_end)
    joined = re.match(r"\s*(?:[,–—-]|[a-zа-яё])", text[close:after_end]) or text[mark.start:mark.end].rstrip().endswith(",") \
        or (m and words(text[close:m.start()]) <= 4 and (re.search(r"[?!.…]\W*$", text[mark.start:close])
                                                          or re.match(r"\s*[.,]?\s*(?:The|the|Mr|Ms|Mrs)\b", text[close:m.start()])))
    if m and m.start() - close < 120 and joined:
        before = (close, m.start())
        phrase = before if words(text[before[0]:before[1]]) else phrase_after(text, m.end(), after_end)
        spk = resolve_phrase(ctx, phrase, m.group(0))
        if spk[0] != "unknown":
            return _set(q, *spk[:3], (m.start(), m.end()), spk[3])
    # 2. Before the opening mark, in the same sentence: 'X said: “...”' / 'According to X, “...”'
    sent = ctx.sentence_of(mark.start - 1) or (ps, mark.start)
    lead = (max(sent[0], ps), mark.start - 1)
    if lead[1] > lead[0]:
        seg = text[lead[0]:lead[1]]
        verbs = list(VERB.finditer(seg))
        m = PREPOSITION.search(seg) or (verbs[-1] if verbs else None)
        if m:
            prep = bool(PREPOSITION.match(m.group(0)))
            phrase = (lead[0] + m.end(), lead[1]) if prep else phrase_before(text, lead[0], lead[0] + m.start())
            if not prep and (words(text[phrase[0]:phrase[1]]) == 0
                             or re.fullmatch(r"\s*(?:who|which|который|которая|которые|що)\s*", text[phrase[0]:phrase[1]], re.I)):
                phrase = (lead[0], lead[0] + m.start())  # "He called for X, saying “...”": the sentence's subject
            spk = resolve_phrase(ctx, phrase, m.group(0), prep)
            if spk[0] == "unknown" and not prep:
                spk = resolve_phrase(ctx, (lead[0], lead[0] + m.start()), m.group(0))
            if spk[0] != "unknown":
                return _set(q, *spk[:3], (lead[0] + m.start(), lead[0] + m.end()), spk[3])
        elif seg.rstrip().endswith(":"):  # "Tokayev began with the words: «...»"
            spk = sentence_subject(ctx, *lead)
            if spk[0] != "unknown":
                return _set(q, *spk[:3], None, spk[3])
    # 3. The next sentence attributes it: '“...” This was stated by X.' / '«...». Об этом заявил X.'
    nxt = ctx.sentence_of(after_end) if after_end < pe else None
    if nxt and not words(text[close:after_end]):
        found = previous_sentence_quote(ctx, nxt[0], nxt[1], (mark.start, mark.end))
        if found:
            _, cue, spk = found
            return _set(q, *spk[:3], cue, spk[3])
    # 4. A whole-paragraph quote: the previous paragraph introduces it ('... posted in his channel:').
    if mark.paragraph_start and pi:
        qs, qe = ctx.paragraphs[pi - 1]
        for ls, le in reversed([sp for sp in ctx.sentences if qs <= sp[0] < qe][-2:]):
            cues = list(PREPOSITION.finditer(text, ls, le)) or list(VERB.finditer(text, ls, le))
            if cues:
                cue = cues[-1]
                prep = bool(PREPOSITION.match(cue.group(0)))
                phrase = (cue.end(), le) if prep else phrase_before(text, ls, cue.start())
                spk = resolve_phrase(ctx, phrase, cue.group(0), prep)
                if spk[0] == "unknown":
                    spk = resolve_phrase(ctx, (ls, cue.start()), cue.group(0))
                if spk[0] != "unknown":
                    how = "previous paragraph" if spk[2] == "named" else spk[2]
                    return _set(q, spk[0], spk[1], how, (cue.start(), cue.end()), spk[3] - 0.1)
            if text[ls:le].rstrip().endswith(":"):
                spk = sentence_subject(ctx, ls, le)
                if spk[0] != "unknown":
                    return _set(q, spk[0], spk[1], "previous paragraph", None, spk[3] - 0.1)
    # 5. The quote goes on from the last attributed quote of this paragraph or the one before.
    last = previous[-1] if previous else None
    if last and last.speaker != "unknown" and pi is not None and ctx.paragraph_index(last.start) in (pi, pi - 1) \
            and words(text[last.end:mark.start]) <= 25 and words(text[mark.start:mark.end]) >= MIN_DIRECT_WORDS:
        return _set(q, last.speaker, last.speaker_name, "continuation", last.cue, max(0.3, last.score - 0.2))
    return q


def _set(q: Quote, spk, name, how, cue, score) -> Quote:
    q.speaker, q.speaker_name, q.resolution, q.cue, q.score = spk, name, how, cue, round(score, 2)
    return q


_ABBREVIATION = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Prof|Gen|Col|Sen|Rep|Jr|Sr|г|гг|им|проф|ген)|\b[A-ZА-ЯЁ])$")


def _sentence_end(text: str, start: int, limit: int) -> int:
    """End of the sentence from ``start``: not at "Mr." or an initial ("“...” Mr. Keosayan said")."""
    for m in re.finditer(r"[.!?…](?:\s|$)", text[start:limit]):
        if not (m.group(0)[0] == "." and _ABBREVIATION.search(text[start:start + m.start()])):
            return start + m.end()
    return limit
