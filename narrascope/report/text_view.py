"""The one copy of an article's text, with every layer highlighted in it.

Technique spans (one colour per technique), quotes (underlined in their speaker's colour), narrative
evidence (a marker stripe), entities, sentences and any other layer are CSS classes on the same
segments; the report's check boxes switch each kind on and off without JavaScript. Panels link to
the anchors placed here (``#a-<id>-ev<k>``, ``#a-<id>-q<k>``) instead of copying the text.

    >>> from narrascope.article import Article
    >>> a = Article.from_text("One <b>two</b>.", source="x.txt")
    >>> "&lt;b&gt;" in highlighted(a)
    True
"""
from __future__ import annotations

import bisect
from html import escape

from ..article import Article, Span

# Layers drawn another way (paragraphs are <p>; framing repeats the entities; narratives are drawn
# as their evidence) or not at all (voices: the quotes carry the speaker).
SKIP = {"paragraphs", "voices", "framing", "narratives"}
SPEAKER_COLOURS = 6


def technique_names() -> list[str]:
    from ..tasks.semeval2023 import TECHNIQUES

    return list(TECHNIQUES)


_TECHNIQUE_INDEX: dict[str, int] = {}


def technique_class(label: str) -> str:
    """``t-<n>``: the technique's colour class (``t-x`` for a label outside the SemEval-2023 list)."""
    if not _TECHNIQUE_INDEX:
        _TECHNIQUE_INDEX.update({n: i for i, n in enumerate(technique_names())})
    i = _TECHNIQUE_INDEX.get(label)
    return "t-x" if i is None else f"t-{i}"


def _tip(layer: str, span: Span) -> str:
    """Hover text for a highlighted span: what it is, who says it, how sure."""
    extra = span.attrs.get("name") or span.attrs.get("speaker_name") or span.attrs.get("speaker") or ""
    score = f" ({span.score:.2f})" if span.score is not None else ""
    return f"{layer}: {span.label}{' - ' + str(extra) if extra else ''}{score}"


def speaker_of(q: Span) -> str:
    return str(q.attrs.get("speaker_name") or q.attrs.get("speaker") or "unknown")


def marks(a: Article) -> list[tuple[int, int, int, str, str, str]]:
    """(start, end, order, classes, tooltip, anchor id) for every highlighted range of ``a``."""
    out: list[tuple[int, int, int, str, str, str]] = []
    order = 0
    speakers: dict[str, int] = {}
    for name, layer in a.layers.items():
        if name in SKIP:
            continue
        for i, s in enumerate(layer.spans):
            order += 1
            if name == "sentences":
                out.append((s.start, s.end, order, f"l-sentences-{i % 2}", "", ""))
            elif name == "techniques":
                tip = f"{s.label} ({s.attrs.get('voice') or 'author'}, {s.score or 0:.2f})"
                out.append((s.start, s.end, order, f"tq {technique_class(s.label)}", tip, ""))
            elif name == "quotes":
                who = speaker_of(s)
                colour = speakers.setdefault(who, len(speakers) % SPEAKER_COLOURS)
                out.append((s.start, s.end, order, f"l-quotes v{colour}", f"quote ({s.label}): {who}",
                            f"a-{a.id}-q{i + 1}"))
            elif name == "entities":
                out.append((s.start, s.end, order, "l-entities", f"{s.label} {s.attrs.get('name') or ''}", ""))
            else:
                out.append((s.start, s.end, order, f"l-{name} l-{name}-{i % 2}", _tip(name, s), ""))
    for k, (label, start, end, voice) in enumerate(evidence(a), 1):
        order += 1
        out.append((start, end, order, "ev", f"evidence: {label} ({voice})", f"a-{a.id}-ev{k}"))
    return out


def evidence(a: Article) -> list[tuple[str, int, int, str]]:
    """(narrative, start, end, voice) of every evidence range of the article's narratives, in order;
    the k-th (from 1) has the anchor ``a-<id>-ev<k>``."""
    layer = a.layers.get("narratives")
    out = []
    for s in layer.spans if layer else []:
        if s.attrs.get("level") != "narrative":
            continue
        voices = s.attrs.get("voices", [])
        for j, rng in enumerate(s.attrs.get("evidence", [])):
            voice = voices[j] if j < len(voices) else ""
            out.append((s.label, int(rng[0]), int(rng[1]), str(voice)))
    return out


def highlighted(a: Article) -> str:
    """Paragraphs as ``<p>``; inside them, the text cut into segments, each classed by the marks that
    cover it (one sweep over the cut points: linear in text length plus marks)."""
    text = a.text
    all_marks = [m for m in marks(a) if m[0] < m[1]]
    paragraphs = a.layers.get("paragraphs")
    para_spans = paragraphs.spans if paragraphs else ([Span(0, len(text))] if text else [])
    starts: dict[int, list[tuple]] = {}
    ends: dict[int, list[tuple]] = {}
    for m in all_marks:
        starts.setdefault(m[0], []).append(m)
        ends.setdefault(m[1], []).append(m)
    cuts = sorted({0, len(text), *starts, *ends, *(p.start for p in para_spans), *(p.end for p in para_spans)})
    active: dict[int, tuple] = {}
    anchors: dict[int, list[str]] = {}
    for m in all_marks:
        if m[5]:
            anchors.setdefault(m[0], []).append(m[5])
    # one pass: segment -> html, keyed by its start; a set of active marks gives the same tag again
    segments: dict[int, str] = {}
    tags: dict[tuple[int, ...], str] = {}
    for x, y in zip(cuts, cuts[1:]):
        for m in ends.get(x, ()):
            active.pop(m[2], None)
        for m in starts.get(x, ()):
            active[m[2]] = m
        piece = text[x:y].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        if active:
            key = tuple(sorted(active))
            tag = tags.get(key)
            if tag is None:
                ordered = [active[k] for k in key]
                tips = "; ".join(m[4] for m in ordered if m[4])
                title = f' title="{escape(tips)}"' if tips else ""
                tag = tags[key] = f'<span class="{" ".join(m[3] for m in ordered)}"{title}>'
            piece = f"{tag}{piece}</span>"
        if x in anchors:
            piece = "".join(f'<a id="{escape(i)}"></a>' for i in anchors[x]) + piece
        segments[x] = piece
    out = []
    seg_starts = cuts[:-1]
    for p in para_spans:
        lo, hi = bisect.bisect_left(seg_starts, p.start), bisect.bisect_left(seg_starts, p.end)
        body = "".join(segments[c] for c in seg_starts[lo:hi])
        lang = p.attrs.get("lang")
        tag = f' <small class="lang">[{escape(lang)}]</small>' if lang and lang != a.language else ""
        cls = ' class="subheading"' if p.label == "subheading" else ""
        out.append(f"<p{cls}>{body}{tag}</p>")
    return "\n".join(out) or "<p><em>No clean text.</em></p>"


def removed_parts(a: Article) -> str:
    """The raw text's removed parts (boilerplate) struck through, each with its reason: only what the
    clean text does not hold, so the article's text still appears once."""
    removed = sorted(a.meta.get("removed") or [])
    if not removed:
        return ""
    items = "".join(f'<li><del title="{escape(str(reason))}">{escape(a.raw_text[start:end][:600], False)}</del> '
                    f"<small>({escape(str(reason))})</small></li>" for start, end, reason in removed)
    return (f"<details><summary>{len(removed)} part(s) removed from the raw text as boilerplate</summary>"
            f'<ul class="removed">{items}</ul></details>')


def toggles() -> str:
    """The check boxes that switch each highlight kind on and off (CSS only: they must come right
    before the ``.articles`` element, as its siblings)."""
    boxes = (("hl-t", "persuasion techniques", True), ("hl-q", "quotes by speaker", True),
             ("hl-ev", "narrative evidence", True), ("hl-e", "entities", True), ("hl-s", "sentences", False))
    return '<span class="toggles">Highlight:</span>' + "".join(
        f'<input type="checkbox" id="{i}" class="hl"{" checked" if on else ""}><label for="{i}">{escape(name)}</label>'
        for i, name, on in boxes)


def toggle_css(technique_count: int) -> str:
    """Colours per technique (23 hues around the wheel) and per speaker, and the rules that switch
    each highlight off when its box is unchecked."""
    tq = "\n".join(f".t-{i} {{ background: hsl({(i * 360 // 23 + 200) % 360}, 75%, 85%); }}"
                   for i in range(technique_count)) + "\n.t-x { background: #e9ecef; }\n"
    hues = (140, 30, 280, 190, 0, 60)
    speakers = "".join(f".articles .v{i} {{ border-bottom: 2px solid hsl({h}, 60%, 45%); }}\n"
                       for i, h in enumerate(hues))
    return (tq + speakers +
            "#hl-t:not(:checked) ~ .articles .tq { background: none; }\n"
            "#hl-q:not(:checked) ~ .articles .l-quotes { border-bottom: none; }\n"
            "#hl-ev:not(:checked) ~ .articles .ev { box-shadow: none; }\n"
            "#hl-e:not(:checked) ~ .articles .l-entities { text-decoration: none; }\n"
            "#hl-s:checked ~ .articles .l-sentences-1:not(.tq) { background: #f1f3f9; }\n")
