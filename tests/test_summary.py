from narrascope.summary import article_summary


def test_text_summary_has_every_analysis_of_seed_002(seeds_analysed):
    text = article_summary(seeds_analysed["002"])
    sections = [line.split(" (")[0] for line in text.splitlines() if line and not line.startswith(" ")]
    for name in ("Entities", "Quotes", "Narratives", "Techniques", "Voices"):
        assert name in sections, name
    techniques = text[text.index("\nTechniques ("):text.index("\nVoices (")]
    assert "Name_Calling-Labeling" in techniques.strip().splitlines()[0]          # the counts line
    junta = [line for line in techniques.splitlines() if "'Kyiv junta'" in line]
    assert junta and all("[author]" in line for line in junta)
    assert "Kazakh nationalism is Nazism" in text[text.index("\nNarratives ("):text.index("\nTechniques (")]


def test_roles_from_the_prior_are_counted_not_shown_as_findings(seeds_analysed):
    art = seeds_analysed["000"]
    framing = art.layers["framing"].spans
    prior = [f for f in framing if f.attrs["evidence_kind"] == "prior"]
    found = [f for f in framing if f.attrs["evidence_kind"] != "prior"]
    assert prior and found  # the seed has both kinds, so the test can tell them apart
    text = article_summary(art)
    roles = text[text.index("\nRoles by voice (") + 1:].split("\n\n")[0].splitlines()
    assert f"({len(found)} with evidence" in roles[0] and f"{len(prior)} (entity, voice) pairs with no evidence" in roles[0]
    assert len(roles) - 1 == len(found)
    shown = {line.split(" casts ")[1].split(":")[0] for line in roles[1:]}
    assert shown == {f.attrs["name"] for f in found}
