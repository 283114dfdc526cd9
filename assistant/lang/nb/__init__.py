"""Bokmål, the product's language, in one place.

- ``words``: the stop words and the stemmer BM25 uses;
- ``synonyms``: everyday words for the scheme's terms, and the county names.

This is a bottom layer: it imports nothing from the answerer, the pre-check, the archive, the
services, the commands, ``ingest`` or ``api``.
"""

from assistant.lang.nb.synonyms import COUNTIES, SYNONYMS
from assistant.lang.nb.words import COMPOUND_LINKS, STOPWORDS, stem

__all__ = ["COMPOUND_LINKS", "COUNTIES", "STOPWORDS", "SYNONYMS", "stem"]
