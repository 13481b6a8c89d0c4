"""Labelled framing examples: one per (entity, voice) of our annotations, or one per mention of a
SemEval-2025 subtask 1 release. Each keeps the page it comes from, for page-grouped folds.

    >>> examples = annotation_examples("train", corpus=Path("../shared/data/corpora/dev.jsonl"))  # doctest: +SKIP
    >>> examples[0].main, examples[0].voice, len(examples[0].places)                             # doctest: +SKIP
    ('Antagonist', 'author', 2)
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConfigError
from ..ingest.corpora import annotated_pages
from .prior import annotation_pages

_QUOTED = re.compile(r"“[^”\n]{1,800}”|«[^»\n]{1,800}»|\"[^\"\n]{1,800}\"|„[^“”\n]{1,800}[“”]")


@dataclass
class Example:
    page: str                       # page or document id (folds never split a page)
    text: str
    lang: str | None
    places: list[tuple[int, int]]   # the entity's mentions in this voice
    voice: str                      # "author" or a speaker
    etype: str | None
    main: str
    fine: list[str]
    quotes: list[tuple[int, int, str]] = field(default_factory=list)  # the page's quotes, when annotated
    name: str | None = None         # the entity's canonical name, when annotated

    def voices(self) -> list[tuple[int, int, str]]:
        """The page's voice spans: each quote its speaker's, the text between them the author's."""
        out, pos = [], 0
        for s, e, speaker in sorted(self.quotes):
            if s > pos:
                out.append((pos, s, "author"))
            out.append((max(s, pos), e, speaker))
            pos = max(pos, e)
        return [*out, (pos, len(self.text), "author")]


def _pages(corpus: Path) -> dict[str, dict]:
    if not corpus.is_file():
        raise ConfigError("E008", path=str(corpus), detail="the dev corpus (dev.jsonl) is needed for our annotations")
    return annotated_pages(corpus)


def annotation_examples(split: str, corpus: Path) -> list[Example]:
    """Our role annotations of one split, with the page text from the dev corpus. The places of a
    role are the entity's mentions inside that voice (the speaker's quotes, or outside every quote
    for the author), else all its mentions (a voice that names it only by pronoun)."""
    rows = _pages(corpus)
    out = []
    for page in annotation_pages(split):
        if page["id"] not in rows:
            continue
        text = rows[page["id"]]["text"]
        quotes = [(q["span"][0], q["span"][1], q["speaker"]) for q in page.get("quotes", [])]
        ents = {e["eid"]: e for e in page["entities"]}
        for role in page.get("roles", []):
            if role["eid"] not in ents:
                continue
            ent = ents[role["eid"]]
            mentions = [tuple(m) for m in ent["mentions"]]
            mine = [m for m in mentions if _voice_at(quotes, m[0]) == role["voice"]] or mentions
            out.append(Example(page["id"], text, page["language"], mine, role["voice"], ent.get("type"),
                               role["main"], list(role["fine"]), quotes, ent.get("name")))
    return out


def _voice_at(quotes: list[tuple[int, int, str]], pos: int) -> str:
    return next((spk for s, e, spk in quotes if s <= pos < e), "author")


def semeval_examples(data_dir: Path, lang: str | None = None) -> list[Example]:
    """SemEval-2025 ST1 annotation rows (one per mention); the voice is "quoted" inside quotation marks."""
    from ..tasks import semeval2025

    docs = {d.doc_id: d for d in semeval2025.read_documents(data_dir, lang, 1)}
    gold = semeval2025.read_gold(data_dir, lang, 1)
    if gold is None or not gold.rows:
        raise ConfigError("E008", path=str(data_dir), detail="no subtask-1-annotations.txt with roles")
    out = []
    for row in gold.rows:
        doc = docs.get(row.article_id) or docs.get(row.article_id.removesuffix(".txt"))
        if doc is None or not row.main_role:
            continue
        out.append(Example(doc.doc_id, doc.text, doc.lang.lower() if doc.lang else None, [(row.start, row.end + 1)],
                           quoted_voice(doc.text, row.start), None, row.main_role, list(row.fine_roles)))
    if not out:
        raise ConfigError("E008", path=str(data_dir), detail="no annotated mention matched a document")
    return out


def quoted_voice(text: str, pos: int) -> str:
    """"quoted" when ``pos`` lies inside quotation marks on its line, else "author" (no speaker is given)."""
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    return "quoted" if any(m.start() < pos - line_start < m.end() for m in _QUOTED.finditer(line)) else "author"
