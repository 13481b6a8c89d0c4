"""Shared-task formats: readers, writers and official-metric scorers (the ground floor: imports only
``errors``, ``article`` and ``safecsv``, so components, analysers and the report can use them).

    >>> from narrascope.tasks.registry import get_task
    >>> get_task("semeval2023").name
    'semeval2023'
"""
