from narrascope.pipeline import Pipeline, with_dependencies


def test_dependencies_are_inserted_in_order():
    assert with_dependencies(["plain", "langid", "sentences", "framing"]) == [
        "plain", "langid", "sentences", "entities", "quotes", "framing"]
    assert with_dependencies(["clean", "langid", "sentences"]) == ["clean", "langid", "sentences"]
    Pipeline(with_dependencies(["clean", "langid", "sentences", "framing"]))  # a valid order
