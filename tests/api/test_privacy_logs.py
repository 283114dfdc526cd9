"""Personal data is masked where we keep or log user text: unanswered questions, feedback and
the access log (issue #14, point 10)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import httpx

from assistant.settings import Settings
from tests.fixtures.chroma_server import free_port, wait_until_ok
from tests.fixtures.server import live_app
from tests.pg import database_env

SKJONN = str(Path(sys.executable).with_name("skjonn"))
TOKEN = "test-admin-token-9c1e"
EMAIL, PHONE, FNR = "ola.nordmann@example.no", "912 34 567", "01017012345"
PII = (EMAIL, PHONE, FNR, "91234567")


def test_unanswered_questions_and_feedback_are_stored_masked(fake_copy: Settings) -> None:
    s = fake_copy.model_copy(update={"admin_token": TOKEN})
    q = f"Hvem vinner fotball-VM? Svar til {EMAIL}, tlf {PHONE}, fnr {FNR}."
    with live_app(s) as url:
        body = httpx.post(f"{url}/v1/chat", json={"question": q}, timeout=60).json()
        assert body["answered"] is False
        r = httpx.post(
            f"{url}/v1/feedback",
            json={"question": q, "answer": "x", "helpful": False, "comment": f"Ring {PHONE}"},
        )
        assert r.status_code == 201
        gaps = httpx.get(
            f"{url}/v1/admin/gaps", headers={"authorization": f"Bearer {TOKEN}"}
        ).json()
    stored = [g["question"] for g in gaps["unanswered"]]
    assert stored == [
        "Hvem vinner fotball-VM? Svar til [e-post], tlf [telefon], fnr [fødselsnummer]."
    ]
    assert gaps["unhelpful"][0]["comment"] == "Ring [telefon]"
    for path in s.data_dir.rglob("feedback.sqlite*"):
        raw = path.read_bytes()
        assert not any(p.encode() in raw for p in PII), path


def test_the_access_log_masks_search_terms(fake_copy: Settings) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SKJONN_")}
    data = fake_copy.data_dir
    env.update(SKJONN_DATA_DIR=str(data), SKJONN_EMBEDDER="fake", **database_env(data))
    port = free_port()
    proc = subprocess.Popen(
        [SKJONN, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_ok(f"{url}/readyz", 120, proc)
        r = httpx.get(f"{url}/v1/projects/search", params={"q": f"skole {EMAIL} {PHONE} {FNR}"})
        assert r.status_code == 200
        assert httpx.get(f"{url}/v1/projects/{FNR}").status_code == 404
    finally:
        proc.terminate()
        log, _ = proc.communicate(timeout=30)
    lines = [unquote(ln) for ln in log.splitlines() if "/v1/projects/" in ln]
    assert len(lines) == 2, log
    assert "q=skole [e-post] [telefon] [fødselsnummer]" in lines[0], lines[0]
    assert "/v1/projects/[fødselsnummer]" in lines[1], lines[1]
    for p in PII:
        assert p not in log and p not in unquote(log)
