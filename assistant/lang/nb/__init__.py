"""Bokmål, the product's language, in one place.

- ``synonyms``: everyday words for the scheme's terms, and the county names.

This is a bottom layer: it imports nothing from the answerer, the pre-check, the archive, the
services, the commands, ``ingest`` or ``api``.
"""

from assistant.lang.nb.synonyms import COUNTIES, SYNONYMS

__all__ = ["COUNTIES", "SYNONYMS"]
