"""Rounds with their deadlines, and the rules of one round."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import ServicesDep
from assistant.precheck import rules_corpus
from assistant.precheck.rules import all_rounds, current_round, find_round, round_status

router = APIRouter(tags=["runder"])


@router.get("/rounds")
def rounds(sv: ServicesDep) -> dict[str, Any]:
    """Rundene med søknadsfrister, hvilken som gjelder nå, om en runde er åpen (`open`,
    `next_round_announced`, `message` når ingen er det), og hvem man kontakter."""
    s = sv.settings
    corpus = rules_corpus(s)
    today = s.today_date()
    status = round_status(corpus, today, s.contact_name, s.contact_email)
    return {
        "today": today.isoformat(),
        "current": current_round(corpus, today).key,
        "open": status["open"],
        "next_round_announced": status["next_round_announced"],
        "message": status["message"],
        "contact": {"name": s.contact_name, "email": s.contact_email},
        "rounds": [r.summary() for r in all_rounds(corpus)],
    }


@router.get("/rules")
def rules(
    sv: ServicesDep,
    round: Annotated[
        str | None, Query(description="Runde, f.eks. 2025 (standard: gjeldende)")
    ] = None,
) -> dict[str, Any]:
    """Reglene forhåndssjekken bruker for én runde, hver med kilde."""
    corpus = rules_corpus(sv.settings)
    r = find_round(corpus, round) if round else current_round(corpus, sv.settings.today_date())
    return r.public()
