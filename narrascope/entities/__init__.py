"""Named entities: recognition backends, the entity registry, transliteration and in-article identity."""
