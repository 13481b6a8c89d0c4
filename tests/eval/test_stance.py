"""Stance tables of the narratives evaluation."""
from narrascope.eval.stance import Decision, page_false_promotes, stance_table


def test_table_counts_abstention_apart_from_errors():
    t = stance_table([Decision("a", "en", "wire", "promotes", "promotes", 0.9),
                      Decision("a", "en", "wire", "reports-on", "promotes", 0.7),
                      Decision("b", "ru", "factcheck", "counters", "unclear", 0.4, "counters")])
    assert t["all"]["narratives"] == 3 and t["all"]["emitted"] == 2
    assert t["all"]["accuracy"] == 2 / 3 and t["all"]["accuracy_abstain_wrong"] == 1 / 3
    assert t["all"]["accuracy_emitted"] == 0.5 and t["all"]["false_promotes"] == 1
    assert t["lang:ru"]["coverage"] == 0.0 and t["viewpoint:wire"]["narratives"] == 2


def test_pages_that_push_nothing():
    got = page_false_promotes({"a": (set(), {"promotes"}), "b": ({"counters"}, {"unclear"}),
                               "c": ({"promotes"}, {"promotes"})})
    assert got == {"pages_pushing_nothing": 2, "with_false_promotes": 1, "rate": 0.5}
