"""Copy detection over a store: an edited re-publication of a stored article is found, stored,
clustered with its origin first, and only new articles are indexed on the next update."""
from __future__ import annotations

import json

from narrascope.corpus.copies_store import clusters, update_copies


def _republish(store, source_id: str, new_id: str, outlet: str, day: str) -> None:
    """A mirror of ``source_id``: new headline line, a boilerplate line, its last paragraph cut."""
    cols = ("id, content_hash, source, url, outlet, title, author, published, language, text_chars, status, "
            "pipeline, data, created_at, updated_at")
    row = list(store.db.execute(f"SELECT {cols} FROM articles WHERE id = ?", (source_id,)).fetchone())
    doc = json.loads(row[12])
    paragraphs = doc["text"].split("\n")
    doc["text"] = "Republished from our partners.\n" + "\n".join(paragraphs[:-1] if len(paragraphs) > 3 else paragraphs)
    doc.update(id=new_id, outlet=outlet, published=f"{day}T08:00:00+00:00")
    row[0], row[1], row[4], row[7], row[12] = new_id, "h-" + new_id, outlet, doc["published"], json.dumps(doc)
    with store.transaction() as db:
        db.execute(f"INSERT INTO articles ({cols}) VALUES ({','.join('?' * 15)})", row)


def test_a_mirror_is_found_and_clustered_after_its_origin(store_copy):
    first = update_copies(store_copy, embed=False)
    assert first["indexed"] >= 30 and first["skipped"]  # W142: no translations without embeddings
    before = {(r[0], r[1]) for r in store_copy.db.execute("SELECT a, b FROM corpus_copies")}
    src, published = store_copy.db.execute(
        "SELECT id, published FROM articles WHERE status = 'ok' AND published IS NOT NULL AND text_chars > 1500 "
        "ORDER BY id LIMIT 1").fetchone()
    _republish(store_copy, src, "mirror0000000001", "Mirror Daily", "2030-01-02")
    second = update_copies(store_copy, embed=False)
    assert second["indexed"] == 1 and second["pairs"] >= 1
    pairs = {(r[0], r[1]): r[2] for r in store_copy.db.execute("SELECT a, b, kind FROM corpus_copies")}
    assert pairs[tuple(sorted((src, "mirror0000000001")))] == "duplicate"
    assert set(pairs) - before <= {tuple(sorted((src, "mirror0000000001")))} | {
        p for p in pairs if "mirror0000000001" in p}
    [cluster] = [c for c in clusters(store_copy) if "mirror0000000001" in
                 [c["origin"]["id"], *(v["id"] for v in c["copies"])]]
    assert cluster["origin"]["id"] != "mirror0000000001" and cluster["origin"]["published"] <= published
    mirror = next(v for v in cluster["copies"] if v["id"] == "mirror0000000001")
    assert mirror["outlet"] == "Mirror Daily" and mirror["lag_days"] > 0
    assert update_copies(store_copy, embed=False)["indexed"] == 0  # nothing new: nothing recomputed


def test_a_changed_article_is_indexed_again(store_copy):
    update_copies(store_copy, embed=False)
    aid = store_copy.db.execute("SELECT article_id FROM corpus_copy_records LIMIT 1").fetchone()[0]
    with store_copy.transaction() as db:
        db.execute("UPDATE articles SET content_hash = 'changed' WHERE id = ?", (aid,))
    again = update_copies(store_copy, embed=False)
    assert again["stale"] == 1 and again["indexed"] == 1
