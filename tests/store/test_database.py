"""The record database on PostgreSQL: schema by Alembic, upgrades from several processes at
once, the writers' advisory lock, and the faults of a database that is not there."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from assistant.db import dispose_all, redact
from assistant.db import engine as db_engine
from assistant.db.schema import metadata
from assistant.errors import BusyError
from assistant.feedback import Feedback, FeedbackStore
from assistant.settings import Settings
from assistant.store.faults import fault_reason
from assistant.store.lock import write_lock
from tests.conftest import PG_MODE, TODAY
from tests.fixtures.chroma_server import free_port
from tests.pg import Cluster

SKJONN = str(Path(sys.executable).with_name("skjonn"))


def _env(data: Path, url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SKJONN_")}
    env.update(SKJONN_DATA_DIR=str(data), SKJONN_EMBEDDER="fake", SKJONN_DATABASE_URL=url)
    return env


@pytest.fixture
def fresh_url(pg_cluster: Cluster, request: pytest.FixtureRequest) -> str:
    name = "t_" + request.node.name.lower().replace("[", "_").replace("]", "")[:40]
    return pg_cluster.create(name)


def test_migrated_schema_is_the_table_definitions(fresh_url: str, tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    before, after = db_engine.upgrade(db_engine.pg_engine(fresh_url, 2))
    assert before is None and after == db_engine.head_revision()
    eng = create_engine(fresh_url)
    try:
        with eng.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
            tables = set(inspect(conn).get_table_names())
    finally:
        eng.dispose()
    assert diff == [], diff
    assert tables == set(metadata.tables) | {"alembic_version"}


def test_two_processes_upgrading_at_once_migrate_once(fresh_url: str, tmp_path: Path) -> None:
    procs = [
        subprocess.Popen(
            [SKJONN, "db", "upgrade"],
            env=_env(tmp_path / f"d{i}", fresh_url),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(3)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    said = [o for o, _ in outs]
    assert sum("oppgradert fra tomt" in o for o in said) == 1, said
    assert sum("allerede på nyeste versjon" in o for o in said) == 2, said
    eng = create_engine(fresh_url)
    try:
        with eng.connect() as conn:
            versions = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    finally:
        eng.dispose()
    assert [v[0] for v in versions] == [db_engine.head_revision()]
    status = subprocess.run(
        [SKJONN, "db", "status"], env=_env(tmp_path / "d0", fresh_url), capture_output=True,
        text=True, timeout=60,
    )  # fmt: skip
    assert status.returncode == 0 and "(nyeste)" in status.stdout, status
    assert "postgres@" in status.stdout and "***" not in fresh_url


def test_a_first_use_migrates_by_itself(fresh_url: str, tmp_path: Path) -> None:
    s = Settings(data_dir=tmp_path / "data", embedder="fake", database_url=fresh_url)
    store = FeedbackStore(s)
    store.add(Feedback("Når er fristen?", "1. mars.", helpful=False))
    assert store.gaps()["feedback"] == {"total": 1, "helpful": 0}
    other = FeedbackStore(s.model_copy(update={"data_dir": tmp_path / "other"}))
    assert other.gaps()["unhelpful"][0]["question"] == "Når er fristen?"  # one truth


def test_writers_on_two_machines_share_one_lock(fresh_url: str, tmp_path: Path) -> None:
    """The data dirs differ (two machines); the database is shared, so is the writer lock."""
    here = Settings(data_dir=tmp_path / "a", embedder="fake", database_url=fresh_url, today=TODAY)
    corpus = tmp_path / "docs"
    corpus.mkdir()
    (corpus / "notat-2025.txt").write_text("Fristen er 1. mars 2025.", encoding="utf-8")
    with write_lock(here):
        r = subprocess.run(
            [SKJONN, "ingest", "--no-wait", str(corpus)],
            env=_env(tmp_path / "b", fresh_url),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert r.returncode != 0, r.stdout
        assert "den delte databasen" in r.stderr and f"prosess {os.getpid()}" in r.stderr, r.stderr
        with pytest.raises(BusyError):  # and in-process, from another thread
            errors: list[BaseException] = []

            def other() -> None:
                try:
                    with write_lock(
                        here.model_copy(update={"data_dir": tmp_path / "c"}), wait=False
                    ):
                        pass
                except BaseException as exc:  # noqa: BLE001 - handed to the test thread
                    errors.append(exc)

            t = threading.Thread(target=other)
            t.start()
            t.join()
            raise errors[0]
    r = subprocess.run(  # released: the other machine writes now
        [SKJONN, "ingest", "--no-wait", str(corpus)],
        env=_env(tmp_path / "b", fresh_url),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr


def test_an_unreachable_database_is_a_store_fault(tmp_path: Path) -> None:
    url = f"postgresql://skjonn:hemmelig@127.0.0.1:{free_port()}/skjonn"
    s = Settings(data_dir=tmp_path / "data", embedder="fake", database_url=url)
    assert "hemmelig" not in redact(s.database_url)
    with pytest.raises(Exception) as caught:
        FeedbackStore(s).add(Feedback("Når er fristen?", "1. mars.", helpful=True))
    assert fault_reason(caught.value) == (
        "Får ikke kontakt med databasen (PostgreSQL). Prøv igjen om litt."
    )
    r = subprocess.run(
        [SKJONN, "projects", "stats"], env=_env(tmp_path / "data", url), capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    assert "Får ikke kontakt med databasen" in r.stderr and "hemmelig" not in r.stderr
    dispose_all()


def test_settings_reject_another_database_kind() -> None:
    with pytest.raises(ValueError, match="postgresql://"):
        Settings(database_url="mysql://x@y/z")
    assert Settings(database_url="postgres://u@h/d").database_url == "postgresql+psycopg://u@h/d"


@pytest.mark.skipif(PG_MODE, reason="the SQLite pass: the files of the embedded default")
def test_sqlite_default_keeps_its_files(tmp_path: Path) -> None:
    s = Settings(data_dir=tmp_path / "data", embedder="fake")
    FeedbackStore(s).add(Feedback("Når er fristen?", "1. mars.", helpful=True))
    assert (tmp_path / "data" / "feedback.sqlite").exists()
    r = subprocess.run(
        [SKJONN, "db", "upgrade"], env={**os.environ, "SKJONN_DATA_DIR": str(s.data_dir)},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert r.returncode == 0 and "ingenting å oppgradere" in r.stdout, r


def test_a_schema_newer_than_the_code_is_refused(fresh_url: str, tmp_path: Path) -> None:
    db_engine.upgrade(db_engine.pg_engine(fresh_url, 2))
    eng = create_engine(fresh_url)
    try:
        with eng.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    finally:
        eng.dispose()
    dispose_all()
    for args in (["db", "upgrade"], ["serve", "--port", str(free_port())]):
        r = subprocess.run(
            [SKJONN, *args], env=_env(tmp_path / "data", fresh_url), capture_output=True,
            text=True, timeout=120,
        )  # fmt: skip
        assert r.returncode == 1 and "Traceback" not in r.stderr, (args, r.stderr)
        assert "nyere enn denne versjonen" in r.stderr, (args, r.stderr)


def test_nul_characters_are_dropped_not_a_server_error(fresh_url: str, tmp_path: Path) -> None:
    """PostgreSQL's text cannot hold NUL; a record or a question with one is kept without it."""
    from assistant.archive import archive_for
    from assistant.archive.importer import import_records
    from assistant.services import Services

    s = Settings(data_dir=tmp_path / "data", embedder="fake", database_url=fresh_url)
    sv = Services(s)
    rec = {"id": "nul-1", "år": 2024, "tittel": "Skole\x00bruk", "kommuner": ["Snå\x00sa"]}
    report = import_records(archive_for(sv), [rec], source="test")
    assert report.failed == 0 and report.total("new") == 1
    arch = archive_for(sv)
    assert arch.get("nul-1")["tittel"] == "Skolebruk"  # type: ignore[index]
    assert arch.db.names("kommune") == ["Snåsa"]
    assert arch.get("nul\x00-1") is None
    assert arch.db.stats(None, ids=["nul-1", "x\x00"])[0]["antall"] == 1
    store = FeedbackStore(s)
    store.add(Feedback("Frist\x00?", "1.\x00 mars", helpful=False, comment="\x00"))
    store.unanswered("Hva\x00 nå?", 2025)
    gaps = store.gaps()
    assert gaps["unhelpful"][0]["question"] == "Frist?"
    assert gaps["unanswered"][0]["question"] == "Hva nå?"
