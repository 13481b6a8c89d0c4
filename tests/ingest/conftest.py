"""Shared fixtures for the ingest tests: synthetic articles, HTML pages, a fake resolver."""
from __future__ import annotations

import re
import socket

import pytest

from narrascope.article import Article
from narrascope.errors import ErrorRecord

RAIL = ("Kazakhstan Opens Rail Corridor to Aktau\n\n"
        "The government of Kazakhstan opened a new rail corridor to the Caspian port of Aktau on Monday. "
        "Officials said freight trains would run twice a day and carry grain and metals. "
        "Russian carriers welcomed the decision and promised to add wagons.")
GAS = ("Russia and Kazakhstan sign gas transit deal\n\n"
       "Russia and Kazakhstan signed a new agreement on gas transit in Astana on Tuesday. "
       "The deal sets volumes for the next five years and fixes a transit tariff. "
       "Analysts in Almaty said the terms favour the Kazakh side.")
RATE = ("Kazakhstan's central bank raised its key rate to 16.75 percent on Friday. "
        "The regulator cited inflation driven by food prices and a weaker tenge.")
RU_NEWS = ("Правительство Казахстана в понедельник объявило о строительстве новой железной дороги к порту Актау. "
           "По словам министра транспорта, грузовые поезда пойдут по новому маршруту уже в следующем году. "
           "Эксперты считают, что проект позволит увеличить экспорт зерна и металлов в страны Европы. "
           "В Москве заявили, что внимательно следят за развитием транспортных коридоров в Центральной Азии. "
           "Местные жители надеются, что стройка принесёт в регион новые рабочие места и инвестиции.")
RU_WORDS = ("Правительство", "Казахстана", "железной", "Актау", "Москве", "инвестиции", "принесёт")


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test: ingest tests never touch the network."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


_real_connect = socket.socket.connect


def loopback_only(monkeypatch) -> None:
    """Allow connections to 127.0.0.1 only: for tests that run their own local server."""
    def connect(sock, address, *args):
        if not (isinstance(address, tuple) and address[0] == "127.0.0.1"):
            raise AssertionError(f"network access attempted: {address!r}")
        return _real_connect(sock, address, *args)
    monkeypatch.setattr(socket.socket, "connect", connect)


@pytest.fixture
def texts():
    return {"rail": RAIL, "gas": GAS, "rate": RATE, "ru": RU_NEWS, "ru_words": RU_WORDS}


def _html(title: str, body: str, head: str = "", charset: str | None = "utf-8") -> str:
    paras = "".join(f"<p>{p}</p>\n" for p in re.split(r"(?<=[.!?])\s+", body.strip()) if p)
    meta = f'<meta charset="{charset}">' if charset else ""
    return (f"<!DOCTYPE html><html><head>{meta}<title>{title}</title>{head}</head>"
            f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>\n{paras}</article>"
            f"<footer>Contacts</footer></body></html>")


@pytest.fixture
def make_html():
    """make_html(title, body, head="", charset="utf-8") -> an article page as str."""
    return _html


@pytest.fixture
def split():
    """split(items) -> (articles, error records), checking every item is one or the other."""
    def _split(items):
        items = list(items)
        arts = [i for i in items if isinstance(i, Article)]
        errs = [i for i in items if isinstance(i, ErrorRecord)]
        assert len(arts) + len(errs) == len(items), items
        return arts, errs
    return _split


@pytest.fixture
def fake_resolver():
    """fake_resolver(*ips) -> a getaddrinfo stand-in returning those addresses for any host."""
    def factory(*ips):
        calls = []

        def resolve(host, port, *args, **kwargs):
            calls.append(host)
            return [(socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                     (ip, 0, 0, 0) if ":" in ip else (ip, 0)) for ip in ips]
        resolve.calls = calls
        return resolve
    return factory
