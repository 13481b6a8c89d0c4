"""Entity linking must not depend on set order (PYTHONHASHSEED)."""
from narrascope.entities.link import Linked, fallback_key, link_mentions


def _mention(start: int, type_: str) -> Linked:
    return Linked(start, start + 6, type_, "spacy", "Astana", fallback_key("Astana"))


def test_type_tie_goes_to_the_first_mention_in_either_order():
    # One mention read as a city, one as an organisation: a tie; set order used to decide it.
    loc_first = link_mentions([_mention(0, "LOC"), _mention(40, "ORG")])
    org_first = link_mentions([_mention(0, "ORG"), _mention(40, "LOC")])
    assert loc_first["E1"]["type"] == "LOC" and loc_first["E1"]["mentions"] == 2
    assert org_first["E1"]["type"] == "ORG"


def test_majority_type_still_wins_over_the_first_mention():
    linked = link_mentions([_mention(0, "ORG"), _mention(40, "LOC"), _mention(80, "LOC")])
    assert linked["E1"]["type"] == "LOC"
