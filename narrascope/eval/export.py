"""`narrascope export --format <task>`: a stored corpus's predictions in a shared task's format."""
from __future__ import annotations

import sys
from pathlib import Path

from ..errors import ConfigError
from ..store import Store
from .tasks import NotAvailable, TaskDocument, get_task


def export_task(store: Store, task_name: str, subtask: int | None, output: str | None) -> str:
    """Write predictions; returns a one-line status ('wrote ...' or 'not available ...')."""
    task = get_task(task_name)
    subtask = subtask or task.default_subtask
    if subtask not in task.subtasks:
        raise ConfigError("E006", task=task.name, subtask=subtask, known=", ".join(map(str, task.subtasks)))
    articles = {a.id: a for a in store.articles() if not a.failed}
    documents = [TaskDocument(doc_id=a.id, text=a.text, lang=a.language) for a in articles.values()]
    predictions = task.predict(articles, documents, subtask)
    if isinstance(predictions, NotAvailable):
        return f"{task.name} subtask {subtask}: {predictions}"
    if output in (None, "-"):
        tmp = Path(store.path).with_suffix(f".{task.name}.tmp")
        task.write_predictions(predictions, tmp, subtask)
        sys.stdout.write(tmp.read_text(encoding="utf-8"))
        tmp.unlink()
        return f"wrote {len(articles)} article(s) as {task.name} subtask {subtask}"
    task.write_predictions(predictions, Path(output), subtask)
    return f"wrote {len(articles)} article(s) as {task.name} subtask {subtask} to {output}"
