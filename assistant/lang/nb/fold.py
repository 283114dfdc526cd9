"""Norwegian typed without æ, ø and å: "soknadsbelop" for "søknadsbeløp".

Drafts written on foreign keyboards (or pasted through systems that strip letters) lose the
three vowels, or type them as "aa", "oe" and "ae". A pattern's source rewritten to accept
those spellings matches the text as it is, so match positions stay positions in the text.
"""

from __future__ import annotations

import re

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "AE", "Ø": "O", "Å": "A"})


def ascii_fold(text: str) -> str:
    return text.translate(_FOLD)


# outside a character class a letter may be typed as one or two ("mål": "mal", "maal")
_SPELLED = {"æ": "(?:ae|a|e)", "ø": "(?:oe|o)", "å": "(?:aa|a)"}


def _either_source(source: str) -> str:
    """A pattern source that matches æ, ø and å typed the usual ways without them: "å" as
    "aa" or "a", "ø" as "oe" or "o", "æ" as "ae", "a" or "e"; in a character class each is
    its first letter."""
    out: list[str] = []
    in_class = escaped = False
    for ch in source:
        low = ch.lower()
        if escaped:
            out.append(ch)
            escaped = False
        elif ch == "\\":
            out.append(ch)
            escaped = True
        elif in_class:
            out.append(ascii_fold(ch)[0] if low in _SPELLED else ch)
            in_class = ch != "]"
        elif ch == "[":
            out.append(ch)
            in_class = True
        elif low in _SPELLED:
            alt = _SPELLED[low]
            out.append(alt if ch == low else alt.upper())
        else:
            out.append(ch)
    return "".join(out)


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
        _CACHE[key] = re.compile(_either_source(pattern.pattern), pattern.flags)
    return _CACHE[key]
