"""Two writers at once lose nothing; a lost vector store is rebuilt (issue #14, points 1 and 2).

Real processes (`skjonn ingest`), a real Chroma (embedded and as a server), real files.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from assistant.services import Services
from assistant.settings import Settings
from assistant.store.lock import write_lock
from ingest.pipeline import Manifest
from tests.fixtures.chroma_server import chroma_server
from tests.pg import database_env

SKJONN = str(Path(sys.executable).with_name("skjonn"))


def _env(data: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SKJONN_")}
    env.update(SKJONN_DATA_DIR=str(data), SKJONN_EMBEDDER="fake", **database_env(data), **extra)
    return env


def _docs(root: Path, n: int, version: int = 0) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (root / f"dok{i:02d}.txt").write_text(
            f"Dokument {i} (utgave {version}) om prosjektskjønn.\n\n"
            f"Kommune {i} søker om midler til fornying og rapporterer innen fristen.\n",
            encoding="utf-8",
        )
    return root


def lost(settings: Settings) -> list[str]:
    """Documents whose chunks in the store do not match the manifest (missing or extra)."""
    sv = Services(settings)
    held = Counter(str(m.get("doc_key")) for m in sv.store.metadatas())
    written = Manifest(settings).chunks()
    bad = [k for k, n in written.items() if held.get(k, 0) != n]
    orphans = [k for k in held if k not in written]
    return sorted(bad + orphans)


def test_a_second_writer_waits_or_fails_fast(tmp_path: Path) -> None:
    data, root = tmp_path / "data", _docs(tmp_path / "docs", 3)
    settings = Settings(data_dir=data, embedder="fake")
    with write_lock(settings):
        r = subprocess.run(
            [SKJONN, "ingest", "--no-wait", str(root)],
            env=_env(data),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert r.returncode == 1, r.stderr
        assert "En annen innlesing pågår allerede" in r.stderr
        assert f"prosess {os.getpid()}" in r.stderr and "Traceback" not in r.stderr
        waiting = subprocess.Popen(
            [SKJONN, "ingest", str(root)],
            env=_env(data),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(3)
        assert waiting.poll() is None  # still waiting for us
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert "Venter på en annen innlesing" in err and "3 nye" in out


def test_the_admin_endpoint_fails_fast_while_the_cli_writes(tmp_path: Path) -> None:
    from assistant.admin import ingest_everything
    from assistant.errors import BusyError

    settings = Settings(data_dir=tmp_path / "data", embedder="fake")
    held, done = threading.Event(), threading.Event()

    def writer() -> None:  # another thread of the server, or the CLI
        with write_lock(settings):
            held.set()
            done.wait(30)

    t = threading.Thread(target=writer)
    t.start()
    try:
        assert held.wait(10)
        with pytest.raises(BusyError, match="pågår allerede"):
            ingest_everything(Services(settings), [_docs(tmp_path / "docs", 1)])
    finally:
        done.set()
        t.join()
    assert ingest_everything(Services(settings), [tmp_path / "docs"])["counts"]["new"] == 1


def test_two_concurrent_ingests_lose_nothing(tmp_path: Path) -> None:
    data, root = tmp_path / "data", _docs(tmp_path / "docs", 60)
    settings = Settings(data_dir=data, embedder="fake")
    for round_ in range(3):
        if round_:
            _docs(root, 30, version=round_)  # half the documents change every round
        procs = [
            subprocess.Popen(
                [SKJONN, "ingest", str(root), "--json"],
                env=_env(data),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for _ in range(2)
        ]
        for p in procs:
            _, err = p.communicate(timeout=300)
            assert p.returncode == 0, err.decode()
        assert lost(settings) == [], f"round {round_}"
    again = Services(settings).ingestor(progress=False).run([root])
    assert again.count("unchanged") == 60 and again.count("repaired") == 0


def test_two_concurrent_resets_end_consistent(tmp_path: Path) -> None:
    data, root = tmp_path / "data", _docs(tmp_path / "docs", 20)
    procs = [
        subprocess.Popen(
            [SKJONN, "ingest", "--reset", str(root)],
            env=_env(data),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0 and b"Traceback" not in err, err.decode()
    settings = Settings(data_dir=data, embedder="fake")
    assert lost(settings) == []
    assert len(Manifest(settings).chunks()) == 20


def test_a_deleted_vector_store_is_rebuilt_from_the_cache(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = subprocess.run(
        [SKJONN, "ingest", "--json"], env=_env(data), capture_output=True, timeout=300
    )
    assert first.returncode == 0, first.stderr
    chunks = json.loads(first.stdout)["chunks"]
    n_docs = json.loads(first.stdout)["counts"]["new"]
    shutil.rmtree(data / "chroma")
    r = subprocess.run(
        [SKJONN, "ingest", "--json"], env=_env(data), capture_output=True, timeout=300
    )
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert n_docs >= 6
    assert report["counts"]["repaired"] == n_docs and report["counts"]["unchanged"] == 0
    assert report["chunks"] == chunks and report["embedded"] == 0  # from the vector cache
    assert report["archive"]["embedded"] == 0  # the archive's vectors too
    settings = Settings(data_dir=data, embedder="fake")
    assert lost(settings) == []
    sv = Services(settings)
    from assistant.archive import archive_for

    arch = archive_for(sv)
    assert arch.store.count() == arch.db.count() == 53
    hits = sv.searcher().search("søknadsfrist prosjektskjønn 2021", k=3)
    assert "1. september 2020" in hits[0].text


@pytest.mark.sqlite_only  # with a shared database the advisory lock guards: test_database.py
def test_an_empty_chroma_server_is_filled_again_and_leases_guard_it(tmp_path: Path) -> None:
    data, root = tmp_path / "data", _docs(tmp_path / "docs", 5)
    with chroma_server(tmp_path / "server1") as url:
        settings = Settings(data_dir=data, embedder="fake", chroma_url=url)
        sv = Services(settings)
        assert sv.ingestor(progress=False).run([root]).count("new") == 5
        # a writer with another data dir (another machine) holds the collection's lease
        other = Settings(data_dir=tmp_path / "other", embedder="fake", chroma_url=url)
        with write_lock(other, [other.collection]):
            r = subprocess.run(
                [SKJONN, "ingest", "--no-wait", str(root)],
                env=_env(data, SKJONN_CHROMA_URL=url),
                capture_output=True,
                text=True,
                timeout=120,
            )
        assert r.returncode == 1 and "skriver til samlingen «skjonn»" in r.stderr, r.stderr
        r = subprocess.run(
            [SKJONN, "ingest", "--no-wait", str(root)],
            env=_env(data, SKJONN_CHROMA_URL=url),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert r.returncode == 0, r.stderr  # the lease was released
    with chroma_server(tmp_path / "server2") as url:  # an empty server
        settings = Settings(data_dir=data, embedder="fake", chroma_url=url)
        sv = Services(settings)
        report = sv.ingestor(progress=False).run([root])
        assert report.count("repaired") == 5 and report.embedded == 0
        assert lost(settings) == []
