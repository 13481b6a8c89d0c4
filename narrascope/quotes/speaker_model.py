"""The trained speaker model: for each quote, rank its candidate speakers with logistic regression.

Candidates are the entities named near the quote (outside every quotation) — in its sentence, the
sentence before and after it, and the rest of its paragraph — each at its nearest mention, plus the
attribution rules' own verdict wherever it points, plus "anonymous" and "unknown" (no speaker in the
text: abstention, never a guessed name). Each candidate is a row of named binary and scaled features
(:func:`candidate_features`: distance, side, sentence relation, cue verbs and their direction, dash
attribution, "по словам"/"according to"/"as X told", whom the cues around the quote name, apposition,
antecedent, type, registry, the rules' verdict, language); the weights are a dictionary from feature name
to weight, fitted by :mod:`narrascope.eval.speaker_fit` (the shipped model leaves the rules' verdict out:
the rules were written from its training pages).
The best-scored candidate speaks; its softmax probability is the quote's score.

Shipped as ``speakers.json`` in ``resources/models/quotes`` (weights inline, JSON only).

    >>> m = SpeakerModel({"cand=unknown": 1.0}, 0.0, {})
    >>> m.choose([("E1", {"cand=entity": 1.0}), ("unknown", {"cand=unknown": 1.0})])[0]
    'unknown'
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import ConfigError
from .citing import cited_speaker
from .cues import ANONYMOUS, DESCRIPTOR, ORG_DESCRIPTOR, PREPOSITION, VERB
from .indirect import phrase_after, phrase_before, previous_sentence_quote
from .speakers import Context, EntityRef, antecedent, grammatical_gender, resolve_phrase, sentence_subject, subject_like

FILE = "speakers.json"
KEEP_UNNAMED = 0.5  # a named speaker overrules the rules' "anonymous" only at this probability or above
VERSION = "speaker-model-1.0.0"
TYPES = ("PER", "ORG", "GROUP", "LOC")
# Media words in a name: an outlet speaks only when the text makes it so ("Dom Kino", "RIA Novosti", "ТАСС").
_OUTLET = re.compile(r"\b(?:TV|News|Novosti|Times|Post|Press|Agency|Media|Channel|Radio|Kino|Today|Segodnya|"
                     r"РИА|ТАСС|ТВ|Новости|газет\w*|канал\w*|агентств\w*|радио|телеканал\w*|Sputnik|Спутник|Ria|Tass)\b",
                     re.I)
_DASH_AFTER = re.compile(r"^\W{0,3}\s*[—–-]\s+")
_APPOSITION = re.compile(r"\s*,\s+[^,.;:!?\"«»“”]{2,90},")  # used with match(): anchored where it starts
_AS_BEFORE = re.compile(r"\b(?:as|как)\s+$", re.I)
_VERB_BEFORE = re.compile(rf"(?:{VERB.pattern})[\s,]+(?:[\w\-’'.]+\s+){{0,4}}$")


_PREP_BEFORE = re.compile(r"\b(?:in|at|to|with|from|for|on|by|of|about|against|into|between|among|like|than|under|"
                          r"over|after|before|during|near|в|во|на|с|со|к|у|о|об|от|для|при|по|за|из|до|про|между|против)\s+"
                          r"(?:the\s+)?(?:[\w\-’'.]+\s+){0,2}$", re.I)
_PRONOUN = re.compile(r"\b(he|she|он|она)\b", re.I)
_GENDER = {"he": "m", "он": "m", "she": "f", "она": "f"}


def _cue_speakers(ctx: Context, start: int, end: int, first: tuple[int, int], last: tuple[int, int]) -> dict[str, str]:
    """Whom the attribution cues around the quote name, by where the cue is: "tail" (',” said X' / '», — заявил X'),
    "lead" ('X said: “' / 'по словам X, '), "next" (the next sentence: 'This was stated by X' / 'Об этом заявил X')."""
    text, out = ctx.text, {}
    tail_end = last[1] if last[1] > end else end
    cited = cited_speaker(ctx, end, tail_end)
    if cited:
        out["cited"] = cited[0]
    prep = PREPOSITION.search(text, end, tail_end)
    if prep and not re.search(r"\w", text[end:prep.start()].replace("and", "")):  # "CONTENT, according to X."
        spk = resolve_phrase(ctx, (prep.end(), tail_end), prep.group(0), True)[0]
        if spk != "unknown":
            out["tail_prep"] = spk
    m = None if cited else VERB.search(text, end, min(tail_end, end + 120))
    if m:
        phrase = (end, m.start()) if _words(text[end:m.start()]) else phrase_after(text, m.end(), tail_end)
        spk = resolve_phrase(ctx, phrase, m.group(0))[0]
        if spk != "unknown":
            out["tail"] = spk
    lead = text[first[0]:start] if first[0] < start else ""
    cues = list(PREPOSITION.finditer(lead)) or list(VERB.finditer(lead))
    if cues:
        c = cues[-1]
        prep = bool(PREPOSITION.match(c.group(0)))
        phrase = (first[0] + c.end(), start) if prep else phrase_before(text, first[0], first[0] + c.start())
        spk = resolve_phrase(ctx, phrase, c.group(0), prep)[0]
        if spk == "unknown" and not prep:
            spk = resolve_phrase(ctx, (first[0], first[0] + c.start()), c.group(0))[0]
        if spk != "unknown":
            out["lead"] = spk
        if not prep:  # "X, a prominent face of ..., claimed that": the sentence's subject before the cue
            subj = resolve_phrase(ctx, (first[0], first[0] + c.start()), c.group(0))[0]
            if subj != "unknown":
                out["lead_subject"] = subj
    pi = ctx.paragraph_index(start)
    if pi and not re.search(r"\w", text[ctx.paragraphs[pi][0]:start]):
        # a paragraph that is the quote: the paragraph before introduces it ('... posted in his channel:')
        ps, pe = ctx.paragraphs[pi - 1]
        intro = [sp for sp in ctx.sentences if ps <= sp[0] < pe][-1:]
        for ls, le in intro:
            cues = list(PREPOSITION.finditer(text, ls, le)) or list(VERB.finditer(text, ls, le))
            spk = "unknown"
            if cues:
                c = cues[-1]
                prep = bool(PREPOSITION.match(c.group(0)))
                spk = resolve_phrase(ctx, (c.end(), le) if prep else phrase_before(text, ls, c.start()), c.group(0), prep)[0]
                if spk == "unknown":
                    spk = resolve_phrase(ctx, (ls, c.start()), c.group(0))[0]
            if spk == "unknown" and text[ls:le].rstrip().endswith(":"):
                spk = sentence_subject(ctx, ls, le)[0]
            if spk != "unknown":
                out["intro"] = spk
    k = next((i for i, (s, _) in enumerate(ctx.sentences) if s >= tail_end), None)
    if k is not None:
        found = previous_sentence_quote(ctx, *ctx.sentences[k], (start, end))
        if found:
            out["next"] = found[2][0]
    return out


def entity_stats(ctx: Context) -> tuple[dict[str, int], dict[str, int]]:
    """Per entity: its mentions, and those next to a cue verb ("X said", "заявил X"): who speaks in this text."""
    counts: dict[str, int] = {}
    speaking: dict[str, int] = {}
    for x in ctx.entities:
        counts[x.entity] = counts.get(x.entity, 0) + 1
        if _verb_within(ctx.text[x.end:x.end + 60]) or _VERB_BEFORE.search(ctx.text[max(0, x.start - 60):x.start]):
            speaking[x.entity] = speaking.get(x.entity, 0) + 1
    return counts, speaking


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _verb_within(after: str, n: int = 4) -> bool:
    """A cue verb among the first ``n`` words of ``after`` ("Tokayev, the president, said"; "Путин заявил")."""
    return any(VERB.match(after, m.start()) for m in list(re.finditer(r"\w+", after))[:n])


def _bucket(n: int) -> str:
    return "0-3" if n <= 3 else "4-10" if n <= 10 else "11-25" if n <= 25 else "26+"


def _sentence_index(ctx: Context, pos: int) -> int:
    """Index of the sentence holding ``pos`` (the nearest one before it when none does)."""
    best = 0
    for i, (s, e) in enumerate(ctx.sentences):
        if s <= pos:
            best = i
            if pos < e:
                return i
        else:
            break
    return best


def _para_index(ctx: Context, pos: int) -> int:
    i = ctx.paragraph_index(pos)
    if i is not None:
        return i
    return max([k for k, (s, _) in enumerate(ctx.paragraphs) if s <= pos] or [0])


def _window(ctx: Context, start: int, end: int) -> tuple[int, int]:
    """From the sentence before the quote's first to the sentence after its last, and its whole paragraph."""
    if not ctx.sentences:
        return 0, len(ctx.text)
    first, last = _sentence_index(ctx, start), _sentence_index(ctx, max(start, end - 1))
    lo = ctx.sentences[max(0, first - 1)][0]
    hi = ctx.sentences[min(len(ctx.sentences) - 1, last + 1)][1]
    if ctx.paragraphs:
        ps, pe = ctx.paragraphs[_para_index(ctx, start)]
        lo, hi = min(lo, ps), max(hi, pe)
    return lo, hi


def candidate_features(ctx: Context, start: int, end: int, kind: str, language: str,
                       rule: tuple[str, str, float], stats: tuple[dict[str, int], dict[str, int]],
                       previous: tuple[int, int] | None = None, quoted: list[tuple[int, int]] = ()
                       ) -> list[tuple[str, str | None, dict[str, float]]]:
    """(candidate, name, features) for the quote ``text[start:end]``; ``rule``: the rules' (speaker,
    resolution, score); ``stats``: :func:`entity_stats` of the article; ``previous``: the quote before it;
    ``quoted``: the direct quotes found in the article (their mentions do not speak)."""
    counts, speaking = stats
    text = ctx.text
    rule_spk, rule_how, rule_score = rule
    lang = language if language in ("en", "ru") else "other"
    lo, hi = _window(ctx, start, end)
    q_first, q_last = _sentence_index(ctx, start), _sentence_index(ctx, max(start, end - 1))
    q_para = _para_index(ctx, start)
    nearest: dict[str, tuple[int, EntityRef]] = {}
    for x in ctx.entities:
        if start <= x.start < end or ctx.in_quote(x.start, x.end) or any(a <= x.start < b for a, b in quoted):
            continue  # named inside a quote: spoken about, not speaking
        dist = start - x.end if x.end <= start else x.start - end
        if dist < 0:
            continue
        inside = lo <= x.start < hi
        if (inside or x.entity == rule_spk) and (x.entity not in nearest or dist < nearest[x.entity][0]):
            nearest[x.entity] = (dist, x)
    top_per = max((e for e in counts if any(x.entity == e and x.type == "PER" for x in ctx.entities)),
                   key=lambda e: (counts[e], e), default=None)
    sides: dict[str, list[int]] = {"before": [], "after": []}
    for dist, x in nearest.values():
        sides["before" if x.end <= start else "after"].append(dist)
    for v in sides.values():
        v.sort()
    subjects = {id(x) for x in subject_like(ctx, [x for _, x in nearest.values()])}
    rule_flag = lambda cand: ({"rule": 1.0, f"rule_how={rule_how}": 1.0, "rule_score": rule_score}  # noqa: E731
                              if cand == rule_spk else {})
    out: list[tuple[str, str | None, dict[str, float]]] = []
    sent = ctx.sentences[q_first] if ctx.sentences else (0, len(text))
    sent_outside = text[sent[0]:start] + " " + text[end:ctx.sentences[q_last][1] if ctx.sentences else end]
    # "he said", "отметил эксперт": the person a pronoun or descriptor of the attribution points back to
    pointer = bool(DESCRIPTOR.search(sent_outside))
    prior = antecedent(ctx, sent[0], ("PER",))
    back = prior.entity if prior else None
    cued = _cue_speakers(ctx, start, end, sent, ctx.sentences[q_last] if ctx.sentences else (end, end))
    if previous and ctx.sentences and q_para - _para_index(ctx, previous[0]) <= 1 and not cued:
        # a quote that goes on from the one before: that one's cue names the speaker
        ps, pe = _sentence_index(ctx, previous[0]), _sentence_index(ctx, max(previous[0], previous[1] - 1))
        was = _cue_speakers(ctx, previous[0], previous[1], ctx.sentences[ps], ctx.sentences[pe])
        cued.update({f"prev_{k}": v for k, v in was.items()})
    pron = _PRONOUN.search(sent_outside)
    said_gender = _GENDER.get(pron.group(1).lower()) if pron else None
    for dist, x in sorted(nearest.values(), key=lambda d: (d[0], d[1].start)):
        before = x.end <= start
        side = "before" if before else "after"
        gap = text[x.end:start] if before else text[end:x.start]
        s_idx = _sentence_index(ctx, x.start)
        rel = "same" if q_first <= s_idx <= q_last else "prev" if s_idx == q_first - 1 else \
            "next" if s_idx == q_last + 1 else "far"
        rank = min(sides[side].index(dist), 2)
        around = text[max(0, x.start - 60):x.start]
        after_x = text[x.end:x.end + 60]
        f: dict[str, float] = {
            "cand=entity": 1.0, f"type={x.type}": 1.0, f"side={side}": 1.0, f"rel={rel}": 1.0,
            f"{side}_rank={rank}": 1.0, f"{side}_rank={rank}_{x.type}": 1.0, f"rel={rel}_{x.type}": 1.0,
            "logdist": math.log1p(dist) / 7.0, "other_para": float(_para_index(ctx, x.start) != q_para),
            "cue_gap": float(bool(VERB.search(gap) or PREPOSITION.search(gap))),
            "cue_next": float(bool(VERB.match(after_x.lstrip(" ,")) or VERB.search(around[-25:]))),
            "prep_before": float(bool(re.search(rf"(?:{PREPOSITION.pattern})\s*(?:[\w\-]+\s+){{0,4}}$", around, re.I))),
            "as_before": float(bool(_AS_BEFORE.search(around))),
            "dash_gap": float(not before and bool(_DASH_AFTER.match(gap)) and bool(VERB.search(gap))),
            "subject": float(id(x) in subjects), "apposition": float(bool(_APPOSITION.match(after_x))),
            "logcount": math.log1p(counts.get(x.entity, 1)) / 3.0, "top_per": float(x.entity == top_per),
            "outlet_name": float(bool(_OUTLET.search(x.name or ""))), "registered": float(x.country is not None),
            f"lang={lang}_{x.type}": 1.0, f"kind={kind}_{side}": 1.0,
            "gap_break": float("\n" in gap), "in_window": float(lo <= x.start < hi),
            f"gap_words={_bucket(_words(gap))}": 1.0,
            "verb_after_mention": float(_verb_within(after_x)),
            "verb_before_mention": float(bool(_VERB_BEFORE.search(around))),
            "colon_gap": float(before and gap.rstrip().endswith(":")),
            "sentence_break": float(bool(re.search(r"[.!?…]\s", gap))),
            "between_entity": float(any((y.start >= x.end and y.end <= start) if before else (y.start >= end and y.end <= x.start)
                                        for _, y in nearest.values() if y.entity != x.entity)),
            "between_quote": float(any((a >= x.end and b <= start) if before else (a >= end and b <= x.start)
                                       for a, b in ctx.quoted if (a, b) != (start, end))),
            "antecedent": float(x.entity == back),
            **{f"said_{where}": 1.0 for where, spk in cued.items() if spk == x.entity},
            "said_any": float(any(spk == x.entity for where, spk in cued.items() if not where.startswith("prev_"))),
            # a cue of this quote names someone else: a binary ranker sees its rivals only through this
            "said_other": float(any(spk != x.entity for where, spk in cued.items() if not where.startswith("prev_"))),
            "speaks_elsewhere": math.log1p(speaking.get(x.entity, 0)) / 2.0,
            "possessive": float(bool(re.match(r"[’']s\b|[’']\s", after_x))),
            "prep_governed": float(bool(_PREP_BEFORE.search(around))),
            "gender_match": float(bool(said_gender) and grammatical_gender(x.name or "") == said_gender),
            "gender_clash": float(bool(said_gender) and grammatical_gender(x.name or "") not in (said_gender, None)),
            f"antecedent_{'cue' if pointer else 'nocue'}": float(x.entity == back),
        }
        f.update(rule_flag(x.entity))
        out.append((x.entity, x.name, f))
    has_ent = float(bool(out))
    anon = ANONYMOUS.search(sent_outside)
    out.append(("anonymous", None, {"cand=anonymous": 1.0, f"anon_lang={lang}": 1.0, "anon_word": float(bool(anon)),
                                    "anon_desc": float(bool(DESCRIPTOR.search(sent_outside))),
                                    "anon_org": float(bool(ORG_DESCRIPTOR.search(sent_outside))),
                                    "anon_no_entity": 1.0 - has_ent,
                                    **{f"anon_said_{where}": 1.0 for where, spk in cued.items() if spk == "anonymous"},
                                    "anon_said_any": float(any(spk == "anonymous" for where, spk in cued.items()
                                                               if not where.startswith("prev_"))),
                                    "anon_said_other": float(any(spk != "anonymous" for where, spk in cued.items()
                                                                 if not where.startswith("prev_"))),
                                    f"anon_kind={kind}": 1.0, **rule_flag("anonymous")}))
    cue = bool(VERB.search(sent_outside) or PREPOSITION.search(sent_outside))
    out.append(("unknown", None, {"cand=unknown": 1.0, f"unk_lang={lang}": 1.0, "unk_no_cue": float(not cue),
                                  "unk_no_entity": 1.0 - has_ent, "unk_no_cued": float(not cued), f"unk_kind={kind}": 1.0,
                                  "unk_short": float(len(re.findall(r"\w+", text[start:end])) < 6), **rule_flag("unknown")}))
    return out


@dataclass
class SpeakerModel:
    """Feature weights and a bias per candidate; :meth:`choose` picks the best candidate."""

    weights: dict[str, float]
    bias: float
    manifest: dict[str, Any] = field(default_factory=dict)

    def scores(self, cands: list[tuple[str, dict[str, float]]]) -> list[float]:
        w = self.weights
        return [self.bias + sum(w.get(k, 0.0) * v for k, v in f.items()) for _, f in cands]

    def probabilities(self, cands: list[tuple[str, dict[str, float]]]) -> list[float]:
        """Softmax of the scores over the candidates."""
        s = self.scores(cands)
        top = max(s)
        z = sum(math.exp(v - top) for v in s)
        return [math.exp(v - top) / z for v in s]

    def choose(self, cands: list[tuple[str, dict[str, float]]]) -> tuple[str, float]:
        """(best candidate, its softmax probability among the candidates)."""
        s = self.scores(cands)
        top = max(range(len(s)), key=lambda i: (s[i], -i))
        z = sum(math.exp(v - s[top]) for v in s)
        return cands[top][0], 1.0 / z

    def to_json(self) -> dict[str, Any]:
        return {"version": VERSION, "bias": self.bias, "weights": {k: round(v, 6) for k, v in sorted(self.weights.items())}}

    @classmethod
    def from_json(cls, data: dict[str, Any], manifest: dict[str, Any] | None = None) -> "SpeakerModel":
        if not isinstance(data, dict) or not isinstance(data.get("weights"), dict):
            raise ConfigError("E009", path=str((manifest or {}).get("path", FILE)), detail=f"{FILE} has no weights object")
        return cls({str(k): float(v) for k, v in data["weights"].items()}, float(data.get("bias", 0.0)), manifest or {})

    @classmethod
    def from_dir(cls, md: Any) -> "SpeakerModel":
        """The model of a checked model directory (:class:`narrascope.modeldir.ModelDir`)."""
        return cls.from_json(md.json(md.manifest.get("speakers", FILE)), md.manifest)


def assign(model: SpeakerModel, ctx: Context, quotes: list[Any], language: str) -> None:
    """Re-decide each quote's speaker with ``model`` (in place); nested quotes follow their host."""
    stats = entity_stats(ctx)
    names: dict[str, str] = {}
    for x in ctx.entities:
        names.setdefault(x.entity, x.name)
    previous, spans = None, [(q.start, q.end) for q in quotes if q.kind == "direct"]
    for q in quotes:
        if q.attrs.get("nested_in"):
            continue
        cands = candidate_features(ctx, q.start, q.end, q.kind, language, (q.speaker, q.resolution, q.score), stats,
                                   previous, spans)
        previous = (q.start, q.end)
        best, p = model.choose([(c, f) for c, _, f in cands])
        if q.speaker == "anonymous" and (best == "unknown" or p < KEEP_UNNAMED):
            # the rules found an unnamed speaker ("experts say"): only a confident named one overrules them
            best, p = "anonymous", dict(zip([c for c, _, _ in cands], model.probabilities([(c, f) for c, _, f in cands])))["anonymous"]
        if best != q.speaker:
            q.attrs["rules_speaker"] = q.speaker
            q.speaker, q.speaker_name = best, names.get(best)
            q.resolution = "model" if best not in ("anonymous", "unknown") else f"model: {best}"
        q.score = round(p, 2)
        q.attrs["speaker_model"] = True
    hosts = {(q.start, q.end): q for q in quotes if not q.attrs.get("nested_in")}
    for q in quotes:
        host = hosts.get(tuple(q.attrs.get("nested_in") or ()))
        if host is not None and q.resolution == "nested":
            q.speaker, q.speaker_name, q.score = host.speaker, host.speaker_name, host.score
