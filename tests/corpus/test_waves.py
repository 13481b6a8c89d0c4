"""Waves on a store with a planted campaign: found, dated, with the outlets and first movers behind it."""
from __future__ import annotations

import json

import pytest

from narrascope.corpus.facts import refresh
from narrascope.corpus.filters import Filters
from narrascope.corpus.waves import detect_waves, first_mover_share, wave_id

PLANTED = "CA: Planted campaign narrative"


def _plant(store, days, outlets, label=PLANTED, prefix="planted"):
    """Copies of one stored article, re-dated and re-attributed, carrying ``label`` (promoted)."""
    src_id, data = store.db.execute("SELECT id, data FROM articles WHERE published IS NOT NULL LIMIT 1").fetchone()
    doc = json.loads(data)
    cols = "id, content_hash, source, url, outlet, title, author, published, language, text_chars, status, " \
           "pipeline, data, created_at, updated_at"
    rows = []
    for i, (day, outlet) in enumerate(zip(days, outlets)):
        d = dict(doc, id=f"{prefix}{i:04d}", published=f"{day}T09:00:00+00:00", outlet=outlet)
        d["layers"] = {"narratives": {"component": "test", "version": "0", "spans": [
            [0, 10, label, 0.9, {"stance": "promotes", "level": "narrative", "carrier": {"carrier": "author"}}]]}}
        rows.append((d["id"], "h" + d["id"], "test", None, outlet, d.get("title"), None, d["published"], "en", 10,
                     "ok", "{}", json.dumps(d), "2026-01-01", "2026-01-01"))
    with store.transaction() as db:
        db.executemany(f"INSERT INTO articles ({cols}) VALUES ({','.join('?' * 15)})", rows)
    refresh(store)


def _background(store, first, days):
    """Two articles a day on other subjects: the corpus volume a narrative's share is taken of."""
    import datetime as dt

    dates = [(first + dt.timedelta(days=d)).isoformat() for d in range(days) for _ in range(2)]
    _plant(store, dates, ["Wire"] * len(dates), label="CA: Background", prefix="bg")


def test_a_planted_wave_is_found_with_its_first_movers(store_copy):
    import datetime as dt

    start = dt.date(2023, 6, 1)
    _background(store_copy, start - dt.timedelta(days=300), 600)
    quiet = [(start + dt.timedelta(days=d)).isoformat() for d in range(-290, 300, 20)]  # never on the start day
    burst = [(start + dt.timedelta(days=d // 3)).isoformat() for d in range(24)]  # 8 days, 3 a day
    outlets = ["Quiet Outlet"] * len(quiet) + ["Alpha Daily"] * 3 + ["Beta News"] * 21
    _plant(store_copy, quiet + burst, outlets)
    waves = detect_waves(store_copy, narrative="planted", stance="promotes", rate=False)
    assert len(waves) == 1 and waves[0]["measure"] == "share"
    w = waves[0]
    assert w["narrative"] == PLANTED and abs((dt.date.fromisoformat(w["start"]) - start).days) <= 2
    assert w["volume"] >= 20 and w["ratio"] > 3
    assert w["first_movers"][0]["outlet"] == "Alpha Daily" and w["first_movers"][0]["day"] == "2023-06-01"
    assert w["outlets"][0] == {"outlet": "Beta News", "articles": 21}
    assert len(w["article_ids"]) == w["volume"] and w["id"] == wave_id(PLANTED, None, w["start"])
    assert first_mover_share(waves, "Alpha Daily") == {"waves": 1, "first": 1, "share": 1.0}
    # a filter that leaves the wave's outlets out leaves no wave
    assert detect_waves(store_copy, narrative="planted", filters=Filters(outlet="Quiet Outlet"), rate=False) == []


def test_no_wave_in_a_quiet_timeline(store_copy):
    import datetime as dt

    days = [(dt.date(2022, 1, 3) + dt.timedelta(days=d)).isoformat() for d in range(0, 900, 9)]
    _background(store_copy, dt.date(2022, 1, 3), 900)
    _plant(store_copy, days, ["Steady Outlet"] * len(days))
    assert detect_waves(store_copy, narrative="planted", rate=False) == []
    assert detect_waves(store_copy, narrative="planted", rate=True) == []
    assert detect_waves(store_copy, narrative="planted") == []


def test_rate_finds_a_wave_in_a_corpus_collected_around_one_narrative(store_copy):
    """Every article carries the narrative: its share is 1 every day, its count still bursts."""
    import datetime as dt

    start = dt.date(2023, 6, 1)
    quiet = [(start + dt.timedelta(days=d)).isoformat() for d in range(-200, 200, 2)]
    burst = [(start + dt.timedelta(days=d // 4)).isoformat() for d in range(24)]
    _plant(store_copy, quiet + burst, ["Only Outlet"] * (len(quiet) + len(burst)))
    with store_copy.transaction() as db:  # only the planted articles stay
        db.execute("DELETE FROM articles WHERE id NOT LIKE 'planted%'")
    assert detect_waves(store_copy, narrative="planted", rate=False) == []
    [auto] = detect_waves(store_copy, narrative="planted")  # a sparse corpus: the count, chosen by itself
    assert auto["measure"] == "rate"
    [wave] = detect_waves(store_copy, narrative="planted", rate=True)
    assert wave["measure"] == "rate" and abs((dt.date.fromisoformat(wave["start"]) - start).days) <= 2


def test_waves_of_the_sample_corpus_are_well_formed(sample_store):
    for w in detect_waves(sample_store):
        assert w["start"] <= w["peak"] <= w["end"] and w["volume"] == len(w["article_ids"]) >= 2
        assert {m["outlet"] for m in w["first_movers"]} <= {o["outlet"] for o in w["outlets"]} | {None}


def test_the_sample_corpus_campaign_wave_is_found_with_its_first_mover_and_expert(sample_store):
    # samples/corpus/wave-2023-09.jsonl: 12 Eurasia network pieces on 2023-09-17..23 (Русский Рубеж first),
    # then two pieces that counter them; the rest of the sample corpus is one article a day at most, so the
    # wave is a rise in the count of articles (rate), its share of each observed day cannot rise threefold
    [wave] = [w for w in detect_waves(sample_store, narrative="western puppet", rate=True)
              if w["start"] <= "2023-09-23" <= w["end"]]
    assert wave["start"] == "2023-09-17" and wave["volume"] >= 12
    first = wave["first_movers"][0]
    assert (first["outlet"], first["day"]) == ("Русский Рубеж", "2023-09-17") and first["article_id"] in wave["article_ids"]
    assert {"Eurasia Pulse", "Восток Сегодня", "Голос Евразии", "Русский Рубеж"} <= {o["outlet"] for o in wave["outlets"]}
    assert wave["speakers"][0]["name"] == "Станислав Гуревский" and wave["speakers"][0]["articles"] >= 6
