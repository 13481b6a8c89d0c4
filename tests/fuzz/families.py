"""Generators of bad inputs, one family per way an input has broken narrascope (issue 11).

Shared by the fast property tests (``tests/fuzz/``) and the long run (``scripts/fuzz.py``).
Every generator takes a ``random.Random`` and a ``scale`` (the largest size, in characters,
it may produce) and returns ``(file name, bytes)``; the same seed gives the same input.

    >>> import random
    >>> name, data = generate("empty_containers", random.Random(0))
    >>> name.endswith((".json", ".jsonl", ".csv", ".txt"))
    True

``check(path, summary)`` states the property every input must meet after ``analyze``.
"""
from __future__ import annotations

import codecs
import json
import math
import random
from typing import Any, Callable

# Sentences written for these tests (not taken from any corpus), so some inputs survive the
# cleaner and reach the later components.
EN = ["The regional council in Aktobe approved a new budget for road repairs on Thursday.",
      "Officials said the money would be spent on bridges and rural roads before the winter.",
      "Several deputies questioned whether the contractors had been chosen fairly.",
      "A spokesman for the governor told reporters that the tender documents were public.",
      "Residents of nearby villages have complained about the state of the roads for years."]
RU = ["Городской совет Караганды в среду утвердил программу ремонта школ на следующий год.",
      "По словам заместителя акима, работы начнутся весной и продлятся до конца августа.",
      "Депутаты попросили опубликовать список подрядчиков и сметы на сайте города.",
      "Родители учеников давно жаловались на холодные классы и протекающие крыши."]
TITLES = ["Council approves road budget", "Совет утвердил ремонт школ", "Deputies question tender"]


def article(rng: random.Random, sentences: int | None = None) -> str:
    pool = rng.choice([EN, RU, EN + RU])
    n = sentences or rng.randint(2, 8)
    body = " ".join(rng.choice(pool) for _ in range(n))
    return f"{rng.choice(TITLES)}\n\n{body}"


def _bounded(rng: random.Random, scale: int) -> int:
    """A size from 10 to ``scale``, log-uniform: mostly small, sometimes large."""
    return max(1, min(scale, int(10 ** rng.uniform(1, math.log10(max(scale, 11))))))


def nested_json(rng: random.Random, scale: int) -> tuple[str, bytes]:
    depth = rng.choice([50, 500, 990, 1000, 1500, 100_000])
    depth = min(depth, max(50, scale))
    opener, closer = rng.choice([("[", "]"), ('{"a":', "}")])
    closed = rng.random() < 0.5
    doc = opener * depth + ("1" + closer * depth if closed else "")
    if rng.random() < 0.5:
        good = json.dumps({"text": article(rng)}, ensure_ascii=False)
        return "nested.jsonl", (good + "\n" + doc + "\n" + good.replace("Council", "Board") + "\n").encode()
    return "nested.json", doc.encode()


def huge_int(rng: random.Random, scale: int) -> tuple[str, bytes]:
    digits = rng.choice([4300, 4301, 5000, min(scale, 100_000)])
    number = rng.choice(["", "-"]) + "9" * max(1, digits)
    value = rng.choice([number, number + ".5", "1e999999", "-1e-999999", number + "e5"])
    field = rng.choice(["views", "id", "text", "published", "title"])
    rec = '{"text": %s, "%s": %s}' % (json.dumps(article(rng), ensure_ascii=False), field, value)
    if rng.random() < 0.5:
        return "huge.json", ("[" + rec + "]").encode()
    return "huge.jsonl", (rec + "\n").encode()


_SURROGATES = ["\\ud800", "\\udfff", "\\udc00\\ud800", "\\ud83d", "\\ude00", "\\ud800\\ud800"]


def surrogates(rng: random.Random, scale: int) -> tuple[str, bytes]:
    def s() -> str:
        return rng.choice(_SURROGATES)
    body = json.dumps(article(rng), ensure_ascii=False)[1:-1]
    where = rng.sample(["text", "title", "key", "extra", "nested", "url"], rng.randint(1, 3))
    rec = {"text": f'"{body} {s()}"' if "text" in where else f'"{body}"',
           "title": f'"T{s()}"' if "title" in where else '"T"',
           f"k{s()}" if "key" in where else "k": f'"v{s()}"' if "extra" in where else '"v"',
           "deep": f'{{"list": ["a{s()}", 1]}}' if "nested" in where else "1",
           "url": f'"https://example.org/{s()}"' if "url" in where else '"https://example.org/a"'}
    line = "{" + ", ".join(f'"{k}": {v}' for k, v in rec.items()) + "}"
    return rng.choice(["sur.jsonl", "sur.json"]), line.encode()


def deep_extra(rng: random.Random, scale: int) -> tuple[str, bytes]:
    depth = rng.choice([19, 20, 21, 100, 500, 900])
    value: Any = rng.choice(["bottom", 1, None, [], {}])
    for _ in range(depth):
        value = {"x": value} if rng.random() < 0.5 else [value]
    rec = {"text": article(rng), "payload": value}
    if rng.random() < 0.3:
        rec["blob"] = "z" * min(scale, 300_000)
    return "deep.jsonl", (json.dumps(rec, ensure_ascii=False) + "\n").encode()


CHARSETS = ["utf-8", "windows-1251", "koi8-r", "latin-1", "utf-16", "utf-32", "undefined", "punycode", "idna",
            "rot13", "base64", "hex", "zlib", "uu", "utf-7", "x-unknown", "", "utf-8\x00", "mbcs", "cp65001",
            "unicode-escape", "raw-unicode-escape", "bz2", "quopri", "utf_8_sig", "ascii", "big5", "shift_jis"]


def html_charset(rng: random.Random, scale: int, charsets: list[str] = CHARSETS) -> tuple[str, bytes]:
    charset = rng.choice(charsets)
    body = "".join(f"<p>{p}</p>" for p in article(rng).split("\n\n"))
    page = f'<html><head><meta charset="{charset}"><title>{rng.choice(TITLES)}</title></head><body><article>{body}</article></body></html>'
    enc = rng.choice(["utf-8", "windows-1251", "utf-16", "koi8-r"])
    return "page.html", page.encode(enc, "replace")


def binary(rng: random.Random, scale: int) -> tuple[str, bytes]:
    n = _bounded(rng, scale)
    kind = rng.choice(["random", "zeros", "png", "gzip", "high"])
    data = {"random": lambda: rng.randbytes(n), "zeros": lambda: b"\x00" * n,
            "png": lambda: b"\x89PNG\r\n\x1a\n" + rng.randbytes(n), "gzip": lambda: b"\x1f\x8b\x08" + rng.randbytes(n),
            "high": lambda: bytes(rng.randint(0x80, 0xff) for _ in range(min(n, 5000)))}[kind]()
    return "bin" + rng.choice([".txt", ".html", ".csv", ".jsonl", ".json"]), data


def truncated_encoding(rng: random.Random, scale: int) -> tuple[str, bytes]:
    text = article(rng)
    enc = rng.choice(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le"])
    data = text.encode(enc)
    cut = rng.randint(1, len(data) - 1)
    data = data[:cut] if rng.random() < 0.7 else data[:cut] + data[cut + 1:]
    if enc.startswith("utf-32") and rng.random() < 0.5:
        data = codecs.BOM_UTF32_LE + data
    return "trunc" + rng.choice([".txt", ".html", ".csv"]), data


def bad_csv(rng: random.Random, scale: int) -> tuple[str, bytes]:
    sep = rng.choice([",", ";", "\t", "|"])
    rows = [sep.join(["title", "text"])]
    for i in range(rng.randint(0, 5)):
        rows.append(sep.join([rng.choice(TITLES), '"' + article(rng, 2).replace("\n", " ") + '"']))
    kind = rng.choice(["header-only", "open-quote", "extra-cells", "nul", "cr", "bom", "dup-columns", "ragged"])
    if kind == "header-only":
        rows = rows[:1]
    elif kind == "open-quote":
        rows.insert(rng.randint(1, len(rows)), sep.join(["Open", '"' + article(rng, 2)]))
    elif kind == "extra-cells":
        rows.append(sep.join(["A", "Some text here for you.", "surplus", "more"]))
    elif kind == "nul":
        rows.append("A" + sep + "Text with a \x00 NUL byte inside it.")
    elif kind == "dup-columns":
        rows[0] = sep.join(["text", "text", "title"])
    elif kind == "ragged":
        rows.append("only-one-cell")
    text = ("\r" if kind == "cr" else "\n").join(rows) + "\n"
    if kind == "bom":
        text = "\ufeff" + text
    return rng.choice(["rows.csv", "rows.tsv"]), text.encode("utf-8")


CONTAINERS = ["", " ", "\n", "[]", "{}", '{"articles": []}', '{"items": {}}', "null", "0", '""', "[[]]", "[{}]",
              '{"data": null}', "[null]", '{"articles": [1, "x", null]}', "\ufeff", "\ufeff[]"]


def empty_containers(rng: random.Random, scale: int) -> tuple[str, bytes]:
    content = rng.choice(CONTAINERS + ["title,text\n", "title;text\r\n", "\n\n\n"])
    ext = rng.choice([".json", ".jsonl", ".csv", ".txt"])
    return "empty" + ext, content.encode("utf-8")


GIANT = ["a", "супер", "Lorem", "7", " ", ".", ",;:!?-", "<", '"', "\n", "aб1日ü ", "«", "—", "\t", "x-", "A. ", "\u00a0"]


def giant_words(rng: random.Random, scale: int) -> tuple[str, bytes]:
    unit = rng.choice(GIANT)
    n = min(scale, rng.choice([1000, 20_000, 100_000, 300_000]))
    run = (unit * (n // len(unit) + 1))[:n]
    text = rng.choice([run, article(rng) + " " + run, run + "\n\n" + article(rng), "x" + run + "y"])
    ext = rng.choice([".txt", ".html", ".jsonl"])
    if ext == ".jsonl":
        return "giant.jsonl", (json.dumps({"text": text, "title": text[:500]}, ensure_ascii=False) + "\n").encode()
    return "giant" + ext, text.encode("utf-8")


CONTROLS = ["\x00", "\x01", "\x07", "\x08", "\x1b[2J", "\x1b]0;x\x07", "\x7f", "\x85", "\u2028", "\u2029", "\u202e",
            "\u200b", "\ufeff", "\r", "\x0b", "\x0c", "\ud7ff", "\ufffe", "\U0010ffff", "\ue000"]


def control_chars(rng: random.Random, scale: int) -> tuple[str, bytes]:
    text = list(article(rng))
    for _ in range(rng.randint(1, 40)):
        text.insert(rng.randint(0, len(text)), rng.choice(CONTROLS))
    text = "".join(text)
    ext = rng.choice([".txt", ".html", ".jsonl", ".csv"])
    if ext == ".jsonl":
        return "ctl.jsonl", (json.dumps({"text": text, "title": rng.choice(CONTROLS) * 3}) + "\n").encode()
    if ext == ".csv":
        return "ctl.csv", ("title,text\nT," + json.dumps(text) + "\n").encode("utf-8", "surrogatepass")
    return "ctl" + ext, text.encode("utf-8", "surrogatepass")


def mixed_garbage(rng: random.Random, scale: int) -> tuple[str, bytes]:
    n = min(_bounded(rng, scale), 20_000)
    chars = "".join(chr(rng.choice([rng.randint(0x20, 0x7e), rng.randint(0xa0, 0x52f), rng.randint(0x3000, 0x9fff),
                                    rng.randint(0xe000, 0xffff), rng.randint(0x10000, 0x10ffff)]))
                    for _ in range(n))
    pieces = [chars, article(rng), "<div>" * rng.randint(0, 50), "{" * rng.randint(0, 20), "\x00" * rng.randint(0, 3)]
    rng.shuffle(pieces)
    data = "".join(pieces).encode("utf-8", "replace")
    if rng.random() < 0.3:
        data = data[: rng.randint(1, len(data))]
    return "garbage" + rng.choice([".txt", ".html", ".json", ".jsonl", ".csv"]), data


def html_soup(rng: random.Random, scale: int) -> tuple[str, bytes]:
    body = "".join(f"<p>{p}</p>" for p in article(rng).split("\n\n"))
    n = min(scale // 10, rng.choice([10, 1000, 10_000, 50_000]))
    kind = rng.choice(["deep", "unclosed", "script", "comment", "entities", "attr", "meta-spam", "nothing"])
    page = {
        "deep": "<div>" * n + body + "</div>" * (n // 2),
        "unclosed": "<html><body><article><p>" + body.replace("</p>", ""),
        "script": "<script>" + "var a=1;" * n + "</script>" + body,
        "comment": body + "<!-- " + "x" * n,
        "entities": body + "&#x110000; &#0; &#xD800; &bogus; &" * (n // 10 + 1),
        "attr": f'<p title="{"a" * n}">' + body,
        "meta-spam": "<meta " * n + body,
        "nothing": "<html></html>",
    }[kind]
    return "soup.html", page.encode("utf-8", "surrogatepass")


def bad_records(rng: random.Random, scale: int) -> tuple[str, bytes]:
    text: Any = rng.choice([article(rng), 42, 3.5, True, None, ["a", "list", 1], {"nested": article(rng)}, "", "   "])
    rec = {"text": text,
           "title": rng.choice([None, 7, {"a": 1}, ["x", ["y"]], "T" * rng.choice([10, 5000])]),
           "published": rng.choice(["99.99.9999", "Feb 30, 2023", "0000-00-00", "2023-13-45T25:61", "yesterday",
                                    "31 февраля 2023", 1700000000, None, "a" * 5000]),
           "url": rng.choice(["not a url", "javascript:alert(1)", None, 5, "https://" + "a" * 3000]),
           "language": rng.choice(["xx", "", None, 5])}
    for i in range(rng.choice([0, 5, 500])):
        rec[f"col{i}"] = i
    line = json.dumps(rec, ensure_ascii=False)
    return rng.choice(["rec.jsonl", "rec.json"]), (line + "\n").encode()


FAMILIES: dict[str, Callable[[random.Random, int], tuple[str, bytes]]] = {
    "nested_json": nested_json, "huge_int": huge_int, "surrogates": surrogates, "deep_extra": deep_extra,
    "html_charset": html_charset, "binary": binary, "truncated_encoding": truncated_encoding, "bad_csv": bad_csv,
    "empty_containers": empty_containers, "giant_words": giant_words, "control_chars": control_chars,
    "mixed_garbage": mixed_garbage, "html_soup": html_soup, "bad_records": bad_records,
}


def generate(family: str, rng: random.Random, scale: int = 300_000) -> tuple[str, bytes]:
    """One input of ``family``: ``(file name, content)``."""
    return FAMILIES[family](rng, scale)


def check(path: str, summary) -> list[str]:
    """What is wrong with the outcome of ``analyze([path])``: [] when the input is accounted for.

    Accounted for: an article stored (new, updated or unchanged) or a record naming the input.
    """
    stored = summary.analysed + summary.updated + summary.unchanged
    named = [r for r in summary.records if r.source.startswith(path)]
    problems = []
    if not stored and not named:
        problems.append(f"vanished: no article and no record for {path}")
    if summary.inputs < 1:
        problems.append(f"summary counts no input for {path}")
    stray = [r.source for r in summary.records if not r.source.startswith(path)]
    if stray:
        problems.append(f"records name other sources: {stray[:3]}")
    return problems
