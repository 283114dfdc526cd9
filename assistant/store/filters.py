"""One filter spec, two translations: a Chroma ``where`` and a numpy mask over metadata.

A spec maps a metadata key to a value (equal), a list (one of) or a dict with
``$gte``/``$lte`` (range), ``$ne`` (not equal) or ``$nin`` (none of). Keys are combined
with AND.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

Filters = dict[str, Any]


def to_where(filters: Filters | None) -> dict[str, Any] | None:
    if not filters:
        return None
    parts: list[dict[str, Any]] = []
    for key, val in filters.items():
        if isinstance(val, dict):
            for op in ("$gte", "$lte", "$gt", "$lt", "$ne"):
                if op in val:
                    parts.append({key: {op: val[op]}})
            if "$nin" in val:
                parts.append({key: {"$nin": list(val["$nin"])}})
        elif isinstance(val, (list, tuple, set)):
            parts.append({key: {"$in": list(val)}})
        else:
            parts.append({key: {"$eq": val}})
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"$and": parts}


class MetaColumns:
    """Column view of a metadata list for fast masks."""

    def __init__(self, metas: Sequence[dict[str, Any]]) -> None:
        self._metas = metas
        self._cols: dict[str, np.ndarray] = {}

    def col(self, key: str) -> np.ndarray:
        if key not in self._cols:
            self._cols[key] = np.array([m.get(key) for m in self._metas], dtype=object)
        return self._cols[key]

    def mask(self, filters: Filters | None) -> np.ndarray | None:
        if not filters:
            return None
        m = np.ones(len(self._metas), dtype=bool)
        for key, val in filters.items():
            c = self.col(key)
            if isinstance(val, dict):
                present = np.array([x is not None for x in c], dtype=bool)
                sub = present
                if "$ne" in val and len(val) == 1:  # also for text values
                    m &= c != val["$ne"]
                    continue
                if "$nin" in val and len(val) == 1:  # none of (text values too)
                    m &= ~np.isin(c, list(val["$nin"]))
                    continue
                num = np.array([x if x is not None else 0 for x in c], dtype=float)
                if "$gte" in val:
                    sub = sub & (num >= val["$gte"])
                if "$lte" in val:
                    sub = sub & (num <= val["$lte"])
                if "$gt" in val:
                    sub = sub & (num > val["$gt"])
                if "$lt" in val:
                    sub = sub & (num < val["$lt"])
                if "$ne" in val:
                    sub = present & (c != val["$ne"])
                m &= sub
            elif isinstance(val, (list, tuple, set)):
                m &= np.isin(c, list(val))
            else:
                m &= c == val
        return m
