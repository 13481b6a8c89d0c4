"""The speaker and quote baselines of ``eval entities``, and gold read from a list of corpora."""
import json

from narrascope.eval.baselines.speakers import SpeakerRanker, heuristic_quotes, nearest_person, speaker_scores
from narrascope.eval.entities import corpus_pages, load_gold

PAGE = ("Putin met Tokayev in Astana.\nTokayev said: “We will keep our own course in every talk.”\n"
        "Experts doubt that the course will hold for long.")


def _gold(page=PAGE, pid="p1", lang="en"):
    t = page.index
    return {"id": pid, "language": lang, "split": "train", "body": [[0, len(page)]],
            "entities": [{"eid": "E1", "type": "PER", "mentions": [[0, 5]]},
                         {"eid": "E2", "type": "PER", "mentions": [[10, 17], [t("Tokayev said"), t("Tokayev said") + 7]]},
                         {"eid": "E3", "type": "LOC", "mentions": [[21, 27]]}],
            "quotes": [{"span": [t("We will"), t("talk.") + 5], "kind": "direct", "speaker": "E2"},
                       {"span": [t("the course"), len(page) - 1], "kind": "indirect", "speaker": "anonymous"}]}


def test_trivial_speaker_is_the_nearest_person_before():
    g = _gold()
    mentions = sorted((s, e, x["eid"], x["type"]) for x in g["entities"] for s, e in x["mentions"])
    assert nearest_person(PAGE, mentions, g["quotes"][0]["span"][0]) == "E2"
    # The nearest person before "Experts doubt..." is Tokayev: the trivial baseline gets it wrong.
    assert nearest_person(PAGE, mentions, g["quotes"][1]["span"][0]) == "E2"


def test_ranker_learns_speech_verbs_and_unnamed_groups():
    pages = [(PAGE, _gold(), 0)]
    other = "Kairat Nurlanov spoke to Dana Ospanova.\nOspanova said: “Prices will fall next year, we think.”\nAnalysts doubt that prices will fall."
    t = other.index
    g2 = {"id": "p2", "language": "en", "split": "train", "body": [[0, len(other)]]}
    g2["entities"] = [{"eid": "E1", "type": "PER", "mentions": [[0, 15]]},
                      {"eid": "E2", "type": "PER", "mentions": [[25, 38], [t("Ospanova said"), t("Ospanova said") + 8]]}]
    g2["quotes"] = [{"span": [t("Prices"), t("think.") + 6], "kind": "direct", "speaker": "E2"},
                    {"span": [t("prices will fall."), len(other) - 1], "kind": "indirect", "speaker": "anonymous"}]
    ranker = SpeakerRanker().fit(pages + [(other, g2, 0)])
    g = _gold()
    mentions = sorted((s, e, x["eid"], x["type"]) for x in g["entities"] for s, e in x["mentions"])
    got = [ranker.predict(PAGE, mentions, tuple(q["span"]), "en") for q in g["quotes"]]
    assert got == ["E2", "anonymous"]


def test_speaker_scores_strict_and_lenient():
    assert speaker_scores([("E1", "E1"), ("unknown", "anonymous"), ("E2", "anonymous")]) == {
        "speaker_accuracy_strict": 1 / 3, "speaker_accuracy_lenient": 2 / 3, "speaker_accuracy_end_to_end": 1 / 3}


def test_heuristic_quotes():
    text = 'He said that the talks failed. The "West" is a word. “This is a real quote,” she said.'
    spans = [text[s:e] for s, e in heuristic_quotes(text)]
    assert spans == ["the talks failed", "This is a real quote,"]


def test_gold_from_a_list_of_corpora(tmp_path):
    """A second corpus's gold is one more file: its pages come from its corpus file beside the first, its
    split from its split file when the rows carry none."""
    ann, splits, data = tmp_path / "annotations", tmp_path / "splits", tmp_path / "data"
    for d in (ann / "dev2", splits, data):
        d.mkdir(parents=True)
    row = {k: v for k, v in _gold(pid="dev2-0001").items() if k != "split"}
    (ann / "dev2" / "entities.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    (ann / "entities.en.jsonl").write_text(json.dumps(_gold(pid="dev-0001")) + "\n", encoding="utf-8")
    (splits / "dev2_split.json").write_text(json.dumps({"train": [], "test": ["dev2-0001"]}), encoding="utf-8")
    (data / "dev.jsonl").write_text(json.dumps({"id": "dev-0001", "text": PAGE}) + "\n", encoding="utf-8")
    (data / "dev2.jsonl").write_text(json.dumps({"id": "dev2-0001", "text": PAGE}) + "\n", encoding="utf-8")
    sources = (("dev.jsonl", "entities.*.jsonl", "dev_split.json"), ("dev2.jsonl", "dev2/entities.jsonl", "dev2_split.json"))
    gold = load_gold(corpus=data / "dev.jsonl", sources=sources, folders=(ann, splits))
    assert [(g["id"], g["split"], g["corpus"]) for g in gold] == [("dev-0001", "train", "dev.jsonl"),
                                                                   ("dev2-0001", "test", "dev2.jsonl")]
    assert set(corpus_pages(data / "dev.jsonl", gold)) == {"dev-0001", "dev2-0001"}
