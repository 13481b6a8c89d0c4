"""The fast fuzz slice (CI): every family of bad input, through ``analyze``.

Property: no exception escapes ``analyze`` and every input is accounted for (an article
stored, or a record naming it). The long run is ``scripts/fuzz.py``; both draw inputs from
``tests/fuzz/families.py``. Examples are derandomized, so CI sees the same inputs every time.
"""
from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings, strategies as st

from narrascope.settings import Settings

from . import families
from .conftest import analyse_bytes

FAST = settings(max_examples=25, deadline=None, derandomize=True, database=None)
SCALE = 20_000  # CI sizes; the hang guards and scripts/fuzz.py cover the 300 KB inputs



@pytest.mark.parametrize("family", sorted(set(families.FAMILIES) - {"html_charset"}))
@FAST
@given(seed=st.integers(0, 2**32 - 1))
def test_family_is_accounted_for(family, seed):
    name, data = families.generate(family, random.Random(seed), SCALE)
    analyse_bytes(name, data)


@FAST
@given(seed=st.integers(0, 2**32 - 1))
def test_html_charsets_are_accounted_for(seed):
    name, data = families.html_charset(random.Random(seed), SCALE, families.CHARSETS)
    analyse_bytes(name, data)


JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50)
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=30)


@FAST
@given(record=st.dictionaries(st.sampled_from(["text", "title", "published", "url", "id", "x", "language"]),
                              JSON_VALUES, max_size=6),
       body=st.sampled_from(families.EN + families.RU))
def test_any_json_record_is_accounted_for(record, body):
    if "text" not in record:
        record["text"] = body
    analyse_bytes("any.jsonl", (json.dumps(record) + "\n").encode())


@FAST
@given(data=st.binary(max_size=400) | st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")),
       ext=st.sampled_from([".txt", ".html", ".csv", ".json", ".jsonl"]))
def test_any_bytes_are_accounted_for(data, ext):
    analyse_bytes("any" + ext, data)


@pytest.mark.parametrize("seed", range(5))
def test_full_pipeline_on_a_handful(seed):
    rng = random.Random(seed)
    family = sorted(families.FAMILIES)[(seed * 5) % len(families.FAMILIES)]
    name, data = families.generate(family, rng, SCALE) if family != "html_charset" else \
        families.html_charset(rng, SCALE, families.CHARSETS)
    path, summary = analyse_bytes(name, data, Settings())
    assert summary.inputs >= 1


@pytest.mark.parametrize("charset", ["undefined", "punycode", "idna", "rot13", "base64"])
def test_bogus_charset_falls_through_to_detection(charset):
    page = (f'<html><head><meta charset="{charset}"><title>T</title></head><body><article><p>'
            + " ".join(families.EN) + "</p></article></body></html>")
    _, summary = analyse_bytes("page.html", page.encode("utf-8"))
    assert summary.analysed == 1 and summary.error == 0  # decoded by detection, not refused
