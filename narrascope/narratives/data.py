"""Training and evaluation examples for narratives, from every source we may use.

- ``annotations``: our own labels of real dev-corpus pages (ids + offsets,
  ``resources/annotations/narratives.jsonl``), text read from ``../shared`` at train/eval time;
- ``synthetic``: articles written for the project (``resources/training/narratives/*.jsonl``);
- ``euvsdisinfo``: EUvsDisinfo claims as weak labels via ``resources/taxonomies/euvsdisinfo_map.yaml``;
- ``jsonl``: the user's own JSON lines ({id, language, title?, text, narratives: [label | {label, stance}]});
- ``semeval2025``: the official subtask-2 release, for users who hold it.
"""
from __future__ import annotations

import csv
import json
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import yaml

from ..errors import ConfigError
from ..ingest.corpora import annotated_pages, page_splits
from ..settings import Settings
from ..taxonomy import TaxonomySet

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
ANNOTATIONS = RESOURCES / "annotations" / "narratives.jsonl"
SYNTHETIC = RESOURCES / "training" / "narratives"
EUVS_MAP = RESOURCES / "taxonomies" / "euvsdisinfo_map.yaml"


@dataclass
class Example:
    id: str
    language: str
    text: str
    title: str = ""
    labels: list[str] = field(default_factory=list)          # fine and coarse label names
    stances: dict[str, str] = field(default_factory=dict)    # coarse label -> stance
    evidence: dict[str, list[list[int]]] = field(default_factory=dict)
    dominant: str | None = None
    source: str = ""
    weight: float = 1.0


# Labels of the training data that no loaded taxonomy knows (training with a subset of the
# taxonomies is allowed); the trainer reports them in the model manifest.
UNKNOWN_LABELS: dict[str, int] = {}


def _expand(names: list[str], tax: TaxonomySet, where: str) -> list[str]:
    """Known label names plus their coarse parents; unknown labels are counted, not used."""
    out: list[str] = []
    for raw in names:
        name = tax.normalise(raw)
        if name is None:
            UNKNOWN_LABELS[raw] = UNKNOWN_LABELS.get(raw, 0) + 1
            continue
        out += [name, tax.coarse_of(name)]
    return list(dict.fromkeys(out))


def _stances(items: list, tax: TaxonomySet) -> dict[str, str]:
    out: dict[str, str] = {}
    for it in items:
        if isinstance(it, dict) and it.get("stance") and (name := tax.normalise(it["label"])):
            out.setdefault(tax.coarse_of(name), it["stance"])
    return out


def read_jsonl(path: Path, tax: TaxonomySet, source: str, weight: float = 1.0) -> Iterator[Example]:
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        rec = json.loads(line)
        items = rec.get("narratives") or []
        names = [it["label"] if isinstance(it, dict) else it for it in items]
        yield Example(str(rec["id"]), rec.get("language", "en"), rec["text"], rec.get("title") or "",
                      _expand(names, tax, f"{path}:{lineno}"), _stances(items, tax), source=source, weight=weight)


def dev_pages(corpus: Path | None = None) -> dict[str, dict]:
    """The annotated corpora's pages by id (dev.jsonl and the corpora beside it, e.g. dev2.jsonl);
    ``corpus`` defaults to ``Settings().dev_corpus``."""
    corpus = Path(corpus) if corpus else Settings().dev_corpus
    if not corpus.exists():
        raise ConfigError("E008", path=str(corpus), detail="the dev corpus is needed for our annotations")
    return annotated_pages(corpus)


def annotation_files() -> list[Path]:
    """``narratives.jsonl`` (the dev corpus), then the other corpora's files (``narratives.dev2.jsonl``)."""
    return sorted(ANNOTATIONS.parent.glob("narratives*.jsonl"), key=lambda p: (p != ANNOTATIONS, p.name))


def all_annotations(tax: TaxonomySet, split: str | None = None, corpus: Path | None = None) -> list[Example]:
    """Our annotations of every annotated corpus (dev, dev2), in :func:`annotation_files` order."""
    return annotations(tax, split, corpus=corpus)


def annotations(tax: TaxonomySet, split: str | None = None, corpus: Path | None = None,
                path: Path | None = None) -> list[Example]:
    """Our annotations of real pages (every annotation file, or ``path``), with the page text
    joined in from the corpora. A row without ``split`` takes its page's fixed side."""
    pages = dev_pages(corpus)
    sides = page_splits()
    out = []
    lines = [(p, n, line) for p in ([path] if path else annotation_files())
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if line.strip()]
    for path, lineno, line in lines:
        rec = json.loads(line)
        rec.setdefault("split", sides.get(rec["id"], "unsplit"))
        if split and split != "all" and rec["split"] != split:
            continue
        page = pages[rec["id"]]
        items = rec["narratives"]
        ex = Example(rec["id"], rec["language"], page["text"], page.get("title") or "",
                     _expand([it["label"] for it in items], tax, f"{path}:{lineno}"), _stances(items, tax),
                     source="annotations", dominant=rec.get("dominant"))
        for it in items:
            ex.evidence.setdefault(tax.coarse_of(tax.normalise(it["label"]) or it["label"]), []).extend(it["evidence"])
        out.append(ex)
    return out


def synthetic(tax: TaxonomySet, folder: Path = SYNTHETIC) -> list[Example]:
    return [ex for p in sorted(folder.glob("*.jsonl")) for ex in read_jsonl(p, tax, "synthetic")]


def euvsdisinfo(tax: TaxonomySet, cases: Path | None = None, mapping: Path = EUVS_MAP,
                weight: float = 0.5, per_label: int = 80) -> list[Example]:
    """EUvsDisinfo claims whose keywords map to our labels (weak labels; English claim titles).

    At most ``per_label`` claims are kept for each label (in a fixed order), so the weak labels
    do not swamp the real and synthetic articles, and training stays a few minutes long.
    ``cases`` defaults to ``Settings().euvs_cases``."""
    cases = Path(cases) if cases else Settings().euvs_cases
    if not cases.exists() or not mapping.exists():
        return []
    spec = yaml.safe_load(mapping.read_text(encoding="utf-8"))
    by_kw = {k: v.get("labels", []) for k, v in (spec.get("keywords") or {}).items()}
    rules = spec.get("country_rules") or []
    out = []
    with cases.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            kws = [k.strip() for k in (row.get("keywords") or "").split("+") if k.strip()]
            countries = {c.strip() for c in (row.get("countries") or "").split("+")}
            names = [lab for k in kws for lab in by_kw.get(k, [])]
            names += [lab for r in rules if r.get("keyword") in kws and countries & set(r.get("countries", []))
                      for lab in r.get("labels", [])]
            names = [n for n in names if tax.normalise(n)]
            if names and row.get("title"):
                out.append(Example(row.get("id") or row["title"][:40], "en", row["title"], "",
                                   _expand(names, tax, str(mapping)), source="euvsdisinfo", weight=weight))
    out.sort(key=lambda ex: zlib.crc32(ex.id.encode("utf-8")))
    kept, taken = [], {}
    for ex in out:
        if any(taken.get(lab, 0) < per_label for lab in ex.labels):
            kept.append(ex)
            for lab in ex.labels:
                taken[lab] = taken.get(lab, 0) + 1
    return kept


def semeval2025(data_dir: Path, tax: TaxonomySet, lang: str | None = None) -> list[Example]:
    from ..tasks import semeval2025 as st

    docs = {d.doc_id: d for d in st.read_documents(data_dir, lang, 2)}
    gold = st.read_gold(data_dir, lang, 2)
    if gold is None:
        raise ConfigError("E008", path=str(data_dir), detail="no subtask-2-annotations.txt")
    out = []
    for row in gold.rows:
        doc = docs.get(row.article_id) or docs.get(row.article_id.removesuffix(".txt"))
        if doc is None:
            continue
        # unknown labels go to _expand, which counts them for the manifest (never dropped silently)
        names = [n for n in [*row.narratives, *row.subnarratives] if n != "Other"]
        out.append(Example(doc.doc_id, (doc.lang or "en").lower(), doc.text, "", _expand(names, tax, str(data_dir)),
                           source="semeval2025"))
    return out
