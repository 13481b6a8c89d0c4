"""The speaker model's trainer: outlet-grouped folds, the leak-free feature set, accuracy, and its groups on a
real train page read from ../shared."""
from narrascope.eval.entities import corpus_pages, load_gold
from narrascope.eval.speaker_fit import Group, accuracy, folds, page_groups, without_rules
from narrascope.quotes.speaker_model import SpeakerModel


def _group(page, outlet, answer=0, lang="en"):
    cands = [("E1", {"cand=entity": 1.0, "said_tail": 1.0, "rule": 1.0}), ("anonymous", {"cand=anonymous": 1.0})]
    return Group(page, lang, cands, answer, answer == 0, (0, 10), outlet)


def test_folds_keep_an_outlets_pages_together_and_cover_every_group():
    groups = [_group(f"p{i}", f"outlet{i % 7}") for i in range(40)]
    parts = folds(groups, k=5)
    assert sorted(i for p in parts for i in p) == list(range(40))
    for outlet in {g.outlet for g in groups}:
        assert sum(1 for p in parts if any(groups[i].outlet == outlet for i in p)) == 1


def test_without_rules_drops_only_the_rules_verdict():
    stripped = without_rules([_group("p", "o")])[0]
    assert stripped.cands[0][1] == {"cand=entity": 1.0, "said_tail": 1.0}
    assert stripped.answer == 0 and stripped.outlet == "o"


def test_accuracy_counts_unreachable_answers_as_wrong():
    model = SpeakerModel({"said_tail": 2.0}, 0.0)
    groups = [_group("a", "o", 0), _group("b", "o", 1), _group("c", "o", -1, "ru")]
    acc = accuracy(model, groups)
    assert acc["all"]["model"] == round(1 / 3, 4) and acc["all"]["reachable"] == round(2 / 3, 4)
    assert acc["ru"]["n"] == 1 and acc["ru"]["model"] == 0.0


def test_groups_of_a_real_train_page_point_at_their_candidates(dev_path):
    from narrascope.article import Article
    from narrascope.pipeline import Pipeline

    gold = [g for g in load_gold(None, dev_path) if g["split"] == "train" and len(g["quotes"]) >= 3][:1]
    rows = corpus_pages(dev_path, gold)
    g = gold[0]
    start, end = min(s for s, _ in g["body"]), max(e for _, e in g["body"])
    art = next(Pipeline(["plain", "langid", "sentences", "entities"]).pipe(
        [Article.from_text(rows[g["id"]]["text"][start:end], source=g["id"])]))
    groups = page_groups(g, art, start, "outlet")
    assert 0 < len(groups) <= len(g["quotes"])
    for grp in groups:
        assert -1 <= grp.answer < len(grp.cands)
        assert {c for c, _ in grp.cands} >= {"anonymous", "unknown"}
