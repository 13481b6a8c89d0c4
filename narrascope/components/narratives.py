"""The ``narratives`` component: narrative and subnarrative labels from the loaded taxonomies,
each with a calibrated score, evidence sentence spans and their voices, and the author's stance
(promotes / reports-on / counters); plus the dominant narrative and an extractive explanation
of at most 80 words.

Layer ``narratives``: one span per label at its first evidence sentence; ``label`` = full label
name; attrs {"level": "narrative" | "subnarrative", "parent", "taxonomy", "stance",
"stance_score", "stance_probs", "carrier", "stance_cues", "evidence" [[start, end], ...], "voices",
"cues", "dominant"}. ``stance`` is "unclear" when the calibrated stance model's best probability is
below its threshold (shown as "no evidence": abstention, not a guess); ``stance_score`` is that
calibrated probability; ``carrier`` says who carries the narrative and how the author frames them.
``meta["dominant_narrative"]`` and ``meta["narrative_explanation"]`` hold the dominant label and
its explanation. When ``meta["given_dominant"]`` is set ([narrative, subnarrative], SemEval-2025
subtask 3, where the label is given), those labels are the dominant ones and are explained instead.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from ..article import Article, Span
from ..narratives.carriers import PageView, carrier_features, carrier_summary
from ..narratives.model import NarrativeModel
from ..narratives.signals import text_signals
from ..narratives.stance import judge
from ..narratives.stance_features import technique_spans
from ..pipeline import Component, component
from ..errors import ConfigError
from ..modeldir import load_model
from ..settings import Settings
from ..taxonomy import load_taxonomies

DEFAULT_MODEL = Path(__file__).resolve().parent.parent / "resources" / "models" / "narratives"
_WORD = re.compile(r"\w{4,}")
MAX_EVIDENCE = 3
MAX_WORDS = 80


def narrative_model(model_dir: str) -> NarrativeModel:
    """The narrative model of ``model_dir`` (checked, loaded once per process).

        >>> narrative_model(str(DEFAULT_MODEL)).stance_head is not None   # doctest: +SKIP
        True
    """
    return load_model("narratives", Settings(models=(model_dir,)), NarrativeModel.from_dir)




def _load(settings: Settings) -> NarrativeModel:
    model = load_model("narratives", settings, NarrativeModel.from_dir, default=DEFAULT_MODEL)
    if model is None:
        raise ConfigError("E009", path=str(DEFAULT_MODEL), detail="the shipped narrative model is missing; reinstall")
    return model


def _voice_of(voices: list[tuple[int, int, str]], s: int, e: int) -> str:
    best, share = "author", 0
    for vs, ve, v in voices:
        overlap = min(e, ve) - max(s, vs)
        if overlap > share:
            best, share = v, overlap
    return best


def explanation(text: str, evidence: list[tuple[int, int]], max_words: int = MAX_WORDS) -> str:
    """Evidence sentences in text order, cut to ``max_words`` words (SemEval subtask 3 style)."""
    words: list[str] = []
    for s, e in sorted(evidence):
        words += text[s:e].split()
    return " ".join(words[:max_words])


def _lexical_evidence(text: str, sentences: list[tuple[int, int]], about: str) -> list[tuple[int, int]]:
    """Up to three sentences sharing most word stems with ``about`` (a label and its definition);
    the first sentence when none shares one. For a given label the model has no head or cue for."""
    stems = {w.lower()[:5] for w in _WORD.findall(about)} - {"other", "narra", "text", "claim"}
    scored = sorted((-sum(w.lower()[:5] in stems for w in _WORD.findall(text[s:e])), i)
                    for i, (s, e) in enumerate(sentences))
    chosen = sorted(i for n, i in scored[:MAX_EVIDENCE] if n < 0) or [0][:len(sentences)]
    return [sentences[i] for i in chosen]


@component("narratives", requires=("text", "layers.sentences", "layers.quotes", "layers.voices", "layers.techniques",
                                   "meta.given_dominant"),
           assigns=("layers.narratives", "meta.dominant_narrative", "meta.narrative_explanation",
                    "meta.narrative_taxonomies", "meta.narrative_candidates"), version="1.3.0")
class Narratives(Component):
    def __init__(self, settings: Settings | None = None):
        super().__init__(settings)
        # Taxonomies and model are checked and loaded once, here: a bad one stops the pipeline
        # with a coded ConfigError before any article.
        self.taxonomies = load_taxonomies(self.settings.taxonomies)
        self.model = _load(self.settings)

    def __call__(self, article: Article) -> Article:
        tax, model = self.taxonomies, self.model
        sentences = [(s.start, s.end) for s in article.layers["sentences"]]
        voices = [(v.start, v.end, v.label) for v in article.layers["voices"]]
        lang = article.language or "en"
        sig = text_signals(model, tax, article.text, article.title or "", lang, sentences,
                           select=self.settings.narrative_embed_sentences)
        names = list(sig.rows)
        fine_rows = np.array([tax[n].is_fine for n in names])
        probs = dict(zip(names, model.probability(np.stack([sig.rows[n] for n in names]), fine_rows))) if names else {}
        coarse = {n for n in names if not tax[n].is_fine and probs[n] >= model.threshold(lang)}
        fine = {n for n in names if tax[n].is_fine and probs[n] >= model.fine_threshold and tax[n].parent in coarse}
        spans: list[Span] = []
        best = max(coarse, key=lambda n: probs[n], default=None)
        page = PageView.of(article, [(h.start, h.end, tax.coarse_of(h.label)) for h in sig.hits]) if coarse else None
        for name in sorted(coarse, key=lambda n: -probs[n]):
            children = sorted((f for f in fine if tax[f].parent == name), key=lambda f: -probs[f])
            evidence, cues = self._evidence(model, tax, sig, name, children)
            # the rules give the cues shown; the head decides only for a model without a stance model
            head = model.stance_head if model.stance_model is None else None
            stance = judge(article.text, lang, evidence, voices, [(h.start, h.end) for h in sig.hits
                           if h.label == name or tax[h.label].parent == name], article.title or "", head,
                           technique_spans(article))
            carrier_vec = carrier_features(page, name, evidence)
            carrier = carrier_summary(carrier_vec)
            stance_probs = {}
            if model.stance_model is not None:  # calibrated, and "unclear" (no evidence) rather than a guess
                decided, p, stance_probs = model.stance_model.judge(page, name, evidence, carrier_vec)
                stance.stance, stance.score = decided, p
            common = {"taxonomy": tax[name].taxonomy, "stance": stance.stance, "stance_score": round(stance.score, 3),
                      "stance_probs": stance_probs, "carrier": carrier,
                      "stance_cues": [list(c) for c in stance.cues], "author_share": round(stance.author_share, 3),
                      "evidence": [list(e) for e in evidence], "voices": [_voice_of(voices, s, e) for s, e in evidence],
                      "cues": cues, "dominant": name == best, "model": model.manifest.get("version", "")}
            first = evidence[0] if evidence else (0, 0)
            spans.append(Span(first[0], first[1], name, round(float(probs[name]), 3),
                              {"level": "narrative", "parent": None, **common}))
            subs = children or ([tax.other_of(name)] if tax.other_of(name) in tax else self._best_child(tax, probs, name))
            for k, sub in enumerate(subs):
                score = float(probs.get(sub, probs[name]))
                spans.append(Span(first[0], first[1], sub, round(score, 3),
                                  {"level": "subnarrative", "parent": name, **common, "dominant": name == best and k == 0}))
            if name == best:
                article.meta["dominant_narrative"] = {"label": name, "subnarrative": subs[0],
                                                      "score": round(float(probs[name]), 3)}
                article.meta["narrative_explanation"] = explanation(article.text, evidence)
        if best is None:
            article.meta.pop("dominant_narrative", None)
            article.meta.pop("narrative_explanation", None)
        if article.meta.get("given_dominant"):  # SemEval-2025 ST3: explain the given label, not our own
            self._explain_given(article, sig, probs, *article.meta["given_dominant"])
        article.meta["narrative_taxonomies"] = tax.ids
        # Every coarse candidate's calibrated score, for calibration checks and threshold tuning.
        article.meta["narrative_candidates"] = {n: round(float(p), 4) for n, p in probs.items() if not tax[n].is_fine}
        article.add_layer("narratives", spans, self.name, self.version)
        return article

    def _explain_given(self, article: Article, sig, probs: dict, narrative: str, subnarrative: str) -> None:
        """``meta["dominant_narrative"]`` = the given labels, explained by the sentences that support them:
        cue hits and head-ranked sentences when the label is known, else word overlap with its definition."""
        tax = self.taxonomies
        evidence: list[tuple[int, int]] = []
        if narrative in tax and not tax[narrative].is_fine:
            sub = [subnarrative] if subnarrative in tax and tax[subnarrative].is_fine and not tax[subnarrative].is_other else []
            evidence, _ = self._evidence(self.model, tax, sig, narrative, sub)
        if not evidence:
            about = " ".join([narrative, subnarrative, *(tax[n].definition for n in (narrative, subnarrative) if n in tax)])
            evidence = _lexical_evidence(article.text, list(sig.sentences), about)
        article.meta["dominant_narrative"] = {"label": narrative, "subnarrative": subnarrative, "given": True,
                                              "score": round(float(probs.get(narrative, 0.0)), 3)}
        article.meta["narrative_explanation"] = explanation(article.text, evidence)

    @staticmethod
    def _best_child(tax, probs, name: str) -> list[str]:
        """For a narrative with no Other subnarrative: its best-scored subnarrative."""
        kids = [c.name for c in tax.children(name)]
        return [max(kids, key=lambda k: probs.get(k, 0.0))] if kids else []

    @staticmethod
    def _evidence(model, tax, sig, name: str, children: list[str]) -> tuple[list[tuple[int, int]], list[str]]:
        """Up to three sentences: those holding the label's cues first, then the head's best sentences."""
        family = {name, *children, *(c.name for c in tax.children(name))}
        hits = [h for h in sig.hits if h.label in family]
        ranked: list[int] = []
        for h in sorted(hits, key=lambda h: h.start):
            i = next((k for k, (s, e) in enumerate(sig.sentences) if s <= h.start < e), None)
            if i is not None and i not in ranked:
                ranked.append(i)
        col = model.index.get(name)
        if col is not None and sig.sentence_logits is not None and len(ranked) < MAX_EVIDENCE:
            # Rank by how much more the sentence speaks for this label than for labels on average;
            # keep a sentence only if the head, reading it alone, leans to the label, unless there
            # is no other evidence at all.
            logits = sig.sentence_logits[:, col]
            contrast = logits - sig.sentence_logits.mean(axis=1)
            order = [i for i in np.argsort(-contrast).tolist() if i not in ranked]
            leaning = [i for i in order if logits[i] > 0]
            ranked += (leaning or ([] if ranked else order[:1]))[:MAX_EVIDENCE - len(ranked)]
        chosen = sorted(ranked[:MAX_EVIDENCE])
        return [sig.sentences[i] for i in chosen], sorted({h.cue for h in hits})
