"""`narrascope train framing --format semeval2025`: fit :class:`FramingModel` on SemEval-2025
subtask 1 annotations (every language folder found, or ``--lang``)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ConfigError
from ..train import Trainer, register_trainer
from .model import FramingModel, features

LICENCE = ("Weights derive from the training data and carry its terms. SemEval-2025 Task 10 data is "
           "for research use only: do not redistribute a model trained on it.")


def fit_framing(data_dir: Path, data_format: str, out_dir: Path, **options: Any) -> dict[str, Any]:
    from ..tasks import semeval2025

    docs = {d.doc_id: d for d in semeval2025.read_documents(data_dir, options.get("lang"), 1)}
    gold = semeval2025.read_gold(data_dir, options.get("lang"), 1)
    if gold is None or not gold.rows:
        raise ConfigError("E008", path=str(data_dir), detail="no subtask-1-annotations.txt with roles")
    X, mains, fines = [], [], []
    for row in gold.rows:
        doc = docs.get(row.article_id) or docs.get(row.article_id.removesuffix(".txt"))
        if doc is None or not row.main_role:
            continue
        X.append(features(doc.text, row.start, row.end + 1, doc.lang.lower() if doc.lang else None))
        mains.append(row.main_role)
        fines.append(list(row.fine_roles))
    if not X:
        raise ConfigError("E008", path=str(data_dir), detail="no annotated mention matched a document")
    model = FramingModel.fit(np.stack(X), mains, fines)
    model.save(out_dir)
    return {"version": "model-0.1.0", "examples": len(X), "training_data_licence": LICENCE,
            "main_role_distribution": {m: mains.count(m) for m in sorted(set(mains))}}


register_trainer(Trainer("framing", ("semeval2025",), fit_framing))
