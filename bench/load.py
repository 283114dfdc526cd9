"""Load test on loopback: N concurrent clients against POST /v1/chat for a fixed time.

    .venv/bin/python -m bench.load [--clients 50] [--seconds 60] [--data-dir DIR]

Starts ``skjonn serve`` (default extractive answerer, rate limit off) in a subprocess over a
data dir with the bundled corpus ingested (a fresh temp dir unless --data-dir is given),
then runs closed-loop clients with the questions of the blind dev sets (follow-ups with
their history), round-robin. Prints throughput, latency percentiles, errors by status and
the server's RSS. Clients and server share the machine's cores: the numbers are for the
whole loopback setup, not the server alone.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

from bench.search import pct
from evals.answers import load_splits
from tests.fixtures.chroma_server import free_port, wait_until_ok

SKJONN = str(Path(sys.executable).with_name("skjonn"))


def rss_mb(pid: int) -> tuple[float, float]:
    """(current, peak) resident set size of a process in MB, from /proc."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


async def client(
    http: httpx.AsyncClient,
    url: str,
    questions: list[dict],
    start: int,
    until: float,
    lat: list[float],
    codes: Counter[str],
) -> None:
    i = start
    while time.perf_counter() < until:
        row = questions[i % len(questions)]
        i += 1
        payload = {"question": row["question"], "history": row.get("history") or []}
        t = time.perf_counter()
        try:
            r = await http.post(f"{url}/v1/chat", json=payload)
            codes[str(r.status_code)] += 1
            if r.status_code == 200:
                lat.append(1000 * (time.perf_counter() - t))
        except httpx.HTTPError as exc:
            codes[type(exc).__name__] += 1


async def run_load(url: str, questions: list[dict], clients: int, seconds: float) -> dict:
    lat: list[float] = []
    codes: Counter[str] = Counter()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=30, limits=limits) as http:
        t0 = time.perf_counter()
        until = t0 + seconds
        await asyncio.gather(
            *(client(http, url, questions, n * 7, until, lat, codes) for n in range(clients))
        )
        elapsed = time.perf_counter() - t0
    ok = codes.get("200", 0)
    return {
        "requests": sum(codes.values()),
        "ok": ok,
        "errors": sum(codes.values()) - ok,
        "by_status": dict(codes),
        "throughput_rps": round(ok / elapsed, 1),
        "latency_ms": {
            "p50": round(pct(lat, 0.50), 1),
            "p95": round(pct(lat, 0.95), 1),
            "p99": round(pct(lat, 0.99), 1),
            "max": round(max(lat), 1) if lat else None,
        },
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--data-dir", type=Path, default=None, help="Already ingested data dir.")
    ap.add_argument(
        "--no-query-cache", action="store_true", help="Embed every question (SKJONN_QUERY_CACHE=0)."
    )
    args = ap.parse_args()
    questions = load_splits(("dev-blind", "dev-blind2"))
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data_dir or Path(tmp) / "data"
        env = {k: v for k, v in os.environ.items() if not k.startswith("SKJONN_")}
        env.update(SKJONN_DATA_DIR=str(data), SKJONN_RATE_LIMIT="0", SKJONN_TODAY="2024-05-15")
        env.setdefault("OMP_NUM_THREADS", "1")
        if args.no_query_cache:
            env["SKJONN_QUERY_CACHE"] = "0"
        if args.data_dir is None:
            subprocess.run([SKJONN, "ingest", "--json"], env=env, check=True, capture_output=True)
        port = free_port()
        server = subprocess.Popen(
            [SKJONN, "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            t0 = time.perf_counter()
            wait_until_ok(f"{url}/readyz", 180, server)
            startup = time.perf_counter() - t0
            rss_idle, _ = rss_mb(server.pid)
            out = asyncio.run(run_load(url, questions, args.clients, args.seconds))
            rss_now, rss_peak = rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
    out = {
        "clients": args.clients,
        "seconds": args.seconds,
        "questions": len(questions),
        "query_cache": not args.no_query_cache,
        "server_ready_s": round(startup, 1),
        **out,
        "server_rss_mb": {
            "idle": round(rss_idle, 1),
            "after": round(rss_now, 1),
            "peak": round(rss_peak, 1),
        },
        "cores": os.cpu_count(),
    }
    print(json.dumps(out, indent=2))  # noqa: T201 - a bench prints


if __name__ == "__main__":
    main()
