"""Carrier analysis: who carries a narrative on a page and how the author frames that carrier.

For one narrative with its evidence sentences, :func:`carrier_features` reads the page as a reader
does: where the evidence sits (the author's own words, a named speaker's quote, an unnamed source's
quote, or a quoted headline of another outlet held up as an object of analysis); who carries it
(unchallenged "experts"/"analysts", the author); how the author frames the carrier (endorsing: "as
the analyst rightly says", "эксперты напоминают"; analysing a campaign: "propaganda", "Tsargrad",
"нарратив"; refuting: "fake", "no evidence"; distancing: "so-called", "якобы"); whether another
side is quoted; and what the page pushes overall (the cues of Kremlin-aligned and of
counter-narratives in the author's voice). The trained stance model (:mod:`.stance_model`) turns
these into promotes / reports-on / counters.

    >>> page = PageView("Experts rightly note that Russians are persecuted.", "en", "", voices=[(0, 51, "author")])
    >>> f = dict(zip(NAMES, carrier_features(page, "CA: Persecution of Russians and Russian speakers", [(0, 51)])))
    >>> float(f["ev_author"]), float(f["expert_near"]), float(f["endorse_near"])
    (1.0, 1.0, 1.0)
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from .carrier_vocab import COUNTER_SIDE, carrier_patterns
from .stance_vocab import stance_patterns

NAMES = ("ev_author", "ev_named_quote", "ev_unnamed_quote", "ev_headline", "title_own", "own_author",
         "expert_near", "endorse_near", "campaign_near", "campaign_page", "counter_near", "counter_page",
         "distance_ev", "other_side_near", "named_speakers", "side_counter", "aligned_author", "counterside_author",
         "side_x_campaign", "side_x_aligned", "side_x_counter", "aligned_x_campaign", "aligned_x_counter",
         "loaded_author", "lang_ru", "bias")
LOADED = ("Loaded_Language", "Name_Calling-Labeling", "Appeal_to_Fear-Prejudice", "Exaggeration-Minimisation")
NEAR = 300  # characters either side of an evidence sentence: about its neighbours
_QUOTED = re.compile(r"[«“\"„]([^«»“”\"„\n]{12,220})[»”\"“]")


@dataclass
class PageView:
    """What stance reads of one analysed page: text, language, title and the pipeline's layers as
    tuples (``voices`` (start, end, voice); ``quotes`` (start, end, speaker); ``hits`` (start, end,
    coarse label) of every narrative cue; ``techniques`` (start, end, technique))."""
    text: str
    lang: str
    title: str = ""
    voices: list[tuple[int, int, str]] = field(default_factory=list)
    quotes: list[tuple[int, int, str]] = field(default_factory=list)
    hits: list[tuple[int, int, str]] = field(default_factory=list)
    techniques: list[tuple[int, int, str]] = field(default_factory=list)

    def __post_init__(self):
        self.lang = self.lang or "en"
        self.author = [(s, e) for s, e, v in self.voices if v == "author"] or \
            ([(0, len(self.text))] if not self.voices else [])
        self._matches: dict[str, list[tuple[int, int]]] = {}

    def matches(self, regex: re.Pattern) -> list[tuple[int, int]]:
        """Every match of ``regex`` in the text, found once per page (every narrative reuses them)."""
        if regex.pattern not in self._matches:
            self._matches[regex.pattern] = [m.span() for m in regex.finditer(self.text)]
        return self._matches[regex.pattern]

    def in_author(self, s: int, e: int) -> int:
        """How many characters of [s, e) the author speaks."""
        return sum(max(0, min(e, ae) - max(s, as_)) for as_, ae in self.author)

    @classmethod
    def of(cls, article, hits: list[tuple[int, int, str]]) -> "PageView":
        """The view of an analysed :class:`~narrascope.article.Article` (quotes and voices layers read when present)."""
        layer = article.layers.get
        return cls(article.text, article.language or "en", article.title or "",
                   [(v.start, v.end, v.label) for v in layer("voices") or []],
                   [(q.start, q.end, q.attrs.get("speaker") or "unknown") for q in layer("quotes") or []],
                   hits, [(t.start, t.end, t.label) for t in layer("techniques") or []])


def _is_named(speaker: str) -> bool:
    return bool(re.fullmatch(r"E\d+", speaker or ""))


def _windows(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(max(0, s - NEAR), min(len(text), e + NEAR)) for s, e in spans]


def _headline_spans(page: PageView, media: re.Pattern, campaign: re.Pattern) -> list[tuple[int, int]]:
    """Quoted titles the author holds up as objects: a quoted phrase of a few words in the author's
    own sentence that names an outlet, an article or a campaign nearby ("Tsargrad ran «…»")."""
    out = []
    for m in _QUOTED.finditer(page.text):
        s, e = m.span()
        ctx = page.text[max(0, s - 160):min(len(page.text), e + 80)]
        if len(m.group(1).split()) >= 3 and (media.search(ctx) or campaign.search(ctx)):
            out.append((s, e))
    return out


def carrier_features(page: PageView, label: str, evidence: list[tuple[int, int]]) -> np.ndarray:
    """The feature vector (:data:`NAMES`) of ``label`` on ``page`` with its evidence sentence spans."""
    text, lang = page.text, page.lang
    pat = carrier_patterns(lang)
    counter_re, distance_re = stance_patterns(lang)
    own = [(s, e) for s, e, lab in page.hits if lab == label]
    per_1k = max(1, len(text)) / 1000
    near = _windows(text, evidence)

    def own_cue(s: int, e: int) -> bool:
        return any(s < oe and os_ < e for os_, oe in own)

    def found(regex: re.Pattern, spans: list[tuple[int, int]], author_only: bool = True) -> int:
        n = 0
        for s, e in spans:
            for ms, me in page.matches(regex):
                if s <= ms < e and (not author_only or page.in_author(ms, me)) and not own_cue(ms, me):
                    n += 1
        return n

    total = sum(e - s for s, e in evidence) or 1
    named = unnamed = 0
    for s, e in evidence:
        for vs, ve, v in page.voices:
            overlap = max(0, min(e, ve) - max(s, vs))
            if overlap and v != "author":
                named += overlap if _is_named(v) else 0
                unnamed += 0 if _is_named(v) else overlap
    if "headlines" not in page._matches:
        page._matches["headlines"] = _headline_spans(page, pat["media"], pat["campaign"])
    heads = page._matches["headlines"]
    ev_headline = sum(any(s <= hs < e or hs <= s < he for hs, he in heads) for s, e in evidence) / max(1, len(evidence))
    head_end = text.find("\n")
    title_zone = (0, head_end if 0 < head_end <= 250 else min(len(text), 200))
    # the headline states the narrative in the author's voice (a quoted headline there is someone else's)
    title_own = float(any(s < title_zone[1] and page.in_author(s, e) for s, e in own))
    own_author = sum(1 for s, e in own if page.in_author(s, e)) / max(1, len(own))
    whole = [(0, len(text))]
    campaign_page = np.log1p(found(pat["campaign"], whole) / per_1k)
    counter_page = np.log1p(found(counter_re, whole) / per_1k)
    side = float(label in COUNTER_SIDE)
    aligned = sum(1 for s, e, lab in page.hits if lab not in COUNTER_SIDE and page.in_author(s, e))
    countered = sum(1 for s, e, lab in page.hits if lab in COUNTER_SIDE and page.in_author(s, e))
    aligned_author, counterside_author = np.log1p(aligned / per_1k), np.log1p(countered / per_1k)
    speakers = {sp for _, _, sp in page.quotes if _is_named(sp)}
    loaded = sum(1 for s, e, t in page.techniques if t in LOADED and page.in_author(s, e))
    vec = [
        sum(page.in_author(s, e) for s, e in evidence) / total, named / total, unnamed / total, ev_headline,
        title_own, own_author,
        float(found(pat["expert"], near, author_only=False) > 0), float(found(pat["endorse"], near) > 0),
        float(found(pat["campaign"], near) > 0), campaign_page,
        float(found(counter_re, near) > 0), counter_page,
        float(found(distance_re, evidence) > 0), float(found(pat["other_side"], near, author_only=False) > 0),
        min(len(speakers), 4) / 4, side, aligned_author, counterside_author,
        side * campaign_page, side * aligned_author, side * counter_page,
        (1 - side) * campaign_page, (1 - side) * counter_page,
        np.log1p(loaded / per_1k), float(lang in ("ru", "uk")), 1.0,
    ]
    return np.array(vec, dtype=np.float64)


def quoted_only(features: np.ndarray) -> bool:
    """True when nothing but quoted material carries the narrative: no evidence in the author's words,
    none of its cues in the author's words or the title, and no endorsement of the carrier. Such a
    narrative is never "promotes"."""
    f = dict(zip(NAMES, features))
    return f["ev_author"] == 0 and f["own_author"] == 0 and not f["title_own"] and not f["endorse_near"]


def carrier_summary(features: np.ndarray) -> dict[str, object]:
    """A reader's summary of :func:`carrier_features`: who carries the narrative and how the author
    frames the carrier, for the report and the exports.

        >>> carrier_summary(np.array([1.0 if n in ("ev_author", "endorse_near") else 0.0 for n in NAMES]))
        {'carrier': 'author', 'framing': 'endorsing', 'other_side': False}
    """
    f = dict(zip(NAMES, features))
    if f["ev_headline"] >= 0.5:
        carrier = "quoted headline"
    elif f["ev_author"] >= 0.5:
        carrier = "author"
    elif f["ev_named_quote"] >= f["ev_unnamed_quote"]:
        carrier = "named source"
    else:
        carrier = "unnamed source"
    if f["counter_near"]:
        framing = "refuting"
    elif f["campaign_near"]:
        framing = "analysing a campaign"
    elif f["endorse_near"] or (f["expert_near"] and carrier != "named source" and not f["other_side_near"]):
        framing = "endorsing"
    elif f["distance_ev"]:
        framing = "distanced"
    else:
        framing = "neutral"
    return {"carrier": carrier, "framing": framing, "other_side": bool(f["other_side_near"])}


def side_conflict(features: np.ndarray) -> bool:
    """True when the page's own voice pushes the other side: a counter-narrative ("Russia threatens
    Kazakhstan") on a page whose author voice carries Kremlin-aligned cues and analyses no campaign,
    or a Kremlin-aligned narrative on a page whose author voice analyses the campaign and carries the
    counter-narratives. The author does not promote a narrative of the side they argue against."""
    f = dict(zip(NAMES, features))
    if f["side_counter"]:
        return f["aligned_author"] > f["counterside_author"] + 0.5 and not f["campaign_page"]
    return f["campaign_page"] > 0.5 and f["counterside_author"] > f["aligned_author"] and not f["ev_author"] > 0.9


def endorsed_chorus(features: np.ndarray) -> bool:
    """True when the narrative is carried by the author or unnamed sources ("experts", "analysts") whom
    the author lets stand or endorses: an expert or endorsement cue near the evidence, and no other
    side, refutation, campaign analysis or distancing near it (the guideline's "experts quoted in a
    row with no other side"). Such a carrier is evidence for "promotes" even when the model is unsure."""
    f = dict(zip(NAMES, features))
    return (f["ev_unnamed_quote"] + f["ev_author"] >= 0.5 and bool(f["expert_near"] or f["endorse_near"])
            and not (f["other_side_near"] or f["counter_near"] or f["campaign_near"] or f["distance_ev"]))
