"""Ranking metrics shared by the evals (unit-tested in tests/evals)."""

from __future__ import annotations

from collections.abc import Sequence


def first_relevant_rank(ranked: Sequence[bool]) -> int | None:
    """1-based rank of the first relevant result, or None."""
    for i, rel in enumerate(ranked, start=1):
        if rel:
            return i
    return None


def hit_at_k(ranked: Sequence[bool], k: int) -> float:
    return 1.0 if any(ranked[:k]) else 0.0


def mrr_at_k(ranked: Sequence[bool], k: int) -> float:
    r = first_relevant_rank(ranked[:k])
    return 1.0 / r if r else 0.0


def recall_at_k(ranked_ids: Sequence[str], relevant: set[str], k: int) -> float:
    if not relevant:
        return 0.0
    return len(set(ranked_ids[:k]) & relevant) / len(relevant)


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0
