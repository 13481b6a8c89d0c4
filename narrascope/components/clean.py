"""The ``clean`` component: boilerplate removal with offsets, and paragraphs.

Clean text is built only from verbatim pieces of the raw text, joined by paragraph breaks,
so every clean offset maps back to the raw text. What was removed, and why, is kept in
``article.meta["removed"]`` as raw ranges, so a reader can check every cut.
"""
from __future__ import annotations

import collections
import re
from dataclasses import dataclass

from ..article import Article, OffsetMap, Span
from ..errors import ComponentError
from ..pipeline import Component, component
from ..text.boilerplate import (STRONG, Block, features, intrinsic_reasons, is_name_line, is_teaser,
                                is_title_repeat, norm_title)
from ..text.sentences import soft_wrap, split_sentences

RUN_IN_MIN = 600       # a line longer than this is judged sentence by sentence
REPARAGRAPH_MIN = 1500  # a line longer than this is a run-in text: infer its paragraphs

# Words that start a sentence after a run-in subheading ("Sixth Chamber The public committee").
_STARTERS = set("""the a an as in on at but however this these that it its he she they we i you his her their our
meanwhile according
for when after while although additionally moreover in yet so since with despite following recently
в на по как однако это этот эта эти он она они мы при после пока хотя между тем кроме также но и а если когда
у у із за це він вона вони ми як але однак""".split())
_DISCOURSE = re.compile(r"^(?:however|meanwhile|moreover|additionally|furthermore|in other words|at the same time|"
                        r"on the other hand|as for|notably|yet|but|in turn|thus|therefore|recently|"
                        r"однако|между тем|кроме того|при этом|вместе с тем|тем временем|в свою очередь|"
                        r"таким образом|напомним|впрочем|проте|однак|водночас|тим часом)\b", re.I)


@dataclass
class CleanResult:
    text: str
    offset_map: OffsetMap
    paragraphs: list[Span]
    removed: list[list]  # [raw_start, raw_end, reason]


def _subtract(start: int, end: int, holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    pieces, pos = [], start
    for hs, he in holes:
        if he <= pos or hs >= end:
            continue
        if hs > pos:
            pieces.append((pos, hs))
        pos = max(pos, he)
    if pos < end:
        pieces.append((pos, end))
    return pieces


def _strip(raw: str, start: int, end: int) -> tuple[int, int]:
    while start < end and raw[start].isspace():
        start += 1
    while end > start and raw[end - 1].isspace():
        end -= 1
    return start, end


def _split_subheading(raw: str, start: int, end: int) -> int | None:
    """Offset where a run-in subheading ends inside a sentence, or None."""
    tokens = list(re.finditer(r"\S+", raw[start:min(end, start + 120)]))
    run = 0
    for tok in tokens:
        word = tok.group(0)
        if word[:1].isupper() or word.lower() in ("of", "and", "in", "the", "и", "в"):
            run += 1
            continue
        break
    if 3 <= run < len(tokens) and tokens[run - 1].group(0).lower() in _STARTERS:
        cut = start + tokens[run - 1].start()
        if not re.search(r"[.,:;!?]", raw[start:cut]):
            return cut
    return None


_CREDIT_HEAD = re.compile(r"(?:photo|фото|image|source|источник|сурет)\s*:\s*", re.I)


def _split_credit(raw: str, start: int, end: int) -> int | None:
    """'Photo: TV screen capture She organized...': offset where the credit ends, or None."""
    m = _CREDIT_HEAD.match(raw, start, end)
    if not m:
        return None
    for tok in re.finditer(r"\S+", raw[m.end():min(end, m.end() + 80)]):
        if tok.start() and tok.group(0)[:1].isupper() and tok.group(0).lower() in _STARTERS:
            return m.end() + tok.start()
    return None


def _logical_lines(raw: str) -> list[tuple[int, int]]:
    """Line ranges, with the lines of a hard-wrapped paragraph joined into one."""
    out: list[tuple[int, int]] = []
    pos = 0
    lines = raw.split("\n")
    for i, line in enumerate(lines):
        start, end = pos, pos + len(line)
        pos = end + 1
        if out and i and soft_wrap(lines[i - 1], line) and out[-1][1] == start - 1:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def build_blocks(raw: str, holes: list[tuple[int, int]]) -> list[Block]:
    blocks: list[Block] = []
    for line_id, (line_start, line_end) in enumerate(_logical_lines(raw)):
        for ps, pe in _subtract(line_start, line_end, holes):
            ps, pe = _strip(raw, ps, pe)
            if pe <= ps:
                continue
            if pe - ps <= RUN_IN_MIN:
                blocks.append(Block(ps, pe, raw[ps:pe], line_id))
                continue
            run_in = (line_end - line_start) > REPARAGRAPH_MIN
            for ss, se in split_sentences(raw, ps, pe):
                for splitter in (_split_credit, _split_subheading if run_in else None):
                    cut = splitter(raw, ss, se) if splitter else None
                    if cut:
                        blocks.append(Block(ss, _strip(raw, ss, cut)[1], raw[ss:cut].strip(), line_id, run_in=True))
                        ss = cut
                blocks.append(Block(ss, se, raw[ss:se], line_id, run_in=True))
    return [features(b) for b in blocks]


def decide(blocks: list[Block], title: str | None, repeats: set[str] | None = None) -> None:
    """Set ``keep`` and ``reasons`` on every block."""
    title_norm = norm_title(title)
    seen: set[str] = set()
    for i, b in enumerate(blocks):
        b.reasons = intrinsic_reasons(b)
        if not b.run_in and i < max(3, len(blocks) * 0.3) and is_name_line(b):
            b.reasons.append("byline")
        if is_title_repeat(b, title_norm):
            b.reasons.append("repeated headline")
        if b.norm in seen and b.words >= 2:
            b.reasons.append("repeated paragraph")
        if is_teaser(b, blocks):
            b.reasons.append("teaser")
        if repeats and b.norm in repeats and b.words < 60:
            b.reasons.append("repeats across the outlet or corpus")
        # Prose that merely mentions furniture words ("subscribers fell by a third") is prose.
        if b.reasons == ["furniture vocabulary"] and b.words >= 25 and not STRONG.match(b.text):
            b.reasons = []
        seen.add(b.norm)
    for prev, b in zip(blocks, blocks[1:]):
        # A short line or sentence right before a photo credit is its caption.
        if "photo credit" in b.reasons and not prev.reasons and prev.words <= 12:
            prev.reasons.append("photo caption")
    strong = [i for i, b in enumerate(blocks) if b.strong_body]
    if not strong:
        # No prose at all: keep what carries no furniture signal, so nothing is silently lost.
        for b in blocks:
            b.keep = not b.reasons and b.words >= 3
        return
    first, last = strong[0], _body_end(blocks, strong)
    for i, b in enumerate(blocks):
        if b.reasons:
            b.keep = False
        elif i < first:
            b.keep = b.words >= 5 and b.ends_sentence and b.stop_ratio >= 0.1
            # With the headline known, a short line right before the body is a subheading or
            # standfirst, not the headline again.
            b.keep = b.keep or (title_norm is not None and i == first - 1 and b.words <= 20)
            if not b.keep:
                b.reasons.append("before the body (headline, byline or navigation)")
        else:
            b.keep = True
    # After the body: everything from the first furniture block on is furniture. Before it,
    # a short unpunctuated line stays only as a subheading of something kept after it, or
    # as the cut-off end of a truncated text.
    tail = blocks[last + 1:]
    junk_at = next((i for i, b in enumerate(tail) if not b.keep), len(tail))
    clean_tail = tail[:junk_at]
    if junk_at == len(tail) and clean_tail and not clean_tail[-1].ends_sentence:
        clean_tail = clean_tail[:-1]  # the cut-off end of a truncated text is judged below
    if len(clean_tail) >= 2 and not any(b.ends_sentence or b.words >= 15 for b in clean_tail):
        # Only short unpunctuated lines after the body: a list of links ("Latest news", headlines).
        for b in clean_tail:
            b.keep = False
            b.reasons.append("link list after the body")
    for i, b in enumerate(tail):
        if not b.keep:
            continue
        short = b.words < 4 and not b.ends_sentence
        followed = any(t.words >= 4 or t.ends_sentence for t in tail[i + 1:junk_at])
        truncated_end = (i == len(tail) - 1 and junk_at == len(tail) and not b.ends_sentence
                         and (i == 0 or tail[i - 1].keep))
        if i > junk_at or (short and not followed and not truncated_end):
            b.keep = False
            b.reasons.append("after the body")


def _body_end(blocks: list[Block], strong: list[int]) -> int:
    """Index of the last body block: a run of two furniture blocks followed by at most one
    prose block (a comment-rules paragraph, say) ends the body."""
    for i in range(strong[0] + 1, len(blocks) - 1):
        if blocks[i].reasons and blocks[i + 1].reasons:
            after = [j for j in strong if j > i]
            if len(after) <= 1:
                before = [j for j in strong if j < i]
                return before[-1] if before else strong[0]
    return strong[-1]


def _group_run_in(blocks: list[Block]) -> list[list[Block]]:
    """Paragraphs for the kept sentences of one run-in line."""
    paras: list[list[Block]] = []
    current: list[Block] = []
    size = 0
    for b in blocks:
        heading = not b.ends_sentence and b.words <= 12
        starts_new = (current and (heading or (current and not current[-1].ends_sentence)
                      or size >= 700 or (size >= 350 and len(current) >= 3 and _DISCOURSE.match(b.text))))
        if starts_new:
            paras.append(current)
            current, size = [], 0
        current.append(b)
        size += b.end - b.start
    if current:
        paras.append(current)
    return paras


def assemble(raw: str, blocks: list[Block]) -> CleanResult:
    kept = [b for b in blocks if b.keep]
    removed = [[b.start, b.end, "; ".join(b.reasons) or "removed"] for b in blocks if not b.keep]
    groups: list[list[Block]] = []
    for b in kept:
        prev = groups[-1][-1] if groups else None
        if prev is not None and prev.line_id == b.line_id and prev.run_in and b.run_in:
            groups[-1].append(b)
        elif prev is not None and prev.line_id == b.line_id and not prev.run_in and not b.run_in:
            groups[-1].append(b)  # pieces of one line around a header field
        else:
            groups.append([b])
    paragraphs_blocks: list[list[Block]] = []
    for g in groups:
        long_line = g[0].run_in
        paragraphs_blocks.extend(_group_run_in(g) if long_line else [g])
    parts: list[str] = []
    segments: list[tuple[int, int, int]] = []
    paragraphs: list[Span] = []
    pos = 0
    removed_starts = sorted(r[0] for r in removed)
    for para in paragraphs_blocks:
        if parts:
            parts.append("\n\n")
            pos += 2
        para_start = pos
        run_start, run_end = para[0].start, para[0].end
        pieces = []
        for b in para[1:]:
            gap_removed = any(run_end <= r < b.start for r in removed_starts)
            if not gap_removed and not raw[run_end:b.start].strip():
                run_end = b.end
            else:
                pieces.append((run_start, run_end))
                run_start, run_end = b.start, b.end
        pieces.append((run_start, run_end))
        for k, (s, e) in enumerate(pieces):
            if k:
                parts.append(" ")
                pos += 1
            segments.append((pos, s, e - s))
            parts.append(raw[s:e])
            pos += e - s
        kind = "subheading" if len(para) == 1 and not para[0].ends_sentence and para[0].words <= 12 else "paragraph"
        paragraphs.append(Span(para_start, pos, kind))
    return CleanResult("".join(parts), OffsetMap(segments), paragraphs, removed)


def clean_text(raw: str, header_spans: list[Span] | None = None, title: str | None = None,
               repeats: set[str] | None = None) -> CleanResult:
    """Clean ``raw``: drop header fields and boilerplate, keep offsets, infer paragraphs."""
    holes = sorted((s.start, s.end) for s in header_spans or [])
    blocks = build_blocks(raw, holes)
    decide(blocks, title, repeats)
    result = assemble(raw, blocks)
    result.removed = sorted(result.removed + [[s, e, "header field"] for s, e in holes])
    return result


@component("clean", requires=("raw_text",), assigns=("text", "layers.paragraphs", "offset_map", "meta.removed"),
           version="1.2.0")
class Cleaner(Component):
    """Removes boilerplate; learns lines that repeat across an outlet or the batch."""

    def prepare(self, articles: list[Article]) -> None:
        by_outlet: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        corpus: collections.Counter = collections.Counter()
        for a in articles:
            lines = {features(Block(0, 0, ln.strip(), 0)).norm for ln in a.raw_text.split("\n")
                     if 0 < len(ln.strip()) <= 300}
            by_outlet[a.outlet or ""].update(lines)
            corpus.update(lines)
        # A short line seen in two articles of one outlet is that outlet's furniture ("Our ruling");
        # a longer one must repeat more often before we believe it.
        self._repeats = {o: {n for n, c in cnt.items() if c >= (2 if len(n.split()) <= 6 else 3)}
                         for o, cnt in by_outlet.items() if o}
        self._corpus_repeats = {n for n, c in corpus.items() if c >= max(5, len(articles) // 10)}

    def __call__(self, article: Article) -> Article:
        repeats = set(getattr(self, "_corpus_repeats", set()))
        repeats |= getattr(self, "_repeats", {}).get(article.outlet or "", set())
        result = clean_text(article.raw_text, article.header_spans, article.title, repeats)
        if not result.text.strip():
            raise ComponentError("E108", source=article.source,
                                 detail=f"every part of the text was boilerplate ({len(result.removed)} part(s) removed)")
        article.text = result.text
        article.offset_map = result.offset_map
        article.add_layer("paragraphs", result.paragraphs, self.name, self.version)
        article.meta["removed"] = result.removed
        return article
