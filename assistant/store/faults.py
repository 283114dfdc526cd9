"""Store faults: which exceptions mean "a store is down, full, read-only or damaged", and why.

The API answers these with 503 ``store_unavailable`` and ``Retry-After`` (the fault is
outside the request: it may end by itself), the CLI with a message and exit code 1; both
use ``fault_reason`` for the Norwegian reason. Anything else stays an unexpected error.

Recognised: SQLite errors (our databases and embedded Chroma's), PostgreSQL errors of the
shared database (down, unreachable, out of connections, full, read-only), Chroma's own
errors, transport errors talking to a Chroma server, and OS errors of a full, read-only
or inaccessible disk. ``StoreUnavailableError`` is what our own code raises for the same.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from assistant.errors import StoreUnavailableError

_FULL = ("database or disk is full", "no space left")
_READ_ONLY = ("readonly database", "read-only file system", "permission denied")
_DAMAGED = ("malformed", "not a database", "file is encrypted", "disk image")
_OPEN = ("unable to open database", "disk i/o error")
_LOCKED = ("database is locked", "database table is locked")


def _chain(exc: BaseException) -> list[BaseException]:
    out: list[BaseException] = []
    while exc is not None and exc not in out and len(out) < 10:
        out.append(exc)
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return out


def _classify(exc: BaseException) -> str | None:
    if isinstance(exc, StoreUnavailableError):
        return exc.message
    text = str(exc).lower()
    if isinstance(exc, OSError) and not isinstance(exc, ConnectionError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return _full()
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return _read_only()
        if exc.errno == errno.EIO:
            return "Lagringen i datamappen svarer med I/O-feil. Sjekk disken."
        return None
    pg = _postgres(exc)
    if pg:
        return pg
    is_sqlite = isinstance(exc, sqlite3.Error)
    is_chroma = type(exc).__module__.startswith("chromadb")
    if is_sqlite or is_chroma:
        if any(s in text for s in _FULL):
            return _full()
        if any(s in text for s in _READ_ONLY):
            return _read_only()
        if any(s in text for s in _DAMAGED):
            return (
                "En database i datamappen er skadet. Flytt den bort og kjør `skjonn ingest` "
                "for å bygge vektorlageret opp igjen (prosjektarkivet må importeres på nytt)."
            )
        if any(s in text for s in _LOCKED):
            return "Databasen er opptatt av en annen prosess. Prøv igjen om litt."
        if any(s in text for s in _OPEN):
            return (
                "En database i datamappen kan ikke åpnes: mappen mangler, er skrivebeskyttet "
                "eller mangler tilgang."
            )
        return "Lageret svarer ikke som det skal. Prøv igjen om litt."
    module = type(exc).__module__
    if module.startswith(("httpx", "httpcore")) or isinstance(exc, ConnectionError):
        return "Får ikke kontakt med vektorlageret (Chroma-serveren). Prøv igjen om litt."
    return None


# SQLSTATE classes and codes of a database that is down or cannot take the write now
_PG_FULL = {"53100"}  # disk_full
_PG_BUSY = {"53300", "55P03", "57014", "40001", "40P01"}  # too many connections, lock, …
_PG_READ_ONLY = {"25006"}  # read_only_sql_transaction (a standby)


def _postgres(exc: BaseException) -> str | None:
    module = type(exc).__module__
    if module.startswith("sqlalchemy") and type(exc).__name__ == "TimeoutError":
        return "Databasen har ingen ledige tilkoblinger akkurat nå. Prøv igjen om litt."
    if not module.startswith("psycopg"):
        return None
    import psycopg

    code = getattr(exc, "sqlstate", None) or ""
    if code in _PG_FULL:
        return "Disken til databasen (PostgreSQL) er full. Prøv igjen om litt."
    if code in _PG_BUSY:
        return "Databasen (PostgreSQL) er opptatt. Prøv igjen om litt."
    if code in _PG_READ_ONLY:
        return "Databasen (PostgreSQL) tar bare imot lesing nå. Prøv igjen om litt."
    if isinstance(exc, psycopg.OperationalError) or code.startswith(("08", "57")):
        return "Får ikke kontakt med databasen (PostgreSQL). Prøv igjen om litt."
    return None


def _full() -> str:
    return "Disken med datamappen er full. Frigjør plass; tjenesten fortsetter av seg selv."


def _read_only() -> str:
    return (
        "Datamappen kan ikke skrives (skrivebeskyttet eller mangler tilgang). Gi skrivetilgang "
        "eller sett SKJONN_DATA_DIR til en mappe som kan skrives."
    )


def fault_reason(exc: BaseException) -> str | None:
    """The Norwegian reason when ``exc`` (or what caused it) is a store fault, else None."""
    for e in _chain(exc):
        reason = _classify(e)
        if reason:
            return reason
    return None


def file_identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of a store file, None when it is gone: a changed identity means
    another process replaced the file (an ingest after the store was lost), so a
    connection opened on the old one reads a deleted file."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def data_dir_problem(path: Path) -> str | None:
    """What is wrong with the data dir itself (read-only, no access, full), if anything."""
    probe = path if path.exists() else path.parent
    try:
        st = os.statvfs(probe)
    except OSError:
        return None
    if st.f_flag & os.ST_RDONLY or not os.access(probe, os.W_OK):
        return _read_only()
    if st.f_bavail == 0:
        return _full()
    return None


def check_sqlite(path: Path, table: str) -> int:
    """Rows of ``table`` read through a fresh read-only connection: a long-lived connection
    answers from its page cache and does not notice a file damaged under it."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    try:
        return int(con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])  # noqa: S608
    finally:
        con.close()
