"""Bench: what a new user waits for, from a fresh clone to a served page.

    .venv/bin/python -m bench.first_run [--keep DIR]

Clones this repository (HEAD) into a temporary directory and times, as the README's
``make run`` does them: ``make install`` (a new venv, pip from the configured indexes, no pip
cache), the first ``skjonn ingest`` into an empty data dir, and ``skjonn serve`` until
``/healthz`` answers. Prints the machine (CPU, cores, RAM, OS), the load average before and
after, the venv's size and each time; nothing is asserted. Takes a few minutes.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

from assistant.settings import REPO_ROOT
from tests.fixtures.chroma_server import free_port


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(
            int(line.split()[1]) // (1024 * 1024)
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        mem = 0
    os_name = platform.platform()
    try:
        os_name = next(
            line.split("=", 1)[1].strip('"')
            for line in Path("/etc/os-release").read_text().splitlines()
            if line.startswith("PRETTY_NAME=")
        )
    except (OSError, StopIteration):
        pass
    return f"{cpu}, {os.cpu_count()} cores, {mem} GB RAM, {os_name}"


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def du(path: Path) -> float:
    total = sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())
    return total / 1e9


def timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--keep", type=Path, help="clone here and keep it (default: a temp dir)")
    args = ap.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="skjonn-first-run-"))
    clone = root / "skjonnsassistenten"
    data = root / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SKJONN_", "VIRTUAL_ENV"))}
    env.update(PIP_NO_CACHE_DIR="1", SKJONN_DATA_DIR=str(data))
    print(f"machine: {machine()}")
    print(f"load average before: {load()}")
    try:
        subprocess.run(["git", "clone", "-q", str(REPO_ROOT), str(clone)], check=True)
        install = timed(["make", "install"], clone, env)
        print(f"make install (fresh venv): {install:.0f} s; venv {du(clone / '.venv'):.1f} GB")
        skjonn = str(clone / ".venv" / "bin" / "skjonn")
        ingest = timed([skjonn, "ingest", "--json"], clone, env)
        print(
            f"first skjonn ingest (empty data dir): {ingest:.0f} s; data {1000 * du(data):.0f} MB"
        )
        port = free_port()
        t = time.perf_counter()
        proc = subprocess.Popen(
            [skjonn, "serve", "--port", str(port)],
            cwd=clone,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            while True:
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).is_success:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            print(f"skjonn serve until /healthz answers: {time.perf_counter() - t:.1f} s")
            t = time.perf_counter()
            httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=120)
            print(f"then /readyz (store and model loaded): {time.perf_counter() - t:.1f} s")
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        rerun = timed([skjonn, "ingest", "--json"], clone, env)
        print(f"second skjonn ingest (nothing changed): {rerun:.1f} s")
    finally:
        print(f"load average after: {load()}")
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
