"""Uvicorn's log lines in Norwegian, for ``skjonn serve`` (what an operator reads on startup).

``LOG_CONFIG`` is a ``logging.config.dictConfig`` for uvicorn's loggers: the same handlers
and streams as uvicorn's default, with ``NorwegianFormatter`` for its messages and
``AccessFormatter`` for the access log::

    info: Lytter på http://127.0.0.1:8000 (Ctrl+C avslutter)
    info: 127.0.0.1:51234 «GET /v1/rounds HTTP/1.1» 200 OK

Messages we have no translation for are passed through unchanged, so nothing is lost when
uvicorn adds one; ``tests/commands/test_serve.py`` reads the real startup and shutdown
lines.
"""

from __future__ import annotations

import errno
import http
import logging
import re
from typing import Any

LEVELS = {
    "DEBUG": "feilsøking",
    "INFO": "info",
    "WARNING": "advarsel",
    "ERROR": "feil",
    "CRITICAL": "kritisk",
}

# (pattern over the formatted English message, Norwegian replacement)
MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), r)
    for p, r in (
        (r"^Started server process \[(\d+)\]$", r"Serverprosessen [\1] er startet"),
        (r"^Waiting for application startup\.$", "Starter Skjønnsassistenten …"),
        (r"^Application startup complete\.$", "Skjønnsassistenten er klar."),
        (r"^Application startup failed\. Exiting\.$", "Skjønnsassistenten kunne ikke starte."),
        (
            r"^Uvicorn running on (\S+) \(Press CTRL\+C to quit\)$",
            r"Lytter på \1 (Ctrl+C avslutter)",
        ),
        (r"^Shutting down$", "Avslutter"),
        (
            r"^Waiting for connections to close\. \(CTRL\+C to force quit\)$",
            "Venter på at åpne tilkoblinger lukkes (Ctrl+C avslutter med en gang)",
        ),
        (
            r"^Waiting for background tasks to complete\. \(CTRL\+C to force quit\)$",
            "Venter på oppgaver som kjører (Ctrl+C avslutter med en gang)",
        ),
        (r"^Waiting for application shutdown\.$", "Stopper Skjønnsassistenten …"),
        (r"^Application shutdown complete\.$", "Skjønnsassistenten er stoppet."),
        (
            r"^Application shutdown failed\. Exiting\.$",
            "Skjønnsassistenten ble ikke stoppet ordentlig.",
        ),
        (r"^Finished server process \[(\d+)\]$", r"Serverprosessen [\1] er avsluttet"),
        (r"^Started parent process \[(\d+)\]$", r"Hovedprosessen [\1] er startet"),
        (r"^Stopping parent process \[(\d+)\]$", r"Stopper hovedprosessen [\1]"),
        (r"^Waiting for child process \[(\d+)\]$", r"Venter på arbeidsprosessen [\1]"),
        (r"^Terminated child process \[(\d+)\]$", r"Arbeidsprosessen [\1] er stoppet"),
        (r"^Child process \[(\d+)\] died$", r"Arbeidsprosessen [\1] stoppet uventet"),
        (
            r"^Child process \[(\d+)\] failed to start, stopping the parent process\.$",
            r"Arbeidsprosessen [\1] kunne ikke starte; stopper hovedprosessen.",
        ),
        (r"^Received (SIG\w+), exiting\.$", r"Fikk \1, avslutter."),
        (r"^Received SIGHUP, restarting processes\.$", "Fikk SIGHUP, starter prosessene på nytt."),
    )
]

# Reason phrases of the statuses our API answers with (docs/http-api.md); others stay English.
STATUS = {
    200: "OK",
    201: "Opprettet",
    204: "Uten innhold",
    304: "Ikke endret",
    400: "Ugyldig forespørsel",
    401: "Ikke autorisert",
    404: "Ikke funnet",
    405: "Metoden er ikke tillatt",
    409: "Konflikt",
    413: "For stor",
    415: "Filtypen støttes ikke",
    422: "Ugyldige data",
    429: "For mange forespørsler",
    500: "Intern feil",
    503: "Utilgjengelig",
}


def translate(message: str) -> str:
    for pattern, replacement in MESSAGES:
        if pattern.match(message):
            return pattern.sub(replacement, message)
    return message


def _bind_error(exc: OSError) -> str:
    """uvicorn logs a failed bind as the bare OSError; say what it means and what to do."""
    if exc.errno == errno.EADDRINUSE:
        return (
            "Porten er opptatt (kjører Skjønnsassistenten allerede?). "
            "Velg en annen port med SKJONN_PORT eller --port."
        )
    if exc.errno == errno.EACCES:
        return "Ikke lov til å bruke porten. Velg en port over 1024 med SKJONN_PORT eller --port."
    return f"Kunne ikke åpne porten: {exc.strerror or exc}"


class NorwegianFormatter(logging.Formatter):
    """``nivå: melding`` with uvicorn's messages translated (no colours, no English prefix)."""

    def __init__(self, fmt: str | None = None, **_: Any) -> None:
        super().__init__(fmt or "%(nivå)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        record = logging.makeLogRecord(record.__dict__)
        if isinstance(record.msg, OSError) and not record.args:
            text = _bind_error(record.msg)
        else:
            text = translate(record.getMessage())
        record.msg, record.args = text, None
        record.__dict__["nivå"] = LEVELS.get(record.levelname, record.levelname.lower())
        return super().format(record)


class AccessFormatter(NorwegianFormatter):
    """``info: 127.0.0.1:51234 «GET /sti HTTP/1.1» 200 OK``; never logs request bodies."""

    def format(self, record: logging.LogRecord) -> str:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5:
            client, method, path, version, status = args
            code = int(status)  # type: ignore[call-overload]
            phrase = STATUS.get(code) or _phrase(code)
            record = logging.makeLogRecord(record.__dict__)
            record.msg = f"{client} «{method} {path} HTTP/{version}» {code} {phrase}".rstrip()
            record.args = None
        return super().format(record)


def _phrase(code: int) -> str:
    try:
        return http.HTTPStatus(code).phrase
    except ValueError:
        return ""


LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "default": {"()": "assistant.commands.serve_log.NorwegianFormatter"},
        "access": {"()": "assistant.commands.serve_log.AccessFormatter"},
    },
    "handlers": {
        "default": {
            "formatter": "default",
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
        },
        "access": {
            "formatter": "access",
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
        },
    },
    "loggers": {
        "uvicorn": {"handlers": ["default"], "level": "INFO", "propagate": False},
        "uvicorn.error": {"level": "INFO"},
        "uvicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
    },
}
