"""Keep personal data out of logs: mask fødselsnummer-like numbers, phone numbers and e-mails."""

from __future__ import annotations

import logging
import re

_FNR = re.compile(r"(?<!\d)\d{6}[ ]?\d{5}(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(
    r"(?<![\w])(?:\+47[ ]?|0047[ ]?)?(?:\d{2}[ ]?\d{2}[ ]?\d{2}[ ]?\d{2}|\d{3}[ ]?\d{2}[ ]?\d{3})(?![\w])"
)


def mask(text: str) -> str:
    """Replace fødselsnummer-like 11-digit numbers, phone numbers and e-mail addresses."""
    text = _EMAIL.sub("[e-post]", text)
    text = _FNR.sub("[fødselsnummer]", text)
    return _PHONE.sub("[telefon]", text)


class MaskingFilter(logging.Filter):
    """A logging filter that masks personal data in the formatted message of every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string should not stop logging
            return True
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


_FILTER = MaskingFilter()


def get_logger(name: str) -> logging.Logger:
    """A module logger with the masking filter attached (idempotent)."""
    log = logging.getLogger(name)
    if _FILTER not in log.filters:
        log.addFilter(_FILTER)
    return log


def install_on_handlers(logger: logging.Logger | None = None) -> None:
    """Entry points: mask every line that reaches the handlers of ``logger`` (default root)."""
    for handler in (logger or logging.getLogger()).handlers:
        if _FILTER not in handler.filters:
            handler.addFilter(_FILTER)
