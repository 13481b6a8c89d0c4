"""`narrascope export --format <task>`: a stored corpus's predictions in a shared task's format.

The article id in the file is the input's own id when it has one (SemEval-2025 ids are the file
names, ``EN_UA_1234.txt``; PTC and SemEval-2023 ids are the ``<ID>`` of ``article<ID>.txt``), else
the narrascope id. An input id shared by several articles is not an id: those keep their own.

    >>> export_task(store, "semeval2025", 2, "preds.txt").message          # doctest: +SKIP
    'wrote 3 article(s) as semeval2025 subtask 2 to preds.txt'
"""
from __future__ import annotations

import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

from ..article import Article
from ..errors import ConfigError
from ..store import Store
from ..tasks.registry import NotAvailable, TaskDocument, check_subtask, get_task
from .tables import input_id
from .writers import Exported, to_stdout

# Tasks whose document id is a part of the file name.
_FILE_ID = {"ptc": re.compile(r"^article(.+)\.txt$"), "semeval2023": re.compile(r"^article(.+)\.txt$")}


def task_ids(task_name: str, articles: list[Article]) -> dict[str, Article]:
    """The task's document id -> article: the input's own id when it has a unique one, else the narrascope id."""
    def own(a: Article) -> str | None:
        given = input_id(a)
        pattern = _FILE_ID.get(task_name)
        if given and pattern:
            m = pattern.match(Path(given).name)
            return m.group(1) if m else given
        return given

    wanted = {a.id: own(a) for a in articles}
    shared = Counter(v for v in wanted.values() if v)
    out: dict[str, Article] = {}
    for a in articles:
        key = wanted[a.id] if wanted[a.id] and shared[wanted[a.id]] == 1 else a.id
        out[key if key not in out else a.id] = a
    return out


def export_task(store: Store, task_name: str, subtask: int | None, output: str | Path | None) -> Exported:
    """Write predictions; ``ok`` is False when the subtask's component gave no predictions."""
    task = get_task(task_name)
    subtask = check_subtask(task.name, task.subtasks, subtask or task.default_subtask)
    articles = task_ids(task.name, [a for a in store.articles() if not a.failed])
    documents = [TaskDocument(doc_id=i, text=a.text, lang=a.language) for i, a in articles.items()]
    predictions = task.predict(articles, documents, subtask)
    if isinstance(predictions, NotAvailable):
        return Exported(f"{task.name} subtask {subtask}: {predictions}", 0, ok=False)
    done = f"wrote {len(articles)} article(s) as {task.name} subtask {subtask}"
    if to_stdout(output):
        with tempfile.TemporaryDirectory(prefix="narrascope-export-") as tmp:
            path = Path(tmp) / task.prediction_file(subtask)
            task.write_predictions(predictions, path, subtask)
            sys.stdout.write(path.read_text(encoding="utf-8"))
        return Exported(done, len(articles))
    try:
        task.write_predictions(predictions, Path(output), subtask)
    except OSError as err:
        raise ConfigError("E022", path=str(output), detail=err.strerror or type(err).__name__) from None
    return Exported(f"{done} to {output}", len(articles), paths=(str(output),))
