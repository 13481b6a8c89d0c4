"""Shared-task exports name each article by its input's own id when it has one."""
import copy

from narrascope.export.task_formats import task_ids
from narrascope.export import export


def test_semeval2025_rows_use_the_input_file_names(tmp_path, seeds_store):
    store, articles = seeds_store
    result = export(store, "semeval2025", tmp_path / "st2.txt", subtask=2)
    assert result.ok and result.count == 3
    ids = [line.split("\t")[0] for line in (tmp_path / "st2.txt").read_text(encoding="utf-8").splitlines()]
    # SemEval ids are file names; the seed without an input id keeps its narrascope id
    assert sorted(ids) == sorted(["EN_UA_0002.txt", "article4004.txt", articles["000"].id])


def test_ptc_ids_are_the_number_in_the_file_name(seeds_store):
    _, articles = seeds_store
    by_id = task_ids("ptc", list(articles.values()))
    assert by_id["4004"] is articles["004"] and by_id["EN_UA_0002.txt"] is articles["002"]


def test_an_input_id_shared_by_two_articles_is_not_used(seeds_store):
    _, articles = seeds_store
    twin = copy.deepcopy(articles["000"])
    twin.meta["external_id"] = "EN_UA_0002.txt"
    by_id = task_ids("semeval2025", [articles["002"], twin])
    assert set(by_id) == {articles["002"].id, twin.id}


def test_not_available_is_not_ok(tmp_path):
    from narrascope.article import Article
    from narrascope.store import open_store

    with open_store(tmp_path / "raw.db") as store:
        store.save(Article.from_text("Officials in Astana said the plan was fine, and the figures were out.",
                                     source="EN_UA_9.txt"))
        result = export(store, "semeval2025", tmp_path / "st2.txt", subtask=2)
    assert not result.ok and "narratives" in result.message and not (tmp_path / "st2.txt").exists()
