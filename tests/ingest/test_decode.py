"""decode_bytes: binary detection, UTF-8, BOMs, declared and detected charsets."""
from __future__ import annotations

import pytest

from narrascope.article import Article
from narrascope.errors import DecodeError, InputError
from narrascope.ingest import read_path
from narrascope.ingest.decode import decode_bytes, looks_binary


def test_plain_utf8_is_returned_unchanged(texts):
    text, warnings, enc = decode_bytes(texts["ru"].encode("utf-8"), "a.txt")
    assert text == texts["ru"]
    assert warnings == []
    assert enc == "utf-8"


def test_utf8_bom_is_stripped():
    text, warnings, enc = decode_bytes("\ufeffАстана hosted the talks.".encode("utf-8"), "a.txt")
    assert text == "Астана hosted the talks."
    assert enc == "utf-8-sig" and warnings == []


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  "], ids=["empty", "whitespace"])
def test_empty_input_is_e101(data):
    with pytest.raises(InputError) as exc:
        decode_bytes(data, "empty.txt")
    assert exc.value.code == "E101"
    assert "empty.txt" in str(exc.value)


def test_nul_bytes_are_binary_e102():
    data = b"Astana\x00\x01\x02report" * 20
    assert looks_binary(data) == "contains NUL bytes"
    with pytest.raises(InputError) as exc:
        decode_bytes(data, "scan.txt")
    assert exc.value.code == "E102"
    assert "NUL" in str(exc.value) and "scan.txt" in str(exc.value)


def test_many_control_bytes_without_nul_are_binary():
    data = bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 50 + b"text"
    reason = looks_binary(data)
    assert reason is not None and "control bytes" in reason
    with pytest.raises(InputError) as exc:
        decode_bytes(data, "blob.txt")
    assert exc.value.code == "E102"


def test_ordinary_text_is_not_binary(texts):
    assert looks_binary(texts["rail"].encode("utf-8")) is None
    assert looks_binary(texts["ru"].encode("cp1251")) is None


def test_a_few_invalid_utf8_bytes_give_w111_and_replacement_chars(texts):
    data = texts["ru"].encode("utf-8")[:200] + b"\xff\xfe" + " Актау.".encode("utf-8")
    text, warnings, enc = decode_bytes(data, "broken.txt")
    assert enc == "utf-8"
    assert "\ufffd" in text and "Актау" in text
    assert len(warnings) == 1
    w = warnings[0]
    assert (w.code, w.level, w.source) == ("W111", "warning", "broken.txt")
    assert "U+FFFD" in w.reason


def test_utf16_with_bom_decodes(texts):
    data = texts["rail"].encode("utf-16")  # BOM + UTF-16LE: every other byte is NUL
    text, warnings, enc = decode_bytes(data, "wide.txt")
    assert text == texts["rail"]
    assert enc == "utf-16"


@pytest.mark.parametrize("codec", ["cp1251", "koi8_r"])
def test_russian_legacy_codepage_bytes_are_detected(texts, codec):
    text, warnings, enc = decode_bytes(texts["ru"].encode(codec), "ru.txt")
    assert text == texts["ru"]
    assert warnings == []
    assert enc.replace("-", "_").lower() in {codec, "windows_1251"}


def test_declared_html_charset_is_used(texts, make_html):
    page = make_html("Новая дорога", texts["ru"], charset="windows-1251").encode("cp1251")
    text, _, enc = decode_bytes(page, "p.html", html=True)
    assert enc == "windows-1251"
    assert all(w in text for w in texts["ru_words"])


def test_lying_charset_declaration_falls_back_to_detection(texts, make_html):
    page = make_html("Новая дорога", texts["ru"], charset="utf-8").encode("cp1251")
    text, _, _ = decode_bytes(page, "p.html", html=True)
    assert all(w in text for w in texts["ru_words"])


@pytest.mark.parametrize("codec", ["cp1251", "koi8_r"])
@pytest.mark.parametrize("ext", [".txt", ".html"])
def test_russian_files_without_charset_declaration(tmp_path, texts, make_html, codec, ext):
    if ext == ".html":
        content = make_html("Новая железная дорога к Каспию", texts["ru"], charset=None)
        assert "charset" not in content
    else:
        content = "Новая железная дорога к Каспию\n\n" + texts["ru"]
    path = tmp_path / f"news_{codec}{ext}"
    path.write_bytes(content.encode(codec))
    items = list(read_path(path))
    assert len(items) == 1, items
    art = items[0]
    assert isinstance(art, Article), art
    assert art.source == str(path)
    for word in texts["ru_words"]:
        assert word in art.raw_text, (word, art.raw_text[:200])
    assert "\ufffd" not in art.raw_text


def test_undecodable_gives_decode_error(monkeypatch):
    import charset_normalizer

    class _Nothing:
        def best(self):
            return None
    monkeypatch.setattr(charset_normalizer, "from_bytes", lambda *a, **k: _Nothing())
    data = bytes(range(0x80, 0x100)) * 4
    with pytest.raises(DecodeError) as exc:
        decode_bytes(data, "junk.txt")
    assert exc.value.code == "E103" and "junk.txt" in str(exc.value)
