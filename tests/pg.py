"""A throwaway PostgreSQL cluster for the tests, from Debian's binaries (initdb + pg_ctl).

``make test`` installs the ``postgresql`` package when it is missing and sets
``SKJONN_TEST_POSTGRES=required``, so a missing server fails the run instead of skipping.
The cluster lives in a temp dir, listens on 127.0.0.1 on a free port, trusts local
connections, and runs as the user ``postgres`` when the tests run as root (initdb refuses
root). It is stopped and deleted when the session ends.

In the PostgreSQL pass of ``make test`` (``SKJONN_TEST_DATABASE=postgresql``) every data
dir gets its own database, as every data dir has its own SQLite files in the other pass:
``Harness.url_for(data_dir)``. A data dir copied from a session template (the bundled
corpus ingested once) gets a copy of the template's database (``CREATE DATABASE …
TEMPLATE``), written in the marker file ``.pg-template`` that travels with the copy.
"""

from __future__ import annotations

import glob
import hashlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import psycopg

MARKER = ".pg-template"


def find_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    hits = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return hits[-1] if hits else None


def required() -> bool:
    return os.environ.get("SKJONN_TEST_POSTGRES") == "required"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    def __init__(self) -> None:
        initdb, pg_ctl = find_bin("initdb"), find_bin("pg_ctl")
        if not initdb or not pg_ctl:
            raise RuntimeError("PostgreSQL mangler: installer Debian-pakken postgresql")
        self.pg_ctl = pg_ctl
        self.root = Path(tempfile.mkdtemp(prefix="skjonn-pg-"))
        self.data = self.root / "cluster"
        self.port = _free_port()
        self.user: str | None = None
        if os.geteuid() == 0:
            self.user = "postgres"
            pw = pwd.getpwnam(self.user)
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
        self._run(
            initdb, "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
            "--locale=C", "--no-sync",
        )  # fmt: skip
        opts = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories={self.root}"
            " -c max_connections=400 -c fsync=off -c synchronous_commit=off"
            " -c full_page_writes=off"
        )
        self._run(pg_ctl, "-D", str(self.data), "-o", opts, "-l", str(self.root / "log"),
                  "-w", "-t", "60", "start")  # fmt: skip

    def _run(self, *cmd: str) -> None:
        argv = list(cmd)
        if self.user:
            argv = ["runuser", "-u", self.user, "--", *argv]
        done = subprocess.run(argv, capture_output=True, text=True, cwd=self.root, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd[:2])} failed: {done.stderr or done.stdout}")

    def url(self, db: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{db}"

    def admin(self, sql: str) -> None:
        dsn = f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres"
        with psycopg.connect(dsn, autocommit=True) as con:
            con.execute(sql)

    def create(self, db: str, template: str | None = None) -> str:
        self.admin(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        extra = f' TEMPLATE "{template}"' if template else ""
        for attempt in range(20):  # a template is busy for a moment after its last user
            try:
                self.admin(f'CREATE DATABASE "{db}"{extra}')
                break
            except psycopg.errors.ObjectInUse:
                if attempt == 19:
                    raise
                time.sleep(0.1)
        return self.url(db)

    def stop(self) -> None:
        try:
            self._run(self.pg_ctl, "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


class Harness:
    """Data dir -> its own database, for the PostgreSQL pass of the suites."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self._lock = threading.Lock()
        # db name -> (url, template, data dir)
        self._made: dict[str, tuple[str, str | None, Path]] = {}

    @staticmethod
    def name_for(data_dir: Path) -> str:
        digest = hashlib.sha1(str(Path(data_dir).resolve()).encode()).hexdigest()[:24]
        return f"d_{digest}"

    def url_for(self, data_dir: Path, template: str | None = None) -> str:
        """The database of ``data_dir``: created on first sight, from the template named in
        the data dir's marker when the dir is a copy of a template dir."""
        from assistant.db import dispose_all

        name = self.name_for(data_dir)
        if template is None:
            marker = Path(data_dir) / MARKER
            if marker.exists():
                template = marker.read_text(encoding="utf-8").strip()
        if template == name:
            template = None  # the template dir itself
        with self._lock:
            made = self._made.get(name)
            if made is not None and made[1] == template:
                return made[0]
            if template:
                dispose_all()  # no connection of ours may hold the template or the target
            url = self.cluster.create(name, template)
            self._made[name] = (url, template, Path(data_dir).resolve())
            return url

    def issued(self, url: str) -> bool:
        return any(u == url for u, _, _ in self._made.values())

    def drop_under(self, root: Path) -> None:
        """Drop the databases of every data dir under ``root`` (a finished test's tmp_path)."""
        from assistant.db import dispose_all

        root = Path(root).resolve()
        with self._lock:
            gone = [n for n, (_, _, d) in self._made.items() if d.is_relative_to(root)]
            if gone:
                dispose_all()
            for name in gone:
                del self._made[name]
                self.cluster.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def mark_template(self, data_dir: Path) -> None:
        """Make ``data_dir``'s database the template of its copies (after it is filled)."""
        from assistant.db import dispose_all

        dispose_all()
        (Path(data_dir) / MARKER).write_text(self.name_for(data_dir), encoding="utf-8")


HARNESS: Harness | None = None  # set by the pg_harness fixture in the PostgreSQL pass


def database_env(data_dir: Path) -> dict[str, str]:
    """``SKJONN_DATABASE_URL`` of ``data_dir`` for a subprocess, in the PostgreSQL pass."""
    if HARNESS is None:
        return {}
    return {"SKJONN_DATABASE_URL": HARNESS.url_for(data_dir)}


def copy_vectors(src: Path, dst: Path) -> None:
    """The vector cache of data dir ``src`` into ``dst``'s database (the PostgreSQL pass's
    counterpart of copying ``vectors.sqlite``): a copied cache means nothing is embedded."""
    from sqlalchemy import create_engine, select

    from assistant.db.engine import pg_engine
    from assistant.db.schema import vectors

    assert HARNESS is not None
    src_eng = create_engine(HARNESS.url_for(src))
    try:
        with src_eng.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(select(vectors))]
    finally:
        src_eng.dispose()
    dst_db = pg_engine(HARNESS.url_for(dst), 2)
    from assistant.db.engine import ensure_schema

    ensure_schema(dst_db)
    with dst_db.begin() as conn:
        conn.execute(vectors.delete())
        if rows:
            conn.execute(vectors.insert(), rows)
