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
