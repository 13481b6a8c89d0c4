"""The real-page heads: learnt from real annotated pages only, stacked under the combiner."""
import numpy as np

from narrascope.narratives import features
from narrascope.narratives.data import Example
from narrascope.narratives.model import SIGNALS, NarrativeModel
from narrascope.narratives.train import _fit_real_heads
from narrascope.taxonomy import load_taxonomies

URW = "URW: Blaming the war on others rather than the invader"


def _pages(source: str) -> list[Example]:
    blame = ["NATO expansion provoked the conflict, and Washington pushed Kyiv into the war it now regrets.",
             "The West armed Ukraine for years; the war is the price of NATO's march to Russia's borders.",
             "Had NATO kept its promise not to expand east, there would be no war today, the host said."]
    plain = ["The city council approved a new budget for school repairs on Tuesday.",
             "Farmers expect a good wheat harvest after a mild and rainy spring.",
             "The national team won its qualifying match two to nil in Almaty."]
    return ([Example(f"{source}-b{i}", "en", t, labels=[URW], source=source) for i, t in enumerate(blame)]
            + [Example(f"{source}-p{i}", "en", t, source=source) for i, t in enumerate(plain)])


def test_real_heads_learn_from_real_pages_and_score_a_new_page():
    tax = load_taxonomies()
    pages = _pages("annotations") + _pages("synthetic")
    X = features.vectorize([ex.text for ex in pages])
    names, W, b = _fit_real_heads(X, pages, range(len(pages)), tax)
    assert names == [URW]
    model = NarrativeModel([], W[:0], np.zeros(0), np.zeros(len(SIGNALS)), {}, 0.5, real_labels=names, real_w=W,
                           real_b=b)
    logits = model.real_logits(features.vectorize(["NATO provoked this war by pushing east, the analyst said.",
                                                   "The council approved the school budget."]))
    assert logits[0, 0] > logits[1, 0]
    row = model.signals(URW, None, 0, False, None, None, logits[0])
    assert row[SIGNALS.index("has_real")] == 1.0 and row[SIGNALS.index("real_logit")] == logits[0, 0]


def test_synthetic_articles_and_weak_labels_teach_no_real_head():
    tax = load_taxonomies()
    pages = _pages("synthetic") + _pages("euvsdisinfo")
    X = features.vectorize([ex.text for ex in pages])
    names, W, b = _fit_real_heads(X, pages, range(len(pages)), tax)
    assert names == [] and W.shape[0] == 0
    model = NarrativeModel([], W, np.zeros(0), np.zeros(len(SIGNALS)), {}, 0.5, real_labels=names, real_b=b)
    assert model.real_logits(X) is None
