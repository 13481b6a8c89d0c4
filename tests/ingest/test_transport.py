"""Transport: offline pages, address checks (with a fake resolver), read_url over a transport."""
from __future__ import annotations

import socket

import pytest

from narrascope.article import Article
from narrascope.errors import BlockedAddressError, ErrorRecord, FetchError
from narrascope.ingest import read_inputs, read_url
from narrascope.ingest.transport import HTTPTransport, OfflineTransport, Response, address_problem, check_url

URL = "https://news.example.kz/2023/rail"


def test_offline_transport_serves_bytes_and_responses():
    resp = Response("https://x.example/feed", 200, b"<rss/>", {"content-type": "application/rss+xml; charset=utf-8"})
    t = OfflineTransport({URL: b"<html></html>", "https://x.example/feed": resp})
    page = t.fetch(URL)
    assert (page.url, page.status, page.content, page.content_type) == (URL, 200, b"<html></html>", "text/html")
    assert t.fetch("https://x.example/feed").content_type == "application/rss+xml"
    assert t.requested == [URL, "https://x.example/feed"]


def test_offline_transport_refuses_unknown_urls():
    t = OfflineTransport({URL: b"<html></html>"})
    with pytest.raises(FetchError) as exc:
        t.fetch("https://news.example.kz/other")
    assert exc.value.code == "E202"
    assert "https://news.example.kz/other" in str(exc.value)


@pytest.mark.parametrize("ip, kind", [
    ("127.0.0.1", "loopback"),
    ("10.1.2.3", "private"),
    ("192.168.0.5", "private"),
    ("172.16.4.4", "private"),
    ("169.254.169.254", "link-local"),
    ("::1", "loopback"),
    ("fe80::1", "link-local"),
    ("::ffff:127.0.0.1", "loopback"),
    ("0.0.0.0", "(0.0.0.0)"),  # blocked; Python counts 0.0.0.0/8 as private
])
def test_non_public_addresses_are_blocked(fake_resolver, ip, kind):
    resolve = fake_resolver(ip)
    with pytest.raises(BlockedAddressError) as exc:
        check_url("http://intranet.example/page", allow_private=False, resolve=resolve)
    assert exc.value.code == "E201"
    assert kind in str(exc.value) and "http://intranet.example/page" in str(exc.value)
    assert resolve.calls == ["intranet.example"]
    # allowed when the user says so, without even resolving
    check_url("http://intranet.example/page", allow_private=True, resolve=resolve)


def test_blocked_address_error_is_a_fetch_error():
    assert issubclass(BlockedAddressError, FetchError)


def test_public_address_passes(fake_resolver):
    resolve = fake_resolver("93.184.216.34")
    assert check_url("https://news.example.kz/a", allow_private=False, resolve=resolve) is None
    assert resolve.calls == ["news.example.kz"]


def test_any_private_address_among_several_blocks(fake_resolver):
    assert address_problem("mixed.example", fake_resolver("93.184.216.34", "10.0.0.7")) == "private (10.0.0.7)"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://files.example.kz/x.txt", "gopher://h/"])
def test_non_http_schemes_are_refused(fake_resolver, url):
    resolve = fake_resolver("93.184.216.34")
    with pytest.raises(FetchError) as exc:
        check_url(url, allow_private=True, resolve=resolve)
    assert exc.value.code == "E203" and not isinstance(exc.value, BlockedAddressError)
    assert resolve.calls == []


def test_url_without_host_is_refused(fake_resolver):
    with pytest.raises(FetchError) as exc:
        check_url("http:///path", allow_private=False, resolve=fake_resolver("93.184.216.34"))
    assert exc.value.code == "E203"


def test_failed_lookup_is_e202():
    def resolve(host, port):
        raise socket.gaierror(-2, "Name or service not known")
    with pytest.raises(FetchError) as exc:
        check_url("https://no-such-host.example/", allow_private=False, resolve=resolve)
    assert exc.value.code == "E202"


def test_http_transport_checks_before_connecting():
    # Scheme and literal-address checks happen before any socket is opened
    # (the autouse no_network fixture fails the test if one is).
    t = HTTPTransport(timeout=1)
    with pytest.raises(FetchError) as exc:
        t.fetch("file:///etc/passwd")
    assert exc.value.code == "E203"
    with pytest.raises(BlockedAddressError) as exc:
        t.fetch("http://127.0.0.1:9/")
    assert exc.value.code == "E201"


def test_read_url_html_page(texts, make_html, split):
    head = '<meta property="article:published_time" content="2023-03-06T09:15:00+06:00">'
    page = make_html("Kazakhstan opens rail corridor", texts["rail"].split("\n\n")[1], head=head)
    t = OfflineTransport({URL: page.encode("utf-8")})
    arts, errs = split(read_url(URL, t))
    assert errs == []
    [art] = arts
    assert (art.url, art.source) == (URL, URL)
    assert art.title == "Kazakhstan opens rail corridor"
    assert art.published == "2023-03-06T09:15+06:00"
    assert "Aktau" in art.raw_text
    assert art.meta["format"] == "html"
    assert t.requested == [URL]


def test_read_url_uses_the_final_url_after_redirect(texts, make_html):
    final = "https://news.example.kz/2023/rail?amp=0"
    resp = Response(final, 200, make_html("Rail", texts["rail"]).encode(), {"content-type": "text/html"})
    [art] = list(read_url(URL, OfflineTransport({URL: resp})))
    assert art.url == final


def test_read_url_cp1251_page_without_charset(texts, make_html):
    page = make_html("Новая дорога к Каспию", texts["ru"], charset=None).encode("cp1251")
    [art] = list(read_url(URL, OfflineTransport({URL: page})))
    assert isinstance(art, Article)
    assert all(w in art.raw_text for w in texts["ru_words"])


def test_read_url_missing_page_is_a_record():
    [err] = list(read_url("https://news.example.kz/gone", OfflineTransport({})))
    assert isinstance(err, ErrorRecord)
    assert (err.code, err.source, err.level) == ("E202", "https://news.example.kz/gone", "error")


def test_read_url_page_without_text_is_e108():
    t = OfflineTransport({URL: b"<html><body><nav></nav></body></html>"})
    [err] = list(read_url(URL, t))
    assert (err.code, err.source) == ("E108", URL)


def test_read_inputs_mixes_urls_and_paths(tmp_path, texts, make_html, split):
    path = tmp_path / "gas.txt"
    path.write_text(texts["gas"])
    t = OfflineTransport({URL: make_html("Rail", texts["rail"].split("\n\n")[1]).encode()})
    arts, errs = split(read_inputs([URL, str(path), "https://news.example.kz/missing"], transport=t))
    assert [a.source for a in arts] == [URL, str(path)]
    assert [(e.code, e.source) for e in errs] == [("E202", "https://news.example.kz/missing")]


def test_url_with_undecodable_bytes_is_a_clean_record():
    import os
    url = os.fsdecode(b"https://news.example.kz/caf\xe9")  # as argv delivers it
    t = OfflineTransport({})
    [err] = list(read_inputs([url], transport=t))
    assert (err.code, err.source) == ("E203", "https://news.example.kz/caf\\xe9")
    err.reason.encode("utf-8")
    assert t.requested == []
