"""Tidy tables of a stored corpus: one table per kind of finding, one row per finding.

Every table has the article's narrascope id (``id`` in ``articles``, ``article_id`` elsewhere) and
its input's own id (``input_id``: the record's ``id`` column or the file name, when ingest kept one),
so the tables join. Offsets are character offsets into the article's clean ``text``. Column types
are declared once here; the CSV and Parquet writers both follow them.

    >>> rows = list(table_rows("techniques", article))                   # doctest: +SKIP
    >>> rows[0]["technique"], rows[0]["start"], rows[0]["voice"]          # doctest: +SKIP
    ('Loaded_Language', 222, 'author')
"""
from __future__ import annotations

import json
from typing import Any, Callable, Iterator

from ..article import Article, Layer

# Column types: "str", "int", "float", "bool". None is an empty cell (a null in Parquet).
Columns = tuple[tuple[str, str], ...]


def input_id(article: Article) -> str | None:
    """The input's own id (``meta["external_id"]``: a record's ``id`` column, a file name), if any."""
    value = article.meta.get("external_id")
    return None if value in (None, "") else str(value)


def technique_counts(a: Article) -> dict[str, int]:
    counts: dict[str, int] = {}
    for s in a.layers.get("techniques", []):
        counts[s.label] = counts.get(s.label, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


def narrative_cells(a: Article) -> tuple[str, str]:
    """('label [stance 0.91]; ...', dominant label) of an article's narratives layer."""
    coarse = [s for s in a.layers.get("narratives", []) if s.attrs.get("level") == "narrative"]
    # "unclear" = the stance model abstained: the cell says "no evidence", not a guessed stance
    cell = "; ".join(f"{s.label} [{'no evidence' if s.attrs.get('stance') == 'unclear' else s.attrs.get('stance')}"
                     f" {s.score:.2f}]" for s in coarse)
    return cell, (a.meta.get("dominant_narrative") or {}).get("label", "")


ARTICLE_FIELDS = ["id", "source", "url", "outlet", "title", "author", "published", "language", "text"]

ARTICLES: Columns = (
    ("id", "str"), ("input_id", "str"), ("source", "str"), ("url", "str"), ("outlet", "str"), ("title", "str"),
    ("author", "str"), ("published", "str"), ("language", "str"), ("text", "str"), ("paragraphs", "int"),
    ("sentences", "int"), ("narratives", "str"), ("dominant_narrative", "str"), ("techniques", "str"),
    ("components", "str"), ("errors", "str"))
_KEYS: Columns = (("article_id", "str"), ("input_id", "str"))
_MADE_BY: Columns = (("component", "str"), ("version", "str"))
NARRATIVES: Columns = _KEYS + (
    ("level", "str"), ("label", "str"), ("parent", "str"), ("taxonomy", "str"), ("score", "float"),
    ("stance", "str"), ("stance_score", "float"), ("dominant", "bool"), ("start", "int"), ("end", "int"),
    ("evidence", "str"), ("evidence_voices", "str"), ("cues", "str"), ("model", "str")) + _MADE_BY
ENTITIES: Columns = _KEYS + (
    ("entity", "str"), ("type", "str"), ("name", "str"), ("registry", "str"), ("start", "int"), ("end", "int"),
    ("mention", "str"), ("score", "float"), ("source", "str")) + _MADE_BY
ROLES: Columns = _KEYS + (
    ("entity", "str"), ("name", "str"), ("voice", "str"), ("role", "str"), ("fine_roles", "str"),
    ("score", "float"), ("start", "int"), ("end", "int"), ("evidence_kind", "str"), ("model", "str")) + _MADE_BY
QUOTES: Columns = _KEYS + (
    ("kind", "str"), ("speaker", "str"), ("speaker_name", "str"), ("resolution", "str"), ("start", "int"),
    ("end", "int"), ("cue_start", "int"), ("cue_end", "int"), ("score", "float"), ("quote", "str")) + _MADE_BY
TECHNIQUES: Columns = _KEYS + (
    ("technique", "str"), ("category", "str"), ("start", "int"), ("end", "int"), ("score", "float"),
    ("voice", "str"), ("source", "str"), ("paragraph", "int"), ("span_text", "str")) + _MADE_BY


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _articles(a: Article) -> Iterator[dict[str, Any]]:
    narratives, dominant = narrative_cells(a)
    row = {f: getattr(a, f) or "" for f in ARTICLE_FIELDS}
    yield {**row, "input_id": input_id(a), "paragraphs": len(a.layers.get("paragraphs", [])),
           "sentences": len(a.layers.get("sentences", [])), "narratives": narratives,
           "dominant_narrative": dominant, "techniques": json.dumps(technique_counts(a), ensure_ascii=False),
           "components": json.dumps(a.analyses), "errors": "; ".join(e.reason for e in a.errors)}


def _spans(a: Article, layer_name: str) -> Iterator[tuple[dict[str, Any], Layer, Any]]:
    layer = a.layers.get(layer_name)
    for s in (layer.spans if layer is not None else []):
        yield {"article_id": a.id, "input_id": input_id(a), "component": layer.component,
               "version": layer.version}, layer, s


def _narratives(a: Article) -> Iterator[dict[str, Any]]:
    for keys, _, s in _spans(a, "narratives"):
        at = s.attrs
        yield {**keys, "level": at.get("level"), "label": s.label, "parent": at.get("parent"),
               "taxonomy": at.get("taxonomy"), "score": s.score,
               # the stance model abstained: "no evidence", never its best guess
               "stance": "no evidence" if at.get("stance") == "unclear" else at.get("stance"),
               "stance_score": at.get("stance_score"), "dominant": bool(at.get("dominant")), "start": s.start,
               "end": s.end, "evidence": _json(at.get("evidence") or []),
               "evidence_voices": _json(at.get("voices") or []), "cues": _json(at.get("cues") or []),
               "model": at.get("model")}


def _entities(a: Article) -> Iterator[dict[str, Any]]:
    for keys, _, s in _spans(a, "entities"):
        yield {**keys, "entity": s.attrs.get("entity"), "type": s.label, "name": s.attrs.get("name"),
               "registry": s.attrs.get("registry"), "start": s.start, "end": s.end, "mention": a.text[s.start:s.end],
               "score": s.score, "source": s.attrs.get("source")}


def _roles(a: Article) -> Iterator[dict[str, Any]]:
    for keys, _, s in _spans(a, "framing"):
        yield {**keys, "entity": s.attrs.get("entity"), "name": s.attrs.get("name"), "voice": s.attrs.get("voice"),
               "role": s.label, "fine_roles": "; ".join(s.attrs.get("fine_roles") or []), "score": s.score,
               "start": s.start, "end": s.end, "evidence_kind": s.attrs.get("evidence_kind"),
               "model": s.attrs.get("model")}


def _quotes(a: Article) -> Iterator[dict[str, Any]]:
    for keys, _, s in _spans(a, "quotes"):
        cue = s.attrs.get("cue") or [None, None]
        yield {**keys, "kind": s.label, "speaker": s.attrs.get("speaker"), "speaker_name": s.attrs.get("speaker_name"),
               "resolution": s.attrs.get("resolution"), "start": s.start, "end": s.end, "cue_start": cue[0],
               "cue_end": cue[1], "score": s.score, "quote": a.text[s.start:s.end]}


def _techniques(a: Article) -> Iterator[dict[str, Any]]:
    for keys, _, s in _spans(a, "techniques"):
        yield {**keys, "technique": s.label, "category": s.attrs.get("category"), "start": s.start, "end": s.end,
               "score": s.score, "voice": s.attrs.get("voice"), "source": s.attrs.get("source"),
               "paragraph": s.attrs.get("paragraph"), "span_text": a.text[s.start:s.end]}


# name -> (columns, rows of one article); the order is the order of the files written.
TABLES: dict[str, tuple[Columns, Callable[[Article], Iterator[dict[str, Any]]]]] = {
    "articles": (ARTICLES, _articles),
    "narratives": (NARRATIVES, _narratives),
    "entities": (ENTITIES, _entities),
    "roles": (ROLES, _roles),
    "quotes": (QUOTES, _quotes),
    "techniques": (TECHNIQUES, _techniques),
}


def table_rows(name: str, article: Article) -> Iterator[dict[str, Any]]:
    """The rows of table ``name`` for one article, as {column: value} in the declared column order."""
    columns, rows = TABLES[name]
    for row in rows(article):
        yield {c: _typed(row.get(c), t) for c, t in columns}


def _typed(value: Any, kind: str) -> Any:
    """``value`` as the column's type, so CSV and Parquet hold the same thing."""
    if value is None or (value == "" and kind != "str"):
        return None
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    if kind == "bool":
        return bool(value)
    return value if isinstance(value, str) else str(value)
