"""Pre-check of draft applications against the round's rules; every finding is cited.

parse.parse_draft(bytes, filename) -> Draft       JSON / MD / TXT / DOCX / PDF, in memory
engine.run_precheck(draft, settings, services)    -> Report (findings, similar projects)
rules.all_rounds(corpus)                          rules as data from corpus/rules/*.yaml
"""

from assistant.precheck.draft import Draft, draft_from_mapping
from assistant.precheck.engine import Report, rules_corpus, run_precheck
from assistant.precheck.parse import FORMATS, parse_draft

__all__ = [
    "FORMATS",
    "Draft",
    "Report",
    "draft_from_mapping",
    "parse_draft",
    "rules_corpus",
    "run_precheck",
]
