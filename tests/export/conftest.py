"""A store holding the analysed seeds, with input ids as ingest keeps them (a file name, a record id)."""
import copy

import pytest

from narrascope.store import open_store

INPUT_IDS = {"002": "EN_UA_0002.txt", "004": "article4004.txt"}  # the third seed has no input id


@pytest.fixture()
def seeds_store(tmp_path, seeds_analysed):
    articles = {}
    with open_store(tmp_path / "seeds.db") as store:
        for key, article in sorted(seeds_analysed.items()):
            a = copy.deepcopy(article)
            if key in INPUT_IDS:
                a.meta["external_id"] = INPUT_IDS[key]
            else:  # ingest gives files their name as input id; keep one article without any
                a.meta.pop("external_id", None)
            store.save(a)
            articles[key] = a
        yield store, articles
