"""Rounds with their deadlines, and the rules of one round."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import ServicesDep
from assistant.rounds import contact_of, registry

router = APIRouter(tags=["runder"])


@router.get("/rounds")
def rounds(sv: ServicesDep) -> dict[str, Any]:
    """Rundene med søknadsfrister, hvilken som gjelder nå, om en runde er åpen (`open`,
    `next_round_announced`, `message` når ingen er det), og hvem man kontakter. `rounds` er
    rundene i standardregionen; `all_rounds` og `regions` tar med alle regionene."""
    s = sv.settings
    reg = registry(s)
    region = reg.region(s.region)
    today = s.today_date()
    status = reg.status(today, region.key)
    name, email = contact_of(s)
    return {
        "today": today.isoformat(),
        "region": region.key,
        "current": reg.current(today, region.key).key,
        "open": status["open"],
        "next_round_announced": status["next_round_announced"],
        "message": status["message"],
        "contact": {"name": name, "email": email},
        "rounds": [r.summary() for r in reg.all(region.key)],
        "all_rounds": [r.summary() for r in reg.rounds],
        "regions": [
            {**g.public(), "current": reg.current(today, g.key).key}
            for g in reg.regions.values()
            if any(r.region_key == g.key for r in reg.rounds)
        ],
    }


@router.get("/rules")
def rules(
    sv: ServicesDep,
    round: Annotated[
        str | None,
        Query(description="Runde, f.eks. 2025 eller trondelag-2025 (standard: gjeldende)"),
    ] = None,
    region: Annotated[
        str | None, Query(description="Region, f.eks. trondelag (standard: standardregionen)")
    ] = None,
) -> dict[str, Any]:
    """Reglene forhåndssjekken bruker for én runde, hver med kilde."""
    s = sv.settings
    reg = registry(s)
    key = reg.region(region or s.region).key
    r = reg.find(round, key) if round else reg.current(s.today_date(), key)
    return r.public()
