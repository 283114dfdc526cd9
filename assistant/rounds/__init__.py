"""Rounds as data: round packs and regions, read once into one registry.

model.py      Region, RoundRules (a round), Rule, Citation, Fellesloft
load.py       reading packs and region files, every problem collected with what to fix
registry.py   Registry over the corpus folders; registry(settings), contact_of(settings)
scaffold.py   a new round from an earlier one (``skjonn rounds new``)
"""

from assistant.rounds.model import Citation, Fellesloft, Region, RoundRules, Rule
from assistant.rounds.registry import Registry, contact_of, corpus_roots, load_registry, registry

__all__ = [
    "Citation",
    "Fellesloft",
    "Region",
    "Registry",
    "RoundRules",
    "Rule",
    "contact_of",
    "corpus_roots",
    "load_registry",
    "registry",
]
