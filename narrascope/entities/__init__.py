"""Named entities: recognition backends, the entity registry, transliteration and in-article identity."""
from .registry import Entity, Registry, Title
from .translit import (kazakh_stem_candidates, latin_variants, match_key, russian_lemma_candidates,
                       russian_lemma_guess, to_latin)

__all__ = ["Entity", "Registry", "Title", "kazakh_stem_candidates", "latin_variants", "match_key",
           "russian_lemma_candidates", "russian_lemma_guess", "to_latin"]
