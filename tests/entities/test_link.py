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


def test_first_name_and_patronymic_is_the_person_named_before():
    def m(start, text):
        return Linked(start, start + len(text), "PER", "natasha", text, fallback_key(text))
    linked = [m(0, "Олжас Сулейменов"), m(40, "Олжас Омарович"), m(80, "Олжас Бекенов Омарович")]
    out = link_mentions(linked)
    assert linked[0].entity == linked[1].entity == "E1"
    assert out["E1"]["mentions"] == 2 and linked[2].entity != "E1"


def test_a_surname_tagged_as_an_organisation_is_still_the_person():
    full = Linked(0, 14, "PER", "spacy", "Tina Kandelaki", fallback_key("Tina Kandelaki"))
    alone = Linked(60, 69, "ORG", "spacy", "Kandelaki", fallback_key("Kandelaki"))  # "Kandelaki’s post caused ..."
    link_mentions([full, alone])
    assert full.entity == alone.entity == "E1"
