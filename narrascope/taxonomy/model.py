"""Taxonomy records. A :class:`Label` is a narrative (coarse) or a subnarrative (fine); its
``name`` is spelled as the source taxonomy writes it, prefixed by the domain:
``"URW: Discrediting Ukraine"`` and ``"URW: Discrediting Ukraine: Ukraine is a puppet of the West"``."""
from __future__ import annotations

from dataclasses import dataclass, field

LANGS = ("en", "ru", "uk", "kk")
OTHER = "Other"


@dataclass(frozen=True)
class Label:
    id: str
    name: str                      # full label, e.g. "CA: Kazakhstan is a Western puppet: Other"
    definition: str
    cues: dict[str, tuple[str, ...]] = field(default_factory=dict)
    examples: tuple[tuple[str, str], ...] = ()   # (lang, text)
    parent: str | None = None      # coarse label name for a subnarrative
    taxonomy: str = ""

    @property
    def is_fine(self) -> bool:
        return self.parent is not None

    @property
    def is_other(self) -> bool:
        return self.is_fine and self.name.endswith(": " + OTHER)


@dataclass
class Taxonomy:
    id: str
    name: str
    version: str
    domain: str
    licence: str
    labels: list[Label]
    path: str = ""

    @property
    def coarse(self) -> list[Label]:
        return [lab for lab in self.labels if not lab.is_fine]

    @property
    def fine(self) -> list[Label]:
        return [lab for lab in self.labels if lab.is_fine]


class TaxonomySet:
    """Several taxonomies used together; label names are unique across them."""

    def __init__(self, taxonomies: list[Taxonomy]):
        self.taxonomies = taxonomies
        self.by_name: dict[str, Label] = {}
        for tax in taxonomies:
            for lab in tax.labels:
                self.by_name[lab.name] = lab

    def __contains__(self, name: str) -> bool:
        return name in self.by_name

    def __getitem__(self, name: str) -> Label:
        return self.by_name[name]

    @property
    def coarse(self) -> list[Label]:
        return [lab for tax in self.taxonomies for lab in tax.coarse]

    @property
    def fine(self) -> list[Label]:
        return [lab for tax in self.taxonomies for lab in tax.fine]

    @property
    def ids(self) -> str:
        """A short description for version stamps: ``central_asia@1.0+semeval2025_urw@1.0``."""
        return "+".join(f"{t.id}@{t.version}" for t in self.taxonomies)

    def coarse_of(self, name: str) -> str:
        lab = self.by_name.get(name)
        if lab is not None:
            return lab.parent or lab.name
        return name if name.count(": ") < 2 else name.rsplit(": ", 1)[0]

    def other_of(self, coarse: str) -> str:
        return f"{coarse}: {OTHER}"

    def children(self, coarse: str) -> list[Label]:
        return [lab for lab in self.fine if lab.parent == coarse]

    def normalise(self, name: str) -> str | None:
        """A label name as this set spells it, tolerant of case, spacing and apostrophe style."""
        if name in self.by_name:
            return name
        key = _key(name)
        for known in self.by_name:
            if _key(known) == key:
                return known
        return None


def _key(name: str) -> str:
    return " ".join(name.replace("’", "'").replace("`", "'").lower().split())
