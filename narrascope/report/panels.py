"""Entity and quote panels of the report, and the cross-article entity index."""
from __future__ import annotations

import collections
import re
from html import escape

from ..article import Article
from .text_view import technique_class


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


# Bidirectional controls reorder the text after them: with U+202E (RLO) "invoice\u202etxt.exe"
# displays as "invoiceexe.txt". They have no business in a URL, a title or a file name.
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def show_controls(value: object) -> str:
    """``value`` as text with every bidi control replaced by a visible ``[U+202E]``."""
    return BIDI_CONTROLS.sub(lambda m: f"[U+{ord(m.group()):04X}]", "" if value is None else str(value))


def bdi(value: object, show: bool = False) -> str:
    """An untrusted field, escaped and isolated in ``<bdi>`` so it cannot reorder its surroundings;
    with ``show`` its bidi controls are also made visible (URLs, titles, sources).

        >>> bdi("Outlet \u202eoc.evil", show=True)
        '<bdi>Outlet [U+202E]oc.evil</bdi>'
    """
    return f"<bdi>{_e(show_controls(value) if show else value)}</bdi>"


def entity_key(info: dict) -> str:
    """Cross-article identity: the registry id, else type + normalised name."""
    if info.get("registry"):
        return "r-" + info["registry"]
    return "n-" + info.get("type", "") + "-" + re.sub(r"\W+", "-", info["name"].casefold()).strip("-")


def entity_index(articles: list[Article]) -> dict[str, list[tuple[str, str]]]:
    """entity key -> [(article id, title)] for every article that mentions the entity."""
    index: dict[str, list[tuple[str, str]]] = collections.defaultdict(list)
    for a in articles:
        for info in (a.meta.get("entities") or {}).values():
            index[entity_key(info)].append((a.id, a.title or a.id))
    return index


def _same_page(article_id: str) -> str:
    return f"#a-{article_id}"


def entity_panel(a: Article, index: dict[str, list[tuple[str, str]]], link=_same_page) -> str:
    """The article's entities: type, mentions, spellings, roles by voice, and the other articles that
    mention them (``index``: entity key -> [(article id, title)]; ``link``: article id -> href)."""
    entities = a.meta.get("entities") or {}
    layer = a.layers.get("entities")
    if not entities or layer is None:
        return ""
    spellings: dict[str, set[str]] = collections.defaultdict(set)
    for s in layer.spans:
        spellings[s.attrs["entity"]].add(a.text[s.start:s.end])
    roles = collections.defaultdict(list)
    if "framing" in a.layers:
        for s in a.layers["framing"].spans:
            roles[s.attrs.get("entity")].append(s)
    rows = []
    for eid, info in sorted(entities.items(), key=lambda kv: -kv[1]["mentions"]):
        others = [(aid, t) for aid, t in index.get(entity_key(info), []) if aid != a.id]
        links = ", ".join(f'<a href="{_e(link(aid))}">{bdi(t[:24], show=True)}</a>' for aid, t in others[:2])
        more = " (and more)" if len(others) > 2 else ""
        role = "; ".join(f"{_e(s.attrs.get('voice', 'author'))}: {_e(s.label)} ({_e(', '.join(s.attrs.get('fine_roles', [])))})"
                         for s in roles.get(eid, []) if s.attrs.get("evidence_kind") != "prior")
        # Prior roles are defaults, not findings: the panel says so instead of showing a guess.
        role = role or ('<span class="muted">no evidence</span>' if roles.get(eid) else "")
        rows.append(f'<tr><td id="e-{_e(a.id)}-{_e(eid)}"><b>{bdi(info["name"])}</b></td><td>{_e(info["type"])}</td>'
                    f'<td>{info["mentions"]}</td><td>{_e(" / ".join(sorted(spellings[eid])))}</td>'
                    f'<td>{_e(info.get("registry") or "")}</td><td>{role}</td><td>{links}{more}</td></tr>')
    return ("<details open><summary>Entities</summary><table class=\"panel\"><thead><tr><th>entity</th><th>type</th>"
            "<th>mentions</th><th>spellings</th><th>registry</th><th>roles by voice</th><th>also in</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></details>")


def quote_panel(a: Article) -> str:
    """Quotes with their speaker, kind and how the speaker was found; each links to the quote in the
    article's text (highlighted there), which is not copied here."""
    layer = a.layers.get("quotes")
    if layer is None or not layer.spans:
        return ""
    rows = []
    for k, q in enumerate(layer.spans, 1):
        who = q.attrs.get("speaker_name") or q.attrs.get("speaker")
        status = q.attrs.get("speaker")
        label = who if status and status.startswith("E") else f"{status}: {who}" if who else status
        rows.append(f"<tr><td>{bdi(label)}</td><td>{_e(q.label)}</td><td>{_e(q.attrs.get('resolution'))}</td>"
                    f'<td><a href="#a-{_e(a.id)}-q{k}">quote {k}</a> ({q.end - q.start} characters)</td></tr>')
    return ("<details><summary>Quotes and speakers</summary><table class=\"panel\"><thead><tr><th>speaker</th>"
            "<th>kind</th><th>how the speaker was found</th><th>in the text</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></details>")


def corpus_entities(articles: list[Article], index: dict[str, list[tuple[str, str]]], top: int = 40) -> str:
    names: dict[str, dict] = {}
    for a in articles:
        for info in (a.meta.get("entities") or {}).values():
            names.setdefault(entity_key(info), info)
    ranked = sorted(index.items(), key=lambda kv: (-len({x[0] for x in kv[1]}), kv[0]))[:top]
    if not ranked:
        return ""
    def where(v: list[tuple[str, str]]) -> str:
        return ", ".join(f'<a href="#a-{_e(aid)}">{bdi(t[:30], show=True)}</a>' for aid, t in v[:6])

    rows = "".join(
        f"<tr><td>{bdi(names[k]['name'])}</td><td>{_e(names[k]['type'])}</td><td>{len({x[0] for x in v})}</td>"
        f"<td>{where(v)}</td></tr>"
        for k, v in ranked)
    return ("<h2>Entities across articles</h2><table><thead><tr><th>entity</th><th>type</th><th>articles</th>"
            f"<th>where</th></tr></thead><tbody>{rows}</tbody></table>")


def narrative_panel(a: Article) -> str:
    """Narratives with scores, stance, voices and links to their evidence, which is marked in the
    article's text (never copied here, nor is the explanation: it quotes that evidence)."""
    layer = a.layers.get("narratives")
    if layer is None:
        return ""
    coarse = [s for s in layer.spans if s.attrs.get("level") == "narrative"]
    if not coarse:
        return ("<details open><summary>Narratives</summary><p>No narrative of the loaded taxonomies "
                f"({_e(a.meta.get('narrative_taxonomies', ''))}) was found.</p></details>")
    subs = collections.defaultdict(list)
    for s in layer.spans:
        if s.attrs.get("level") == "subnarrative":
            subs[s.attrs.get("parent")].append(s)
    rows = []
    first_evidence: dict[str, int] = {}
    k = 0  # evidence anchors are numbered over all narratives, as text_view.evidence() numbers them
    for s in coarse:
        items = []
        voices = s.attrs.get("voices", [])
        for j, _ in enumerate(s.attrs.get("evidence", [])):
            k += 1
            first_evidence.setdefault(s.label, k)
            voice = voices[j] if j < len(voices) else ""
            items.append(f'<li><a class="ev-link" href="#a-{_e(a.id)}-ev{k}">evidence {k}</a> <small>({_e(voice)})</small></li>')
        evidence = "".join(items)
        fine = "; ".join(f"{_e(f.label.rsplit(': ', 1)[-1])} ({f.score:.2f})" for f in subs.get(s.label, []))
        cues = ", ".join(s.attrs.get("cues", [])[:8])
        dom = " <b>(dominant)</b>" if s.attrs.get("dominant") else ""
        # "unclear" = the stance model abstained: say so, never show its best guess as a stance
        stance = "no evidence" if s.attrs.get("stance") == "unclear" else s.attrs.get("stance")
        carrier = s.attrs.get("carrier") or {}
        who = f'<br><small>carried by: {_e(carrier.get("carrier"))}, {_e(carrier.get("framing"))}</small>' if carrier else ""
        rows.append(f'<tr><td><b>{_e(s.label)}</b>{dom}<br><small>{fine}</small></td><td>{s.score:.2f}</td>'
                    f'<td class="stance-{_e(s.attrs.get("stance"))}">{_e(stance)} '
                    f'({s.attrs.get("stance_score", 0):.2f}){who}</td><td><ul>{evidence}</ul><small>{_e(cues)}</small></td></tr>')
    dominant = a.meta.get("dominant_narrative") or {}
    where = first_evidence.get(dominant.get("label"))
    link = f' — <a href="#a-{_e(a.id)}-ev{where}">its evidence in the text</a>' if where else ""
    explain = f"<p><b>Dominant:</b> {_e(dominant.get('label'))}{link}</p>" if dominant else ""
    return ("<details open><summary>Narratives</summary>" + explain +
            "<table class=\"panel\"><thead><tr><th>narrative</th><th>score</th><th>stance of the author</th>"
            f"<th>evidence (voice)</th></tr></thead><tbody>{''.join(rows)}</tbody></table></details>")


def technique_view(a: Article) -> str:
    """Counts per technique and voice with the colour legend; the spans themselves are coloured in the
    article's one copy of the text (``text_view.highlighted``)."""
    layer = a.layers.get("techniques")
    if layer is None:
        return ""
    spans = layer.spans
    if not spans:
        return "<details><summary>Persuasion techniques</summary><p>No technique spans.</p></details>"
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for s in spans:
        counts[s.label][s.attrs.get("voice") or "author"] += 1
    voices = sorted({v for c in counts.values() for v in c}, key=lambda v: (v != "author", v))
    head = "".join(f"<th>{_e(v)}</th>" for v in voices)
    rows = "".join(
        f'<tr><td><span class="{technique_class(t)}">{_e(t)}</span></td>'
        + "".join(f"<td>{counts[t][v] or ''}</td>" for v in voices) + f"<td>{sum(counts[t].values())}</td></tr>"
        for t in sorted(counts, key=lambda t: (-sum(counts[t].values()), t)))
    return ("<details><summary>Persuasion techniques</summary>"
            f"<table class=\"panel\"><thead><tr><th>technique</th>{head}<th>all</th></tr></thead><tbody>{rows}</tbody>"
            "</table></details>")
