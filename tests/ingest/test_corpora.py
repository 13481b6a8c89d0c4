"""The annotated corpora are looked up together, by page id."""
import json

from narrascope.ingest.corpora import annotated_pages, corpus_files


def test_pages_of_both_real_corpora(dev_path):
    corpus = dev_path
    pages = annotated_pages(corpus)
    assert [p.name for p in corpus_files(corpus)] == ["dev.jsonl", "dev2.jsonl"]
    assert sum(i.startswith("dev-") for i in pages) == 123 and sum(i.startswith("dev2-") for i in pages) == 102
    assert pages["dev2-0001"]["language"] == "en" and pages["dev2-0001"]["text"]


def test_a_missing_sibling_is_skipped_and_rows_are_copies(tmp_path):
    corpus = tmp_path / "dev.jsonl"
    corpus.write_text(json.dumps({"id": "x-1", "text": "Astana said so."}) + "\n", encoding="utf-8")
    pages = annotated_pages(corpus)
    assert list(pages) == ["x-1"]
    pages["x-1"]["text"] = "edited"
    assert annotated_pages(corpus)["x-1"]["text"] == "Astana said so."
    (tmp_path / "dev2.jsonl").write_text(json.dumps({"id": "y-1", "text": "Kyiv."}) + "\n", encoding="utf-8")
    assert sorted(annotated_pages(corpus)) == ["x-1", "y-1"]
