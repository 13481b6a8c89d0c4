"""Training examples for the techniques model, from UNLP-2025, PTC, SemEval-2023 and our own
annotations (``resources/annotations/techniques.train.jsonl``: ids and offsets into the dev corpus).

An :class:`Example` is a text with (start, end, label) spans. ``SPAN`` spans mark manipulative
text whatever the technique (UNLP trigger words, every annotated span); technique spans carry a
SemEval-2023 name, or a UNLP-only name for UNLP techniques with no SemEval counterpart. UNLP spans
are not labelled per technique, so a post's techniques are given to each of its trigger spans
(weak labels) and kept whole in ``doc_labels`` for the post-level heads.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..errors import ConfigError
from ..settings import Settings

SPAN = "__span__"
OWN_ANNOTATIONS = "annotations/techniques.{split}.jsonl"
SYNTHETIC = "training/techniques/synthetic.jsonl"  # paragraphs written for the project (no corpus text)


@dataclass
class Example:
    text: str
    lang: str | None
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    doc_labels: list[str] | None = None  # UNLP technique names for the post, when known
    origin: str = ""
    doc_id: str = ""


def semeval_or_unlp(label: str) -> str:
    from ..tasks.unlp2025 import TO_SEMEVAL2023

    return TO_SEMEVAL2023.get(label, label)


def unlp_examples(data_dir: str | Path, split: str = "train", lang: str | None = None) -> list[Example]:
    """UNLP-2025 posts of ``split`` (never the test split for training). A file that holds none
    of the shared split's posts (your own data in the UNLP format) is read whole."""
    from ..errors import ConfigError
    from ..tasks.unlp2025 import load_split, read_posts

    try:
        rows = read_posts(data_dir, lang, split)
    except ConfigError:
        rows = read_posts(data_dir, lang, "all")
        if set(load_split()["test"]) & {r["id"] for r in rows}:
            raise
    out = []
    for row in rows:
        text = row["content"] or ""
        triggers = [(max(0, int(s)), min(len(text), int(e))) for s, e in (row.get("trigger_words") or [])]
        triggers = [(s, e) for s, e in triggers if s < e]
        techs = list(row.get("techniques") or [])
        spans = [(s, e, SPAN) for s, e in triggers]
        spans += [(s, e, semeval_or_unlp(t)) for t in techs for s, e in triggers]
        out.append(Example(text, (row.get("lang") or "").lower() or None, spans, techs, "unlp2025", row["id"]))
    return out


def own_examples(split: str = "train", corpus: str | Path | None = None) -> list[Example]:
    """Our annotated dev pages of ``split``: the annotated body, offsets shifted into it.
    ``corpus`` defaults to ``Settings().dev_corpus``."""
    corpus = Path(corpus) if corpus else Settings().dev_corpus
    if not corpus.exists():
        return []
    rows = {}
    for line in corpus.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            rows[row["id"]] = row
    out = []
    for gold in read_own_annotations(split):
        row = rows.get(gold["id"])
        if row is None:
            continue
        start = min(s for s, _ in gold["body"])
        end = max(e for _, e in gold["body"])
        spans = []
        for sp in gold["spans"]:
            s, e = sp["start"] - start, sp["end"] - start
            spans += [(s, e, SPAN), (s, e, sp["technique"])]
        out.append(Example(row["text"][start:end], gold.get("language"), spans, None, "own", gold["id"]))
    return out


def read_own_annotations(split: str = "train") -> list[dict]:
    splits = ("train", "test") if split == "all" else (split,)
    out = []
    for name in splits:
        path = resources.files("narrascope.resources").joinpath(OWN_ANNOTATIONS.format(split=name))
        out += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out


def read_synthetic(path: str | Path | None = None) -> list[dict]:
    """Rows of the synthetic file: ``{"id", "language", "text", "spans": [{"start", "end",
    "technique", "voice"}], "source": "synthetic", "guideline"}``."""
    target = Path(path) if path else resources.files("narrascope.resources").joinpath(SYNTHETIC)
    if not target.is_file():
        return []
    return [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines() if line.strip()]


def synthetic_examples(path: str | Path | None = None) -> list[Example]:
    """Synthetic paragraphs written for the project (``resources/training/techniques/synthetic.jsonl``),
    annotated per docs/annotation/techniques.md; a paragraph without spans is a negative example."""
    out = []
    for row in read_synthetic(path):
        spans = []
        for sp in row["spans"]:
            spans += [(sp["start"], sp["end"], SPAN), (sp["start"], sp["end"], sp["technique"])]
        out.append(Example(row["text"], row.get("language"), spans, None, "synthetic", row["id"]))
    return out


def ptc_examples(data_dir: str | Path, lang: str | None = None) -> list[Example]:
    from ..tasks import ptc

    to_semeval = {}
    for semeval_name, ptc_name in ptc.FROM_SEMEVAL2023.items():
        to_semeval.setdefault(ptc_name, semeval_name)  # a merged PTC class takes its first SemEval name
    gold = ptc.read_gold(data_dir, lang, 1) or {}
    out = []
    for doc in ptc.read_documents(data_dir, lang, 1):
        spans = []
        for technique, b, e in gold.get(doc.doc_id, []):
            spans.append((b, e, SPAN))
            if technique:
                spans.append((b, e, to_semeval.get(technique, technique)))
        out.append(Example(doc.text, doc.lang, spans, None, "ptc", doc.doc_id))
    return out


def semeval2023_examples(data_dir: str | Path, lang: str | None = None) -> list[Example]:
    """Paragraph labels become paragraph-long spans (the task gives no finer evidence)."""
    from ..tasks import semeval2023

    gold = semeval2023.read_gold(data_dir, lang, 3) or {}
    out = []
    for doc in semeval2023.read_documents(data_dir, lang, 3):
        spans = []
        for number, start, end in semeval2023.paragraph_spans(doc.text):
            for technique in gold.get((doc.doc_id, number), []):
                spans += [(start, end, SPAN), (start, end, technique)]
        out.append(Example(doc.text, doc.lang, spans, None, "semeval2023", doc.doc_id))
    return out


READERS = ("unlp2025", "ptc", "semeval2023")  # the formats read_examples reads


def read_examples(data_dir: str | Path, data_format: str, lang: str | None = None) -> list[Example]:
    """Training examples of ``data_dir`` in ``data_format`` (one of :data:`READERS`), else E017.

        >>> read_examples("data/ptc", "ptc", lang="en")[0].origin   # doctest: +SKIP
        'ptc'
    """
    if data_format == "unlp2025":
        return unlp_examples(data_dir, "train", lang)
    if data_format == "ptc":
        return ptc_examples(data_dir, lang)
    if data_format == "semeval2023":
        return semeval2023_examples(data_dir, lang)
    raise ConfigError("E017", option="training data format", value=data_format,
                      expected=f"one of {', '.join(READERS)} (narrascope train techniques --format FORMAT)")
