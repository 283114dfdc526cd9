"""Engines and the schema: a SQLite file per logical database, or one shared PostgreSQL.

- **SQLite** (``SKJONN_DATABASE_URL`` empty): ``<data dir>/<name>.sqlite`` in WAL mode, its
  tables created at first use from ``assistant.db.schema``. The file is watched: deleted or
  replaced by another process (a restore, an ingest after the file was lost), the engine is
  opened anew, so a running server picks up the new file without a restart.
- **PostgreSQL**: one engine per URL and process (a pool of ``SKJONN_DATABASE_POOL``
  connections, checked before use so a restarted server is survived). The schema is
  brought to the newest Alembic revision the first time a process opens the database,
  under an advisory lock, so two servers starting at once migrate it once.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, func, select, text, update
from sqlalchemy.engine import make_url

from assistant.db import schema
from assistant.errors import StoreUnavailableError
from assistant.settings import Settings
from assistant.store.faults import check_sqlite, file_identity

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# pg_advisory_lock keys (any 64-bit numbers, fixed forever): schema upgrades, and writers
MIGRATE_LOCK = 0x736B6A6F6E6E01  # "skjonn" + 1

_engines: dict[tuple[str, int], Engine] = {}
_migrated: set[str] = set()
_guard = threading.Lock()


def no_nul(value: Any) -> Any:
    """PostgreSQL's text cannot hold NUL characters (SQLite's can): drop them from a string,
    and from the strings in a list or dict."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [no_nul(v) for v in value]
    if isinstance(value, dict):
        return {k: no_nul(v) for k, v in value.items()}
    return value


def redact(url: str) -> str:
    """The URL without its password, for logs and /readyz."""
    if not url:
        return ""
    return make_url(url).render_as_string(hide_password=True)


def pg_engine(url: str, pool: int) -> Engine:
    with _guard:
        eng = _engines.get((url, pool))
        if eng is None:
            eng = create_engine(
                url,
                pool_size=pool,
                max_overflow=pool,
                pool_pre_ping=True,
                pool_timeout=30,
                connect_args={
                    "connect_timeout": 10,
                    "application_name": f"skjonn {socket.gethostname()} {os.getpid()}"[:63],
                },
            )
            _engines[(url, pool)] = eng
        return eng


def dispose_all() -> None:
    """Close every pooled PostgreSQL connection of this process (tests, shutdown)."""
    with _guard:
        for eng in _engines.values():
            eng.dispose()
        _engines.clear()
        _migrated.clear()


def _sqlite_engine(path: Path, tables: tuple[Any, ...]) -> Engine:
    path.parent.mkdir(parents=True, exist_ok=True)
    eng = create_engine(
        f"sqlite:///{path}", connect_args={"timeout": 30, "check_same_thread": False}
    )

    @event.listens_for(eng, "connect")
    def _wal(dbapi_con: Any, _record: Any) -> None:
        dbapi_con.execute("PRAGMA journal_mode=WAL")

    try:
        schema.metadata.create_all(eng, tables=list(tables), checkfirst=True)
    except Exception:
        eng.dispose()
        raise
    return eng


class Database:
    """One logical database ("projects", "feedback" or "ingest") on either backend."""

    def __init__(self, settings: Settings, name: str) -> None:
        self.name = name
        self.tables = schema.GROUPS[name]
        self.url = settings.database_url
        self.pool = settings.database_pool
        self.path: Path | None = None if self.url else settings.data_dir / f"{name}.sqlite"
        self._lock = threading.RLock()
        self._engine: Engine | None = None
        self._identity: tuple[int, int] | None = None

    @classmethod
    def file(cls, path: Path, name: str) -> Database:
        """A SQLite file of one logical database at a path of the caller's (benches)."""
        db = cls.__new__(cls)
        db.name, db.tables, db.url, db.pool, db.path = name, schema.GROUPS[name], "", 1, path
        db._lock, db._engine, db._identity = threading.RLock(), None, None
        return db

    @property
    def postgres(self) -> bool:
        return bool(self.url)

    @property
    def dialect(self) -> str:
        return "postgresql" if self.url else "sqlite"

    @property
    def engine(self) -> Engine:
        with self._lock:
            if self._engine is not None and self.replaced():
                log.warning("%s was replaced or deleted: opening it anew", self.path)
                self.close()
            if self._engine is None:
                if self.path is None:
                    # not kept here: one engine per URL and process, and after dispose_all
                    # every user takes the new one (a kept engine would reopen the old pool)
                    eng = pg_engine(self.url, self.pool)
                    ensure_schema(eng)
                    return eng
                self._engine = _sqlite_engine(self.path, self.tables)
                self._identity = file_identity(self.path)
            return self._engine

    def replaced(self) -> bool:
        """True when the SQLite file is not the one this engine opened."""
        return (
            self.path is not None
            and self._engine is not None
            and file_identity(self.path) != self._identity
        )

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A connection in a transaction, committed at the end (rolled back on error)."""
        with self._lock if self.path is not None else _nolock(), self.engine.begin() as conn:
            yield conn

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def close(self) -> None:
        """Close the SQLite engine (a shared PostgreSQL pool stays: see ``dispose_all``)."""
        with self._lock:
            if self._engine is not None and self.path is not None:
                self._engine.dispose()
            self._engine, self._identity = None, None

    def check(self, table: str) -> int:
        """Rows of ``table`` read as the database is now (for /readyz): SQLite through a
        fresh read-only connection (a pooled one answers from its page cache and does not
        notice a file damaged under it), PostgreSQL through the pool."""
        if self.path is not None:
            return check_sqlite(self.path, table)
        with self.connect() as conn:
            return int(conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())  # noqa: S608

    # -- change counters -----------------------------------------------------------------
    def bump(self, conn: Connection, name: str) -> None:
        """Count one more change of ``name`` inside the writer's transaction."""
        t = schema.changes
        if conn.execute(update(t).where(t.c.name == name).values(n=t.c.n + 1)).rowcount == 0:
            conn.execute(t.insert().values(name=name, n=1))

    def counter(self, name: str) -> int:
        t = schema.changes
        with self.connect() as conn:
            n = conn.execute(select(func.max(t.c.n)).where(t.c.name == name)).scalar()
        return int(n or 0)


@contextmanager
def _nolock() -> Iterator[None]:
    yield


def database(settings: Settings, name: str) -> Database:
    return Database(settings, name)


# --------------------------------------------------------------------------- migrations
def _alembic_config(conn: Connection | None = None) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if conn is not None:
        cfg.attributes["connection"] = conn
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Bring the schema to the newest revision under an advisory lock; returns (before,
    after). Safe when several processes call it at once: one migrates, the others wait
    for it and then find nothing to do."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    head = head_revision()
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATE_LOCK})
        conn.commit()
        try:
            before = MigrationContext.configure(conn).get_current_revision()
            known = ScriptDirectory.from_config(_alembic_config())
            if before is not None and before != head and not _known(known, before):
                raise StoreUnavailableError(
                    f"Databasen har skjemaversjon {before}, som er nyere enn denne versjonen "
                    "av Skjønnsassistenten kjenner. Oppgrader programmet på denne serveren."
                )
            if before != head:
                log.warning("database schema %s -> %s", before, head)
                command.upgrade(_alembic_config(conn), "head")
                conn.commit()
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATE_LOCK})
            conn.commit()
    return before, head


def _known(scripts: Any, revision: str) -> bool:
    try:
        return scripts.get_revision(revision) is not None
    except Exception:  # noqa: BLE001 - alembic raises several kinds for an unknown revision
        return False


def ensure_schema(engine: Engine) -> None:
    """Upgrade once per process and URL, only when the schema is behind."""
    key = engine.url.render_as_string(hide_password=False)
    with _guard:
        if key in _migrated:
            return
    if current_revision(engine) != head_revision():
        upgrade(engine)
    with _guard:
        _migrated.add(key)


def prepare(settings: Settings) -> None:
    """At a server's start: migrate the shared schema when it is behind (SQLite files are
    made at first use)."""
    if settings.database_url:
        ensure_schema(pg_engine(settings.database_url, settings.database_pool))
