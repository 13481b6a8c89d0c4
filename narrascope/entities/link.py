"""One identity per entity inside an article: mentions are grouped by registry entry, by
spelling-and-script-independent key, and by surname ("Tokayev" after "Kassym-Jomart Tokayev")."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable


def fallback_key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.casefold())
    return re.sub(r"[\W_]+", "", "".join(ch for ch in text if not unicodedata.combining(ch)))


_PATRONYMIC = re.compile(r"(?:ович|евич|овна|евна|ична|ovich|evich|ovna|evna)$", re.I)


@dataclass
class Linked:
    start: int
    end: int
    type: str
    source: str
    text: str
    key: str
    registry: dict[str, Any] | None = None  # {"id", "name", "type", "score"}
    entity: str = ""
    attrs: dict[str, Any] = field(default_factory=dict)


def link_mentions(mentions: list[Linked], key: Callable[[str], str] = fallback_key) -> dict[str, dict[str, Any]]:
    """Assign ``entity`` ids ("E1", "E2"... in order of first mention); returns id -> entity info
    (name, type, registry id, mention count)."""
    clusters: dict[str, list[Linked]] = {}
    by_key: dict[str, str] = {}
    surname_of: dict[str, str] = {}
    first_of: dict[str, str] = {}
    order: list[str] = []

    def new_cluster(m: Linked) -> str:
        cid = f"E{len(order) + 1}"
        order.append(cid)
        clusters[cid] = []
        return cid

    for m in sorted(mentions, key=lambda x: x.start):
        cid = None
        if m.registry:
            cid = by_key.get("reg:" + m.registry["id"])
        if cid is None:
            cid = by_key.get(m.key)
        if cid is None and (m.type in ("PER", "UNK") or not m.registry) and " " not in m.text.strip():
            cid = surname_of.get(m.key)  # "Tokayev" after "Kassym-Jomart Tokayev", even when tagged ORG ("Kandelaki’s post")
        words = m.text.split()
        if cid is None and m.type == "PER" and len(words) == 2 and _PATRONYMIC.search(words[1]):
            cid = first_of.get(key(words[0]))  # "Олжас Омарович" after "Олжас Сулейменов"
        if cid is None:
            cid = new_cluster(m)
        clusters[cid].append(m)
        m.entity = cid
        by_key.setdefault(m.key, cid)
        if m.registry:
            by_key.setdefault("reg:" + m.registry["id"], cid)
        tokens = m.text.split()
        if m.type == "PER" and len(tokens) > 1:
            surname_of.setdefault(key(tokens[-1]), cid)
            if not _PATRONYMIC.search(tokens[1]):
                first_of.setdefault(key(tokens[0]), cid)
    out = {}
    for cid in order:
        ms = clusters[cid]
        reg = next((m.registry for m in ms if m.registry), None)
        types = [m.type for m in ms if m.type != "UNK"]
        name = reg["name"] if reg else max((m.text for m in ms), key=len)
        # The most frequent type; a tie goes to the type mentioned first (never to set order, which
        # changes with PYTHONHASHSEED).
        majority = max(dict.fromkeys(types), key=types.count) if types else "UNK"
        out[cid] = {"name": name, "type": (reg or {}).get("type") or majority,
                    "registry": reg["id"] if reg else None, "mentions": len(ms)}
    return out
