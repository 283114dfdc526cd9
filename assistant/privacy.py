"""Personal data out of what we keep: mask fødselsnummer, phone numbers and e-mail addresses.

Used where text from users is stored (unanswered questions, feedback) or logged (the access
log). Bottom layer: imports nothing of ours. The pre-check's log filter
(``assistant/precheck/privacy.py``) follows the same patterns.
"""

from __future__ import annotations

import re

# 11 digits (6 + 5, a space allowed between): a fødselsnummer or D-nummer
_FNR = re.compile(r"(?<!\d)\d{6}[ ]?\d{5}(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# 8-digit Norwegian numbers as people write them, with or without +47/0047
_PHONE = re.compile(
    r"(?<![\w])(?:\+47[ ]?|0047[ ]?)?"
    r"(?:\d{2}[ ]?\d{2}[ ]?\d{2}[ ]?\d{2}|\d{3}[ ]?\d{2}[ ]?\d{3})(?![\w])"
)


def mask(text: str) -> str:
    """``text`` with e-mail addresses, fødselsnummer-like numbers and phone numbers replaced."""
    text = _EMAIL.sub("[e-post]", text)
    text = _FNR.sub("[fødselsnummer]", text)
    return _PHONE.sub("[telefon]", text)
