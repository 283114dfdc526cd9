"""The municipalities of Trøndelag, and finding their names wherever they stand in a draft."""

from __future__ import annotations

import re

# The 38 municipalities of Trøndelag (2024).
CURRENT = (
    "Trondheim", "Steinkjer", "Namsos", "Frøya", "Osen", "Oppdal", "Rennebu", "Røros",
    "Holtålen", "Midtre Gauldal", "Melhus", "Skaun", "Malvik", "Selbu", "Tydal", "Meråker",
    "Stjørdal", "Frosta", "Levanger", "Verdal", "Snåsa", "Lierne", "Røyrvik", "Namsskogan",
    "Grong", "Høylandet", "Overhalla", "Flatanger", "Leka", "Inderøy", "Indre Fosen", "Heim",
    "Hitra", "Ørland", "Åfjord", "Orkland", "Nærøysund", "Rindal",
)  # fmt: skip
# Names from before the 2018/2020 mergers, still used in drafts and in the archive.
FORMER = (
    "Klæbu", "Agdenes", "Meldal", "Orkdal", "Snillfjord", "Hemne", "Halsa", "Bjugn", "Roan",
    "Leksvik", "Rissa", "Mosvik", "Vikna", "Nærøy", "Fosnes", "Namdalseid", "Verran",
)  # fmt: skip
NAMES = CURRENT + FORMER
MUNICIPALITIES = {n.lower() for n in NAMES}

# Names that are also ordinary words ("heim" in nynorsk): they count only as "X kommune" or
# next to another municipality in a list.
_AMBIGUOUS = {"heim", "leka", "osen", "roan", "halsa"}
_NAME = re.compile(
    r"(?<![\wæøåÆØÅ-])("
    + "|".join(re.escape(n) for n in sorted(NAMES, key=len, reverse=True))
    + r")(?![\wæøåÆØÅ-])"
)
_CANON = {n.lower(): n for n in NAMES}


def canonical(name: str) -> str | None:
    """'Malvik' for 'malvik kommune', 'Malvik', 'Malvik kommune, oppvekst'; else None."""
    head = re.split(r"[,(–—]|\s+-\s+|\s+v/", name)[0].strip().lower()
    head = re.sub(r"\s+(kommune|kommunes|kommunen|kommune sin)$", "", head)
    return _CANON.get(head)


def find_municipalities(text: str) -> list[tuple[str, int]]:
    """(canonical name, position) for each municipality named in ``text``, in order.

    Names must be capitalised as names are; an ambiguous name needs "kommune" after it or
    another municipality within a few words.
    """
    hits = [(m.group(1), m.start(), m.end()) for m in _NAME.finditer(text)]
    out: list[tuple[str, int]] = []
    for i, (name, start, end) in enumerate(hits):
        if name.lower() in _AMBIGUOUS:
            after = text[end : end + 10].lower()
            near = any(
                abs(s - start) < 40 and j != i and n.lower() not in _AMBIGUOUS
                for j, (n, s, _) in enumerate(hits)
            )
            if not after.lstrip().startswith("kommune") and not near:
                continue
        out.append((_CANON[name.lower()], start))
    return out


def names_in(text: str) -> list[str]:
    """The distinct municipality names in ``text``, in order of first mention."""
    return list(dict.fromkeys(n for n, _ in find_municipalities(text)))
