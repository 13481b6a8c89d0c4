"""Evaluation commands: quality measured against held-out annotations or a shared task's release.

Every evaluation is registered by name (:mod:`.registry`): ``cleaning``, ``entities``,
``techniques``, ``narratives`` (our annotations of the dev corpus, ``Settings().dev_corpus`` by
default) and the shared tasks ``semeval2025``, ``semeval2023``, ``ptc``, ``unlp2025`` (``data`` is
the release folder). ``narrascope eval <task>`` and the Python API call the same function::

    >>> from narrascope.eval import evaluate
    >>> result = evaluate("techniques", split="test", out="eval-out")    # doctest: +SKIP

``evaluate`` returns the runner's result unchanged (what ``--json`` prints and the floors read).
With ``out=DIR`` (``--out DIR``) every evaluation writes ``DIR/scores.json`` in one shape:

- ``task``: the evaluation's name; ``split``: the split scored (None when the task has none);
  ``data``: the corpus file or release folder; ``component_versions``: component -> version;
- ``scores``: the metrics, exactly the runner's numbers (a shared task's official scores, or None
  when a component it needs is not available: see ``details.status``);
- ``baselines``: ``trivial`` (majority class, "Other" for all, most frequent technique...) and
  ``trained`` (TF-IDF + logistic regression fitted on the training split in the same run; shared tasks:
  ``--train-data DIR``, else 5-fold cross-validation over the evaluated documents), each in the shape of
  ``scores`` plus its ``name`` (:mod:`.baselines`); ``narratives`` also keeps the stance rules here,
  beside the trained stance head in ``scores.stance_oracle.model``;
- ``margins``: model minus each baseline for every headline metric (``Evaluation.headline``), and
  ``verdict``: ``"ahead"`` (beats the trained baseline by >= 0.05 and the trivial one), else which
  baseline the model does not beat and by how much. The printed table shows the same;
- ``details``: counts and the rest (pages, failed pages, status, subtask, lang, prediction file; for a
  shared task ``failed_documents`` and ``fallback_rows``: documents a component failed on, and rows
  written by the task's fallback because no prediction existed - the status names the failures);
- ``created``: UTC time of the run (ISO 8601, seconds).
"""
from .registry import Evaluation, evaluate, evaluation, evaluations

__all__ = ["Evaluation", "evaluate", "evaluation", "evaluations"]
