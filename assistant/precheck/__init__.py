"""Pre-check of draft applications against the round's rules; every finding is cited.

parse.parse_draft(bytes, filename) -> Draft       JSON / MD / TXT / DOCX / PDF, in memory
  blocks      every format → headings, "Felt: verdi" lines, list items, table rows, text
  reader      blocks → sections and header fields (applicant, partners, round, date)
  finance     amounts by role (applied, own funding incl. 0, other, totals) and budget lines
  reading     the Reading: what was read and from which line ("Lest som")
engine.run_precheck(draft, settings, services)    -> Report (read_as, findings, similar projects)
rounds come from the round registry (assistant/rounds/): rules as data in corpus/rules/*.yaml
"""

from assistant.precheck.draft import Draft, draft_from_mapping
from assistant.precheck.engine import Report, run_precheck
from assistant.precheck.parse import FORMATS, parse_draft

__all__ = [
    "FORMATS",
    "Draft",
    "Report",
    "draft_from_mapping",
    "parse_draft",
    "run_precheck",
]
