"""A quote an outlet cites: '“...,” TASS quoted Patrushev's deputy, Alexander Shevtsov, as saying' /
'», — приводит РИА Новости слова посла': the person whose words are cited speaks, not the outlet."""
from __future__ import annotations

import re

from .speakers import Context, entities_in, resolve_phrase

_QUOTING = re.compile(r"\W{0,4}(?:[^.!?\n]{0,60}?\s)?(?:quoted|quotes|quoting|cited|cites|приводит|приводят|привёл|привел|"
                      r"привела|цитирует|цитируют|процитировал\w*)\s+(?P<rest>[^.!?\n]{2,160})")
_WHOSE = re.compile(r"(?:слова|заявление|высказывание|мнение|цитату|комментарий|message from|statement (?:by|of|from)|"
                    r"words of|comments? (?:by|of|from))\s+(?P<who>.+)$|^(?P<object>.+?)\s+as saying\b", re.I)


def cited_speaker(ctx: Context, close: int, end: int):
    """Speaker of '“...,” TASS quoted Patrushev's deputy, Alexander Shevtsov, as saying' / '», — приводит
    РИА Новости заявление посла Кошербаева': the person whose words are cited (the last one named), not the outlet."""
    m = _QUOTING.match(ctx.text, close, end)
    whose = _WHOSE.search(m.group("rest")) if m else None
    if not whose:
        return None
    g = "who" if whose.group("who") else "object"
    start = m.start("rest") + whose.start(g)
    found = entities_in(ctx, start, m.start("rest") + whose.end(g), ("PER", "ORG", "GROUP"))
    people = [x for x in found if x.type == "PER"]
    if people or found:
        who = (people or found)[-1]
        return who.entity, who.name, "named", (m.start("rest") - 1, m.start("rest")), 0.85
    spk = resolve_phrase(ctx, (start, m.start("rest") + whose.end(g)), "", True)
    return (*spk[:3], None, spk[3]) if spk[0] != "unknown" else None
