"""`skjonn serve --workers N`: refused with the embedded store, served with a real Chroma server."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.fixtures.chroma_server import chroma_server, free_port, wait_until_ok
from tests.pg import database_env

SKJONN = str(Path(sys.executable).with_name("skjonn"))


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SKJONN_")}
    data = tmp_path / "data"
    env.update(SKJONN_DATA_DIR=str(data), SKJONN_EMBEDDER="fake", **database_env(data), **extra)
    return env


def test_several_workers_need_the_chroma_server(tmp_path: Path) -> None:
    r = subprocess.run(
        [SKJONN, "serve", "--workers", "2", "--port", str(free_port())],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 2
    assert "SKJONN_CHROMA_URL" in r.stderr and "Chroma som server" in r.stderr


@pytest.mark.slow
def test_two_workers_share_one_chroma_server(tmp_path: Path) -> None:
    with chroma_server(tmp_path / "chroma") as chroma_url:
        env = _env(tmp_path, SKJONN_CHROMA_URL=chroma_url, SKJONN_RATE_LIMIT="0")
        done = subprocess.run([SKJONN, "ingest"], env=env, capture_output=True, timeout=300)
        assert done.returncode == 0, done.stderr
        port = free_port()
        proc = subprocess.Popen(
            [SKJONN, "serve", "--workers", "2", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            try:
                r = wait_until_ok(f"{url}/readyz", 120, proc)
            except RuntimeError as exc:  # show why the workers died
                died = proc.poll() is not None and proc.stderr
                raise AssertionError(proc.stderr.read() if died else str(exc)) from exc
            assert r.json()["store"] == "server"

            def ask(i: int) -> int:
                q = {
                    "question": f"Når var søknadsfristen for prosjektskjønn {2021 if i % 2 else 2025}?"
                }
                return httpx.post(f"{url}/v1/chat", json=q, timeout=60).status_code

            with ThreadPoolExecutor(8) as pool:
                codes = list(pool.map(ask, range(24)))
            assert codes == [200] * 24
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
            if proc.stderr:
                proc.stderr.close()
