"""RSS and Atom feeds served offline: one article per item, errors per item, safe XML."""
from __future__ import annotations

import pytest

from narrascope.article import Article
from narrascope.errors import InputError
from narrascope.ingest import read_url
from narrascope.ingest.feeds import looks_like_feed, parse_feed
from narrascope.ingest.transport import OfflineTransport, Response

SITE = "https://news.example.kz"
RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Steppe Wire</title><link>{SITE}/</link><description>News from Kazakhstan</description>
<item><title>Rail corridor opens</title><link>{SITE}/rail</link>
  <pubDate>Mon, 06 Mar 2023 09:15:00 GMT</pubDate><dc:creator>Aigerim Nurlanova</dc:creator></item>
<item><title>Gas deal signed</title><guid>{SITE}/gas</guid><pubDate>Tue, 07 Mar 2023 10:00:00 GMT</pubDate></item>
<item><title>Missing story</title><link>{SITE}/missing</link></item>
<item><title>No link at all</title></item>
</channel></rss>""".encode()
ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Steppe Atom</title><id>urn:steppe</id>
<entry><title>Rail corridor opens</title><link rel="edit" href="{SITE}/edit/1"/><link href="{SITE}/rail"/>
  <published>2023-03-06T09:15:00+06:00</published><author><name>Aigerim Nurlanova</name></author></entry>
<entry><title>Gas deal signed</title><link rel="alternate" href="{SITE}/gas"/>
  <updated>2023-03-07T10:00:00Z</updated></entry>
</feed>""".encode()


@pytest.fixture
def site(texts, make_html):
    return {f"{SITE}/rail": make_html("Rail corridor opens", texts["rail"].split("\n\n")[1]).encode(),
            f"{SITE}/gas": make_html("Gas deal signed", texts["gas"].split("\n\n")[1]).encode()}


def test_looks_like_feed():
    assert looks_like_feed(RSS) and looks_like_feed(ATOM)
    assert looks_like_feed(b"<rss/>", "application/rss+xml")
    assert not looks_like_feed(b"<html><body>rss</body></html>", "text/html")


def test_parse_rss():
    title, items = parse_feed(RSS, "feed")
    assert title == "Steppe Wire"
    assert [i.link for i in items] == [f"{SITE}/rail", f"{SITE}/gas", f"{SITE}/missing"]
    assert items[0].title == "Rail corridor opens" and items[0].author == "Aigerim Nurlanova"
    assert items[0].published == "Mon, 06 Mar 2023 09:15:00 GMT"


def test_parse_atom_picks_the_alternate_link():
    title, items = parse_feed(ATOM, "feed")
    assert title == "Steppe Atom"
    assert [i.link for i in items] == [f"{SITE}/rail", f"{SITE}/gas"]
    assert items[0].author == "Aigerim Nurlanova" and items[1].published == "2023-03-07T10:00:00Z"


def test_rss_items_become_articles_and_a_missing_page_an_error(site, split):
    t = OfflineTransport({**site, f"{SITE}/feed.xml": Response(f"{SITE}/feed.xml", 200, RSS,
                                                                {"content-type": "application/rss+xml"})})
    arts, errs = split(read_url(f"{SITE}/feed.xml", t))
    assert [(a.url, a.title, a.published) for a in arts] == [
        (f"{SITE}/rail", "Rail corridor opens", "2023-03-06T09:15+00:00"),
        (f"{SITE}/gas", "Gas deal signed", "2023-03-07T10:00+00:00")]
    assert arts[0].author == "Aigerim Nurlanova"
    assert "Aktau" in arts[0].raw_text and "gas transit" in arts[1].raw_text
    assert all(a.meta["format"] == "feed" and a.source == a.url for a in arts)
    assert [(e.code, e.source) for e in errs] == [("W123", f"{SITE}/feed.xml"), ("E202", f"{SITE}/missing")]
    assert errs[0].level == "warning" and "1 item(s) without a link (No link at all)" in errs[0].reason
    assert t.requested == [f"{SITE}/feed.xml", f"{SITE}/rail", f"{SITE}/gas", f"{SITE}/missing"]


def test_atom_entries_become_articles(site, split):
    t = OfflineTransport({**site, f"{SITE}/atom": ATOM})  # served as text/html: sniffed from the bytes
    arts, errs = split(read_url(f"{SITE}/atom", t))
    assert errs == []
    assert [(a.url, a.title, a.published) for a in arts] == [
        (f"{SITE}/rail", "Rail corridor opens", "2023-03-06T09:15+06:00"),
        (f"{SITE}/gas", "Gas deal signed", "2023-03-07T10:00+00:00")]
    assert arts[0].author == "Aigerim Nurlanova"
    assert f"{SITE}/edit/1" not in t.requested


def test_rss_pubdate_numeric_offset_is_kept(site):
    feed = RSS.replace(b"Mon, 06 Mar 2023 09:15:00 GMT", b"Mon, 06 Mar 2023 09:15:00 +0600")
    arts = [i for i in read_url(f"{SITE}/f", OfflineTransport({**site, f"{SITE}/f": feed})) if isinstance(i, Article)]
    assert arts[0].published == "2023-03-06T09:15+06:00"


def test_full_content_in_the_feed_is_used_without_fetching(texts):
    body = "".join(f"<p>{texts['rail'].split(chr(10))[-1]} Paragraph {n}.</p>" for n in range(8))
    assert len(body) > 1500
    feed = f"""<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>S</title><item><title>Rail corridor opens</title><link>{SITE}/rail</link>
<content:encoded><![CDATA[<html><body><article>{body}</article></body></html>]]></content:encoded></item>
</channel></rss>""".encode()
    t = OfflineTransport({f"{SITE}/f": feed})
    [art] = list(read_url(f"{SITE}/f", t))
    assert isinstance(art, Article) and "Aktau" in art.raw_text
    assert art.title == "Rail corridor opens" and art.url == f"{SITE}/rail"
    assert t.requested == [f"{SITE}/f"]


def test_max_items(site):
    t = OfflineTransport({**site, f"{SITE}/f": RSS})
    items = list(read_url(f"{SITE}/f", t, max_items=1))
    assert [i.url for i in items if isinstance(i, Article)] == [f"{SITE}/rail"]
    # the items left out are accounted for (the feed has 3 items with a link, and one without)
    notes = [i for i in items if not isinstance(i, Article)]
    assert [(n.code, n.level, n.source) for n in notes] == [("W123", "warning", f"{SITE}/f"),
                                                            ("W122", "warning", f"{SITE}/f")]
    assert "3 items; only the first 1" in notes[1].reason


@pytest.mark.parametrize("content", [
    b"<?xml version='1.0'?><rss><channel><item><title>x</title></channel>",
    b"<?xml version='1.0'?><rss version='2.0'><channel><title>A & B</title></channel></rss>",
], ids=["mismatched-tags", "bare-ampersand"])
def test_malformed_feed_is_e112(content):
    url = f"{SITE}/broken.xml"
    [err] = list(read_url(url, OfflineTransport({url: content})))
    assert (err.code, err.source, err.level) == ("E112", url, "error")
    assert "RSS or Atom" in err.reason


def test_unknown_root_is_e112():
    with pytest.raises(InputError) as exc:
        parse_feed(b"<?xml version='1.0'?><opml version='2.0'><body/></opml>", "list.opml")
    assert exc.value.code == "E112" and "opml" in str(exc.value)


def test_external_entities_are_not_resolved(tmp_path, site):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-ASTANA-42")
    feed = f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>
<rss version="2.0"><channel><title>Leak &xxe;</title>
<item><title>Rail &xxe; corridor</title><link>{SITE}/rail</link><description>&xxe;</description></item>
</channel></rss>""".encode()
    title, items = parse_feed(feed, "xxe")
    assert "TOPSECRET" not in repr((title, items))
    t = OfflineTransport({**site, f"{SITE}/xxe": feed})
    out = list(read_url(f"{SITE}/xxe", t))
    assert out and all("TOPSECRET" not in repr(i.to_dict()) for i in out)
    assert t.requested == [f"{SITE}/xxe", f"{SITE}/rail"]


@pytest.mark.parametrize("content", [
    b"<?xml version='1.0'?><rss version='2.0'><channel><title>Quiet wire</title></channel></rss>",
    b"<?xml version='1.0'?><rss version='2.0'><channel><item><title>No link</title></item></channel></rss>",
    b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>Empty</title></feed>",
], ids=["no-items", "items-without-links", "empty-atom"])
def test_feed_without_items_is_a_record_not_silence(content):
    url = f"{SITE}/quiet.xml"
    [err] = list(read_url(url, OfflineTransport({url: Response(url, 200, content,
                                                                 {"content-type": "application/rss+xml"})})))
    assert (err.code, err.source, err.level) == ("E117", url, "error")
    assert "no items with a link" in err.reason
