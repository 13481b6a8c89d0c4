import pytest

from narrascope.article import Article
from narrascope.errors import ConfigError
from narrascope.pipeline import Component, Pipeline, component, registered


@component("test_boom", requires=("text",), assigns=("layers.boom",), version="9.9")
class Boom(Component):
    def __call__(self, article):
        if "boom" in article.text:
            raise ValueError("exploded on purpose")
        return article


def _articles():
    texts = ["A calm first article about the Caspian route, with enough words to be prose.",
             "This one says boom and must fail alone, without taking the batch down with it.",
             "A calm third article about grain exports through Aktau, also long enough."]
    return [Article.from_text(t, source=f"t{i}.txt") for i, t in enumerate(texts)]


def test_builtins_registered():
    assert {"clean", "langid", "sentences"} <= set(registered())


def test_order_with_unmet_needs_is_refused():
    with pytest.raises(ConfigError) as err:
        Pipeline(["sentences", "clean"])
    assert err.value.code == "E002"
    assert "layers.paragraphs" in str(err.value) and "sentences" in str(err.value)


def test_unknown_component_is_refused():
    with pytest.raises(ConfigError) as err:
        Pipeline(["clean", "nonexistent"])
    assert err.value.code == "E001" and "clean" in str(err.value)


def test_failure_on_one_article_is_recorded_and_batch_goes_on():
    out = list(Pipeline(["clean", "test_boom", "sentences"]).pipe(_articles(), batch_size=2))
    assert len(out) == 3
    failed = [a for a in out if a.failed]
    assert len(failed) == 1 and "boom" in failed[0].text
    rec = failed[0].errors[0]
    assert rec.code == "E301" and rec.component == "test_boom" and rec.version == "9.9"
    assert "exploded on purpose" in rec.reason and rec.source == "t1.txt"
    ok = [a for a in out if not a.failed]
    assert all("sentences" in a.layers and a.analyses["test_boom"] == "9.9" for a in ok)
    assert "sentences" not in failed[0].layers  # later components skip a failed article


def test_versions_recorded_on_layers(seeds_analysed):
    a = seeds_analysed["000"]
    from narrascope.pipeline import registered
    assert a.analyses == {name: registered()[name].version for name in Pipeline().names}
    assert a.analyses["clean"] == "1.2.0" and a.analyses["sentences"] == "1.0.0"
    for layer, comp in (("sentences", "sentences"), ("paragraphs", "clean"), ("entities", "entities"),
                        ("quotes", "quotes"), ("framing", "framing")):
        assert a.layers[layer].component == comp and a.layers[layer].version == registered()[comp].version
