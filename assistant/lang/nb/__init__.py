"""Bokmål, the product's language, in one place.

- ``dates``: month names, reading and writing "20. juni 2024" and "20.06.2024";
- ``numbers``: reading kroner ("1,5 mill.", "kr 1.200.000,-", "0") and writing "1 234 500 kr";
- ``words``: the stop words and the stemmer BM25 uses;
- ``synonyms``: everyday words for the scheme's terms, and the county names;
- ``messages``: generic sentences said in more than one place.

This is a bottom layer: it imports nothing from the answerer, the pre-check, the archive, the
services, the commands, ``ingest`` or ``api`` (tests/lang/test_nb.py checks it).
"""

from assistant.lang.nb.dates import (
    DATE_MENTION,
    MONTH_NUMBERS,
    MONTH_PATTERN,
    MONTHS,
    format_date,
    format_date_numeric,
    format_month,
    month_number,
    parse_date,
)
from assistant.lang.nb.messages import contact_sentence
from assistant.lang.nb.numbers import (
    AMOUNT_MENTION,
    MAX_AMOUNT,
    amount_of,
    find_amounts,
    group_digits,
    is_zero,
    kr,
    parse_amount,
    strip_amounts,
)
from assistant.lang.nb.synonyms import COUNTIES, SYNONYMS
from assistant.lang.nb.words import COMPOUND_LINKS, STOPWORDS, stem

__all__ = [
    "AMOUNT_MENTION",
    "COMPOUND_LINKS",
    "COUNTIES",
    "DATE_MENTION",
    "MAX_AMOUNT",
    "MONTHS",
    "MONTH_NUMBERS",
    "MONTH_PATTERN",
    "STOPWORDS",
    "SYNONYMS",
    "amount_of",
    "contact_sentence",
    "find_amounts",
    "format_date",
    "format_date_numeric",
    "format_month",
    "group_digits",
    "is_zero",
    "kr",
    "month_number",
    "parse_amount",
    "parse_date",
    "stem",
    "strip_amounts",
]
