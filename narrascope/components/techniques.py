"""The ``techniques`` component: spans of the 23 SemEval-2023 persuasion techniques (and the
UNLP-2025-only ones in uk/ru posts), each with the voice that uses it.

Layer ``techniques``: label = technique name; score; attrs {"voice": label of the ``voices`` span
it starts in ("author", an entity id, "anonymous", ...), "source": "lexicon" | "model" |
"quotes" | "scare_quotes" (| "repetition" when enabled), "cue" (when a cue found it), "sources" and
"cues" (when several sources found the technique on overlapping text, merged into one span), "paragraph": the SemEval-2023 paragraph id
(1-based line number) it starts in, "category"}. ``article.meta["technique_paragraphs"]``: the
paragraph-level labels derived from the spans as SemEval-2023 subtask 3 defines them (a paragraph
has technique T when a T span overlaps its line): ``[{"paragraph", "start", "end", "techniques"}]``
for the paragraphs that have any. ``article.meta["techniques_model"]`` names the model used.

Genre: the model decodes news articles word by word, and social-media posts (UNLP-2025 style:
clause-long trigger spans, post-level techniques) differently. An article is read as a post when
``article.meta["genre"] == "post"`` (a benchmark of posts says so, e.g. UNLP-2025) or
``article.meta["techniques_style"] == "post"``; everything else is read as an article.

Given spans (the technique-classification setting of PTC / SemEval-2020 Task 11): when
``article.meta["given_spans"]`` holds ``[start, end]`` character offsets into the raw text (mapped
into ``article.text`` through ``article.offset_map``; the same offsets when the text is kept
verbatim), the layer holds exactly one span per given span, at those offsets, labelled by the
model's span classifier (:mod:`narrascope.techniques.span_classifier`; source "given"), or with the
most frequent training technique when the model has none. No other span is added. News articles
get SemEval-2023 names only; posts may get UNLP-only ones.

The model is the one given with ``--model`` (a ``narrascope train techniques`` directory), else the
shipped one under ``resources/models/techniques`` (CC BY-NC-SA 4.0: trained on UNLP-2025 data); it is
loaded once, when the component is created (:func:`narrascope.modeldir.load_model`).
"""
from __future__ import annotations

from ..article import Article, OffsetMap, Span
from ..tasks.semeval2023 import paragraph_spans
from ..pipeline import Component, component
from ..modeldir import load_model
from ..settings import Settings
from ..techniques.combine import Found, find_techniques
from ..techniques.lexicon import Lexicon
from ..techniques.model import TechniqueModel, default_model_dir


def _at(spans: list[tuple[int, int, object]], pos: int):
    return next((v for s, e, v in spans if s <= pos < e), None)


def _style(article: Article) -> str:
    given = article.meta.get("techniques_style")
    if given in ("post", "article"):
        return given
    return "post" if article.meta.get("genre") == "post" else "article"


def paragraph_labels(text: str, spans: list[Span]) -> list[dict]:
    """SemEval-2023 subtask 3 paragraph labels from spans (paragraph = non-blank line)."""
    out = []
    for number, start, end in paragraph_spans(text):
        labels = sorted({s.label for s in spans if s.start < end and s.end > start})
        if labels:
            out.append({"paragraph": number, "start": start, "end": end, "techniques": labels})
    return out


def clean_offset(offset_map: OffsetMap, raw: int, length: int, end: bool = False) -> int:
    """The ``article.text`` offset of raw offset ``raw`` (the nearest kept character when the
    cleaner dropped it); the same offset when nothing was mapped. ``end``: an exclusive end, which
    may sit just past a segment's last character."""
    if not offset_map.segments:
        return max(0, min(raw, length))
    best = None
    for clean_start, raw_start, n in offset_map.segments:
        if raw_start <= raw < raw_start + n + end:
            return clean_start + raw - raw_start
        dist = raw_start - raw if raw < raw_start else raw - raw_start - n
        here = clean_start if raw < raw_start else clean_start + n
        if best is None or dist < best[0]:
            best = (dist, here)
    return max(0, min(best[1], length))


def given_spans(article: Article) -> list[tuple[int, int]]:
    """``meta["given_spans"]`` as ``article.text`` offsets, in the given order (duplicates kept)."""
    n = len(article.text)
    out = []
    for s, e in article.meta.get("given_spans") or []:
        start = clean_offset(article.offset_map, int(s), n)
        out.append((start, max(start, clean_offset(article.offset_map, int(e), n, end=True))))
    return out


# The fallback when the model has no span classifier: the most frequent technique of news annotation.
MOST_FREQUENT = "Loaded_Language"


@component("techniques", requires=("text", "layers.sentences", "layers.quotes", "layers.voices",
                                    "meta.techniques_style", "meta.genre", "meta.given_spans"),
           assigns=("layers.techniques", "meta.technique_paragraphs", "meta.techniques_model"), version="1.3.0")
class TechniqueFinder(Component):
    def __init__(self, settings: Settings | None = None):
        super().__init__(settings)
        # Resolved, checked and loaded once, here: a bad model stops the pipeline before any article.
        # No shipped model (no model.json): cues, repetition and quotes still work.
        self.model: TechniqueModel | None = load_model("techniques", self.settings, TechniqueModel.from_dir,
                                                       default=default_model_dir())

    def __call__(self, article: Article) -> Article:
        model = self.model
        lexicon = Lexicon.load()
        text = article.text
        if article.meta.get("given_spans") is not None:
            found = self._given(article)
        else:
            found = find_techniques(text, article.language, [(s.start, s.end) for s in article.layers["sentences"]],
                                    list(article.layers["quotes"]), lexicon, model, _style(article))
        voices = [(v.start, v.end, v.label) for v in article.layers["voices"]]
        paragraphs = [(s, e, n) for n, s, e in paragraph_spans(text)]
        spans = []
        for f in found:
            pos = f.attrs.pop("voice_pos", f.start)
            attrs = {"voice": _at(voices, pos) or "author", "source": f.source,
                     "paragraph": _at(paragraphs, f.start), "category": lexicon.category(f.label), **f.attrs}
            spans.append(Span(f.start, f.end, f.label, f.score, attrs))
        article.add_layer("techniques", spans, self.name, self.version)
        article.meta["technique_paragraphs"] = paragraph_labels(text, spans)
        article.meta["techniques_model"] = (model.manifest.get("version") if model else None)
        return article

    def _given(self, article: Article) -> list[Found]:
        spans = given_spans(article)
        clf = self.model.span_classifier if self.model is not None else None
        if clf is None:
            return [Found(s, e, MOST_FREQUENT, 0.0, "given") for s, e in spans]
        post = _style(article) == "post"
        labels = clf.predict(article.text, spans, allowed=None if post else (lambda label: label[0].isupper()))
        return [Found(s, e, label, score, "given") for (s, e), (label, score) in zip(spans, labels)]
