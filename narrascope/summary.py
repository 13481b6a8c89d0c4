"""A plain-text summary of one analysed article: fields, entities, quotes, roles, narratives,
techniques and voices."""
from __future__ import annotations

import collections
import textwrap

from .article import Article


def _clip(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def article_summary(a: Article) -> str:
    lines = [a.title or "(untitled)", "=" * min(80, len(a.title or "(untitled)"))]
    for key in ("id", "source", "url", "outlet", "author", "published", "language"):
        value = getattr(a, key)
        if value:
            lines.append(f"{key:10} {value}")
    lines.append(f"{'components':10} " + ", ".join(f"{k} {v}" for k, v in a.analyses.items()))
    for err in a.errors:
        lines.append(f"{err.level}: {err.reason}")
    entities = a.meta.get("entities") or {}
    if "entities" in a.layers:
        spellings = collections.defaultdict(set)
        for s in a.layers["entities"]:
            spellings[s.attrs["entity"]].add(a.text[s.start:s.end])
        lines += ["", f"Entities ({len(entities)}):"]
        for eid, info in sorted(entities.items(), key=lambda kv: -kv[1]["mentions"]):
            reg = f" [{info['registry']}]" if info.get("registry") else ""
            lines.append(f"  {eid:4} {info['type']:5} {info['name']}{reg}  x{info['mentions']}: "
                         + " / ".join(sorted(spellings[eid])))
    if "quotes" in a.layers:
        lines += ["", f"Quotes ({len(a.layers['quotes'])}):"]
        for q in a.layers["quotes"]:
            speaker = q.attrs.get("speaker")
            who = q.attrs.get("speaker_name") if speaker.startswith("E") else f"{speaker} ({q.attrs.get('speaker_name') or '-'})"
            lines.append(f"  [{q.label}] {who} <{q.attrs.get('resolution')}>")
            lines += textwrap.wrap(_clip(a.text[q.start:q.end], 300), 100, initial_indent="      ",
                                   subsequent_indent="      ")
    if "framing" in a.layers and a.layers["framing"].spans:
        named = {eid: info["name"] for eid, info in entities.items()}
        found = [f for f in a.layers["framing"] if f.attrs.get("evidence_kind") != "prior"]
        # A prior role is a default, not a finding: counted, not shown as if the text said it.
        unsupported = len(a.layers["framing"]) - len(found)
        lines += ["", f"Roles by voice ({len(found)} with evidence, cue words in brackets; "
                      f"{unsupported} (entity, voice) pairs with no evidence of a role):"]
        for f in sorted(found, key=lambda f: (f.attrs["voice"] != "author", f.attrs["voice"])):
            voice = named.get(f.attrs["voice"], f.attrs["voice"])
            cues = ", ".join(sorted({a.text[c[0]:c[1]] for c in f.attrs.get("cues", [])}))
            lines.append(f"  {voice:22} casts {f.attrs.get('name')}: {f.label} / {', '.join(f.attrs['fine_roles'])}"
                         f" ({f.score:.2f}) [{cues}]")
    if "narratives" in a.layers:
        coarse = [s for s in a.layers["narratives"] if s.attrs.get("level") == "narrative"]
        lines += ["", f"Narratives ({len(coarse)}; {a.meta.get('narrative_taxonomies', '')}):"]
        for s in coarse:
            subs = [f.label.rsplit(": ", 1)[-1] for f in a.layers["narratives"]
                    if f.attrs.get("level") == "subnarrative" and f.attrs.get("parent") == s.label]
            mark = "  *" if s.attrs.get("dominant") else "   "
            # "unclear" = the stance model abstained: "no evidence", not its best guess
            stance = "no evidence" if s.attrs["stance"] == "unclear" else s.attrs["stance"]
            carrier = s.attrs.get("carrier") or {}
            who = f" carried by {carrier['carrier']}, {carrier['framing']}" if carrier else ""
            lines.append(f"{mark}{s.label} ({s.score:.2f}) {stance} ({s.attrs['stance_score']:.2f}){who}"
                         f" > {'; '.join(subs)}")
            for (start, end), voice in zip(s.attrs["evidence"], s.attrs["voices"]):
                lines += textwrap.wrap(f"[{named_voice(entities, voice)}] {_clip(a.text[start:end], 200)}", 100,
                                       initial_indent="      ", subsequent_indent="      ")
        if a.meta.get("narrative_explanation"):
            lines += textwrap.wrap("Explanation: " + a.meta["narrative_explanation"], 100,
                                   initial_indent="    ", subsequent_indent="    ")
    if "techniques" in a.layers and a.layers["techniques"].spans:
        spans = a.layers["techniques"].spans
        counts = collections.Counter(s.label for s in spans)
        lines += ["", f"Techniques ({len(spans)} spans; " + ", ".join(f"{k} {n}" for k, n in counts.most_common()) + "):"]
        for s in spans:
            lines.append(f"  {s.label:34} {s.score:.2f} [{named_voice(entities, s.attrs.get('voice', 'author'))}] "
                         f"{_clip(a.text[s.start:s.end], 70)!r}")
    if "voices" in a.layers:
        chars = collections.Counter()
        for v in a.layers["voices"]:
            chars[v.label] += v.end - v.start
        total = sum(chars.values()) or 1
        named = {eid: info["name"] for eid, info in entities.items()}
        lines += ["", "Voices (share of the text):"]
        for voice, n in chars.most_common():
            lines.append(f"  {named.get(voice, voice):30} {n / total:6.1%}")
    return "\n".join(lines)


def named_voice(entities: dict, voice: str) -> str:
    return (entities.get(voice) or {}).get("name", voice)
