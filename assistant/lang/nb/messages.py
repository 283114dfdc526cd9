"""Generic bokmål sentences the product says in more than one place."""

from __future__ import annotations


def contact_sentence(name: str, email: str) -> str:
    """«Ta kontakt med Statsforvalteren i Trøndelag på sfto@example.no.» (refusals, gaps)."""
    return f"Ta kontakt med {name} på {email}."
