"""skjonn serve as an operator starts it: SKJONN_HOST/SKJONN_PORT, Norwegian log lines, a busy
port named in Norwegian, and the Makefile's PORT=."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from assistant.cli import main
from assistant.settings import REPO_ROOT, Settings
from tests.fixtures.chroma_server import free_port

SKJONN = Path(sys.executable).parent / "skjonn"


def test_port_and_host_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    assert (Settings().host, Settings().port) == ("127.0.0.1", 8000)
    monkeypatch.setenv("SKJONN_PORT", "8123")
    monkeypatch.setenv("SKJONN_HOST", "0.0.0.0")
    assert (Settings().host, Settings().port) == ("0.0.0.0", 8123)
    monkeypatch.setenv("SKJONN_PORT", "0")
    res = CliRunner().invoke(main, ["serve"], prog_name="skjonn")
    assert res.exit_code == 1 and "Ugyldig innstilling" in res.output and "port" in res.output


def test_busy_port_is_refused_in_norwegian(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        monkeypatch.setenv("SKJONN_PORT", str(port))
        res = CliRunner().invoke(main, ["serve"], prog_name="skjonn")
    assert res.exit_code == 1
    assert f"Feil: Port {port} på 127.0.0.1 er opptatt (kjører Skjønnsassistenten allerede?)" in (
        res.output
    )
    assert f"make run PORT={port + 1}, SKJONN_PORT={port + 1} eller --port" in res.output
    res = CliRunner().invoke(main, ["serve", "--host", "finnes.ikke.invalid"], prog_name="skjonn")
    assert res.exit_code == 1 and "Fant ikke adressen «finnes.ikke.invalid»" in res.output


def test_make_run_passes_port_and_host() -> None:
    out = subprocess.run(
        ["make", "-s", "-n", "-C", str(REPO_ROOT), "run", "PORT=8123", "HOST=0.0.0.0"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.splitlines()[-1].endswith("skjonn serve --host 0.0.0.0 --port 8123")
    out = subprocess.run(
        ["make", "-s", "-n", "-C", str(REPO_ROOT), "run"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.splitlines()[-1].endswith("skjonn serve")  # then SKJONN_PORT / 8000 apply


@pytest.mark.slow
def test_serve_logs_in_norwegian(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "SKJONN_PORT": str(port), "SKJONN_EMBEDDER": "fake"}
    env["SKJONN_DATA_DIR"] = str(tmp_path / "data")
    proc = subprocess.Popen(
        [str(SKJONN), "serve"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.time() + 60
        while True:
            assert proc.poll() is None, proc.communicate()
            try:
                if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.time() < deadline, "skjonn serve startet ikke"
            time.sleep(0.2)
        assert httpx.get(url + "/finnes-ikke", timeout=5).status_code == 404
        time.sleep(0.5)  # let the access log lines reach the pipe
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert f"Skjønnsassistenten på http://127.0.0.1:{port}  (API-dokumentasjon: /docs)" in out
    # the access log: one line per request, Norwegian reason phrases
    assert re.search(r"^info: 127\.0\.0\.1:\d+ «GET /healthz HTTP/1\.1» 200 OK$", out, re.M), out
    assert re.search(r"«GET /finnes-ikke HTTP/1\.1» 404 Ikke funnet$", out, re.M), out
    lines = err.splitlines()
    pid = proc.pid
    expected = [
        f"info: Serverprosessen [{pid}] er startet",
        "info: Starter Skjønnsassistenten …",
        "info: Skjønnsassistenten er klar.",
        f"info: Lytter på http://127.0.0.1:{port} (Ctrl+C avslutter)",
        "info: Avslutter",
        "info: Stopper Skjønnsassistenten …",
        "info: Skjønnsassistenten er stoppet.",
        f"info: Serverprosessen [{pid}] er avsluttet",
    ]
    assert [line for line in lines if line in expected] == expected, err
    for english in ("Uvicorn running", "Started server", "Application startup", "INFO:"):
        assert english not in err + out
