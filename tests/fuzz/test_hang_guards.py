"""Hang guards: giant runs of one kind of character through ingest, clean, langid and sentences.

These are hang guards, not speed tests: each input took from 16 s to days with the old
superlinear patterns, and now takes well under a second; the 10 s bound only catches a
pattern that turns quadratic again. Speed itself is measured in ``bench/``.
"""
from __future__ import annotations

import json
import time

import pytest

from .conftest import analyse_bytes

N = 300_000
RUNS = {
    "a-20000": "a" * 20_000,
    "cyrillic-run": "супер" * 40_000,
    # The Cyrillic hang: the token before a stop and a line's last word were searched
    # from every position of the run (2.9 s and 7.5 s at 20,000 characters, minutes at 200,000).
    "cyrillic-then-stop": "супер" * 40_000 + " . Дальше текст.",
    "cyrillic-wrapped": "супер" * 40_000 + "-\nДа, это так.",
    "one-300k-word": ("Lorem" * N)[:N],
    "digits": "7" * N,
    "spaces": "x" + " " * N + "y",
    "punctuation": (".,;:!?-()…" * N)[:N],
    "dots": "." * N + "x",
    "lt": "<" * N,
    "quotes": '"' * N,
    "newlines": "x" + "\n" * N + "y",
    "mixed-scripts": ("abcабв日本語١٢٣αβγאבג " * N)[:N],
    "word-then-stop": "x" * N + " . Then more.",
    "initials": "A. " * (N // 3),
    "wrapped-word": "a" * N + "-\nAnd the next line.",
    "meta-tags": "<meta " * (N // 6),
    "tabs": "a" + "\t" * N + "b c d",
}
PROSE = "The regional council approved a new budget for road repairs on Thursday, officials said. "


@pytest.mark.parametrize("ext", [".txt", ".jsonl"])
@pytest.mark.parametrize("name", sorted(RUNS))
def test_giant_run_finishes(name, ext):
    text = PROSE + RUNS[name] + " " + PROSE  # prose around the run, so the cleaner keeps some of it
    data = (json.dumps({"text": text, "title": RUNS[name][:2000]}) + "\n" if ext == ".jsonl" else text).encode()
    start = time.perf_counter()
    analyse_bytes(name + ext, data)
    assert time.perf_counter() - start < 10, "hang guard"


@pytest.mark.parametrize("name", ["lt", "meta-tags", "quotes", "mixed-scripts"])
def test_giant_run_in_html_finishes(name):
    page = f"<html><head><title>T</title></head><body><article><p>{PROSE}</p>{RUNS[name]}<p>{PROSE}</p></article></body></html>"
    start = time.perf_counter()
    analyse_bytes(name + ".html", page.encode())
    assert time.perf_counter() - start < 10, "hang guard"
