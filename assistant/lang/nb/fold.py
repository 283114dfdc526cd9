"""Norwegian typed without æ, ø and å: "soknadsbelop" for "søknadsbeløp".

Drafts written on foreign keyboards (or pasted through systems that strip letters) lose the
three vowels. Folding both the text and a pattern's source the same way lets one pattern
match either spelling.
"""

from __future__ import annotations

import re

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "AE", "Ø": "O", "Å": "A"})


def ascii_fold(text: str) -> str:
    return text.translate(_FOLD)


def folded_pattern(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern with its æ, ø and å folded; use it on folded text."""
    return re.compile(ascii_fold(pattern.pattern), pattern.flags)


_NORDIC = re.compile("[æøåÆØÅ]")


def search_either(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """``pattern`` on the text; on a text with no æ, ø or å at all, also its folded form (the
    match's positions are then positions in ``text`` itself)."""
    m = pattern.search(text)
    if m or _NORDIC.search(text):
        return m
    return _folded(pattern).search(text)


def match_either(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    m = pattern.match(text)
    if m or _NORDIC.search(text):
        return m
    return _folded(pattern).match(text)


_CACHE: dict[tuple[str, int], re.Pattern[str]] = {}


def _folded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    key = (pattern.pattern, pattern.flags)
    if key not in _CACHE:
        _CACHE[key] = folded_pattern(pattern)
    return _CACHE[key]
