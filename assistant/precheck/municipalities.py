"""Finding municipality names wherever they stand in a draft.

The names come from the region files of the round registry (``corpus/regions/*.yaml``), so a
new county's municipalities are recognised without code. The pre-check sets the gazetteer for
the draft it reads (``using``); without one, the bundled corpus's regions are used.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from weakref import WeakKeyDictionary

from assistant.rounds import Registry, load_registry
from assistant.settings import BUNDLED_CORPUS


class Gazetteer:
    """The municipality names a draft may name, from the regions of the round registry."""

    def __init__(self, names: tuple[str, ...], ambiguous: tuple[str, ...] = ()) -> None:
        self.names = names
        self.lower = {n.lower() for n in names}
        self.ambiguous = {n.lower() for n in ambiguous}
        self.canon = {n.lower(): n for n in names}
        self.pattern = re.compile(
            r"(?<![\wæøåÆØÅ-])("
            + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
            + r")(?![\wæøåÆØÅ-])"
        )

    @classmethod
    def of(cls, reg: Registry) -> Gazetteer:
        """The gazetteer of ``reg``'s regions (built once per registry)."""
        g = _BUILT.get(reg)
        if g is None:
            g = _BUILT[reg] = cls(reg.municipality_names(), reg.ambiguous_names())
        return g


# per registry, and gone with it when a changed pack file makes a new registry
_BUILT: WeakKeyDictionary[Registry, Gazetteer] = WeakKeyDictionary()
_CURRENT: ContextVar[Gazetteer | None] = ContextVar("gazetteer", default=None)


def current() -> Gazetteer:
    """The gazetteer of this pre-check (see ``using``); the bundled corpus's regions else."""
    g = _CURRENT.get()
    if g is None:
        g = Gazetteer.of(load_registry([BUNDLED_CORPUS.resolve()]))
    return g


@contextmanager
def using(g: Gazetteer) -> Iterator[Gazetteer]:
    """Read drafts with ``g``'s municipalities (per thread and task: a ContextVar)."""
    token = _CURRENT.set(g)
    try:
        yield g
    finally:
        _CURRENT.reset(token)


def is_municipality(name: str) -> bool:
    return name.strip().lower() in current().lower


def canonical(name: str) -> str | None:
    """'Malvik' for 'malvik kommune', 'Malvik', 'Malvik kommune, oppvekst'; else None."""
    head = re.split(r"[,(–—]|\s+-\s+|\s+v/", name)[0].strip().lower()
    head = re.sub(r"\s+(kommune|kommunes|kommunen|kommune sin)$", "", head)
    return current().canon.get(head)


def find_municipalities(text: str) -> list[tuple[str, int]]:
    """(canonical name, position) for each municipality named in ``text``, in order.

    Names must be capitalised as names are; an ambiguous name needs "kommune" after it or
    another municipality within a few words.
    """
    g = current()
    hits = [(m.group(1), m.start(), m.end()) for m in g.pattern.finditer(text)]
    out: list[tuple[str, int]] = []
    for i, (name, start, end) in enumerate(hits):
        if name.lower() in g.ambiguous:
            after = text[end : end + 10].lower()
            near = any(
                abs(s - start) < 40 and j != i and n.lower() not in g.ambiguous
                for j, (n, s, _) in enumerate(hits)
            )
            if not after.lstrip().startswith("kommune") and not near:
                continue
        out.append((g.canon[name.lower()], start))
    return out


def names_in(text: str) -> list[str]:
    """The distinct municipality names in ``text``, in order of first mention."""
    return list(dict.fromkeys(n for n, _ in find_municipalities(text)))
