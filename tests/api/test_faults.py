"""Faults on disk and on the vector server: a clear 503 with a reason, and recovery by itself
when the fault ends (issue #14, points 2, 5 and 7). Real server, real stores, real faults.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from assistant.settings import BUNDLED_CORPUS as _CORPUS
from assistant.settings import Settings
from tests.conftest import TODAY
from tests.fixtures.chroma_server import chroma_server, free_port, wait_until_ok
from tests.fixtures.server import live_app
from tests.pg import database_env

SKJONN = str(Path(sys.executable).with_name("skjonn"))

# the bundled corpus' documents (the project records file included)
N_DOCS = sum(
    1 for p in _CORPUS.rglob("*") if p.suffix in {".md", ".jsonl"} and "rules" not in p.parts
)


def _env(data: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SKJONN_")}
    env.update(SKJONN_DATA_DIR=str(data), SKJONN_EMBEDDER="fake", **database_env(data), **extra)
    return env


def _unavailable(r: httpx.Response, reason: str) -> None:
    assert r.status_code == 503, (r.status_code, r.text)
    assert r.json()["error"] == "store_unavailable" and reason in r.json()["message"], r.text
    assert int(r.headers["retry-after"]) >= 1
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "default-src" in r.headers["content-security-policy"]


def _search(url: str) -> httpx.Response:
    return httpx.post(f"{url}/v1/search", json={"query": "søknadsfrist"}, timeout=30)


def test_deleted_vector_store_is_503_and_recovers_after_ingest(fake_copy: Settings) -> None:
    data = fake_copy.data_dir
    with live_app(fake_copy) as url:
        assert httpx.get(f"{url}/readyz").status_code == 200
        shutil.rmtree(data / "chroma")
        _unavailable(httpx.get(f"{url}/readyz"), "finnes ikke lenger")
        _unavailable(_search(url), "Kjør `skjonn ingest`")
        _unavailable(httpx.get(f"{url}/v1/projects/search", params={"q": "skole"}), "ingest")
        done = subprocess.run([SKJONN, "ingest"], env=_env(data), capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert f"{N_DOCS} reparert" in done.stdout
        ready = httpx.get(f"{url}/readyz")
        assert ready.status_code == 200 and ready.json()["projects"] == 53, ready.text
        assert _search(url).status_code == 200
        hits = httpx.get(f"{url}/v1/projects/search", params={"q": "skole"}).json()
        assert hits["total"] > 0


def test_archive_without_vectors_is_503_not_an_empty_answer(fake_copy: Settings) -> None:
    """An empty vector store beside a full archive database: search must not say "0 treff"."""
    from assistant.archive import archive_for
    from assistant.services import Services

    archive_for(Services(fake_copy)).store.reset()  # the archive's collection is lost
    with live_app(fake_copy) as url:
        r = httpx.get(f"{url}/v1/projects/search", params={"q": "skole"})
        _unavailable(r, "53 poster, men vektorlageret har bare 0")
        _unavailable(httpx.get(f"{url}/readyz"), "53 poster")
        done = subprocess.run(
            [SKJONN, "ingest"], env=_env(fake_copy.data_dir), capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        assert httpx.get(f"{url}/v1/projects/search", params={"q": "skole"}).json()["total"]


@pytest.mark.sqlite_only
def test_corrupt_archive_database_is_503_and_recovers_when_restored(fake_copy: Settings) -> None:
    import sqlite3

    db = fake_copy.data_dir / "projects.sqlite"
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the whole database in the one file
    con.close()
    good = db.read_bytes()
    with live_app(fake_copy) as url:
        assert httpx.get(f"{url}/v1/projects/facets").status_code == 200
        bad = db.with_suffix(".bad")
        bad.write_bytes(b"\0garbage" * 4096 + good[32768:])  # header and first pages lost
        bad.replace(db)
        for side in ("-wal", "-shm"):  # lost with it
            Path(f"{db}{side}").unlink(missing_ok=True)
        _unavailable(httpx.get(f"{url}/readyz"), "skadet")
        _unavailable(httpx.get(f"{url}/v1/projects/facets"), "skadet")
        tmp = db.with_suffix(".restored")
        tmp.write_bytes(good)
        tmp.replace(db)  # restored from a backup: a new file
        for side in ("-wal", "-shm"):
            Path(f"{db}{side}").unlink(missing_ok=True)
        assert httpx.get(f"{url}/v1/projects/facets").status_code == 200
        assert httpx.get(f"{url}/readyz").status_code == 200


@pytest.mark.sqlite_only
def test_serve_starts_on_damaged_databases_and_says_why(fake_copy: Settings) -> None:
    data = fake_copy.data_dir
    (data / "feedback.sqlite").write_bytes(b"ikke en database" * 512)
    with (data / "chroma" / "chroma.sqlite3").open("r+b") as f:
        f.write(b"\xff" * 100_000)
    port = free_port()
    proc = subprocess.Popen(
        [SKJONN, "serve", "--port", str(port)],
        env=_env(data, SKJONN_RATE_LIMIT="0"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_ok(f"{url}/healthz", 120, proc)
        _unavailable(httpx.get(f"{url}/readyz"), "skadet")
        _unavailable(_search(url), "skadet")
        r = httpx.post(f"{url}/v1/feedback", json={"question": "Frist?", "helpful": True})
        _unavailable(r, "skadet")
        assert httpx.get(f"{url}/v1/rounds").status_code == 200  # what needs no store works
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert "Traceback" not in err


def test_chroma_server_down_is_503_and_recovers(tmp_path: Path) -> None:
    data, port = tmp_path / "data", free_port()
    with ExitStack() as first:
        chroma = first.enter_context(chroma_server(tmp_path / "chroma", port=port))
        env = _env(data, SKJONN_CHROMA_URL=chroma)
        assert subprocess.run([SKJONN, "ingest"], env=env, capture_output=True).returncode == 0
        settings = Settings(
            data_dir=data, embedder="fake", chroma_url=chroma, today=TODAY, rate_limit=0
        )
        with live_app(settings) as url:
            assert _search(url).status_code == 200
            first.close()  # the Chroma server stops; the app goes on
            _unavailable(_search(url), "Chroma-serveren")
            _unavailable(httpx.get(f"{url}/readyz"), "Chroma-serveren")
            with chroma_server(tmp_path / "chroma", port=port):  # back, with the same data
                assert _search(url).status_code == 200
                assert httpx.get(f"{url}/readyz").status_code == 200


def test_empty_chroma_server_is_not_ready_and_ingest_fills_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    port = free_port()
    with chroma_server(tmp_path / "first", port=port) as chroma:
        env = _env(data, SKJONN_CHROMA_URL=chroma)
        assert subprocess.run([SKJONN, "ingest"], env=env, capture_output=True).returncode == 0
    settings = Settings(data_dir=data, embedder="fake", chroma_url=chroma, today=TODAY)
    with chroma_server(tmp_path / "empty", port=port), live_app(settings) as url:
        r = httpx.get(f"{url}/readyz")
        assert r.status_code == 503 and "tom" in r.json()["message"]
        _unavailable(httpx.get(f"{url}/v1/projects/search", params={"q": "skole"}), "53 poster")
        done = subprocess.run([SKJONN, "ingest"], env=env, capture_output=True, text=True)
        assert done.returncode == 0 and f"{N_DOCS} reparert" in done.stdout, done.stderr
        assert httpx.get(f"{url}/readyz").status_code == 200
        assert httpx.get(f"{url}/v1/projects/search", params={"q": "skole"}).json()["total"]


# -- point 7: read-only or full data dir: a message, not a traceback ---------------------------


def _mount(*args: str) -> None:
    r = subprocess.run(["mount", *args], capture_output=True, text=True)
    if r.returncode:
        pytest.skip(f"needs root to mount a test file system: {r.stderr.strip()}")


@pytest.fixture
def read_only_copy(fake_copy: Settings, tmp_path: Path):  # type: ignore[no-untyped-def]
    ro = tmp_path / "ro"
    ro.mkdir()
    _mount("--bind", str(fake_copy.data_dir), str(ro))
    try:
        _mount("-o", "remount,ro,bind", str(ro))
        yield ro
    finally:
        subprocess.run(["umount", str(ro)], check=True)


def test_read_only_data_dir_gives_a_message(read_only_copy: Path) -> None:
    for args in (["ask", "Når er fristen?"], ["ingest"], ["similar", "skole"], ["status"]):
        r = subprocess.run(
            [SKJONN, *args], env=_env(read_only_copy), capture_output=True, text=True, timeout=120
        )
        assert r.returncode == 1, (args, r.stdout, r.stderr)
        assert "Traceback" not in r.stderr and "skrivebeskyttet" in r.stderr, (args, r.stderr)


def test_full_disk_gives_a_message_and_recovers(fake_copy: Settings, tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    _mount("-t", "tmpfs", "-o", "size=16m", "tmpfs", str(disk))
    try:
        data = disk / "data"
        shutil.copytree(fake_copy.data_dir, data)
        ballast = disk / "ballast"
        subprocess.run(
            ["dd", "if=/dev/zero", f"of={ballast}", "bs=1M", "count=64"], capture_output=True
        )
        docs = tmp_path / "docs"
        docs.mkdir()
        for i in range(40):
            (docs / f"d{i}.txt").write_text(
                f"Nytt dokument {i} om frister. " * 200, encoding="utf-8"
            )
        r = subprocess.run(
            [SKJONN, "ingest", str(docs)],
            env=_env(data),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
        assert "Disken med datamappen er full" in r.stderr, r.stderr
        ballast.unlink()  # the fault ends
        r = subprocess.run(
            [SKJONN, "ingest", str(docs)],
            env=_env(data),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert r.returncode == 0, r.stderr
        r = subprocess.run(  # and nothing is missing: a third run finds all in place
            [SKJONN, "ingest", "--json", str(docs)],
            env=_env(data),
            capture_output=True,
            timeout=300,
        )
        counts = json.loads(r.stdout)["counts"]
        assert counts["unchanged"] == 40 and counts["repaired"] == 0, counts
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=True)
