"""Cross-validate the whole narratives model on the annotated TRAIN pages (never the test split).

Each of 4 folds of train pages (grouped by page, seeded) is held out in turn: the model is trained
on the other train pages plus the synthetic articles and EUvsDisinfo claims, saved to a temporary
folder, and the held-out pages run through the full pipeline as `narrascope eval narratives` runs
them. This is how changes to cues, features and the stance head are chosen; it takes about 4
minutes on 2 cores.

    python scripts/cv_narratives.py [--folds 4] [--seed 7] [--sentence-heads]
"""
import argparse
import json
import tempfile
from pathlib import Path

import numpy as np

from narrascope.eval import narratives as ev
from narrascope.narratives import data, train
from narrascope.settings import Settings
from narrascope.taxonomy import load_taxonomies


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--sentence-heads", action="store_true", help="also fit the sentence-embedding heads")
    args = ap.parse_args()
    tax = load_taxonomies(Settings().taxonomies)
    annotated = data.annotations(tax, split="train")
    rest = [*data.synthetic(tax), *data.euvsdisinfo(tax)]
    ids = sorted({e.id for e in annotated})
    order = np.random.RandomState(args.seed).permutation(len(ids))
    fold = {ids[j]: i % args.folds for i, j in enumerate(order)}
    read = data.annotations
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(args.folds):
            model = train.fit([e for e in annotated if fold[e.id] != k] + rest, tax, sentence_heads=args.sentence_heads)
            folder = Path(tmp) / f"fold{k}"
            model.save(folder)
            (folder / "model.json").write_text(json.dumps({"component": "narratives", "version": "cv"}), encoding="utf-8")

            def held_out(tax_, split=None, corpus=None, k=k):
                return [e for e in read(tax_, split="train") if fold[e.id] == k]

            ev.data.annotations = held_out
            try:
                r = ev.evaluate_narratives(split="train", models=(str(folder),))
            finally:
                ev.data.annotations = read
            results.append(r)
            print(f"fold {k}: coarse {r['all']['samples_f1_coarse']:.3f} fine {r['all']['samples_f1_fine']:.3f} "
                  f"stance {r['stance_end_to_end']['accuracy']:.3f} oracle {r['stance_oracle']['model']['accuracy']:.3f}",
                  flush=True)

    def mean(get) -> float:
        return round(float(np.mean([get(r) or 0.0 for r in results])), 3)

    print(json.dumps({"coarse": mean(lambda r: r["all"]["samples_f1_coarse"]),
                      "fine": mean(lambda r: r["all"]["samples_f1_fine"]),
                      "stance_end_to_end": mean(lambda r: r["stance_end_to_end"]["accuracy"]),
                      "stance_oracle": mean(lambda r: r["stance_oracle"]["model"]["accuracy"]),
                      "ece_scores_over_0.1": mean(lambda r: r["ece_scores_over_0.1"])}))


if __name__ == "__main__":
    main()
