

def test_output_kind_says_which_formats_write_a_folder():
    from narrascope.export import output_kind

    assert output_kind("csv", "tables") == "folder" and output_kind("csv", "articles.CSV") == "file"
    assert output_kind("parquet", "out/") == "folder" and output_kind("parquet", "a.parquet") == "file"
    assert output_kind("jsonl", "corpus.jsonl") == "file" and output_kind("semeval2025", "preds.txt") == "file"
