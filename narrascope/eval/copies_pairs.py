"""The pairs the copy evaluation scores: edited copies of real pages, and our own translated stories.

Same-language: each real page (read from the corpus at run time, never stored here) gets two edited
copies, made deterministically from its id: a *light* one (spinner synonyms, added boilerplate, a new
headline) and a *heavy* one (the same plus cut and re-ordered paragraphs). The page and its copies form
one group; any two documents of a group are a positive pair, every other pair is a negative.

    >>> import random
    >>> text, edits = edited_copy("Officials said the new plan is important.\\nIt starts in May.", "en",
    ...                           random.Random(1), heavy=False)
    >>> edits
    ['synonyms', 'boilerplate', 'headline']

Cross-language: ``resources/eval/copies/stories.jsonl`` holds short news stories written for narrascope,
each in two or three languages (same ``story``: a positive pair), and same-topic stories with other facts
(hard negatives). ``split`` says which part chose the thresholds ("tune") and which is reported ("test").
"""
from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..corpus.copies import CopyDoc

RESOURCE = "eval/copies"
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
MIN_WORDS = 60  # shorter pages are too short for a meaningful copy


def load_json(name: str) -> Any:
    return json.loads(resources.files("narrascope.resources").joinpath(f"{RESOURCE}/{name}").read_text(encoding="utf-8"))


def load_stories() -> list[dict[str, Any]]:
    text = resources.files("narrascope.resources").joinpath(f"{RESOURCE}/stories.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _spin(text: str, synonyms: dict[str, list[str]], rng: random.Random, rate: float) -> str:
    def swap(m: re.Match) -> str:
        word = m.group(0)
        options = synonyms.get(word.lower())
        if not options or rng.random() > rate:
            return word
        new = options[rng.randrange(len(options))]
        return new[:1].upper() + new[1:] if word[:1].isupper() else new
    return _WORD.sub(swap, text)


def _headline(paragraphs: list[str], lang: str, rng: random.Random) -> str:
    """A new first line: a few words of the old lead behind a mirror's prefix."""
    words = _WORD.findall(paragraphs[0])[:8]
    prefix = {"en": ["Breaking:", "Exclusive:", "Update:"], "ru": ["Срочно:", "Эксклюзив:", "Обновлено:"],
              "uk": ["Терміново:", "Ексклюзив:"], "kk": ["Шұғыл:", "Жаңалық:"]}.get(lang, ["News:"])
    return f"{prefix[rng.randrange(len(prefix))]} {' '.join(words)}"


def edited_copy(text: str, lang: str, rng: random.Random, heavy: bool) -> tuple[str, list[str]]:
    """``text`` as a mirror would re-publish it, and the names of the edits applied."""
    synonyms = load_json("synonyms.json").get(lang) or {}
    boiler = load_json("boilerplate.json").get(lang) or load_json("boilerplate.json")["en"]
    paragraphs = [p for p in text.split("\n") if p.strip()]
    edits = []
    if synonyms:
        edits.append("synonyms")
        paragraphs = [_spin(p, synonyms, rng, rate=0.9 if heavy else 0.7) for p in paragraphs]
    if heavy:
        if len(paragraphs) >= 3:
            keep = sorted(rng.sample(range(len(paragraphs)), k=max(2, (len(paragraphs) + 1) // 2)))
            paragraphs = [paragraphs[i] for i in keep]
            edits.append("cut")
            body = paragraphs[1:]
            rng.shuffle(body)
            paragraphs = paragraphs[:1] + body
            edits.append("reorder")
        else:  # one or two long paragraphs: cut their second halves instead
            paragraphs = [p[: max(len(p) // 2, min(len(p), 200))] for p in paragraphs]
            edits.append("cut")
    edits.append("boilerplate")
    picks = rng.sample(boiler, k=2)
    paragraphs = [picks[0], *paragraphs, picks[1]] if heavy else [*paragraphs, picks[0]]
    edits.append("headline")
    return "\n".join([_headline(paragraphs[1:] or paragraphs, lang, rng), *paragraphs]), edits


@dataclass(frozen=True)
class SameLanguageSet:
    docs: list[CopyDoc]
    group: dict[str, str]            # doc id -> source page id
    edits: dict[str, list[str]]      # copy id -> edits applied


def read_pages(path: str | Path) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if isinstance(r, dict) and len(_WORD.findall(r.get("text") or "")) >= MIN_WORDS]


def same_language_set(pages: list[dict[str, Any]]) -> SameLanguageSet:
    """The pages (title as first line when they have one) and two edited copies of each."""
    docs, group, edits = [], {}, {}
    for row in pages:
        lang = row.get("language") or "und"
        text = f"{row['title']}\n{row['text']}" if row.get("title") else row["text"]
        docs.append(CopyDoc(row["id"], lang, text, row.get("published"), row.get("outlet")))
        group[row["id"]] = row["id"]
        rng = random.Random(f"copies:{row['id']}")
        for kind in ("light", "heavy"):
            cid = f"{row['id']}~{kind}"
            copy, applied = edited_copy(row["text"], lang, rng, heavy=kind == "heavy")
            docs.append(CopyDoc(cid, lang, copy, row.get("published"), f"mirror-{kind}"))
            group[cid], edits[cid] = row["id"], applied
    return SameLanguageSet(docs, group, edits)
