"""Two servers behind one load balancer: separate data dirs (two machines), one PostgreSQL and
one Chroma server. What one of them writes, the other reads, searches and reports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
import pytest

from tests.fixtures.chroma_server import chroma_server, free_port, wait_until_ok
from tests.pg import Cluster

SKJONN = str(Path(sys.executable).with_name("skjonn"))
TOKEN = "hemmelig-test"
AUTH = {"authorization": f"Bearer {TOKEN}"}

NEW = {
    "id": "to-servere-1",
    "år": 2024,
    "embete": "Statsforvalteren i Trøndelag",
    "tittel": "Droneinspeksjon av kommunale bruer",
    "kommuner": ["Snåsa"],
    "sektorer": ["Teknisk"],
    "søkt_beløp": 450_000,
    "tildelt_beløp": 300_000,
    "status": "Aktiv",
    "beskrivelse": "Droner fotograferer bruene, og bildene vurderes for skader før vedlikehold.",
}


def _env(data: Path, db: str, chroma: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SKJONN_")}
    env.update(
        SKJONN_DATA_DIR=str(data),
        SKJONN_EMBEDDER="fake",
        SKJONN_DATABASE_URL=db,
        SKJONN_CHROMA_URL=chroma,
        SKJONN_RATE_LIMIT="0",
        SKJONN_ADMIN_TOKEN=TOKEN,
        SKJONN_TODAY="2024-05-15",
    )
    return env


@contextmanager
def _serve(env: dict[str, str]) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [SKJONN, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_until_ok(f"{url}/readyz", 180, proc)
        except RuntimeError as exc:
            died = proc.poll() is not None and proc.stderr
            raise AssertionError(proc.stderr.read() if died else str(exc)) from exc
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        if proc.stderr:
            proc.stderr.close()


def _run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([SKJONN, *args], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout


def _eventually(check, seconds: float = 20.0):  # type: ignore[no-untyped-def]
    """Poll ``check`` (a function returning a truthy value when done) for ``seconds``."""
    deadline = time.time() + seconds
    while True:
        got = check()
        if got or time.time() > deadline:
            return got
        time.sleep(0.2)


@pytest.mark.slow
def test_two_servers_share_one_truth(pg_cluster: Cluster, tmp_path: Path) -> None:
    db = pg_cluster.create("two_servers")
    with ExitStack() as stack:
        chroma = stack.enter_context(chroma_server(tmp_path / "chroma"))
        a_env = _env(tmp_path / "a", db, chroma)
        b_env = _env(tmp_path / "b", db, chroma)
        _run(a_env, "ingest")  # machine A fills the shared stores
        report = json.loads(_run(b_env, "ingest", "--json"))  # B sees it all as ingested
        docs = report["counts"]
        assert docs["new"] == 0 and docs["changed"] == 0 and docs["unchanged"] > 0, report
        assert report["embedded"] == 0, report  # and embeds nothing: the vectors are shared
        assert report["archive"]["counts"]["new"] == 0, report["archive"]
        a = stack.enter_context(_serve(a_env))
        b = stack.enter_context(_serve(b_env))

        ready_a, ready_b = httpx.get(f"{a}/readyz").json(), httpx.get(f"{b}/readyz").json()
        assert ready_b["database"] == "postgresql" and ready_b["store"] == "server"
        assert ready_a["projects"] == ready_b["projects"] > 0
        before = ready_b["projects"]

        # an import on A ...
        records = tmp_path / "nye.jsonl"
        records.write_text(json.dumps(NEW, ensure_ascii=False) + "\n", encoding="utf-8")
        _run(a_env, "projects", "import", str(records))
        # ... is read, searched and counted on B without a restart
        got = httpx.get(f"{b}/v1/projects/{NEW['id']}")
        assert got.status_code == 200 and got.json()["tittel"] == NEW["tittel"], got.text
        hits = httpx.get(f"{b}/v1/projects/search", params={"q": "droneinspeksjon bruer"}).json()
        ids = [h["id"] for h in hits["results"]] if "results" in hits else hits
        assert NEW["id"] in json.dumps(ids), hits
        snasa = httpx.get(f"{b}/v1/projects/search", params={"municipality": "Snåsa"}).json()
        assert NEW["id"] in json.dumps(snasa), snasa
        assert httpx.get(f"{b}/readyz").json()["projects"] == before + 1

        # feedback on B shows in A's gap report, an unanswered question on A in B's
        fb = {
            "question": "Hvor lang tid tar behandlingen?",
            "answer": "Vet ikke.",
            "helpful": False,
        }
        assert httpx.post(f"{b}/v1/feedback", json=fb).status_code == 201
        unanswerable = "Hvor mange parkeringsplasser har Statsforvalteren i Steinkjer?"
        chat = httpx.post(f"{a}/v1/chat", json={"question": unanswerable}, timeout=60).json()
        assert chat["answered"] is False, chat
        gaps_a = httpx.get(f"{a}/v1/admin/gaps", headers=AUTH).json()
        assert fb["question"] in [g["question"] for g in gaps_a["unhelpful"]], gaps_a
        gaps_b = httpx.get(f"{b}/v1/admin/gaps", headers=AUTH).json()
        assert unanswerable in [g["question"] for g in gaps_b["unanswered"]], gaps_b

        # A's vector cache is B's: the sentence vectors A's answer embedded are there for B
        from sqlalchemy import create_engine, text

        eng = create_engine(db)
        try:
            with eng.connect() as conn:
                cached = conn.execute(text("SELECT COUNT(*) FROM vectors")).scalar_one()
        finally:
            eng.dispose()
        assert cached >= ready_a["chunks"] + ready_a["projects"], cached
        # and B searches the knowledge base that A ingested
        found = httpx.post(f"{b}/v1/search", json={"query": "søknadsfrist", "k": 3}, timeout=60)
        assert found.status_code == 200 and found.json()["results"], found.text
