"""Agreement between two annotators of the same pages (guidelines narratives-v1 and entities-v1).

A model target above what two careful people agree on is noise, so every gold file that has a
second, independent annotation reports these figures beside the model's scores:

- narratives: F1 between the two sets of fine labels (and of coarse labels), pooled over pages;
  dominant-narrative agreement and Cohen's kappa;
- stance: Cohen's kappa (and raw agreement) over the narratives both annotators found on a page
  (matched on the fine label, else on the coarse label);
- entities: mention F1 (exact spans and overlapping spans) and type agreement on matched mentions;
- quotes: F1 of quote spans (matched when they overlap by half of the shorter one, as in
  ``eval entities``), kind agreement and speaker agreement on matched quotes;
- roles: F1 of (entity, voice, main role) triples and main-role agreement on the (entity, voice)
  pairs both annotated.

Entities are local to each file (``E1`` in one is not ``E1`` in the other), so they are aligned
through their mentions: two entities are the same when a mention of one overlaps a mention of the
other, or when their canonical names are equal.

    >>> a = {"id": "p", "narratives": [{"label": "CA: X: Other", "stance": "promotes", "evidence": []}],
    ...      "dominant": "CA: X"}
    >>> agreement_narratives([a], [a])["stance"]["agreement"]
    1.0
"""
from __future__ import annotations

import collections
from typing import Any

from sklearn.metrics import cohen_kappa_score

from ..tasks.metrics import prf

UNNAMED = ("anonymous", "unknown")


def _kappa(a: list[str], b: list[str]) -> float | None:
    if not a:
        return None
    if len(set(a) | set(b)) < 2:
        return 1.0  # one class on both sides: perfect, and kappa's formula divides by zero
    return float(cohen_kappa_score(a, b))


def _coarse(label: str) -> str:
    return ": ".join(label.split(": ")[:2])


def _common(rows_a: list[dict], rows_b: list[dict]) -> list[tuple[dict, dict]]:
    b = {r["id"]: r for r in rows_b}
    return [(r, b[r["id"]]) for r in sorted(rows_a, key=lambda r: r["id"]) if r["id"] in b]


def agreement_narratives(rows_a: list[dict], rows_b: list[dict]) -> dict[str, Any]:
    """Label F1, dominant agreement and stance kappa over the pages both annotated."""
    pairs = _common(rows_a, rows_b)
    counts = {"fine": collections.Counter(), "coarse": collections.Counter()}
    stance_a: list[str] = []
    stance_b: list[str] = []
    dom_a: list[str] = []
    dom_b: list[str] = []
    for a, b in pairs:
        na = {n["label"]: n["stance"] for n in a.get("narratives", [])}
        nb = {n["label"]: n["stance"] for n in b.get("narratives", [])}
        for level, key in (("fine", lambda x: x), ("coarse", _coarse)):
            sa, sb = {key(x) for x in na}, {key(x) for x in nb}
            c = counts[level]
            c["tp"] += len(sa & sb)
            c["fp"] += len(sb - sa)
            c["fn"] += len(sa - sb)
        left = dict(nb)
        for label, stance in sorted(na.items()):
            match = label if label in left else next((x for x in sorted(left) if _coarse(x) == _coarse(label)), None)
            if match is not None:
                stance_a.append(stance)
                stance_b.append(left.pop(match))
        dom_a.append(a.get("dominant", "Other"))
        dom_b.append(b.get("dominant", "Other"))
    return {
        "pages": len(pairs),
        "labels_fine": {**prf(counts["fine"]["tp"], counts["fine"]["fp"], counts["fine"]["fn"]),
                        "support": counts["fine"]["tp"] + counts["fine"]["fn"]},
        "labels_coarse": {**prf(counts["coarse"]["tp"], counts["coarse"]["fp"], counts["coarse"]["fn"]),
                          "support": counts["coarse"]["tp"] + counts["coarse"]["fn"]},
        "dominant": {"agreement": _rate(dom_a, dom_b), "kappa": _kappa(dom_a, dom_b)},
        "stance": {"pairs": len(stance_a), "agreement": _rate(stance_a, stance_b),
                   "kappa": _kappa(stance_a, stance_b),
                   "confusion": _confusion(stance_a, stance_b)},
    }


def _rate(a: list[str], b: list[str]) -> float | None:
    return sum(x == y for x, y in zip(a, b)) / len(a) if a else None


def _confusion(a: list[str], b: list[str]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for x, y in zip(a, b):
        out.setdefault(x, {}).setdefault(y, 0)
        out[x][y] += 1
    return out


def _overlap(s: list[int], t: list[int]) -> int:
    return max(0, min(s[1], t[1]) - max(s[0], t[0]))


def _half_overlap(s: list[int], t: list[int]) -> bool:
    return _overlap(s, t) * 2 >= min(s[1] - s[0], t[1] - t[0]) > 0


def _align_entities(a: dict, b: dict) -> dict[str, str]:
    """eid in ``a`` -> eid in ``b``, one to one, by overlapping mentions (most shared first), then name."""
    scores = []
    for ea in a.get("entities", []):
        for eb in b.get("entities", []):
            shared = sum(1 for m in ea.get("mentions", []) for n in eb.get("mentions", []) if _overlap(m, n))
            same_name = ea.get("name", "").casefold() == eb.get("name", "").casefold()
            if shared or same_name:
                scores.append((-shared, not same_name, ea["eid"], eb["eid"]))
    out: dict[str, str] = {}
    used: set[str] = set()
    for _, _, x, y in sorted(scores):
        if x not in out and y not in used:
            out[x] = y
            used.add(y)
    return out


def _same_speaker(x: str, y: str, align: dict[str, str]) -> bool:
    if x in UNNAMED or y in UNNAMED:
        return x == y
    return align.get(x) == y


def agreement_entities(rows_a: list[dict], rows_b: list[dict]) -> dict[str, Any]:
    """Mention, quote, speaker and role agreement over the pages both annotated."""
    pairs = _common(rows_a, rows_b)
    c = collections.Counter()
    for a, b in pairs:
        align = _align_entities(a, b)
        _mentions(a, b, c)
        _quotes(a, b, align, c)
        _roles(a, b, align, c)
    return {
        "pages": len(pairs),
        "mentions_exact": prf(c["m_exact"], c["m_b"] - c["m_exact"], c["m_a"] - c["m_exact"]),
        "mentions_overlap": prf(c["m_over"], c["m_b"] - c["m_over"], c["m_a"] - c["m_over"]),
        "mention_type_agreement": c["m_type"] / c["m_over"] if c["m_over"] else None,
        "quotes": {**prf(c["q_match"], c["q_b"] - c["q_match"], c["q_a"] - c["q_match"]),
                   "support_a": c["q_a"], "support_b": c["q_b"]},
        "quote_kind_agreement": c["q_kind"] / c["q_match"] if c["q_match"] else None,
        "speaker_agreement": c["q_speaker"] / c["q_match"] if c["q_match"] else None,
        "roles": {**prf(c["r_tp"], c["r_b"] - c["r_tp"], c["r_a"] - c["r_tp"]),
                  "support_a": c["r_a"], "support_b": c["r_b"]},
        "main_role_agreement": c["r_main"] / c["r_pairs"] if c["r_pairs"] else None,
        "role_pairs_both": c["r_pairs"],
    }


def _mentions(a: dict, b: dict, c: collections.Counter) -> None:
    ma = [(tuple(m), e.get("type")) for e in a.get("entities", []) for m in e.get("mentions", [])]
    mb = [(tuple(m), e.get("type")) for e in b.get("entities", []) for m in e.get("mentions", [])]
    c["m_a"] += len(ma)
    c["m_b"] += len(mb)
    exact = {m for m, _ in mb}
    c["m_exact"] += sum(1 for m, _ in ma if m in exact)
    free = list(mb)
    for m, typ in ma:
        hit = next((x for x in free if _overlap(list(m), list(x[0]))), None)
        if hit is not None:
            free.remove(hit)
            c["m_over"] += 1
            c["m_type"] += hit[1] == typ


def _quotes(a: dict, b: dict, align: dict[str, str], c: collections.Counter) -> None:
    qa, qb = a.get("quotes", []), list(b.get("quotes", []))
    c["q_a"] += len(qa)
    c["q_b"] += len(qb)
    for q in qa:
        hit = next((x for x in qb if _half_overlap(q["span"], x["span"])), None)
        if hit is None:
            continue
        qb.remove(hit)
        c["q_match"] += 1
        c["q_kind"] += q.get("kind") == hit.get("kind")
        c["q_speaker"] += _same_speaker(q.get("speaker", "unknown"), hit.get("speaker", "unknown"), align)


def _roles(a: dict, b: dict, align: dict[str, str], c: collections.Counter) -> None:
    def voice(v: str) -> str:
        return v if v in ("author", *UNNAMED) else "@" + align.get(v, "?" + v)

    ra = {(align.get(r["eid"], "?" + r["eid"]), voice(r["voice"])): r["main"] for r in a.get("roles", [])}
    rb = {(r["eid"], r["voice"] if r["voice"] in ("author", *UNNAMED) else "@" + r["voice"]): r["main"]
          for r in b.get("roles", [])}
    c["r_a"] += len(ra)
    c["r_b"] += len(rb)
    both = set(ra) & set(rb)
    c["r_pairs"] += len(both)
    c["r_main"] += sum(ra[k] == rb[k] for k in both)
    c["r_tp"] += sum(ra[k] == rb[k] for k in both)


def format_agreement(narr: dict[str, Any], ents: dict[str, Any]) -> str:
    """A short plain-text table of both agreement results."""
    def f(x: float | None) -> str:
        return "n/a" if x is None else f"{x:.3f}"
    lines = [
        f"narratives ({narr['pages']} pages): fine-label F1 {f(narr['labels_fine']['f1'])}, "
        f"coarse-label F1 {f(narr['labels_coarse']['f1'])}, dominant agreement {f(narr['dominant']['agreement'])} "
        f"(kappa {f(narr['dominant']['kappa'])})",
        f"stance ({narr['stance']['pairs']} narratives both found): agreement {f(narr['stance']['agreement'])}, "
        f"Cohen's kappa {f(narr['stance']['kappa'])}",
        f"entities ({ents['pages']} pages): mention F1 exact {f(ents['mentions_exact']['f1'])}, overlap "
        f"{f(ents['mentions_overlap']['f1'])}, type agreement {f(ents['mention_type_agreement'])}",
        f"quotes: F1 {f(ents['quotes']['f1'])} ({ents['quotes']['support_a']} vs {ents['quotes']['support_b']}), "
        f"kind agreement {f(ents['quote_kind_agreement'])}, speaker agreement {f(ents['speaker_agreement'])}",
        f"roles: (entity, voice, main) F1 {f(ents['roles']['f1'])} ({ents['roles']['support_a']} vs "
        f"{ents['roles']['support_b']}), main-role agreement on {ents['role_pairs_both']} shared pairs "
        f"{f(ents['main_role_agreement'])}",
    ]
    return "\n".join(lines)
