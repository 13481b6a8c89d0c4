"""The signals the combiner scores, per (text, label): head logit, cue hits (own and children's),
a cue in the title, and the best prototype similarity of a few selected sentences."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..taxonomy import TaxonomySet
from ..text.sentences import split_sentences
from . import embed, features
from .cues import CueHit, cue_index

SELECT_SENTENCES = 1
@dataclass
class TextSignals:
    rows: dict[str, np.ndarray]                       # label -> signal vector
    hits: list[CueHit] = field(default_factory=list)  # cue hits in the body
    sentence_logits: np.ndarray | None = None         # (sentences, labels with heads)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    selected: list[int] = field(default_factory=list)  # indices of embedded sentences
    proto_sims: dict[str, float] = field(default_factory=dict)


def text_signals(model, tax: TaxonomySet, text: str, title: str, lang: str | None,
                 sentences: list[tuple[int, int]] | None = None, select: int = SELECT_SENTENCES,
                 always_embed: bool = False) -> TextSignals:
    """Signals for every non-Other label. Sentences are embedded only when the lexical signals
    leave some coarse label near the decision threshold (or ``always_embed``, for training)."""
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
    doc_logits = model.head_logits(features.vectorize([f"{title}\n{text}".strip()]))[0]
    # Training text has no sentences layer: split it with the pipeline's own splitter.
    sentences = sentences if sentences is not None else split_sentences(text)
    sent_logits = model.head_logits(features.vectorize([text[s:e] for s, e in sentences])) if sentences else None

    def build(sims: dict[str, float]) -> dict[str, np.ndarray]:
        return {lab.name: model.signals(lab.name, doc_logits, counts.get(lab.name, 0), lab.name in title_labels,
                                        sims.get(lab.name) if sims else None)
                for lab in tax.by_name.values() if not lab.is_other}

    rows = build({})
    selected: list[int] = []
    sims: dict[str, float] = {}
    if select and model.prototypes and sent_logits is not None and embed.available() and \
            (always_embed or _uncertain(model, tax, rows, lang)):
        coarse_cols = [model.index[n] for n in model.prototypes if n in model.index]
        strength = sent_logits[:, coarse_cols].max(axis=1) if coarse_cols else np.zeros(len(sentences))
        selected = sorted(np.argsort(-strength)[:select].tolist())
        vecs = embed.embed([text[sentences[i][0]:sentences[i][1]] for i in selected])
        if vecs is not None:
            names = sorted(model.prototypes)
            P = np.stack([model.prototypes[n] for n in names])
            best = (vecs @ P.T).max(axis=0)
            sims = {n: float(s) for n, s in zip(names, best)}
            rows = build(sims)
    return TextSignals(rows, hits, sent_logits, sentences, selected, sims)


UNCERTAIN_BAND = (0.4, 1.6)  # x the language threshold


def _uncertain(model, tax: TaxonomySet, rows: dict[str, np.ndarray], lang: str) -> bool:
    names = [n for n in rows if not tax[n].is_fine]
    if not names:
        return False
    probs = model.probability(np.stack([rows[n] for n in names]))
    low, high = (f * model.threshold(lang) for f in UNCERTAIN_BAND)
    return bool(((probs >= low) & (probs < high)).any())


def doc_signals(model, tax: TaxonomySet, text: str, title: str, lang: str | None) -> list[dict[str, np.ndarray]]:
    """Training rows: with prototype similarity, and the same rows without it (as at analysis
    time when no sentence is embedded), so the combiner learns both cases."""
    with_proto = text_signals(model, tax, text, title, lang, always_embed=True).rows
    without = {n: _drop_proto(v) for n, v in with_proto.items()}
    return [with_proto, without] if any(v[5] for v in with_proto.values()) else [without]


def _drop_proto(vec: np.ndarray) -> np.ndarray:
    out = vec.copy()
    out[4] = out[5] = 0.0
    return out
