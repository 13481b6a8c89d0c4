"""SemEval-2025 Task 10 (multilingual narratives): entity framing (1), narratives (2), explanations (3).

Data folder: one folder per language (``EN``, ``RU``, ``BG``, ``PT``, ``HI``; any case), or a
language folder itself. Documents are read from ``subtask-N-documents/`` (dev/test releases) or
else ``raw-documents/`` (training release), each ``<article_id>`` file read as stored (no newline
translation), because ST1 offsets count the raw file's characters. In the training layout, a
subtask whose annotation file exists reads only the documents listed there. ST1 mentions
(``subtask-1-entity-mentions.txt``, else the annotation file with its roles removed) go into
``TaskDocument.extra["mentions"]`` as :class:`Mention` rows. Formats: :mod:`.semeval2025_format`;
metrics and the edge-case choices: :mod:`.semeval2025_score`.

Predictions come from layers that future components write; until an article carries them,
:func:`predict` returns :class:`NotAvailable`. The conventions converted from:

- ST1, component ``framing``: layer ``"framing"``, one span per entity mention at the mention's
  offsets in ``article.text`` (end exclusive, as every span), ``label`` = main role,
  ``attrs={"fine_roles": [...]}``. Offsets are mapped to the raw text with ``article.offset_map``
  and written with the inclusive end of the format. A document mention with no span gets no row.
- ST2, component ``narratives``: layer ``"narratives"``, spans whose ``label`` is the full label
  string (``"URW: Discrediting Ukraine"``, ``"URW: Discrediting Ukraine: Ukraine is a puppet of the
  West"``) and ``attrs={"level": "narrative" | "subnarrative", "dominant": bool}``; offsets are the
  evidence and do not matter here. Written as in the gold files: labels in order of first span,
  each listed once; a subnarrative's narrative is added if missing; a narrative without a
  subnarrative gets ``"<narrative>: Other"``; an empty layer is ``Other`` / ``Other``.
- ST3, same component: ``article.meta["narrative_explanation"]`` (the text, cut to 80 words as
  the task requires), dominant narrative / subnarrative = the spans with ``attrs["dominant"]``
  (``"<narrative>: Other"`` when none is marked dominant at the subnarrative level, ``Other`` when
  no narrative is). ``write_predictions(..., official=True)`` writes the official two-column
  submission (``article_id, explanation``).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from ..article import Article
from ..errors import ConfigError
from .semeval2025_format import (ANNOTATION_FILES, MENTIONS_FILE, RAW_DOCUMENTS, ExplanationRow, Mention,
                                 NarrativeRow, RowFile, concat, doc_key, documents_folder, read_rows, read_text,
                                 write_rows)
from .semeval2025_score import MAX_WORDS, score as _score
from .registry import NotAvailable, Task, TaskDocument, check_subtask, register_task

NAME = "semeval2025"
SUBTASKS = (1, 2, 3)
LANGUAGES = ("BG", "EN", "HI", "PT", "RU")
NEEDS = {1: "framing", 2: "narratives", 3: "narratives"}


def _check(subtask: int) -> int:
    return check_subtask(NAME, SUBTASKS, subtask)


def _is_language_dir(path: Path) -> bool:
    names = {p.name.lower() for p in path.iterdir()} if path.is_dir() else set()
    return RAW_DOCUMENTS in names or any(documents_folder(n) in names for n in SUBTASKS) or MENTIONS_FILE in names \
        or any(f in names for f in ANNOTATION_FILES.values())


def language_dirs(data_dir: str | Path, lang: str | None = None) -> list[tuple[str, Path]]:
    """(LANG, folder) pairs under ``data_dir`` (or ``data_dir`` itself), for ``lang`` or for all."""
    root = Path(data_dir)
    if not root.is_dir():
        raise ConfigError("E008", path=str(root), detail="the folder does not exist")
    want = lang.upper() if lang else None
    if _is_language_dir(root):
        code = root.name.upper()
        if want and code in LANGUAGES and code != want:
            raise ConfigError("E008", path=str(root), detail=f"this is the {code} folder, not {want}")
        return [(want or code, root)]
    found = sorted((p.name.upper(), p) for p in root.iterdir() if p.is_dir() and _is_language_dir(p))
    picked = [(c, p) for c, p in found if want is None or c == want]
    if not picked:
        have = ", ".join(c for c, _ in found) or "none"
        raise ConfigError("E008", path=str(root), detail=f"no language folder {want or ''} with SemEval-2025 "
                          f"documents or annotations (found: {have})".replace("  ", " "))
    return picked


def _find(folder: Path, name: str) -> Path | None:
    """A child of ``folder`` by name, case-insensitively."""
    exact = folder / name
    if exact.exists():
        return exact
    return next((p for p in folder.iterdir() if p.name.lower() == name.lower()), None)


def _docs_dir(lang_dir: Path, subtask: int) -> tuple[Path | None, bool]:
    """(documents folder, is the training layout)."""
    own = _find(lang_dir, documents_folder(subtask))
    if own and own.is_dir():
        return own, False
    raw = _find(lang_dir, RAW_DOCUMENTS)
    return (raw, True) if raw and raw.is_dir() else (None, False)


def _mentions(lang_dir: Path) -> list[Mention]:
    path = _find(lang_dir, MENTIONS_FILE)
    if path:
        return list(read_rows(path, 1))
    path = _find(lang_dir, ANNOTATION_FILES[1])
    return [m.without_roles() for m in read_rows(path, 1)] if path else []


def read_documents(data_dir: str | Path, lang: str | None = None, subtask: int = 2) -> list[TaskDocument]:
    _check(subtask)
    docs: list[TaskDocument] = []
    for code, lang_dir in language_dirs(data_dir, lang):
        folder, training = _docs_dir(lang_dir, subtask)
        if folder is None:
            continue
        files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
        ann = _find(lang_dir, ANNOTATION_FILES[subtask])
        if training and ann:
            listed = {doc_key(getattr(r, "article_id")) for r in read_rows(ann, subtask)}
            files = [p for p in files if doc_key(p.name) in listed]
        mentions: dict[str, list[Mention]] = {}
        if subtask == 1:
            for m in _mentions(lang_dir):
                mentions.setdefault(doc_key(m.article_id), []).append(m)
        for path in files:
            doc = TaskDocument(doc_id=path.name, text=read_text(path), lang=code)
            if subtask == 1:
                doc.extra["mentions"] = mentions.get(doc_key(path.name), [])
                doc.extra["offset_mismatches"] = [m for m in doc.extra["mentions"]
                                                  if doc.text[m.start:m.end + 1] != m.text]
            docs.append(doc)
    if not docs:
        raise ConfigError("E008", path=str(data_dir), detail=f"no {RAW_DOCUMENTS}/ or {documents_folder(subtask)}/ "
                          f"documents for language {lang or 'any'}")
    return docs


def read_gold(data_dir: str | Path, lang: str | None = None, subtask: int = 2) -> RowFile | None:
    """The subtask's annotation rows, or None when no language folder has the annotation file."""
    _check(subtask)
    files = [read_rows(p, subtask) for _, d in language_dirs(data_dir, lang)
             if (p := _find(d, ANNOTATION_FILES[subtask]))]
    return concat(files) if files else None


def read_predictions(path: str | Path, subtask: int) -> RowFile:
    """A prediction file (or ``<folder>/predictions-subtask-N.txt``) in the subtask's layout."""
    _check(subtask)
    path = Path(path)
    if path.is_dir():
        path = path / f"predictions-subtask-{subtask}.txt"
    return read_rows(path, subtask)


def write_predictions(predictions: RowFile | Iterable[Any], path: str | Path, subtask: int,
                      official: bool = False) -> None:
    """Write rows; ``official=True`` drops the ST3 label columns (the two-column submission)."""
    _check(subtask)
    if official and subtask == 3:
        rows = [ExplanationRow(r.article_id, r.explanation) for r in predictions]
        predictions = RowFile(rows=rows, newline=getattr(predictions, "newline", "\n"))
    write_rows(predictions, path)


def score(gold: Any, predictions: Any, subtask: int, **options: Any) -> dict[str, Any]:
    return _score(gold, predictions, _check(subtask), **options)


# --- predictions from article layers -------------------------------------------------------------

def _parent(label: str) -> str | None:
    return label.rsplit(": ", 1)[0] if label.count(": ") >= 2 else None


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def narrative_labels(article: Article) -> tuple[list[str], list[str]]:
    """(narratives, subnarratives) of an article's ``narratives`` layer, as the gold files write them."""
    spans = list(article.layers["narratives"])
    subs = _unique(s.label for s in spans if s.attrs.get("level") == "subnarrative" and s.label != "Other")
    narrs = _unique([*(s.label for s in spans if s.attrs.get("level") == "narrative" and s.label != "Other"),
                     *(p for s in subs if (p := _parent(s)))])
    if not narrs:
        return ["Other"], ["Other"]
    subs += [f"{n}: Other" for n in narrs if not any(_parent(s) == n for s in subs)]
    return narrs, subs


def _dominant(article: Article) -> tuple[str, str]:
    spans = [s for s in article.layers.get("narratives", []) if s.attrs.get("dominant")]
    narr = next((s.label for s in spans if s.attrs.get("level") == "narrative"), None)
    sub = next((s.label for s in spans if s.attrs.get("level") == "subnarrative"), None)
    narr = narr or (_parent(sub) if sub else None) or "Other"
    return narr, sub or ("Other" if narr == "Other" else f"{narr}: Other")


def _doc_span(article: Article, doc_text: str, start: int, end: int) -> tuple[int, int]:
    """A clean-text span [start, end) as document offsets [start, end): raw unless the doc is the clean text."""
    if doc_text == article.text and doc_text != article.raw_text:
        return start, end
    return article.offset_map.to_raw_span(start, end)


def _framing_rows(doc: TaskDocument, article: Article) -> list[Mention]:
    layer = article.layers.get("framing")
    if layer is None:
        return []
    spans = {_doc_span(article, doc.text, s.start, s.end): s for s in layer}
    mentions = doc.extra.get("mentions")
    if mentions is None:  # no mention list (e.g. export): one row per span
        mentions = [Mention(doc.doc_id, doc.text[a:b], a, b - 1) for a, b in sorted(spans)]
    rows = []
    for m in mentions:
        span = spans.get((m.start, m.end + 1))
        if span is not None:
            rows.append(Mention(m.article_id, m.text, m.start, m.end, span.label,
                                list(span.attrs.get("fine_roles", []))))
    return rows


def predict(articles_by_doc_id: dict[str, Article], documents: list[TaskDocument] | None,
            subtask: int) -> RowFile | NotAvailable:
    """Prediction rows from the articles' layers, or NotAvailable when no article carries them."""
    _check(subtask)
    docs = list(documents) if documents else [TaskDocument(doc_id=i, text=a.raw_text)
                                              for i, a in articles_by_doc_id.items()]
    pairs = [(d, articles_by_doc_id[d.doc_id]) for d in docs if d.doc_id in articles_by_doc_id]
    if subtask == 1:
        if not any("framing" in a.layers for _, a in pairs):
            return NotAvailable("framing", "no article has a 'framing' layer")
        return RowFile(rows=[m for d, a in pairs for m in _framing_rows(d, a)])
    if subtask == 2:
        if not any("narratives" in a.layers for _, a in pairs):
            return NotAvailable("narratives", "no article has a 'narratives' layer")
        return RowFile(rows=[NarrativeRow(d.doc_id, *narrative_labels(a)) for d, a in pairs
                             if "narratives" in a.layers])
    if not any(a.meta.get("narrative_explanation") for _, a in pairs):
        return NotAvailable("narratives", "no article has meta['narrative_explanation']")
    rows = []
    for d, a in pairs:
        text = a.meta.get("narrative_explanation")
        if text:
            rows.append(ExplanationRow(d.doc_id, " ".join(str(text).split()[:MAX_WORDS]), *_dominant(a)))
    return RowFile(rows=rows)


TASK = register_task(Task(
    name=NAME, subtasks=SUBTASKS, default_subtask=2, needs=NEEDS, read_documents=read_documents,
    read_gold=read_gold, predict=predict, write_predictions=write_predictions,
    read_predictions=read_predictions, score=score, languages=LANGUAGES,
))
