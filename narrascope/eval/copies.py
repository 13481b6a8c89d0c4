"""``narrascope eval copies``: same-language edited copies and cross-language translations.

Two parts, each with a *tuning* half (``--split train``: where every threshold in
``corpus/copies.py`` and the baselines' thresholds were chosen) and a *held-out* half (``--split test``,
the default: reported):

- **same-language**: pages of the dev corpus (tune: ``dev.jsonl``; test: ``dev2.jsonl`` beside it), each
  with two edited copies (:mod:`.copies_pairs`). Pairs of one page's versions are positives; every
  other pair (mostly same-topic pages about Kazakhstan and Russia) is a negative. Precision, recall, F1.
- **cross-language**: our stories (``resources/eval/copies/stories.jsonl``) with the real pages of the
  same corpus file as distractors. Gold: same story, other language. Scored over pairs with at least one
  story (pairs of two real pages have no gold). Recall at precision >= 0.9, and P/R/F1 at the default
  threshold; per language pair too.

Baselines in the same run: trivial (identical headline or text; cross-language: published the same day)
and simple (TF-IDF word cosine; cross-language: shared numbers and transliterated names), their
thresholds chosen on the tuning half::

    >>> evaluate_copies("../shared/data/corpora/dev.jsonl", split="test")   # doctest: +SKIP
    {'split': 'test', 'same_language': {'precision': ..., 'recall': ..., 'f1': ...}, ...}
"""
from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any, Iterable

from ..corpus.copies import DUPLICATE_THRESHOLD, TRANSLATION_THRESHOLD, VERSION, CopyDoc, CopyIndex
from ..corpus.crosslingual import name_keys, numbers, overlap
from ..errors import ConfigError
from .cleaning import counts_prf
from .copies_pairs import load_stories, read_pages, same_language_set

TARGET_PRECISION = 0.9
CORPUS_FILES = {"train": "dev.jsonl", "test": "dev2.jsonl"}


def corpus_file(data: str | Path, split: str) -> Path:
    """The corpus JSONL of ``split``: ``data`` names dev.jsonl (or its folder); dev2.jsonl sits beside it."""
    path = Path(data)
    folder = path if path.is_dir() else path.parent
    return folder / CORPUS_FILES[split]


def _key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def prf(predicted: set, gold: set) -> dict[str, float]:
    return counts_prf(len(predicted & gold), len(predicted - gold), len(gold - predicted))


def recall_at_precision(scored: dict[tuple[str, str], float], gold: set, target: float = TARGET_PRECISION
                        ) -> dict[str, Any]:
    """The highest recall over thresholds whose precision is >= ``target`` (and that threshold)."""
    best = {"recall": 0.0, "precision": None, "threshold": None}
    ranked = sorted(scored.items(), key=lambda kv: -kv[1])
    tp = 0
    for k, (pair, score) in enumerate(ranked, 1):
        tp += pair in gold
        nxt = ranked[k][1] if k < len(ranked) else None
        if nxt == score:
            continue  # a threshold takes every pair of equal score
        p, r = tp / k, tp / len(gold) if gold else 0.0
        if p >= target and r >= best["recall"]:
            best = {"recall": round(r, 4), "precision": round(p, 4), "threshold": round(score, 4)}
    return best


def best_threshold(scored: dict[tuple[str, str], float], gold: set) -> float:
    """The threshold with the best F1 on ``scored`` (used on the tuning half only)."""
    best, best_f1 = 1.0, -1.0
    for t in sorted(set(scored.values())):
        f1 = prf({k for k, v in scored.items() if v >= t}, gold)["f1"]
        if f1 > best_f1:
            best, best_f1 = t, f1
    return best


# -- same language --------------------------------------------------------------------------------
def same_language_scores(docs: list[CopyDoc]) -> dict[tuple[str, str], float]:
    """Every verified candidate pair's containment (threshold 0, so thresholds can be swept)."""
    pairs = CopyIndex(embed=False, duplicate_threshold=0.0).add(docs)
    return {(p.a, p.b): p.score for p in pairs if p.kind == "duplicate"}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower()).strip()


def trivial_same(docs: list[CopyDoc]) -> set:
    """Pairs with the same first line (headline) or the same normalised text."""
    out = set()
    for key in (lambda d: _norm(d.text.split("\n", 1)[0]), lambda d: _norm(d.text)):
        groups: dict[str, list[str]] = {}
        for d in docs:
            groups.setdefault(key(d), []).append(d.id)
        out |= {_key(a, b) for ids in groups.values() for a, b in itertools.combinations(ids, 2)}
    return out


def tfidf_same(docs: list[CopyDoc]) -> dict[tuple[str, str], float]:
    """Cosine of TF-IDF word vectors (fitted on these documents) for every pair in one language."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    out = {}
    by_lang: dict[str | None, list[CopyDoc]] = {}
    for d in docs:
        by_lang.setdefault(d.language, []).append(d)
    for group in by_lang.values():
        if len(group) < 2:
            continue
        m = TfidfVectorizer(lowercase=True).fit_transform([d.text for d in group])
        sim = (m @ m.T).toarray()
        for i, j in itertools.combinations(range(len(group)), 2):
            if sim[i, j] > 0.05:
                out[_key(group[i].id, group[j].id)] = round(float(sim[i, j]), 4)
    return out


def _same_language(corpus: Path) -> dict[str, Any]:
    ss = same_language_set(read_pages(corpus))
    gold = {_key(a.id, b.id) for a, b in itertools.combinations(ss.docs, 2) if ss.group[a.id] == ss.group[b.id]}
    return {"set": ss, "gold": gold, "scores": same_language_scores(ss.docs)}


# -- cross language -------------------------------------------------------------------------------
def story_docs(split: str) -> list[CopyDoc]:
    return [CopyDoc(s["id"], s["language"], f"{s['title']}\n{s['text']}", s["published"], s["outlet"])
            for s in load_stories() if s["split"] == split]


def _cross_gold(stories: Iterable[dict[str, Any]]) -> tuple[set, dict[str, str]]:
    story = {s["id"]: s["story"] for s in stories}
    lang = {s["id"]: s["language"] for s in stories}
    gold = {_key(a, b) for a, b in itertools.combinations(sorted(story), 2)
            if story[a] == story[b] and lang[a] != lang[b]}
    return gold, lang


def _scope(pairs: dict[tuple[str, str], float], stories: set[str]) -> dict[tuple[str, str], float]:
    return {k: v for k, v in pairs.items() if k[0] in stories or k[1] in stories}


def facts_scores(docs: list[CopyDoc], stories: set[str]) -> dict[tuple[str, str], float]:
    """The simple cross-language baseline: shared numbers and transliterated names, for every pair of
    documents in different languages with at least one story."""
    feats = {d.id: (tuple(sorted(numbers(d.text))), tuple(sorted(name_keys(d.text)))) for d in docs}
    out = {}
    for a, b in itertools.combinations(docs, 2):
        if a.language == b.language or (a.id not in stories and b.id not in stories):
            continue
        num, nam = overlap(feats[a.id][0], feats[b.id][0]), overlap(feats[a.id][1], feats[b.id][1])
        out[_key(a.id, b.id)] = round((0.5 if num is None else num) * 0.6 + (0.5 if nam is None else nam) * 0.4, 4)
    return out


def same_day(docs: list[CopyDoc], stories: set[str]) -> set:
    return {_key(a.id, b.id) for a, b in itertools.combinations(docs, 2)
            if a.language != b.language and (a.id in stories or b.id in stories)
            and a.published and b.published and a.published[:10] == b.published[:10]}


def _cross_language(corpus: Path, split: str) -> dict[str, Any]:
    stories = [s for s in load_stories() if s["split"] == split]
    gold, lang = _cross_gold(stories)
    docs = story_docs(split) + [CopyDoc(r["id"], r.get("language") or "und", r["text"], r.get("published"),
                                        r.get("outlet")) for r in read_pages(corpus)]
    index = CopyIndex(translation_threshold=0.0, duplicate_threshold=1.1)
    pairs = index.add(docs)
    ids = set(lang)
    scores = _scope({(p.a, p.b): p.score for p in pairs if p.kind == "translation"}, ids)
    return {"docs": docs, "stories": ids, "gold": gold, "lang": {d.id: d.language for d in docs}, "scores": scores,
            "skipped": index.skipped, "distractors": len(docs) - len(stories), "story_docs": len(stories)}


def _cross_metrics(scores: dict, gold: set, lang: dict[str, str], threshold: float) -> dict[str, Any]:
    """P/R/F1 at ``threshold`` and recall at precision >= 0.9, overall and per language pair
    (``lang``: every document's language)."""
    out: dict[str, Any] = {**prf({k for k, v in scores.items() if v >= threshold}, gold), "threshold": threshold}
    at = recall_at_precision(scores, gold)
    out["recall_at_p90"], out["p90_threshold"] = at["recall"], at["threshold"]
    for pair in ("en-ru", "ru-uk", "en-uk"):
        langs = set(pair.split("-"))
        sub_gold = {k for k in gold if {lang[k[0]], lang[k[1]]} == langs}
        if not sub_gold:
            continue
        sub = {k: v for k, v in scores.items() if {lang.get(k[0]), lang.get(k[1])} == langs}
        out[pair] = {**prf({k for k, v in sub.items() if v >= threshold}, sub_gold),
                     "recall_at_p90": recall_at_precision(sub, sub_gold)["recall"]}
    return out


def evaluate_copies(data: str | Path, split: str = "test") -> dict[str, Any]:
    """Scores of the copy finder on ``split`` ("test": held-out, "train": the tuning half)."""
    if split not in CORPUS_FILES:
        raise ConfigError("E017", option="--split", value=split,
                          expected="test (held-out) or train (the tuning half) for eval copies")
    corpus = corpus_file(data, split)
    same = _same_language(corpus)
    result: dict[str, Any] = {"split": split, "data": str(corpus), "component": f"copies@{VERSION}"}
    predicted = {k for k, v in same["scores"].items() if v >= DUPLICATE_THRESHOLD}
    result["same_language"] = {**prf(predicted, same["gold"]), "threshold": DUPLICATE_THRESHOLD}
    result["same_language_pages"] = len([d for d in same["set"].docs if "~" not in d.id])
    cross = _cross_language(corpus, "tune" if split == "train" else "test")
    result["cross_language_pairs"] = len(cross["gold"])
    result["cross_language_distractors"] = cross["distractors"]
    if cross["skipped"]:
        result["cross_language"] = {"status": "skipped"}
        result["cross_language_status"] = cross["skipped"]
    else:
        result["cross_language"] = _cross_metrics(cross["scores"], cross["gold"], cross["lang"], TRANSLATION_THRESHOLD)
    result["baseline_runs"] = _baselines(data, split, same, cross)
    return result


def copies_baselines(options: dict[str, Any], settings: Any, result: dict[str, Any]) -> dict[str, Any]:
    """The baselines :func:`evaluate_copies` computed in the same run (moved out of its result)."""
    return result.pop("baseline_runs", None) or {}


def _baselines(data: str | Path, split: str, same: dict[str, Any], cross: dict[str, Any]) -> dict[str, Any]:
    """Trivial and simple baselines; the simple ones' thresholds are chosen on the tuning half."""
    tune = split == "train"
    corpus = corpus_file(data, "train")
    tune_same = same if tune else _same_language(corpus)
    tune_docs = tune_same["set"].docs
    t_same = best_threshold(tfidf_same(tune_docs), tune_same["gold"])
    tf = tfidf_same(same["set"].docs)
    trivial = {"same_language": prf(trivial_same(same["set"].docs), same["gold"])}
    trained = {"same_language": {**prf({k for k, v in tf.items() if v >= t_same}, same["gold"]), "threshold": t_same}}
    stories_tune = [s for s in load_stories() if s["split"] == "tune"]
    gold_tune, _ = _cross_gold(stories_tune)
    tune_cross_docs = story_docs("tune") + [CopyDoc(r["id"], r.get("language") or "und", r["text"], r.get("published"))
                                            for r in read_pages(corpus)]
    t_cross = recall_at_precision(facts_scores(tune_cross_docs, {s["id"] for s in stories_tune}), gold_tune)["threshold"]
    facts = facts_scores(cross["docs"], cross["stories"])
    trivial["cross_language"] = {**prf(same_day(cross["docs"], cross["stories"]), cross["gold"])}
    trivial["cross_language"]["recall_at_p90"] = trivial["cross_language"]["recall"] \
        if trivial["cross_language"]["precision"] >= TARGET_PRECISION else 0.0
    trained["cross_language"] = _cross_metrics(facts, cross["gold"], cross["lang"], t_cross if t_cross is not None else 1.0)
    trained["cross_language"].pop("p90_threshold")
    return {"trivial": {**trivial, "name": "same headline or text; cross-language: published the same day"},
            "trained": {**trained, "name": "tf-idf word cosine; cross-language: shared numbers + transliterated "
                                           "names (thresholds chosen on the tuning half)"}}


def format_copies(result: dict[str, Any]) -> str:
    part = "held-out (dev2 pages, stories 11-30)" if result["split"] == "test" else "tuning (dev pages, stories 1-10)"
    out = [f"copies ({result['component']}) on the {part} part"]
    s = result["same_language"]
    out.append(f"  same-language ({result['same_language_pages']} pages x 3 versions): P {s['precision']:.3f}  "
               f"R {s['recall']:.3f}  F1 {s['f1']:.3f} at containment >= {s['threshold']}")
    c = result["cross_language"]
    if c.get("status") == "skipped":
        out.append(f"  cross-language: skipped: {result.get('cross_language_status')}")
    else:
        out.append(f"  cross-language ({result['cross_language_pairs']} gold pairs, "
                   f"{result['cross_language_distractors']} real pages as distractors): recall at P>=0.9 "
                   f"{c['recall_at_p90']:.3f};  at the default threshold {c['threshold']}: P {c['precision']:.3f}  "
                   f"R {c['recall']:.3f}  F1 {c['f1']:.3f}")
        for pair in ("en-ru", "ru-uk", "en-uk"):
            if pair in c:
                out.append(f"    {pair}: P {c[pair]['precision']:.3f}  R {c[pair]['recall']:.3f}  "
                           f"recall at P>=0.9 {c[pair]['recall_at_p90']:.3f}")
    return "\n".join(out)
