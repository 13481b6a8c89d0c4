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


# --- BOMs, declared charsets that are not text encodings, short legacy-code-page texts ---

@pytest.mark.parametrize("codec, bom", [("utf-32-le", b"\xff\xfe\x00\x00"), ("utf-32-be", b"\x00\x00\xfe\xff")])
def test_utf32_bom_is_not_taken_for_utf16(texts, codec, bom):
    data = bom + texts["ru"].encode(codec)
    text, warnings, enc = decode_bytes(data, "wide32.txt")
    assert text == texts["ru"]
    assert (enc, warnings) == ("utf-32", [])


@pytest.mark.parametrize("declared", ["undefined", "punycode", "idna", "utf-7", "rot13", "base64", "uu",
                                      "unicode-escape", "utf-16", "no-such-charset"])
def test_declared_charset_that_is_no_text_encoding_falls_through(texts, make_html, declared):
    page = make_html("Новая дорога", texts["ru"], charset=declared)
    for codec in ("utf-8", "cp1251"):
        text, _, enc = decode_bytes(page.encode(codec), "p.html", html=True)
        assert all(w in text for w in texts["ru_words"]), (declared, codec, enc)
        assert enc != declared


def test_text_charset_accepts_only_text_encodings():
    from narrascope.ingest.decode import text_charset
    assert [text_charset(n) for n in ("windows-1251", "koi8-r", "utf-8", "latin1")] == [
        "windows-1251", "koi8-r", "utf-8", "latin1"]
    assert [text_charset(n) for n in ("undefined", "punycode", "idna", "rot13", "base64", "hex", "zlib",
                                      "utf-7", "utf-16", "utf-32le", "nonsense", "")] == [None] * 12


# Short news sentences written for these tests (40-200 bytes once encoded).
SHORT_RU = [
    "Вчера в Самаре открыли новый мост через Волгу.",
    "Министр заявил, что цены на хлеб в этом году не вырастут.",
    "Председатель правительства прибыл в Минск для переговоров о поставках газа.",
    "Жители Казани жалуются на шум стройки. Мэрия обещает закончить работы к осени, а пока просит потерпеть.",
    "Съезд партии «Единство» прошёл в Твери; делегаты выбрали нового лидера.",
]
SHORT_UK = [
    "Учора в Києві відкрили нову школу для дітей.",
    "Їжак ґрунтовно обійшов подвір'я, і ця історія стала відомою в усьому місті.",
    "Міністр пообіцяв, що ціни на хліб цього року не зростуть, але економісти сумніваються.",
    "Європейські журналісти приїхали до Одеси, щоб розповісти про життя порту.",
    "Голова обласної ради заявив, що ремонт доріг у Львові завершиться до зими.",
]
CYRILLIC_CODECS = ["koi8_r", "koi8_u", "cp1251", "cp866", "mac_cyrillic"]


def _encodable(sentence: str, codec: str) -> bool:
    try:
        sentence.encode(codec)
    except UnicodeEncodeError:  # KOI8-R lacks є і ї ґ, cp866 lacks і
        return False
    return True


SHORT_CASES = [(s, c) for s in SHORT_RU + SHORT_UK for c in CYRILLIC_CODECS if _encodable(s, c)]


def test_short_cases_cover_every_codec_and_both_languages():
    assert {c for _, c in SHORT_CASES} == set(CYRILLIC_CODECS)
    for lang in (SHORT_RU, SHORT_UK):
        assert {c for s, c in SHORT_CASES if s in lang} >= {"koi8_u", "cp1251", "mac_cyrillic"}
    assert {c for s, c in SHORT_CASES if s in SHORT_RU} == set(CYRILLIC_CODECS)


@pytest.mark.parametrize("sentence, codec", SHORT_CASES)
def test_short_cyrillic_texts_decode_to_the_right_text(sentence, codec):
    data = sentence.encode(codec)
    assert 40 <= len(data) <= 200
    text, warnings, enc = decode_bytes(data, "short.txt")
    assert text == sentence, (codec, enc)
    assert warnings == []


@pytest.mark.parametrize("sentence, codec", [
    ("El presidente español se reunió el miércoles con los líderes de la oposición.", "cp1252"),
    ("O governo português aprovou ontem o orçamento do próximo ano.", "cp1252"),
    ("Le gouvernement français a annoncé une réforme très contestée.", "cp1252"),
    ("Die Bundesregierung hat neue Maßnahmen gegen die Inflation beschlossen.", "cp1252"),
    ("Rząd ogłosił w środę nowy program budowy mieszkań w całym kraju.", "cp1250"),
    ("Guvernul a anunţat marţi că preţul gazelor va scădea în această iarnă.", "cp1250"),
])
def test_short_latin_texts_decode_to_the_right_text(sentence, codec):
    data = sentence.encode(codec)
    text, _, enc = decode_bytes(data, "short.txt")
    assert text == sentence, (codec, enc)


def test_detection_only_picks_encodings_of_the_projects_languages():
    from narrascope.ingest.decode import CANDIDATE_ENCODINGS
    # KOI8-R used to come back as Shift-JIS; a CJK code page is no longer a candidate at all.
    assert not {"shift_jis", "cp932", "euc_jp", "gb2312", "big5", "cp949"} & set(CANDIDATE_ENCODINGS)
    data = "Новости дня: в Самаре открыли мост.".encode("koi8_r")
    text, _, enc = decode_bytes(data, "k.txt")
    assert text == "Новости дня: в Самаре открыли мост." and enc.startswith("koi8")


@pytest.mark.parametrize("codec", ["mac_cyrillic", "koi8_u", "cp1251"])
def test_long_text_is_judged_on_samples_from_start_middle_and_end(texts, codec):
    from narrascope.ingest.decode import _sample
    # A long English wire copy with Ukrainian paragraphs only at its end (over 1% of the bytes, so
    # not taken for UTF-8 with a few broken bytes).
    text = (texts["rail"] + "\n\n") * 400 + "\n\n".join(SHORT_UK) * 8
    data = text.encode(codec)
    assert len(data) > 3 * 16_384
    sample = _sample(data)
    assert len(sample) == 3 * 16_384 and sample.endswith(data[-1000:][-16_000:])
    decoded, _, enc = decode_bytes(data, "long.txt")
    assert decoded == text, enc
