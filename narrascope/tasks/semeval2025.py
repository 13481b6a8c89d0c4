"""SemEval-2025 Task 10 (multilingual narratives): entity framing (1), narratives (2), explanations (3).

Data folder: one folder per language (``EN``, ``RU``, ``BG``, ``PT``, ``HI``; any case), or a
language folder itself. Documents are read from ``subtask-N-documents/`` (dev/test releases) or
else ``raw-documents/`` (training release), each ``<article_id>`` file read as stored (no newline
translation), because ST1 offsets count the raw file's characters. In the training layout, a
subtask whose annotation file exists reads only the documents listed there. ST1 mentions
(``subtask-1-entity-mentions.txt``, else the annotation file with its roles removed) go into
``TaskDocument.extra["mentions"]`` as :class:`Mention` rows. Formats: :mod:`.semeval2025_format`;
metrics and the edge-case choices: :mod:`.semeval2025_score`.

Predictions come from the components' layers; until an article carries them (and no document
failed), :func:`predict` returns :class:`NotAvailable`. Every document gets its rows: one whose
article failed or lacks the layer gets a fallback row (counted in ``stats["fallback_rows"]``), as
the official scorers reject a file with missing ids. ST2/ST3 labels are kept only when they are in
the task's inventory (:mod:`.semeval2025_labels`). The conventions converted from:

- ST1, component ``framing``: layer ``"framing"``, one span per entity mention at the mention's
  offsets in ``article.text`` (end exclusive, as every span), ``label`` = main role,
  ``attrs={"fine_roles": [...]}``. Offsets are mapped to the raw text with ``article.offset_map``
  and written with the inclusive end of the format. Every given mention gets a row: the span at
  its offsets, else the span overlapping it most, else :data:`FALLBACK_ROLE` with no fine roles.
- ST2, component ``narratives``: layer ``"narratives"``, spans whose ``label`` is the full label
  string (``"URW: Discrediting Ukraine"``, ``"URW: Discrediting Ukraine: Ukraine is a puppet of the
  West"``) and ``attrs={"level": "narrative" | "subnarrative", "dominant": bool}``; offsets are the
  evidence and do not matter here. Written as in the gold files: labels in order of first span,
  each listed once; a subnarrative's narrative is added if missing; a narrative without a
  subnarrative gets ``"<narrative>: Other"``; an empty layer is ``Other`` / ``Other``.
- ST3, same component: the dominant narrative / subnarrative is GIVEN
  (``subtask-3-dominant-narratives.txt``, else the annotation file's label columns, read into
  ``TaskDocument.extra["dominant"]``; the eval passes it on as ``article.meta["given_dominant"]``)
  and the rows carry it. The explanation is ``article.meta["narrative_explanation"]`` when
  ``meta["dominant_narrative"]["label"]`` is that narrative, else :func:`fallback_explanation`; cut
  to 80 words as the task requires. Without given labels, the layer's spans with
  ``attrs["dominant"]`` are the labels. ``write_predictions(..., official=True)`` writes the
  official two-column submission (``article_id, explanation``).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable

from ..article import Article
from ..errors import ConfigError
from .semeval2025_format import (ANNOTATION_FILES, DOMINANT_FILE, MENTIONS_FILE, RAW_DOCUMENTS, ExplanationRow,
                                 Mention, NarrativeRow, RowFile, concat, doc_key, documents_folder, read_dominant,
                                 read_rows, read_text, write_rows)
from .semeval2025_labels import inventory, keep_known
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
        or DOMINANT_FILE in names \
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
    """(documents folder, is the training layout). ST3 inputs may sit in the ST2 folder (the dev release)."""
    for n in ((3, 2) if subtask == 3 else (subtask,)):
        own = _find(lang_dir, documents_folder(n))
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


def _given_dominant(lang_dir: Path) -> dict[str, tuple[str, str]]:
    """ST3 input: the labels to explain, from the dominant-narratives file, else the annotation file."""
    path = _find(lang_dir, DOMINANT_FILE) or _find(lang_dir, ANNOTATION_FILES[3])
    return read_dominant(path) if path else {}


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
        given = _given_dominant(lang_dir) if subtask == 3 else {}
        for path in files:
            doc = TaskDocument(doc_id=path.name, text=read_text(path), lang=code)
            if subtask == 1:
                doc.extra["mentions"] = mentions.get(doc_key(path.name), [])
                doc.extra["offset_mismatches"] = [m for m in doc.extra["mentions"]
                                                  if doc.text[m.start:m.end + 1] != m.text]
            if doc_key(path.name) in given:
                doc.extra["dominant"] = given[doc_key(path.name)]
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

FALLBACK_ROLE = "Antagonist"  # the most frequent main role of the task's data: a mention's fallback
_SENTENCE = re.compile(r"[^.!?\n\u0964]+[.!?\u0964]*")  # \u0964: the Devanagari full stop
_WORD = re.compile(r"\w{4,}")


def _parent(label: str) -> str | None:
    return label.rsplit(": ", 1)[0] if label.count(": ") >= 2 else None


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _usable(article: Article | None, layer: str) -> bool:
    """The article exists, did not fail, and carries ``layer``: else its document gets fallback rows."""
    return article is not None and not article.failed and layer in article.layers


def _count(stats: dict[str, int] | None, key: str, n: int = 1) -> None:
    if stats is not None:
        stats[key] = stats.get(key, 0) + n


def narrative_labels(article: Article) -> tuple[list[str], list[str]]:
    """(narratives, subnarratives) of an article's ``narratives`` layer, as the gold files write them.

    Only labels of the SemEval-2025 inventory are kept (another taxonomy's labels, e.g. ``CA: ...``,
    cannot be scored); a document left with none is ``Other`` / ``Other``.
    """
    spans = list(article.layers["narratives"])
    subs = keep_known(_unique(s.label for s in spans if s.attrs.get("level") == "subnarrative" and s.label != "Other"))
    narrs = keep_known(_unique([*(s.label for s in spans if s.attrs.get("level") == "narrative" and s.label != "Other"),
                                *(p for s in subs if (p := _parent(s)))]))
    if not narrs:
        return ["Other"], ["Other"]
    subs += keep_known(f"{n}: Other" for n in narrs if not any(_parent(s) == n for s in subs))
    return narrs, subs


def _dominant(article: Article | None) -> tuple[str, str]:
    layer = article.layers.get("narratives", []) if article is not None else []
    spans = [s for s in layer if s.attrs.get("dominant") and s.label in inventory()]
    narr = next((s.label for s in spans if s.attrs.get("level") == "narrative"), None)
    sub = next((s.label for s in spans if s.attrs.get("level") == "subnarrative"), None)
    narr = narr or (_parent(sub) if sub else None) or "Other"
    sub = sub or ("Other" if narr == "Other" else f"{narr}: Other")
    return narr, sub if sub in inventory() else "Other"


def fallback_explanation(text: str, *labels: str, max_words: int = MAX_WORDS) -> str:
    """Sentences of ``text`` that share most words with the labels, in text order, cut to ``max_words``;
    the opening sentences when none shares a word. Used when no component explained the label.

        >>> fallback_explanation("Snow fell. Activists are alarmist fanatics.", "CC: Criticism of climate activists")
        'Activists are alarmist fanatics.'
    """
    stems = {w.lower()[:5] for label in labels for w in _WORD.findall(label)} - {"other", "narra"}
    sentences = [m.group().strip() for m in _SENTENCE.finditer(text) if m.group().strip()]
    scored = [(sum(w.lower()[:5] in stems for w in _WORD.findall(s)), i) for i, s in enumerate(sentences)]
    chosen = sorted(i for n, i in sorted(scored, key=lambda x: (-x[0], x[1]))[:3] if n > 0) or range(len(sentences))
    words: list[str] = []
    for i in chosen:
        words += sentences[i].split()
        if len(words) >= max_words:
            break
    return " ".join(words[:max_words])


def _doc_span(article: Article, doc_text: str, start: int, end: int) -> tuple[int, int]:
    """A clean-text span [start, end) as document offsets [start, end): raw unless the doc is the clean text."""
    if doc_text == article.text and doc_text != article.raw_text:
        return start, end
    return article.offset_map.to_raw_span(start, end)


def _framing_rows(doc: TaskDocument, article: Article | None, stats: dict[str, int] | None = None) -> list[Mention]:
    """One row per given mention: the framing span at its offsets, else the one overlapping it most,
    else :data:`FALLBACK_ROLE` with no fine roles (counted in ``stats["fallback_rows"]``). Without a
    mention list (export), one row per span."""
    layer = article.layers.get("framing") if _usable(article, "framing") else None
    spans = {_doc_span(article, doc.text, s.start, s.end): s for s in layer} if layer is not None else {}
    mentions = doc.extra.get("mentions")
    if mentions is None:  # no mention list (e.g. export): one row per span
        mentions = [Mention(doc.doc_id, doc.text[a:b], a, b - 1) for a, b in sorted(spans)]
    rows = []
    for m in mentions:
        start, end = m.start, m.end + 1
        span = spans.get((start, end))
        if span is None:
            overlaps = sorted((-(min(b, end) - max(a, start)), a, b) for a, b in spans if min(b, end) > max(a, start))
            span = spans[overlaps[0][1:]] if overlaps else None
        if span is None:
            _count(stats, "fallback_rows")
            rows.append(Mention(m.article_id, m.text, m.start, m.end, FALLBACK_ROLE, []))
        else:
            rows.append(Mention(m.article_id, m.text, m.start, m.end, span.label, list(span.attrs.get("fine_roles", []))))
    return rows


def _narrative_row(doc: TaskDocument, article: Article | None, stats: dict[str, int] | None) -> NarrativeRow:
    if _usable(article, "narratives"):
        return NarrativeRow(doc.doc_id, *narrative_labels(article))
    _count(stats, "fallback_rows")
    return NarrativeRow(doc.doc_id, ["Other"], ["Other"])


def _explanation_row(doc: TaskDocument, article: Article | None, stats: dict[str, int] | None) -> ExplanationRow:
    """The given dominant labels (``doc.extra["dominant"]``) or else the layer's, explained by the
    component when it explained those labels, else by :func:`fallback_explanation`."""
    usable = _usable(article, "narratives")
    narr, sub = doc.extra.get("dominant") or _dominant(article if usable else None)
    explained = (article.meta.get("dominant_narrative") or {}).get("label") if usable else None
    text = article.meta.get("narrative_explanation") if usable and explained in (narr, None) else None
    if not text or (doc.extra.get("dominant") and explained != narr):
        _count(stats, "fallback_rows")
        text = fallback_explanation(doc.text, narr, sub)
    return ExplanationRow(doc.doc_id, " ".join(str(text).split()[:MAX_WORDS]), narr, sub)


def predict(articles_by_doc_id: dict[str, Article], documents: list[TaskDocument] | None,
            subtask: int, stats: dict[str, int] | None = None) -> RowFile | NotAvailable:
    """Prediction rows for every document, or NotAvailable when no article carries the layer.

    A document whose article failed or lacks the layer still gets a row (the official scorers reject
    a file with missing ids): ST1 :data:`FALLBACK_ROLE` per mention, ST2 ``Other``/``Other``, ST3 the
    given (else ``Other``) labels with :func:`fallback_explanation`. ``stats["fallback_rows"]`` counts them.
    """
    _check(subtask)
    docs = list(documents) if documents else [TaskDocument(doc_id=i, text=a.raw_text)
                                              for i, a in articles_by_doc_id.items()]
    pairs = [(d, articles_by_doc_id.get(d.doc_id)) for d in docs]
    layer = NEEDS[subtask]
    failed = any(a is None or a.failed for _, a in pairs)
    if not failed and not any(layer in a.layers for _, a in pairs) and not any(d.extra.get("dominant") for d in docs):
        return NotAvailable(layer, f"no article has a '{layer}' layer")
    if subtask == 1:
        return RowFile(rows=[m for d, a in pairs for m in _framing_rows(d, a, stats)])
    if subtask == 2:
        return RowFile(rows=[_narrative_row(d, a, stats) for d, a in pairs])
    return RowFile(rows=[_explanation_row(d, a, stats) for d, a in pairs])


TASK = register_task(Task(
    name=NAME, subtasks=SUBTASKS, default_subtask=2, needs=NEEDS, read_documents=read_documents,
    read_gold=read_gold, predict=predict, write_predictions=write_predictions,
    read_predictions=read_predictions, score=score, languages=LANGUAGES,
))
