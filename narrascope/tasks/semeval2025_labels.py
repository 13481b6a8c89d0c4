"""The SemEval-2025 Task 10 label inventory, and a filter that keeps a prediction inside it.

The names are those of ``resources/taxonomy/semeval2025_narratives.txt`` (the released label list,
also read by the scorer); ``tests/taxonomy`` keeps it equal to the two shipped taxonomy files.

    >>> "CC: Downplaying climate change: Sea levels are not rising" in inventory()
    True
    >>> keep_known(["CA: Kazakh nationalism is Nazism", "URW: Praise of Russia"])
    ['URW: Praise of Russia']
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable

from .semeval2025_score import load_narrative_labels


@lru_cache(maxsize=1)
def inventory() -> frozenset[str]:
    """Every narrative and subnarrative label of the task (``Other`` included), spelled as the task spells them."""
    coarse, fine = load_narrative_labels()
    return frozenset({"Other", *coarse, *fine})


def keep_known(labels: Iterable[str]) -> list[str]:
    """``labels`` in order, without those outside the task's inventory (e.g. another taxonomy's)."""
    known = inventory()
    return [label for label in labels if label in known]
