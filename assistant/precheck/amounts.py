"""Kroner in the pre-check's report: the language module's formatter, with a draft's missing
amount written «(ikke oppgitt)». Reading amounts is ``assistant.lang.nb`` (``find_amounts``)."""

from __future__ import annotations

from assistant.lang.nb import kr as _kr


def kr(amount: int | None) -> str:
    """1600000 -> '1 600 000 kr'; a draft's missing amount reads "(ikke oppgitt)"."""
    return _kr(amount, missing="(ikke oppgitt)")
