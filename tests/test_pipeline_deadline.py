"""The per-article deadline (Settings.article_timeout): a component that loops or runs a
catastrophic regular expression on one article gives that article error E302, and the batch
goes on. Before, such an article held the whole run forever."""
from __future__ import annotations

import re
import signal
import threading
import time

import pytest

from narrascope.article import Article
from narrascope.pipeline import Component, Pipeline, component, deadline
from narrascope.settings import Settings

TEXTS = {
    "loop": "The customs office in Khorgos reported a loop in the queue of lorries waiting at the border post.",
    "regex": "Officials in Aktobe said the aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa! protest sign was removed.",
    "calm": "Grain exports through the port of Aktau rose by a fifth in the first quarter, the ministry said.",
}


@component("test_hang", requires=("text",), assigns=("layers.hang",), version="1.0")
class Hang(Component):
    def __call__(self, article):
        if "loop" in article.text:
            while True:  # a component stuck in pure Python
                pass
        if "aaaa" in article.text:
            re.search(r"(a+)+b", article.text)  # exponential backtracking: minutes, then days
        return article


@component("test_slow_a", requires=("text",), assigns=("layers.slow_a",), version="1.0")
class SlowA(Component):
    def __call__(self, article):
        time.sleep(0.7)
        return article


@component("test_slow_b", requires=("text",), assigns=("layers.slow_b",), version="1.0")
class SlowB(SlowA):
    pass


@component("test_slow_prepare", requires=("text",), assigns=("layers.prep",), version="1.0")
class SlowPrepare(Component):
    def prepare(self, articles):
        while True:  # batch statistics that never finish
            pass

    def __call__(self, article):
        return article


def _articles(*keys: str) -> list[Article]:
    return [Article.from_text(TEXTS[k], source=f"{k}.txt") for k in keys]


class _HangGuard:
    """Fail, not hang, if the deadline does not work: an outer timer of 60 s."""

    def __init__(self):
        self.fired = False

    def __enter__(self):
        def on_alarm(signum, frame):
            self.fired = True
            raise AssertionError("hang guard: the per-article deadline did not fire")
        self.old = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, 60)
        return self

    def __exit__(self, *exc):
        left = signal.setitimer(signal.ITIMER_REAL, 0)[0]
        signal.signal(signal.SIGALRM, self.old)
        self.left = left


def test_a_looping_and_a_backtracking_article_get_e302_and_the_batch_goes_on():
    settings = Settings(article_timeout=1.0)
    with _HangGuard() as guard:
        handler_inside = signal.getsignal(signal.SIGALRM)
        out = list(Pipeline(["clean", "test_hang"],
                            settings=settings).pipe(_articles("loop", "regex", "calm")))
        assert signal.getsignal(signal.SIGALRM) is handler_inside  # the caller's handler is back
    assert 50 < guard.left <= 60  # the caller's timer went on with the time it had left
    by_source = {a.source: a for a in out}
    assert not by_source["calm.txt"].failed and by_source["calm.txt"].analyses["test_hang"] == "1.0"
    for name in ("loop.txt", "regex.txt"):
        a = by_source[name]
        [err] = a.errors
        assert err.code == "E302" and err.component == "test_hang" and err.article_id == a.id
        assert "1.0 s" in err.reason and a.id in err.reason and name in err.reason
        assert "article_timeout" in err.reason and "test_hang" not in a.analyses


def test_the_deadline_is_per_article_across_components():
    # 0.7 s in each of two components: the first finishes, the second runs out of the 1 s budget
    out = Pipeline(["clean", "test_slow_a", "test_slow_b"], settings=Settings(article_timeout=1.0))(
        _articles("calm")[0])
    assert out.analyses.get("test_slow_a") == "1.0" and "test_slow_b" not in out.analyses
    assert [(e.code, e.component) for e in out.errors] == [("E302", "test_slow_b")]


def test_article_timeout_zero_means_no_deadline():
    out = Pipeline(["clean", "test_slow_a", "test_slow_b"], settings=Settings(article_timeout=0))(
        _articles("calm")[0])
    assert not out.errors and out.analyses["test_slow_b"] == "1.0"


def test_batch_statistics_that_hang_are_cut_off_with_a_warning():
    with _HangGuard():
        out = list(Pipeline(["clean", "test_slow_prepare"], settings=Settings(article_timeout=0.5)).pipe(
            _articles("calm", "loop")))
    for a in out:
        assert not a.failed and a.analyses["test_slow_prepare"] == "1.0"
        [warning] = [e for e in a.errors if e.component == "test_slow_prepare"]
        assert warning.code == "E303" and warning.level == "warning" and "2 articles" in warning.reason


def test_worker_threads_run_without_a_deadline():
    result = {}

    def work():
        result["article"] = Pipeline(["clean", "test_slow_a"], settings=Settings(article_timeout=0.2))(
            _articles("calm")[0])

    t = threading.Thread(target=work)
    t.start()
    t.join(timeout=30)
    assert not result["article"].errors and result["article"].analyses["test_slow_a"] == "1.0"


def test_deadline_restores_an_outer_timer_that_expired_meanwhile():
    fired = []
    old = signal.signal(signal.SIGALRM, lambda *a: fired.append(True))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.05)
        with deadline(5):
            time.sleep(0.2)  # the outer timer's moment passes while ours is set
        time.sleep(0.2)
        assert fired == [True]  # delivered late, but delivered, to its own handler
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def test_deadline_zero_is_off_and_a_positive_one_interrupts():
    with deadline(0):
        assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
    with pytest.raises(BaseException) as exc:
        with deadline(0.1):
            while True:
                pass
    assert type(exc.value).__name__ == "DeadlineExceeded"
