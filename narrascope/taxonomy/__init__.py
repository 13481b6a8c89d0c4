"""Narrative taxonomies: YAML files validated on load.

    >>> from narrascope.taxonomy import load_taxonomies
    >>> tax = load_taxonomies(["central_asia"])
    >>> tax.coarse_of("CA: Kazakhstan is a Western puppet: Multi-vector policy is betrayal")
    'CA: Kazakhstan is a Western puppet'

Built-in taxonomies live in ``narrascope/resources/taxonomies``; users pass their own YAML paths
(``--taxonomy my.yaml``). The schema is documented in ``docs/taxonomies.md``.
"""
from .load import BUILTIN, DEFAULT_TAXONOMIES, builtin_names, load_taxonomies, load_taxonomy
from .model import Label, Taxonomy, TaxonomySet

__all__ = ["BUILTIN", "DEFAULT_TAXONOMIES", "Label", "Taxonomy", "TaxonomySet", "builtin_names",
           "load_taxonomies", "load_taxonomy"]
