"""Baselines of ``narrascope eval entities``, scored by the eval's own :func:`..entities.score_page`.

- mentions: every run of capitalised words is a mention, one entity per lower-cased name (trivial only);
- quotes: trivial = every text between quotation marks; heuristic (in the trained slot) = quoted passages of
  3+ words and clauses after "said that"; speakers, given the gold quotes and mentions: trivial = the nearest
  PER before the quote, else anonymous; trained = a logistic-regression candidate ranker (:mod:`.speakers`);
- framing roles, for every gold (entity, voice): trivial = the majority main role of the train roles;
  trained = TF-IDF + LR over the entity's mention contexts (±150 characters) and the voice -> main role.
  Fine roles: the train's most frequent fine-role set of the predicted main role. Both baselines get the
  gold entities, which the model has to find itself.

::

    >>> capitalised_runs("Minister Aigerim Sadykova met the press in Astana.")
    [(0, 25), (43, 49)]
"""
from __future__ import annotations

import collections
import re
from typing import Any

from ...article import Article, Span
from ...settings import Settings
from ...tasks.metrics import prf
from .dev import TRAINED, no_training
from .learn import TextClassifier
from .speakers import WINDOW as SPEAKER_WINDOW
from .speakers import SpeakerRanker, heuristic_quotes, mentions_of, nearest_person, speaker_scores

_UPPER = "A-ZА-ЯЁІЇЄҐ"
_RUN = re.compile(rf"[{_UPPER}][\w'’-]*(?:\s+[{_UPPER}][\w'’-]*)*")
_QUOTE = re.compile(r"“[^”\n]+”|«[^»\n]+»|„[^“”\n]+[“”]|\"[^\"\n]+\"")
WINDOW = 150


def capitalised_runs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _RUN.finditer(text)]


def _trivial_article(body: str) -> Article:
    art = Article.from_text(body, source="baseline")
    art.text = body  # offsets below are into the body as given
    runs = capitalised_runs(body)
    ents = [Span(s, e, "PER", None, {"entity": body[s:e].lower(), "name": body[s:e]}) for s, e in runs]
    quotes = []
    for m in _QUOTE.finditer(body):
        para = body.rfind("\n", 0, m.start()) + 1
        before = [(s, e) for s, e in runs if para <= s and e <= m.start()]
        speaker = body[before[-1][0]:before[-1][1]].lower() if before else "unknown"
        quotes.append(Span(m.start(), m.end(), "direct", None, {"speaker": speaker}))
    art.add_layer("entities", ents, "baseline", "1")
    art.add_layer("quotes", quotes, "baseline", "1")
    return art


def _context(page: str, gold: dict[str, Any], eid: str, voice: str) -> str:
    ent = next((e for e in gold["entities"] if e["eid"] == eid), None)
    mentions = ent["mentions"] if ent else []
    parts = [page[max(0, s - WINDOW):e + WINDOW] for s, e in mentions]
    return f"voice_{'author' if voice == 'author' else 'other'} " + " … ".join(parts)


def _role_scores(pairs: list[tuple[dict, str, list[str]]]) -> dict[str, float | None]:
    n = len(pairs)
    main = sum(r["main"] == m for r, m, _ in pairs)
    exact = sum(r["main"] == m and set(r["fine"]) == set(f) for r, m, f in pairs)
    return {"framing_main_role_accuracy": main / n if n else None, "framing_emr": exact / n if n else None}


def _quote_article(body: str, spans: list[tuple[int, int]]) -> Article:
    art = Article.from_text(body, source="baseline")
    art.text = body
    art.add_layer("entities", [], "baseline", "1")
    art.add_layer("quotes", [Span(s, e, "direct", None, {"speaker": "unknown"}) for s, e in spans], "baseline", "1")
    return art


def _prf(c: collections.Counter) -> dict[str, float]:
    return prf(c["matched"], c["pred"] - c["matched"], c["gold"] - c["matched"])


def entities_baselines(options: dict[str, Any], settings: Settings, result: dict[str, Any]) -> dict[str, Any]:
    from ..entities import corpus_pages, load_gold, score_page

    split = options.get("split") or "test"
    annotations = [options["annotations"]] if options.get("annotations") else None
    gold = load_gold(annotations, options["data"])
    rows = corpus_pages(options["data"], gold)
    gold = [g for g in gold if g["id"] in rows]
    test = [g for g in gold if split == "all" or g["split"] == split]
    train = [g for g in gold if g["split"] == "train"]
    counts: dict[str, dict[str, collections.Counter]] = collections.defaultdict(
        lambda: collections.defaultdict(collections.Counter))
    ranker = SpeakerRanker().fit((rows[g["id"]]["text"], g, 0) for g in train) if train else None
    spk: dict[str, dict[str, list[tuple[str, str]]]] = collections.defaultdict(lambda: collections.defaultdict(list))
    for g in test:
        offset, end = min(s for s, _ in g["body"]), max(e for _, e in g["body"])
        body, page_text = rows[g["id"]]["text"][offset:end], rows[g["id"]]["text"]
        page = score_page(g, _trivial_article(body), offset)
        heuristic = score_page(g, _quote_article(body, heuristic_quotes(body)), offset)["quotes"]
        mentions = mentions_of(g)
        for lang in ("all", g["language"]):
            for k, v in page.items():
                counts[lang][k].update(v)
            counts[lang]["heuristic_quotes"].update(heuristic)
        for q in g["quotes"]:
            span = (q["span"][0], q["span"][1])
            for lang in ("all", g["language"]):
                spk[lang]["trivial"].append((q["speaker"], nearest_person(page_text, mentions, span[0])))
                if ranker:
                    spk[lang]["trained"].append((q["speaker"], ranker.predict(page_text, mentions, span, g["language"])))
    trivial: dict[str, Any] = {"name": "rules", "names": {}, "source": "the role and speaker baselines are given the "
                               "gold (entity, voice) pairs, quote spans and entity mentions; the model finds its own"}
    trained: dict[str, Any] = {"name": TRAINED, "names": {}}
    for lang, c in sorted(counts.items()):
        m = c["mentions"]
        trivial[lang] = {"entities_exact": prf(m["exact"], m["pred"] - m["exact"], m["gold"] - m["exact"]),
                         "entity_type_accuracy": m["type_ok"] / m["exact"] if m["exact"] else None,
                         "quotes": _prf(c["quotes"]), **speaker_scores(spk[lang]["trivial"])}
        trained[lang] = {"quotes": _prf(c["heuristic_quotes"])}
        if ranker:
            trained[lang].update(speaker_scores(spk[lang]["trained"]))
        person = "nearest PER before the quote (gold mentions), else anonymous"
        ranked = f"logreg ranker over gold mentions within {SPEAKER_WINDOW} chars and 'anonymous', {len(train)} train pages"
        trivial["names"].update({
            f"{lang}.entities_exact.f1": "every run of capitalised words",
            f"{lang}.entity_type_accuracy": "PER for every found name",
            f"{lang}.quotes.f1": "every text between quotation marks",
            f"{lang}.speaker_accuracy_strict": person, f"{lang}.speaker_accuracy_lenient": person,
            f"{lang}.speaker_accuracy_end_to_end": person})
        trained["names"].update({
            f"{lang}.quotes.f1": "heuristic: quoted passages of 3+ words and clauses after 'said that'",
            f"{lang}.speaker_accuracy_strict": ranked, f"{lang}.speaker_accuracy_lenient": ranked,
            f"{lang}.speaker_accuracy_end_to_end": ranked})
    train_roles = [(g, r) for g in train for r in g.get("roles", [])]
    test_roles = [(g, r) for g in test for r in g.get("roles", [])]
    if not train:  # no train page: the trained slot has no numbers at all, not even the heuristic ones
        return {"trivial": trivial, "trained": no_training("pages")}
    if not train_roles:
        trained["status"] = no_training("framing roles")["status"]
        return {"trivial": trivial, "trained": trained}
    majority = collections.Counter(r["main"] for _, r in train_roles).most_common(1)[0][0]
    fine_of = {main: list(collections.Counter(tuple(sorted(r["fine"])) for _, r in train_roles if r["main"] == main)
                          .most_common(1)[0][0]) for main in {r["main"] for _, r in train_roles}}
    texts = [_context(rows[g["id"]]["text"], g, r["eid"], r["voice"]) for g, r in train_roles]
    clf = TextClassifier().fit(texts, [r["main"] for _, r in train_roles])
    got = clf.predict([_context(rows[g["id"]]["text"], g, r["eid"], r["voice"]) for g, r in test_roles])
    roles_name = f"{TRAINED} on ±{WINDOW}-char mention contexts and the voice, {len(train_roles)} train roles"
    for lang in sorted({"all", *(g["language"] for g, _ in test_roles)}):
        keep = [i for i, (g, _) in enumerate(test_roles) if lang in ("all", g["language"])]
        trivial.setdefault(lang, {}).update(_role_scores([(test_roles[i][1], majority, fine_of[majority]) for i in keep]))
        trained.setdefault(lang, {}).update(_role_scores([(test_roles[i][1], got[i], fine_of.get(got[i], [])) for i in keep]))
        for metric in ("framing_main_role_accuracy", "framing_emr"):
            trivial["names"][f"{lang}.{metric}"] = f"majority train role for all: {majority}"
            trained["names"][f"{lang}.{metric}"] = roles_name
    return {"trivial": trivial, "trained": trained}
