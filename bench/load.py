"""Load test on loopback: N concurrent clients against POST /v1/chat for a fixed time.

    .venv/bin/python -m bench.load [--clients 50] [--seconds 60] [--data-dir DIR]
    .venv/bin/python -m bench.load --servers 2     # two servers, one PostgreSQL, one Chroma

With ``--servers N`` (N > 1) the set-up of docs/deploy.md runs on loopback: a throwaway
PostgreSQL cluster (as in the tests), one ``chroma run`` server, one ingest from the first
server's data dir, then N ``skjonn serve`` processes with data dirs of their own; the clients
are spread over the servers round-robin (client i talks to server i mod N).

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
from contextlib import ExitStack
from pathlib import Path

import httpx

from bench.search import pct
from evals.answers import load_splits
from tests.fixtures.chroma_server import chroma_server, free_port, wait_until_ok

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


async def run_load(urls: list[str], questions: list[dict], clients: int, seconds: float) -> dict:
    lat: list[float] = []
    codes: Counter[str] = Counter()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=30, limits=limits) as http:
        t0 = time.perf_counter()
        until = t0 + seconds
        await asyncio.gather(
            *(
                client(http, urls[n % len(urls)], questions, n * 7, until, lat, codes)
                for n in range(clients)
            )
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
    ap.add_argument(
        "--servers", type=int, default=1, help="More than 1: PostgreSQL + Chroma server set-up."
    )
    ap.add_argument(
        "--warm-up",
        type=float,
        default=0,
        help="Seconds of the same load before the measured run, reported apart (cold caches: "
        "the first questions embed their sentences, SKJONN_SENTENCE_VECTORS=lazy).",
    )
    args = ap.parse_args()
    questions = load_splits(("dev-blind", "dev-blind2"))
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        base = {k: v for k, v in os.environ.items() if not k.startswith("SKJONN_")}
        base.update(SKJONN_RATE_LIMIT="0", SKJONN_TODAY="2024-05-15")
        base.setdefault("OMP_NUM_THREADS", "1")
        if args.no_query_cache:
            base["SKJONN_QUERY_CACHE"] = "0"
        if args.servers > 1:
            from tests.pg import Cluster

            cluster = Cluster()
            stack.callback(cluster.stop)
            base["SKJONN_DATABASE_URL"] = cluster.create("load")
            base["SKJONN_CHROMA_URL"] = stack.enter_context(chroma_server(Path(tmp) / "chroma"))
        envs = []
        for n in range(args.servers):
            data = args.data_dir if n == 0 and args.data_dir else Path(tmp) / f"data{n}"
            envs.append({**base, "SKJONN_DATA_DIR": str(data)})
        if args.data_dir is None:
            subprocess.run(
                [SKJONN, "ingest", "--json"], env=envs[0], check=True, capture_output=True
            )
        servers, urls = [], []
        for env in envs:
            port = free_port()
            proc = subprocess.Popen(
                [SKJONN, "serve", "--port", str(port)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            servers.append(proc)
            urls.append(f"http://127.0.0.1:{port}")
        try:
            t0 = time.perf_counter()
            for proc, url in zip(servers, urls, strict=True):
                wait_until_ok(f"{url}/readyz", 300, proc)
            startup = time.perf_counter() - t0
            rss_idle = [rss_mb(p.pid)[0] for p in servers]
            warm = None
            if args.warm_up > 0:
                warm = asyncio.run(run_load(urls, questions, args.clients, args.warm_up))
            out = asyncio.run(run_load(urls, questions, args.clients, args.seconds))
            rss = [rss_mb(p.pid) for p in servers]
        finally:
            for proc in servers:
                proc.terminate()
                proc.wait(timeout=30)
    out = {
        "clients": args.clients,
        "seconds": args.seconds,
        "servers": args.servers,
        "database": "postgresql" if args.servers > 1 else "sqlite",
        "questions": len(questions),
        "query_cache": not args.no_query_cache,
        "server_ready_s": round(startup, 1),
        **({"warm_up": {"seconds": args.warm_up, **warm}} if warm else {}),
        **out,
        "server_rss_mb": [
            {"idle": round(i, 1), "after": round(c, 1), "peak": round(p, 1)}
            for i, (c, p) in zip(rss_idle, rss, strict=True)
        ],
        "cores": os.cpu_count(),
    }
    print(json.dumps(out, indent=2))  # noqa: T201 - a bench prints


if __name__ == "__main__":
    main()
