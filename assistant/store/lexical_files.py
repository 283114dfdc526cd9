"""The files of a saved BM25 index (``assistant.store.lexical``): its generation, and the
base files of a full build shared between the directories saved after it."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

BASE_FILES = ("base.json", "base.npz", "base.docs.jsonl")


def saved_generation(directory: Path) -> int | None:
    """The generation of the index saved in ``directory`` (None: none readable)."""
    try:
        state = json.loads((directory / "state.json").read_text(encoding="utf-8"))
        return int(state["generation"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def link_base(src: Path, dst: Path, base_id: str) -> bool:
    """Hard-link the base files of build ``base_id`` from ``src`` into ``dst`` (copy where
    links are not possible); False, with nothing left in ``dst``, when ``src`` holds
    another build's base (or none). The base files are never written in place."""
    try:
        state = json.loads((src / "state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not base_id or state.get("base") != base_id:
        return False
    try:
        for name in BASE_FILES:
            try:
                os.link(src / name, dst / name)
            except FileNotFoundError:
                raise
            except OSError:  # no hard links here
                shutil.copy2(src / name, dst / name)
    except FileNotFoundError:
        for name in BASE_FILES:
            (dst / name).unlink(missing_ok=True)
        return False
    return True
