"""Our filter type, and its numpy mask over metadata (BM25 and the archive's exact search).

A ``Filter`` is a conjunction of conditions on metadata fields: equal, one of, not equal,
and range bounds. Callers build it; a vector store translates it to its own query syntax
(``assistant/store/chroma.py`` to Chroma's ``where``), and ``MetaColumns`` to a mask.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

Op = Literal["eq", "in", "nin", "ne", "gte", "lte", "gt", "lt"]
RANGE_OPS: tuple[Op, ...] = ("gte", "lte", "gt", "lt")


@dataclass(frozen=True)
class Cond:
    """One condition: ``key`` ``op`` ``value`` (for ``in``, ``value`` is a tuple)."""

    key: str
    op: Op
    value: Any


@dataclass(frozen=True)
class Filter:
    """Conditions on metadata fields that must all hold; empty (falsy) matches everything.

    Built step by step: ``Filter().one_of("year", [2025, 0]).eq("kind", "guideline")``.
    """

    conds: tuple[Cond, ...] = ()

    def _with(self, *conds: Cond) -> Filter:
        return Filter(self.conds + conds)

    def eq(self, key: str, value: Any) -> Filter:
        return self._with(Cond(key, "eq", value))

    def one_of(self, key: str, values: Iterable[Any]) -> Filter:
        return self._with(Cond(key, "in", tuple(values)))

    def ne(self, key: str, value: Any) -> Filter:
        return self._with(Cond(key, "ne", value))

    def none_of(self, key: str, values: Iterable[Any]) -> Filter:
        return self._with(Cond(key, "nin", tuple(values)))

    def range(
        self,
        key: str,
        gte: float | None = None,
        lte: float | None = None,
        gt: float | None = None,
        lt: float | None = None,
    ) -> Filter:
        """Numeric bounds on ``key`` (a missing value never matches); None = no bound."""
        bounds = {"gte": gte, "lte": lte, "gt": gt, "lt": lt}
        return self._with(
            *(Cond(key, op, bounds[op]) for op in RANGE_OPS if bounds[op] is not None)
        )

    def keys(self) -> list[str]:
        """The fields the filter looks at, each once, in the order they were added."""
        return list(dict.fromkeys(c.key for c in self.conds))

    def __bool__(self) -> bool:
        return bool(self.conds)


class MetaColumns:
    """Column view of a metadata list for fast masks."""

    def __init__(self, metas: Sequence[dict[str, Any]]) -> None:
        self._metas = metas
        self._cols: dict[str, np.ndarray] = {}

    def col(self, key: str) -> np.ndarray:
        if key not in self._cols:
            self._cols[key] = np.array([m.get(key) for m in self._metas], dtype=object)
        return self._cols[key]

    def mask(self, where: Filter | None) -> np.ndarray | None:
        if not where:
            return None
        m = np.ones(len(self._metas), dtype=bool)
        for cond in where.conds:
            c = self.col(cond.key)
            if cond.op == "eq":
                m &= c == cond.value
            elif cond.op == "in":
                m &= np.isin(c, list(cond.value))
            elif cond.op == "nin":  # none of (text values too)
                m &= ~np.isin(c, list(cond.value))
            elif cond.op == "ne":  # also for text values
                m &= c != cond.value
            else:
                present = np.array([x is not None for x in c], dtype=bool)
                num = np.array([x if x is not None else 0 for x in c], dtype=float)
                if cond.op == "gte":
                    m &= present & (num >= cond.value)
                elif cond.op == "lte":
                    m &= present & (num <= cond.value)
                elif cond.op == "gt":
                    m &= present & (num > cond.value)
                else:
                    m &= present & (num < cond.value)
        return m
