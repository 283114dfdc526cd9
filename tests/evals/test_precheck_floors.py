"""CI floors of the pre-check on every draft split: the blind ones and our own JSON drafts.

The ``test`` split is written blind and never read while tuning; a missing split fails
loudly, so it can never pass silently. The splits we tuned on must be perfect on blocking.
"""

from __future__ import annotations

import pytest

from assistant.settings import Settings
from evals.precheck import FLOORS, SETS_DIR, SPLITS, meets, run_split


@pytest.mark.parametrize("split", SPLITS)
def test_precheck_split_meets_its_floors(settings: Settings, split: str) -> None:
    if not (SETS_DIR / split).is_dir():
        pytest.fail(f"draft split {split!r} is missing: expected {SETS_DIR / split}")
    res = run_split(split, settings)
    assert res["n"] >= (20 if split != "dev-own" else 30)
    assert meets(res, FLOORS[split]) == [], {
        "failed": res["failed_floors"],
        "drafts": [d for d in res["drafts"] if d["missed"] or d["false_positives"]],
        "refused": res["refused"],
    }
    assert res["refused"] == [] and res["today_changed"] == []
    if split in ("dev-blind", "dev-own"):
        assert res["recall"]["blocking"] == 1.0 and res["false_positives"]["blocking"] == 0
