"""Entities with identity, quotes and speakers, against hand annotations of the dev corpus.

Gold: ``resources/annotations/entities.*.jsonl`` (guideline: docs/annotation/entities.md).
The pipeline runs on each page's annotated body (so cleaning errors do not count here) and
predictions are compared by character offsets:

- Entities: a mention is found when its span equals a gold mention's span (``exact``) or
  overlaps it (``overlap``). Identity: each predicted entity is aligned to the gold entity it
  shares most found mentions with (one to one); ``identity`` F1 counts a found mention only when
  its predicted entity is aligned to the mention's gold entity.
- Quotes: a predicted quote matches a gold quote when they overlap by at least half of the
  shorter one. Speaker accuracy is over matched quotes: a named gold speaker must be the aligned
  predicted entity; "anonymous" and "unknown" must match exactly (strict), or merely be unnamed,
  which includes our "described" (lenient). ``speaker_accuracy_end_to_end``: right speakers (strict) over
  all gold quotes; ``speaker_accuracy_rules``: the attribution rules alone (strict) on the same quotes, where the
  trained speaker model (:mod:`narrascope.quotes.speaker_model`) decides. Entity-type accuracy is over exactly
  found mentions.
- Every score is given over all pages and per language; the baselines (:mod:`.baselines.entities`)
  likewise. The gold is read from every corpus of :data:`GOLD_SOURCES` whose annotation file exists.
"""
from __future__ import annotations

import collections
import json
from importlib import resources
from pathlib import Path
from typing import Any

from ..article import Article
from ..ingest.corpora import annotated_pages
from ..pipeline import Pipeline
from ..tasks.metrics import prf

ENTITY_PIPELINE = ("plain", "langid", "sentences", "entities", "quotes", "framing")
UNNAMED = {"anonymous", "unknown", "described"}


# Where the gold lives, per corpus: (corpus file, annotation files under resources/annotations (glob), split
# file under resources/splits). A corpus whose annotation files do not exist yet is skipped, so adding
# dev2 gold is adding its file, not changing code.
GOLD_SOURCES: tuple[tuple[str, str, str], ...] = (
    ("dev.jsonl", "entities.[a-z][a-z].jsonl", "dev_split.json"),
    ("dev2.jsonl", "entities.dev2.jsonl", "dev2_split.json"),
)


def _rows(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def load_gold(paths: list[str | Path] | None = None, corpus: str | Path | None = None,
              sources: tuple[tuple[str, str, str], ...] = GOLD_SOURCES,
              folders: tuple[Path, Path] | None = None) -> list[dict[str, Any]]:
    """Gold pages from ``paths``, else from every source of :data:`GOLD_SOURCES` whose annotation files exist
    (with ``corpus``: the sources whose corpus file is ``corpus`` or sits beside it). A row without a
    ``split`` takes it from its source's split file. ``folders``: (annotations, splits) instead of the shipped ones.

    >>> sorted({g["language"] for g in load_gold()})
    ['en', 'kk', 'ru', 'uk']
    """
    if paths:
        return [g for p in paths for g in _rows(Path(p).read_text(encoding="utf-8"))]
    annotations, splits = folders or (Path(str(resources.files("narrascope.resources").joinpath("annotations"))),
                                      Path(str(resources.files("narrascope.resources").joinpath("splits"))))
    out: list[dict[str, Any]] = []
    for corpus_name, pattern, split_name in sources:
        if corpus is not None and Path(corpus).name != corpus_name and not (Path(corpus).parent / corpus_name).exists():
            continue
        files = sorted(annotations.glob(pattern))
        side: dict[str, str] = {}
        if files and (splits / split_name).exists():
            split = json.loads((splits / split_name).read_text(encoding="utf-8"))
            side = {pid: part for part in ("train", "test") for pid in split.get(part, [])}
        for f in files:
            for g in _rows(f.read_text(encoding="utf-8")):
                g.setdefault("split", side.get(g["id"], "unsplit"))
                g.setdefault("corpus", corpus_name)
                out.append(g)
    return out


def corpus_pages(corpus: str | Path, gold: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The page rows the gold needs, by id: from ``corpus`` and the annotated corpora beside it."""
    pages = annotated_pages(corpus)
    return {g["id"]: pages[g["id"]] for g in gold if g["id"] in pages}


def _body_article(row: dict[str, Any], gold: dict[str, Any]) -> tuple[Article, int]:
    """An article made of the annotated body (one span, or the first to the last body span)."""
    start = min(s for s, _ in gold["body"])
    end = max(e for _, e in gold["body"])
    art = Article.from_text(row["text"][start:end], source=row["id"])
    art.meta["task_id"] = row["id"]
    return art, start


def _align(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Predicted entity -> gold entity, greedily by shared mentions, one to one."""
    counts = collections.Counter(pairs)
    used_pred, used_gold, out = set(), set(), {}
    for (p, g), _ in counts.most_common():
        if p not in used_pred and g not in used_gold:
            out[p] = g
            used_pred.add(p)
            used_gold.add(g)
    return out


def _rules_speaker(q: Any, hosts: dict[tuple[int, int], Any]) -> str:
    """The attribution rules' speaker of a quote span: where the speaker model overruled them it keeps theirs."""
    if q.attrs.get("nested_in") and q.attrs.get("resolution") == "nested":
        host = hosts.get(tuple(q.attrs["nested_in"]))
        if host is not None:
            return host.attrs.get("rules_speaker", host.attrs["speaker"])
    return q.attrs.get("rules_speaker", q.attrs["speaker"])


def score_page(gold: dict[str, Any], art: Article, offset: int) -> dict[str, collections.Counter]:
    c: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    gold_mentions = {(s - offset, e - offset): ent["eid"] for ent in gold["entities"] for s, e in ent["mentions"]}
    gold_types = {ent["eid"]: ent["type"] for ent in gold["entities"]}
    pred = [(s.start, s.end, s.attrs["entity"], s.label) for s in art.layers["entities"].spans]
    exact = [(p, gold_mentions[(p[0], p[1])]) for p in pred if (p[0], p[1]) in gold_mentions]
    overlap = []
    for p in pred:
        hit = next((g for (gs, ge), g in gold_mentions.items() if gs < p[1] and p[0] < ge), None)
        if hit:
            overlap.append((p, hit))
    align = _align([(p[2], g) for p, g in overlap])
    c["mentions"].update(gold=len(gold_mentions), pred=len(pred), exact=len(exact), overlap=len(overlap),
                         identity=sum(1 for p, g in exact if align.get(p[2]) == g),
                         type_ok=sum(1 for p, g in exact if p[3] == gold_types[g]))
    # Quotes
    gq = [(q["span"][0] - offset, q["span"][1] - offset, q["speaker"]) for q in gold["quotes"]]
    spans = art.layers["quotes"].spans
    hosts = {(q.start, q.end): q for q in spans}
    pq = [(q.start, q.end, q.attrs["speaker"], _rules_speaker(q, hosts)) for q in spans]
    matched = []
    used = set()
    for g in gq:
        for i, p in enumerate(pq):
            inter = min(g[1], p[1]) - max(g[0], p[0])
            if i not in used and inter > 0 and inter * 2 >= min(g[1] - g[0], p[1] - p[0]):
                matched.append((g, p))
                used.add(i)
                break
    c["quotes"].update(gold=len(gq), pred=len(pq), matched=len(matched))
    for g, p in matched:
        gold_spk, pred_spk = g[2], p[2]
        if gold_spk in UNNAMED:
            strict = pred_spk == gold_spk
            lenient = pred_spk in UNNAMED
        else:
            strict = lenient = align.get(pred_spk) == gold_spk
        rules = p[3] == gold_spk if gold_spk in UNNAMED else align.get(p[3]) == gold_spk
        c["speakers"].update(total=1, strict=strict, lenient=lenient, rules=rules)
    # Framing roles per (entity, voice): main-role accuracy and exact match of the fine roles.
    if "framing" in art.layers:
        def voice_key(v: str) -> str:
            return align.get(v, v) if v.startswith("E") else v
        pred_roles = {(align.get(f.attrs["entity"]), voice_key(f.attrs["voice"])): f for f in art.layers["framing"].spans}
        for role in gold.get("roles", []):
            f = pred_roles.get((role["eid"], role["voice"]))
            c["roles"].update(total=1, predicted=f is not None,
                              main=bool(f and f.label == role["main"]),
                              exact=bool(f and f.label == role["main"] and set(f.attrs["fine_roles"]) == set(role["fine"])))
    return c


def evaluate_entities(corpus: str | Path, split: str = "test", annotations: list[str | Path] | None = None) -> dict[str, Any]:
    gold = [g for g in load_gold(annotations, corpus) if split == "all" or g["split"] == split]
    rows = corpus_pages(corpus, gold)
    gold = [g for g in gold if g["id"] in rows]
    pairs = [(g, *_body_article(rows[g["id"]], g)) for g in gold]
    pipeline = Pipeline(list(ENTITY_PIPELINE))
    analysed = {a.meta["task_id"]: a for a in pipeline.pipe([art for _, art, _ in pairs])}
    totals: dict[str, dict[str, collections.Counter]] = collections.defaultdict(lambda: collections.defaultdict(collections.Counter))
    for g, _, offset in pairs:
        page = score_page(g, analysed[g["id"]], offset)
        for lang in ("all", g["language"]):
            for k, v in page.items():
                totals[lang][k].update(v)
    result: dict[str, Any] = {"split": split, "pages": len(gold), "pipeline": pipeline.versions}
    for lang, c in sorted(totals.items()):
        m, q, s = c["mentions"], c["quotes"], c["speakers"]
        result[lang] = {
            "entities_exact": prf(m["exact"], m["pred"] - m["exact"], m["gold"] - m["exact"]),
            "entities_overlap": prf(m["overlap"], m["pred"] - m["overlap"], m["gold"] - m["overlap"]),
            "entities_identity": prf(m["identity"], m["pred"] - m["identity"], m["gold"] - m["identity"]),
            "entity_type_accuracy": m["type_ok"] / m["exact"] if m["exact"] else None,
            "quotes": prf(q["matched"], q["pred"] - q["matched"], q["gold"] - q["matched"]),
            "speaker_accuracy_strict": s["strict"] / s["total"] if s["total"] else None,
            "speaker_accuracy_lenient": s["lenient"] / s["total"] if s["total"] else None,
            # the attribution rules alone on the same quotes (the speaker model's fallback; equal without a model)
            "speaker_accuracy_rules": s["rules"] / s["total"] if s["total"] else None,
            # right speakers over every gold quote: detection and attribution together, so a change that finds
            # more quotes is not penalised for them the way the accuracy over matched quotes penalises it
            "speaker_accuracy_end_to_end": s["strict"] / q["gold"] if q["gold"] else None,
            "framing_main_role_accuracy": c["roles"]["main"] / c["roles"]["total"] if c["roles"]["total"] else None,
            "framing_emr": c["roles"]["exact"] / c["roles"]["total"] if c["roles"]["total"] else None,
            "counts": {"gold_mentions": m["gold"], "gold_quotes": q["gold"], "matched_quotes": q["matched"],
                       "gold_roles": c["roles"]["total"], "roles_predicted": c["roles"]["predicted"]},
        }
    return result


def format_entities(result: dict[str, Any]) -> str:
    out = [f"entities and quotes on {result['pages']} {result['split']} page(s); "
           + ", ".join(f"{k} {v}" for k, v in result["pipeline"].items())]
    for lang in [k for k in result if isinstance(result[k], dict) and "entities_exact" in result[k]]:
        r = result[lang]
        f = lambda d: f"P {d['precision']:.3f} R {d['recall']:.3f} F1 {d['f1']:.3f}"  # noqa: E731
        types = r.get("entity_type_accuracy")
        out.append(f"  [{lang}] entities exact {f(r['entities_exact'])} | with identity {f(r['entities_identity'])}"
                   f" | overlap {f(r['entities_overlap'])} | type accuracy {types if types is None else round(types, 3)}")
        acc = r["speaker_accuracy_strict"]
        out.append(f"  [{lang}] quotes {f(r['quotes'])} | speaker accuracy strict "
                   f"{acc if acc is None else round(acc, 3)}, lenient {r['speaker_accuracy_lenient'] if r['speaker_accuracy_lenient'] is None else round(r['speaker_accuracy_lenient'], 3)}"
                   f", end to end {r['speaker_accuracy_end_to_end'] if r['speaker_accuracy_end_to_end'] is None else round(r['speaker_accuracy_end_to_end'], 3)}"
                   f"; rules alone strict {None if r.get('speaker_accuracy_rules') is None else round(r['speaker_accuracy_rules'], 3)}"
                   f" | {r['counts']}")
        out.append(f"  [{lang}] framing main-role accuracy {r['framing_main_role_accuracy']}, EMR {r['framing_emr']}")
    return "\n".join(out)
