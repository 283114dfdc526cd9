"""One writer at a time: a process lock on the data dir, and a lease per collection in server mode.

Every writer of the stores (``skjonn ingest``, ``POST /v1/admin/ingest``, ``skjonn projects
import``) holds ``write_lock`` while it writes. Readers (answers, search, the web server)
never take it.

- **Data dir**: ``ingest.lock`` in the data dir, held with ``flock`` (filelock): the kernel
  releases it when the holder dies, also on ``kill -9``. Beside it ``ingest.lock.json``
  names the holder (pid, host, since) for the message of whoever waits.
- **PostgreSQL** (``SKJONN_DATABASE_URL``): servers that share the database share one
  writer: the session-level advisory lock ``WRITE_LOCK``, held on a connection of its own
  for the whole write. PostgreSQL releases it when that connection ends, also when the
  holder dies. Who holds it is read from ``pg_stat_activity`` (the holder's
  ``application_name`` is "skjonn HOST PID"). The Chroma leases below are not needed then:
  every writer of a shared Chroma server is expected to share the database too
  (docs/deploy.md).
- **Chroma server** (``SKJONN_CHROMA_URL`` without a shared database): processes with other data dirs, on other
  machines, may write the same collections. For each collection written there is a lease
  record in the collection ``skjonn-locks`` (id = the collection's name, metadata = owner
  token, host, pid, expiry). Chroma's ``add`` keeps the first record of an id, so of two
  writers that add at once exactly one finds its own token when it reads the record back.
  The holder renews the lease every ``LEASE_SECONDS / 4``; a lease not renewed (its holder
  died) expires after ``LEASE_SECONDS`` and is then taken over. Release deletes the record
  only while it is still ours.

A second writer either waits (the CLI default; ``on_wait`` gets one Norwegian line saying
who it waits for) or fails fast with ``BusyError`` (``wait=False``: the API, ``--no-wait``).
The lock is re-entrant within a thread, so ``ingest_all`` can hold it around the document
ingest and the archive import that take it too.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from sqlalchemy import text

from assistant.errors import BusyError
from assistant.settings import Settings

log = logging.getLogger(__name__)

LOCK_FILE = "ingest.lock"
WRITE_LOCK = 0x736B6A6F6E6E02  # pg_advisory_lock key of the writers ("skjonn" + 2)
LOCK_COLLECTION = "skjonn-locks"
LEASE_SECONDS = 60.0
POLL_SECONDS = 0.5

_held = threading.local()  # data dirs (and lease keys) this thread holds, with a depth count


def _holder_text(info: dict[str, Any]) -> str:
    since = info.get("since", "")
    who = f"prosess {info.get('pid', '?')} på {info.get('host', '?')}"
    return f"{who}, startet {since}" if since else who


def _read_info(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _me() -> dict[str, Any]:
    return {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "since": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S"),
    }


@contextmanager
def write_lock(
    settings: Settings,
    collections: Sequence[str] = (),
    wait: bool = True,
    on_wait: Callable[[str], None] | None = None,
    timeout: float | None = None,
) -> Iterator[None]:
    """Hold the data-dir lock (and, in server mode, the leases of ``collections``)."""
    key = str(settings.data_dir.resolve())
    depth: dict[str, int] = getattr(_held, "depth", None) or {}
    _held.depth = depth
    if depth.get(key):
        depth[key] += 1
        try:
            yield
        finally:
            depth[key] -= 1
        return
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(settings.data_dir / LOCK_FILE, is_singleton=False, thread_local=False)
    info_path = settings.data_dir / (LOCK_FILE + ".json")
    try:
        lock.acquire(timeout=0)
    except Timeout:
        holder = _holder_text(_read_info(info_path))
        if not wait:
            raise BusyError(
                f"En annen innlesing pågår allerede i {settings.data_dir} ({holder}). "
                "Prøv igjen når den er ferdig."
            ) from None
        if on_wait:
            on_wait(f"Venter på en annen innlesing i {settings.data_dir} ({holder}) …")
        try:
            lock.acquire(timeout=-1 if timeout is None else timeout)
        except Timeout:
            raise BusyError(
                f"Ga opp å vente på en annen innlesing i {settings.data_dir} etter "
                f"{timeout:g} s ({holder})."
            ) from None
    leases: list[_Lease] = []
    shared: _Advisory | None = None
    try:
        info_path.write_text(json.dumps(_me()), encoding="utf-8")
        if settings.database_url:
            shared = _Advisory(settings)
            shared.acquire(wait, on_wait, timeout)
        elif settings.chroma_url:
            for name in sorted(set(collections)):
                lease = _Lease(settings, name)
                lease.acquire(wait, on_wait, timeout)
                leases.append(lease)
        depth[key] = 1
        try:
            yield
        finally:
            depth.pop(key, None)
    finally:
        for lease in reversed(leases):
            lease.release()
        if shared is not None:
            shared.release()
        try:
            info_path.unlink(missing_ok=True)
        except OSError:
            log.debug("could not remove %s", info_path)
        lock.release()


class _Advisory:
    """The writers' advisory lock in the shared PostgreSQL, on a connection of its own."""

    def __init__(self, settings: Settings) -> None:
        from assistant.db import database

        self.engine = database(settings, "ingest").engine
        self.conn: Any = None

    def _try(self) -> bool:
        got = self.conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": WRITE_LOCK})
        ok = bool(got.scalar_one())
        self.conn.commit()
        return ok

    def _holder(self) -> dict[str, Any]:
        row = self.conn.execute(
            text(
                "SELECT a.application_name, a.backend_start FROM pg_locks l"
                " JOIN pg_stat_activity a ON a.pid = l.pid"
                " WHERE l.locktype = 'advisory' AND l.granted"
                " AND l.classid = :hi AND l.objid = :lo AND l.objsubid = 1"
            ),
            {"hi": WRITE_LOCK >> 32, "lo": WRITE_LOCK & 0xFFFFFFFF},
        ).first()
        self.conn.commit()
        if row is None:
            return {}
        parts = str(row[0] or "").split()
        info: dict[str, Any] = {"since": f"{row[1]:%Y-%m-%d %H:%M:%S}" if row[1] else ""}
        if len(parts) == 3 and parts[0] == "skjonn":
            info.update(host=parts[1], pid=parts[2])
        return info

    def acquire(
        self, wait: bool, on_wait: Callable[[str], None] | None, timeout: float | None
    ) -> None:
        self.conn = self.engine.connect()
        try:
            deadline = None if timeout is None else time.monotonic() + timeout
            told = False
            while not self._try():
                who = _holder_text(self._holder())
                if not wait or (deadline is not None and time.monotonic() > deadline):
                    raise BusyError(
                        f"En annen innlesing skriver til den delte databasen ({who}). "
                        "Prøv igjen når den er ferdig."
                    )
                if on_wait and not told:
                    on_wait(f"Venter på en annen innlesing i den delte databasen ({who}) …")
                    told = True
                time.sleep(POLL_SECONDS)
        except BaseException:
            self.conn.close()
            self.conn = None
            raise

    def release(self) -> None:
        if self.conn is None:
            return
        try:
            self.conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": WRITE_LOCK})
            self.conn.commit()
        except Exception:  # noqa: BLE001 - closing the connection releases it as well
            log.warning("could not release the advisory lock", exc_info=True)
        finally:
            self.conn.close()
            self.conn = None


class _Lease:
    """A lease on one collection of a Chroma server, renewed by a thread while held."""

    def __init__(self, settings: Settings, name: str) -> None:
        from assistant.store.chroma import LeaseRecords, make_client

        self.name = name
        self.token = uuid.uuid4().hex
        # not closed after use: chromadb shares one HTTP system per server in the process,
        # and closing the last client drops it with its pooled sockets still open
        self.client = make_client(settings)
        self.records = LeaseRecords(self.client, LOCK_COLLECTION)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _record(self) -> dict[str, Any] | None:
        return self.records.get(self.name)

    def _meta(self) -> dict[str, Any]:
        me = _me()
        return {
            "owner": self.token,
            "pid": me["pid"],
            "host": me["host"],
            "since": me["since"],
            "expires": time.time() + LEASE_SECONDS,
        }

    def _try(self) -> dict[str, Any] | None:
        """None when the lease is ours now, else the holder's record."""
        rec = self._record()
        if rec and float(rec.get("expires", 0)) < time.time():
            log.warning(
                "lease on %s expired (holder %s): taking it over", self.name, rec.get("pid")
            )
            self.records.delete(self.name, owner=str(rec.get("owner")))
            rec = None
        if rec is None:
            self.records.add(self.name, self._meta())
            rec = self._record()  # of two writers adding at once, the first add is kept
        if rec and rec.get("owner") == self.token:
            return None
        return rec or {}

    def acquire(
        self, wait: bool, on_wait: Callable[[str], None] | None, timeout: float | None
    ) -> None:
        deadline = None if timeout is None else time.monotonic() + timeout
        told = False
        while True:
            holder = self._try()
            if holder is None:
                break
            who = _holder_text(holder)
            if not wait or (deadline is not None and time.monotonic() > deadline):
                raise BusyError(
                    f"En annen innlesing skriver til samlingen «{self.name}» på Chroma-serveren "
                    f"({who}). Prøv igjen når den er ferdig."
                )
            if on_wait and not told:
                on_wait(f"Venter på en annen innlesing som skriver til «{self.name}» ({who}) …")
                told = True
            time.sleep(POLL_SECONDS)
        self._thread = threading.Thread(target=self._renew, name=f"lease-{self.name}", daemon=True)
        self._thread.start()

    def _renew(self) -> None:
        while not self._stop.wait(LEASE_SECONDS / 4):
            try:
                rec = self._record()
                if not rec or rec.get("owner") != self.token:
                    log.error("lease on %s was lost while writing", self.name)
                    return
                self.records.update(self.name, self._meta())
            except Exception:  # noqa: BLE001 - a missed renewal is retried; expiry is far off
                log.warning("could not renew the lease on %s", self.name, exc_info=True)

    def release(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)
        try:
            self.records.delete(self.name, owner=self.token)
        except Exception:  # noqa: BLE001 - an unreleased lease expires by itself
            log.warning("could not release the lease on %s", self.name, exc_info=True)
